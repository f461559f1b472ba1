"""The search index: one query model over tantivy (embedded) and Elasticsearch/OpenSearch.

Modules: ``search_query`` (the query model and results), ``plan`` (what both engines search
for: text plan, filters, boosts), ``documents`` (the engine-neutral document of a course run),
``hits`` (stored hit fields), ``base`` (the ``SearchIndex`` interface); one subpackage per
engine: ``tantivy`` and ``opensearch`` (also Elasticsearch).

from index import open_index
idx = open_index(settings)              # backend from settings.search_backend
idx.rebuild(course_runs(store, today))  # one document per course run (index.course_runs),
                                        # built beside the live one, swapped atomically
idx.search(SearchQuery(q="lassen", postcode="9000", radius_km=20))
idx.search(query_for_profile(SearchQuery(free_for_me=True), profile, today))  # index.profile
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from index.base import (
    BulkResult,
    IndexStats,
    RebuildInProgress,
    RebuildRejected,
    RebuildResult,
    SearchIndex,
    SearchUnavailable,
    Suggestion,
)
from index.plan import UnknownPlace
from index.vocabulary import Vocabulary, default_vocabulary

if TYPE_CHECKING:
    from core.settings import Settings

__all__ = [
    "BulkResult",
    "IndexStats",
    "RebuildInProgress",
    "RebuildRejected",
    "RebuildResult",
    "SearchIndex",
    "SearchUnavailable",
    "Suggestion",
    "UnknownPlace",
    "Vocabulary",
    "default_vocabulary",
    "open_index",
]


def open_index(settings: Settings, vocabulary: Vocabulary | None = None) -> SearchIndex:
    """The configured engine: ``tantivy`` (default, under ``settings.index_dir``),
    ``opensearch``/``elasticsearch`` (at ``settings.search_url``), or ``auto`` (the server
    at ``search_url``, its kind read from its root response). Without a
    ``vocabulary``, the taxonomy's is used when it loads (``load_vocabulary``), else the
    built-in default."""
    backend = settings.search_backend.lower()
    if vocabulary is None:
        from index.vocabulary import load_vocabulary

        vocabulary = load_vocabulary(settings)
    if backend == "tantivy":
        from index.tantivy import TantivyIndex

        size = settings.search_cache_size
        return TantivyIndex(
            settings.index_dir, vocabulary, facet_cache_size=size, result_cache_size=size
        )
    if backend in ("opensearch", "elasticsearch", "auto"):
        from index.opensearch import OpenSearchIndex

        if not settings.search_url:
            raise ValueError(f"search_backend={backend} needs LEERAANBOD_SEARCH_URL")
        return OpenSearchIndex.connect(
            settings.search_url,
            settings.index_name,
            vocabulary,
            kind=None if backend == "auto" else backend,
            timeout=settings.search_timeout,
        )
    raise ValueError(f"unknown search backend {settings.search_backend!r}")
