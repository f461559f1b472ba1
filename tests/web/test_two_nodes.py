"""Two web processes against one PostgreSQL store, one OpenSearch index and one Redis (the
compose stack in miniature): one rate limit per client across both, and one index generation
(a rebuild swapped in by another process is what both nodes search)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from catalogue.runs import RunStats
from catalogue.store import open_store
from core.settings import Settings
from dedup import recompute_clusters
from index import open_index
from index.course_runs import course_runs
from tests.factories import make_offer
from tests.pg import fresh_url, redis_url

pytestmark = pytest.mark.opensearch
ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-c", "from leeraanbod.cli import main; main()"]
OPENSEARCH_URL = os.environ.get("LEERAANBOD_OPENSEARCH_URL", "")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port: int, path: str, client: str) -> tuple[int, dict]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-For": client}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, {}
    except urllib.error.URLError:  # not listening yet
        return 0, {}


def offer(n: int, word: str):
    return make_offer(
        source="syntra",
        source_id=f"node-{n}",
        url=f"https://example.org/syntra/{n}",
        title=f"Cursus {word}",
        identifiers=[],  # not one course under one number: three course runs
        provider={"name": f"Vormingscentrum {word}"},
    )


def ingest_and_index(settings: Settings, offers: list) -> None:
    """What the crawler job and the scheduler do: a crawl run into the store, a rebuild."""
    store = open_store(settings.store_url)
    engine = open_index(settings)
    try:
        run = store.start_run("syntra")
        store.upsert_offers(offers, run)
        store.finish_run(run, RunStats(items_seen=len(offers)))
        recompute_clusters(store)
        result = engine.rebuild(list(course_runs(store, date.today())))
        assert not result.bulk.errors
    finally:
        engine.close()
        store.close()


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[tuple[Settings, list[int]]]:
    if not OPENSEARCH_URL:
        pytest.skip("LEERAANBOD_OPENSEARCH_URL is unset")
    limits = redis_url()
    alias = f"test-nodes-{uuid.uuid4().hex[:10]}"
    with fresh_url() as database:
        env = {
            "LEERAANBOD_DATA_DIR": str(tmp_path),
            "LEERAANBOD_DATABASE_URL": database,
            "LEERAANBOD_SEARCH_BACKEND": "opensearch",
            "LEERAANBOD_SEARCH_URL": OPENSEARCH_URL,
            "LEERAANBOD_INDEX_NAME": alias,
            "LEERAANBOD_WEB_RATE_LIMIT": "5/minute",
            "LEERAANBOD_WEB_RATE_LIMIT_STORAGE": limits,
            "LEERAANBOD_WEB_PROXY_COUNT": "1",  # behind the proxy: X-Forwarded-For is the client
            "LEERAANBOD_DEMAND_LOG": "false",
        }
        settings = Settings(**{k.removeprefix("LEERAANBOD_").lower(): v for k, v in env.items()})
        ingest_and_index(settings, [offer(1, "kaasmaken"), offer(2, "bijenteelt")])
        ports = [_free_port(), _free_port()]
        nodes = [
            subprocess.Popen(
                [*CLI, "serve", "--port", str(port), "--workers", "1", "--threads", "4"],
                cwd=ROOT,
                env={**os.environ, **env},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for port in ports
        ]
        try:
            for port in ports:
                deadline = time.monotonic() + 90
                while get(port, "/api/v1/health", "192.0.2.1")[0] != 200:
                    assert time.monotonic() < deadline, f"node on {port} did not start"
                    time.sleep(0.3)
            yield settings, ports
        finally:
            for node in nodes:
                node.terminate()
                node.wait(30)
            engine = open_index(settings)
            try:
                engine.adapter.request(  # type: ignore[attr-defined]
                    "DELETE", f"/{alias}-*", params={"expand_wildcards": "all"}
                )
            finally:
                engine.close()


def test_two_nodes_share_one_rate_limit_and_one_index_generation(stack) -> None:
    settings, (a, b) = stack
    # one budget of 5 per client across both nodes (Redis), whichever node answers
    statuses = [get(port, "/api/v1/sources", "198.51.100.2")[0] for port in (a, b) * 4]
    assert statuses == [200] * 5 + [429] * 3
    assert get(a, "/api/v1/sources", "198.51.100.3")[0] == 200  # another client

    # one index: both nodes find what is indexed, and not what is not yet
    client = "198.51.100.4"
    for port in (a, b):
        status, body = get(port, "/api/v1/search?q=kaasmaken", client)
        assert status == 200 and body["total"] == 1
        assert get(port, "/api/v1/search?q=pottenbakken", client)[1]["total"] == 0
    # another process (the scheduler) ingests and swaps in a rebuilt index: both nodes search
    # the new generation at their next request
    ingest_and_index(settings, [offer(3, "pottenbakken")])
    client = "198.51.100.5"
    for port in (a, b):
        status, body = get(port, "/api/v1/search?q=pottenbakken", client)
        assert status == 200 and body["total"] == 1
        assert get(port, "/api/v1/health", client)[1]["index"]["documents"] == 3
