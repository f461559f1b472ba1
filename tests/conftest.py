from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from hypothesis import settings as hypothesis_settings

from catalogue.store import SQLiteStore
from core.settings import Settings
from taxonomy.bundled import install_snapshot
from taxonomy.core import Taxonomy, build_taxonomy
from tests.pg import ENGINES, fresh_url
from web import create_app

# Property tests judge rules, not speed: no per-example deadline (a busy 2-core machine
# otherwise turns a slow example into a "flaky" failure).
hypothesis_settings.register_profile("leeraanbod", deadline=None)
hypothesis_settings.load_profile("leeraanbod")


class Clock:
    """A settable clock for the store: each call returns the current time, tick() moves it."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def tick(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 2, 6, 0, tzinfo=UTC))


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Iterator[SQLiteStore]:
    s = SQLiteStore(tmp_path / "catalogue.sqlite3", retire_after=3, clock=clock)
    s.migrate()
    yield s
    s.close()


@pytest.fixture(params=ENGINES)
def any_store(
    request: pytest.FixtureRequest, tmp_path: Path, clock: Clock
) -> Iterator[SQLiteStore]:
    """The store contract suite's store: each test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        s = SQLiteStore(tmp_path / "catalogue.sqlite3", retire_after=3, clock=clock)
        s.migrate()
        yield s
        s.close()
        return
    from catalogue.store.postgres import PostgresStore

    with fresh_url() as url:
        pg = PostgresStore(url, retire_after=3, clock=clock)
        pg.migrate()
        yield pg
        pg.close()


@pytest.fixture(scope="session")
def imported_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ESCO snapshot shipped in the package, loaded into a store once per session (what
    `leeraanbod init` does; no ../shared needed)."""
    store = tmp_path_factory.mktemp("taxonomy") / "taxonomy.sqlite3"
    install_snapshot(store)
    return store


@pytest.fixture(scope="session")
def esco_taxonomy(imported_store: Path) -> Taxonomy:
    """The Flemish layer with the bundled ESCO, ISCED-F and VDAB crosswalks."""
    return build_taxonomy(imported_store)


@pytest.fixture
def app(settings: Settings) -> Iterator[Flask]:
    """The web app over the ``settings`` of the suite asking (tests/web: a shared filled
    catalogue; tests/faults: a private copy free to damage)."""
    app = create_app({"TESTING": True, "SETTINGS": settings})
    yield app
    app.extensions["leeraanbod"].close()
