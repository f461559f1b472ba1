"""The ``SearchIndex`` interface that tantivy and the cluster backends implement."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable

from pydantic import BaseModel

from catalogue.model import Offer
from index.query import SearchQuery, SearchResults


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


class SearchIndex(ABC):
    backend: str

    @abstractmethod
    def bulk_index(self, offers: Iterable[Offer]) -> BulkResult: ...

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

    def close(self) -> None:  # noqa: B027 - optional hook
        pass
