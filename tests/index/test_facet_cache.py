"""Facet counts and whole answers cached per index generation (tantivy): the same as searching
again, never shared between different searches, and renewed by every write to the index."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue.model import DeliveryMode, FundingScheme, Offer
from index.lru import Lru
from index.search_query import FacetField, SearchQuery, SortOrder
from index.tantivy import TantivyIndex
from tests.factories import make_offer
from tests.index.corpus import TODAY


def counts(engine: TantivyIndex, query: SearchQuery) -> dict:
    found = engine.search(query)
    return {f.value: [(c.value, c.count) for c in v] for f, v in found.facets.items()}


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory, offers: list[Offer]) -> Path:
    directory = tmp_path_factory.mktemp("facet-cache")
    engine = TantivyIndex(directory, today=lambda: TODAY)
    engine.rebuild(offers)
    engine.close()
    return directory


@pytest.fixture(scope="module")
def cached(index_dir: Path) -> TantivyIndex:
    return TantivyIndex(index_dir, today=lambda: TODAY)


@pytest.fixture(scope="module")
def uncached(index_dir: Path) -> TantivyIndex:
    return TantivyIndex(index_dir, today=lambda: TODAY, facet_cache_size=0, result_cache_size=0)


def test_the_lru_is_bounded_and_keeps_the_recently_used() -> None:
    cache: Lru[int] = Lru(maxsize=2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # a is now the most recent
    cache.put("c", 3)
    assert cache.get("b") is None and cache.get("a") == 1 and cache.get("c") == 3
    assert len(cache) == 2 and cache.hits == 3 and cache.misses == 1
    off: Lru[int] = Lru(maxsize=0)
    off.put("a", 1)
    assert off.get("a") is None and len(off) == 0


def test_paging_and_sorting_reuse_the_counts(cached: TantivyIndex) -> None:
    first = SearchQuery(q="lassen", page_size=2)
    expected = counts(cached, first)
    hits = cached.caches.facets.hits
    for query in (
        first.model_copy(update={"page": 2}),
        first.model_copy(update={"sort": SortOrder.PRICE, "page_size": 5}),
        first.model_copy(update={"sort": SortOrder.START_DATE, "page": 3, "page_size": 1}),
    ):
        assert counts(cached, query) == expected
    assert cached.caches.facets.hits == hits + 3


def test_a_cached_answer_cannot_be_changed_by_its_caller(cached: TantivyIndex) -> None:
    query = SearchQuery(q="excel")
    first = cached.search(query)
    first.facets[FacetField.PROVIDER].clear()
    first.hits.clear()
    hits = cached.caches.results.hits
    again = cached.search(query)
    assert cached.caches.results.hits == hits + 1  # the very same search: the whole answer
    assert again.facets[FacetField.PROVIDER] and again.hits


QUERIES = st.builds(
    SearchQuery,
    q=st.sampled_from(["", "lassen", "excel", "kapper", "lasen", "boekhouding"]),
    sources=st.lists(st.sampled_from(["syntra", "vdab", "cevora", "educam"]), max_size=2),
    delivery_modes=st.lists(st.sampled_from(list(DeliveryMode)), max_size=2),
    funding_schemes=st.lists(st.sampled_from(list(FundingScheme)), max_size=1),
    free=st.booleans(),
    upcoming_only=st.booleans(),
    postcode=st.sampled_from([None, "9000", "8000"]),
    facets=st.lists(st.sampled_from(list(FacetField)), min_size=1, max_size=4, unique=True),
    sort=st.sampled_from([SortOrder.RELEVANCE, SortOrder.PRICE, SortOrder.START_DATE]),
    page=st.integers(1, 3),
    page_size=st.integers(1, 10),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(queries=st.lists(QUERIES, min_size=1, max_size=6))
def test_cached_counts_equal_counting_again_whatever_came_before(
    cached: TantivyIndex, uncached: TantivyIndex, queries: list[SearchQuery]
) -> None:
    """Different searches never share an entry: after any sequence of searches (each twice:
    once counted or found, once from a cache) every answer is the one of an engine without
    the caches — total, hits in order, facet counts."""
    for query in [*queries, *queries]:
        got, want = cached.search(query), uncached.search(query)
        assert got.total == want.total
        assert got.hits == want.hits
        assert got.facets == want.facets
        assert got.location_note == want.location_note


def new_provider_offer() -> Offer:
    return make_offer(
        source="syntra",
        source_id="cache-1",
        title="Lassen voor gevorderden",
        provider={"name": "Lasschool Nieuw"},
        identifiers=[],
    )


def test_a_write_into_the_live_index_renews_the_counts(tmp_path: Path, offers: list) -> None:
    engine = TantivyIndex(tmp_path, today=lambda: TODAY)
    engine.rebuild(offers)
    query = SearchQuery(q="lassen", facets=[FacetField.PROVIDER])
    before = counts(engine, query)["provider"]
    assert "Lasschool Nieuw" not in dict(before)
    engine.bulk_index([new_provider_offer()])
    after = dict(counts(engine, query)["provider"])
    assert after["Lasschool Nieuw"] == 1
    engine.delete([new_provider_offer().id or ""])
    assert counts(engine, query)["provider"] == before


def test_a_write_by_another_process_renews_the_counts(tmp_path: Path, offers: list) -> None:
    """A second engine on the same directory stands for another process (the web workers
    and `leeraanbod index` are separate processes): its commit is seen at the next search."""
    reader = TantivyIndex(tmp_path, today=lambda: TODAY)
    writer = TantivyIndex(tmp_path, today=lambda: TODAY)
    writer.rebuild(offers)
    query = SearchQuery(q="lassen", facets=[FacetField.PROVIDER, FacetField.SOURCE])
    before = counts(reader, query)
    assert counts(reader, query) == before and reader.caches.results.hits == 1
    writer.bulk_index([new_provider_offer()])
    after = counts(reader, query)
    assert dict(after["provider"])["Lasschool Nieuw"] == 1
    assert dict(after["source"])["syntra"] == dict(before["source"])["syntra"] + 1
    # a rebuild swaps in a new build: counted there, not taken from the old one
    writer.rebuild([o for o in offers if o.source != "syntra"], force=True)
    assert "syntra" not in dict(counts(reader, query)["source"])
