"""Engines that fail the way real ones do, over real sockets on 127.0.0.1.

``HttpEngine`` speaks HTTP to a server address with no timeout of its own (the worst client),
so the web layer's own time limit is what is tested: a closed port refuses at once, a
listening socket that never answers hangs until the guard gives up.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Iterable

from catalogue.model import Offer
from index.base import BulkResult, IndexStats, RebuildResult, SearchIndex, Suggestion
from index.documents import Indexable
from index.search_query import SearchQuery, SearchResults


class HttpEngine(SearchIndex):
    backend = "http-probe"

    def __init__(self, url: str) -> None:
        self.url = url

    def _get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.url + path) as response:
            return response.read()

    def bulk_index(self, items: Iterable[Indexable]) -> BulkResult:
        raise NotImplementedError

    def delete(self, offer_ids: Iterable[str]) -> int:
        raise NotImplementedError

    def rebuild(self, items: Iterable[Indexable], *, force: bool = False) -> RebuildResult:
        raise NotImplementedError

    def search(self, query: SearchQuery) -> SearchResults:
        return SearchResults.model_validate_json(self._get("/_search"))

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        self._get("/_suggest")
        return []

    def get(self, offer_id: str) -> Offer | None:
        self._get("/_doc")
        return None

    def stats(self) -> IndexStats:
        return IndexStats.model_validate_json(self._get("/_stats"))
