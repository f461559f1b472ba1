"""The backends one web process shares: catalogue store, search engine, taxonomy.

Each is created on first use (so ``create_app`` is cheap and a down engine does not stop the
pages that do not need it) and then shared by every request thread of the process.

Under a pre-fork server (``web.server``) ``preload()`` builds the read-only Python data (the
taxonomy, the search vocabulary, the gazetteer) in the master, shared copy-on-write by the
workers; ``warm_up()`` then opens the store and the engine in each worker after the fork.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app

from catalogue.store import CatalogueStore, open_store
from core.settings import Settings
from index.base import SearchIndex, SearchUnavailable
from index.search_query import SearchQuery
from web.guard import GuardedIndex

log = logging.getLogger(__name__)
EXTENSION = "leeraanbod"


def open_search_index(settings: Settings, vocabulary: Any = None) -> SearchIndex:
    """The engine chosen by ``LEERAANBOD_SEARCH_BACKEND`` (``index.open_index``); without a
    ``vocabulary`` the taxonomy's is built (``index.vocabulary.load_vocabulary``)."""
    try:
        open_index = importlib.import_module("index").open_index
    except AttributeError:
        raise SearchUnavailable("no search backend is installed (index.open_index)") from None
    return open_index(settings, vocabulary)


class Services:
    """Lazily opened, process-wide backends; tests may inject their own openers."""

    def __init__(
        self,
        settings: Settings,
        store_opener: Callable[[], CatalogueStore] | None = None,
        index_opener: Callable[[], SearchIndex] | None = None,
        taxonomy_opener: Callable[[], Any] | None = None,
    ) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._store: CatalogueStore | None = None
        self._store_opener = store_opener or (
            lambda: open_store(settings.store_url, settings.retire_after)
        )
        self._vocabulary: Any = None  # built by preload(), else by the engine's opener
        self.index = GuardedIndex(
            index_opener or (lambda: open_search_index(settings, self._vocabulary)),
            timeout=settings.search_timeout,
        )
        self._taxonomy: Any = None
        self._taxonomy_failed = False
        self._taxonomy_opener = taxonomy_opener or (lambda: load_taxonomy(settings))

    @property
    def store(self) -> CatalogueStore:
        if self._store is None:
            with self._lock:
                if self._store is None:
                    self._store = self._store_opener()
        return self._store

    @property
    def taxonomy(self) -> Any | None:
        """The competence taxonomy, or None when it is not available (labels fall back to ids)."""
        if self._taxonomy is None and not self._taxonomy_failed:
            with self._lock:
                if self._taxonomy is None and not self._taxonomy_failed:
                    try:
                        self._taxonomy = self._taxonomy_opener()
                    except Exception as exc:  # the taxonomy is an enhancement, never fatal
                        log.warning("taxonomy not available: %s", exc)
                        self._taxonomy_failed = True
        return self._taxonomy

    def preload(self) -> None:
        """Build what forked workers may share: the taxonomy, the search vocabulary and the
        gazetteer, plain Python objects, then ``gc.freeze()`` them (the collector would
        otherwise write to, and so copy, every page they live on). Opens no file, socket or
        thread: the store and the engine are opened after the fork (``warm_up``)."""
        import gc

        from index.geo import gazetteer
        from index.spelling import warm
        from index.vocabulary import load_vocabulary

        taxonomy = self.taxonomy
        if taxonomy is not None:
            # the labels' prefix index (dead ends, concept pickers; ~130 MB with ESCO), once
            # here instead of once per worker on its first search that finds nothing
            taxonomy.search_concepts("a", limit=1)
        if self._vocabulary is None:
            self._vocabulary = load_vocabulary(self.settings)
        warm(self._vocabulary)  # the lexicon and known words: once, not once per worker
        gazetteer()
        gc.collect()
        gc.freeze()

    def warm_up(self) -> None:
        """Open store, engine and taxonomy now, before the first request (servers call it),
        and search the landing page once."""
        self.store.count_offers()
        try:
            engine = self.index.open_now()
        except SearchUnavailable as exc:
            log.warning("search engine not available at start: %s", exc)
        else:
            # the landing page (browse everything, all facets) is the broadest search there
            # is: count it now, outside any request's clock, so its facets are cached
            try:
                engine.search(SearchQuery())
            except Exception as exc:  # a warm-up, never fatal
                log.warning("warm-up search failed: %s", type(exc).__name__)
        _ = self.taxonomy

    def close(self) -> None:
        self.index.close()
        if self._store is not None:
            self._store.close()


def load_taxonomy(settings: Settings) -> Any:
    """The bundled Flemish layer plus the imported ESCO/ISCED-F store, cached per process."""
    from taxonomy import load_taxonomy as load

    return load(settings)


def services(app: Flask | None = None) -> Services:
    return (app or current_app).extensions[EXTENSION]
