"""App and client fixtures (Flask tutorial style) on a temporary store + index.

The catalogue (store and search index) is built once per session from ``corpus.py``; each
test gets a fresh app over it, so per-app state (rate-limit counters) never leaks.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

import index
import taxonomy
from catalogue.runs import RunStats
from catalogue.store import CatalogueStore, open_store
from core.settings import Settings
from dedup import recompute_clusters
from funding import Profile, is_free_for
from index.course_runs import course_runs
from index.documents import CourseRun
from taxonomy.tagging import tag_offer
from tests.web.corpus import build_corpus

CLIENT_IP = "203.0.113.77"  # TEST-NET-3: the suite's client address, never to be logged
CLIENT_UA = "LeeraanbodTestBrowser/9.9 (privacy-probe)"


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "data_dir": data_dir,
        "web_rate_limit": "100000/minute",
        "search_timeout": 2.0,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


def fill_catalogue(settings: Settings) -> None:
    """Tag every corpus offer, store it through a good crawl run per source, index them."""
    tax = taxonomy.load_taxonomy(settings)
    # tagging re-validates (decoding one more level of entities): keep the crawled text
    offers = [
        tag_offer(o, tax).model_copy(
            update={"title": o.title, "description": o.description, "provider": o.provider}
        )
        for o in build_corpus()
    ]
    store = open_store(settings.store_url)
    try:
        for source in sorted({o.source for o in offers}):
            batch = [o for o in offers if o.source == source]
            run = store.start_run(source)
            store.upsert_offers(batch, run)
            store.finish_run(run, RunStats(pages=1, items_seen=len(batch), items_valid=len(batch)))
        recompute_clusters(store)
        build_index(settings, list(course_runs(store, date.today())))
    finally:
        store.close()


def build_index(settings: Settings, offers: list) -> None:
    engine = index.open_index(settings)
    try:
        result = engine.rebuild(offers)
        assert not result.bulk.errors, result.bulk.errors
    finally:
        engine.close()


@pytest.fixture(scope="session")
def catalogue_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("web-catalogue")
    fill_catalogue(make_settings(data_dir))
    return data_dir


@pytest.fixture
def settings(catalogue_dir: Path) -> Settings:
    return make_settings(catalogue_dir)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    client = app.test_client()
    client.environ_base.update({"REMOTE_ADDR": CLIENT_IP, "HTTP_USER_AGENT": CLIENT_UA})
    return client


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture(scope="session", autouse=True)
def no_personal_data_in_logs() -> Iterator[_Collect]:
    """Every log line of the web suite; after it, none may hold the client's IP or UA."""
    handler = _Collect()
    root = logging.getLogger()
    old_level = root.level
    root.setLevel(logging.DEBUG)
    root.addHandler(handler)
    yield handler
    root.removeHandler(handler)
    root.setLevel(old_level)
    leaks = [line for line in handler.lines if CLIENT_IP in line or CLIENT_UA in line]
    assert handler.lines, "the web suite logged nothing: the privacy check saw no logs"
    assert not leaks, f"client IP or user agent in logs: {leaks[:3]}"


# ---- the funding profile in search and the SME view (test_profile_search, test_profile_pages)
PC200 = "status=employee&joint_committee=200"


@pytest.fixture
def catalogue(settings: Settings) -> Iterator[CatalogueStore]:
    """The web tests' catalogue store, opened for reading what the app should show."""
    s = open_store(settings.store_url)
    yield s
    s.close()


@pytest.fixture
def runs(catalogue: CatalogueStore) -> list[CourseRun]:
    return list(course_runs(catalogue, date.today()))


def free_for(profile: Profile, run: CourseRun) -> bool:
    """What the funding engine says: free for this profile through any of the run's listings."""
    return any(is_free_for(profile, o, date.today()) for o in run.offers)
