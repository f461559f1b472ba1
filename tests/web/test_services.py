"""What a pre-fork server relies on: ``preload`` opens nothing a fork may not share, and
``warm_up`` (in each worker) opens the backends and counts the landing page once."""

from __future__ import annotations

import gc

from core.settings import Settings
from web import create_app
from web.services import services


def test_preload_builds_shared_data_and_opens_no_file_or_engine(settings: Settings) -> None:
    app = create_app({"TESTING": True, "SETTINGS": settings})
    svc = services(app)
    try:
        svc.preload()
        assert svc.taxonomy is not None and svc._vocabulary is not None
        assert svc.taxonomy._prefix is not None  # the labels' prefix index, built before the fork
        assert gc.get_freeze_count() > 0  # shared pages stay untouched by the collector
        # neither the SQLite connection nor tantivy objects exist before the fork
        assert svc._store is None and svc.index._inner is None
    finally:
        gc.unfreeze()
        svc.close()


def test_warm_up_counts_the_landing_page_so_browsing_is_a_cache_hit(settings: Settings) -> None:
    app = create_app({"TESTING": True, "SETTINGS": settings})
    svc = services(app)
    try:
        svc.warm_up()
        engine = svc.index.open_now()
        hits = engine.caches.facets.hits
        response = app.test_client().get("/api/v1/search?page=2&page_size=5")
        assert response.status_code == 200 and response.get_json()["facets"]
        assert engine.caches.facets.hits == hits + 1
    finally:
        svc.close()


def test_preload_builds_the_spelling_words_once_for_every_worker(settings: Settings) -> None:
    """The typo lexicon (~0.9 s and ~14 MB with ESCO's label words) is built in the master
    before the fork, not again by each worker's engine."""
    from index.spelling import _known_words

    app = create_app({"TESTING": True, "SETTINGS": settings})
    svc = services(app)
    _known_words.cache_clear()
    try:
        svc.preload()
        assert _known_words.cache_info().currsize == 1
        built = _known_words.cache_info().misses
        svc.warm_up()  # what a worker does after the fork: opens the engine, searches once
        assert _known_words.cache_info().misses == built
        assert _known_words.cache_info().hits >= 1
    finally:
        gc.unfreeze()
        svc.close()
