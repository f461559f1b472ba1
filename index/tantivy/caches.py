"""What a tantivy engine keeps between searches, per index generation (``index.lru``).

The generation is the build directory, its last commit (``meta.json``, which tantivy replaces
on every commit, also one made by another process) and this process's own writes: a new build
or a commit starts a new generation, and the entries of the old one simply age out.

* facet counts, keyed by everything they depend on (the text, whether the typo retry ran, the
  filters, the facets asked for), never by page, page size or sort: paging and re-sorting the
  same search count nothing again;
* the number of matches of the text alone (the typo check, decided on the text without
  filters);
* whole answers to the very same search (the landing page, a popular word, a reload).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import date
from pathlib import Path

from index.lru import DEFAULT_SIZE, Lru
from index.plan import Filter
from index.search_query import FacetCount, FacetField, SearchQuery, SearchResults
from index.tantivy.builds import CommitStamp

Generation = tuple[Path, CommitStamp | None, int]  # build, its last commit, our own writes
Facets = dict[FacetField, list[FacetCount]]


class SearchCaches:
    def __init__(self, facet_size: int = DEFAULT_SIZE, result_size: int = DEFAULT_SIZE) -> None:
        self.facets: Lru[Facets] = Lru(facet_size)
        self.text_counts: Lru[int] = Lru(facet_size * 4)
        self.results: Lru[SearchResults] = Lru(result_size)

    def answer(
        self,
        generation: Generation,
        today: date,
        query: SearchQuery,
        compute: Callable[[], SearchResults],
    ) -> SearchResults:
        """The cached answer to the very same search, else ``compute()``'s (then cached). The
        caller gets its own lists (the hits themselves are shared: read them only)."""
        key = (generation, today, query.model_dump_json())
        cached = self.results.get(key)
        if cached is None:
            cached = compute()
            self.results.put(key, cached)
        return cached.model_copy(
            update={
                "hits": list(cached.hits),
                "facets": {field: list(counts) for field, counts in cached.facets.items()},
            }
        )

    def text_count(self, generation: Generation, text: str, compute: Callable[[], int]) -> int:
        key = (generation, text)
        found = self.text_counts.get(key)
        if found is None:
            found = compute()
            self.text_counts.put(key, found)
        return found

    def facet_counts(
        self,
        generation: Generation,
        query: SearchQuery,
        fuzzy: bool,
        filters: dict[str, Filter],
        compute: Callable[[], Facets],
    ) -> Facets:
        # everything the counts depend on; never page, page size or sort
        key: Hashable = (
            generation,
            query.q,
            fuzzy,
            frozenset(filters.items()),
            tuple(query.facets),
        )
        found = self.facets.get(key)
        if found is None:
            found = compute()
            self.facets.put(key, found)
        return found
