"""The PostgreSQL and Redis servers of the tests: ``scripts/test`` starts throwaway ones
(scripts/postgres, scripts/redis) and exports ``LEERAANBOD_POSTGRES_URL`` and
``LEERAANBOD_REDIS_URL``; ``LEERAANBOD_POSTGRES=off`` / ``LEERAANBOD_REDIS=off`` skip the tests
that need them. Each PostgreSQL test gets a schema of its own (``fresh_url``)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

import pytest

ENGINES = ["sqlite", "postgresql"]


def server_url() -> str:
    url = os.environ.get("LEERAANBOD_POSTGRES_URL", "")
    if os.environ.get("LEERAANBOD_POSTGRES", "on") == "off":
        pytest.skip("LEERAANBOD_POSTGRES=off")
    if not url:
        pytest.fail(
            "LEERAANBOD_POSTGRES_URL is not set: run the tests with scripts/test (it starts a"
            " throwaway PostgreSQL), export the URL of a server, or set LEERAANBOD_POSTGRES=off"
        )
    return url


@contextmanager
def fresh_url() -> Iterator[str]:
    """The server's URL with a new, empty schema first on the search path; dropped afterwards."""
    import psycopg

    url = server_url()
    schema = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    joiner = "&" if "?" in url else "?"
    try:
        yield f"{url}{joiner}options={quote(f'-csearch_path={schema}')}"
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


def redis_url() -> str:
    """The Redis server ``scripts/test`` starts (scripts/redis) for the shared rate limits;
    ``LEERAANBOD_REDIS=off`` skips the tests that need it. The database is emptied first."""
    url = os.environ.get("LEERAANBOD_REDIS_URL", "")
    if os.environ.get("LEERAANBOD_REDIS", "on") == "off":
        pytest.skip("LEERAANBOD_REDIS=off")
    if not url:
        pytest.fail(
            "LEERAANBOD_REDIS_URL is not set: run the tests with scripts/test (it starts a"
            " throwaway Redis), export the URL of a server, or set LEERAANBOD_REDIS=off"
        )
    from limits.storage import storage_from_string

    storage_from_string(url).reset()
    return url
