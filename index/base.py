"""The ``SearchIndex`` interface that both engines implement: tantivy (``index.tantivy``) and
Elasticsearch/OpenSearch (``index.opensearch``).

What they index is a course run (``index.documents.CourseRun``: the live listings of one
duplicate cluster, from ``index.course_runs``), or a lone ``Offer`` as a cluster of one."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable

from pydantic import BaseModel

from catalogue.model import Offer
from index.documents import Indexable
from index.plan import Filter
from index.search_query import SearchQuery, SearchResults


class IndexStats(BaseModel):
    backend: str
    documents: int
    per_source: dict[str, int]
    size_bytes: int | None = None
    name: str | None = None  # directory or concrete index behind the alias


class Suggestion(BaseModel):
    text: str
    kind: str = "title"  # title | concept | provider


class BulkResult(BaseModel):
    indexed: int = 0
    errors: dict[str, str] = {}  # offer id -> reason


class SearchUnavailable(RuntimeError):
    """The engine is down, slow or not built yet; the web layer answers 503."""


class RebuildInProgress(RuntimeError):
    """Another rebuild of the same index holds the lock; this one did not start."""


class RebuildRejected(RuntimeError):
    """The new index failed validation (a source shrank too much); the live index stays."""


class RebuildResult(BaseModel):
    name: str  # the new directory or concrete index now live
    bulk: BulkResult
    per_source: dict[str, int]
    warnings: list[str] = []  # validation problems overridden by force=True


MIN_SOURCE_RATIO = 0.8  # no source may shrink below 80 % of the live index unless forced


def check_source_counts(live: dict[str, int], new: dict[str, int]) -> list[str]:
    """Problems that stop a rebuild: a source of the live index with fewer than 80 % of its
    documents in the new one (a failed crawl must not empty the search)."""
    problems = []
    for source, before in sorted(live.items()):
        after = new.get(source, 0)
        if before and after < MIN_SOURCE_RATIO * before:
            problems.append(f"source {source!r}: {after} documents, live index has {before}")
    return problems


class SearchIndex(ABC):
    @property
    @abstractmethod
    def backend(self) -> str:
        """The engine: ``tantivy``, ``opensearch`` or ``elasticsearch``."""

    @abstractmethod
    def bulk_index(self, items: Iterable[Indexable]) -> BulkResult:
        """Add or replace course runs in the live index (a rebuild when there is none)."""

    @abstractmethod
    def delete(self, offer_ids: Iterable[str]) -> int: ...

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchResults: ...

    @abstractmethod
    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]: ...

    @abstractmethod
    def get(self, offer_id: str) -> Offer | None: ...

    @abstractmethod
    def stats(self) -> IndexStats: ...

    @abstractmethod
    def rebuild(self, items: Iterable[Indexable], *, force: bool = False) -> RebuildResult:
        """Build a new index from ``items`` beside the live one and swap it in atomically;
        raises ``RebuildRejected`` (live index untouched) or ``RebuildInProgress``."""

    def course_run_ids(self, flt: Filter) -> list[str]:
        """The cluster ids of every document (course run) that matches ``flt``, sorted, without
        a depth limit (``index.sme``: the candidates of the SME view). Engines that cannot list
        documents by a filter raise ``NotImplementedError``."""
        raise NotImplementedError(f"{type(self).__name__} cannot list course runs by a filter")

    def generation(self) -> str | None:
        """A marker that changes whenever the searchable documents may have changed (a rebuild
        or an update); ``None`` when the engine cannot tell (then nothing may be cached on
        it). Cheap: callers check it on every request."""
        return None

    def close(self) -> None:  # noqa: B027 - optional hook
        pass
