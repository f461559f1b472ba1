"""The contract for one document per course run and for profile-aware search, on both engines.

The documents come from a real catalogue store clustered by ``dedup`` (through
``index.course_runs``); expected answers are computed from the stored offers in plain Python:
"free for me" by the funding engine's full estimate (``funding.is_free_for``) of every
listing, not by the rule-id shortcut the engines use.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from catalogue.model import Offer
from catalogue.store import SQLiteStore
from dedup import cluster_view, update_clusters
from funding import Profile, is_free_for
from index.base import RebuildRejected, SearchIndex
from index.course_runs import course_runs
from index.documents import CourseRun, lowest_price
from index.opensearch import OpenSearchIndex
from index.profile import query_for_profile
from index.search_query import FacetField, SearchQuery, SortOrder
from index.tantivy import TantivyIndex
from tests.factories import make_offer
from tests.index.conftest import (
    ENGINES,
    NODE_TIMEOUT,
    OPENSEARCH_URL,
    drop_opensearch_indices,
    new_engine,
)
from tests.index.corpus import TODAY

START = TODAY + timedelta(days=40)
ODB = "ODB-0002141"


def _listing(source: str, sid: str, title: str, provider: str, price: int, **kw: Any) -> Offer:
    data: dict[str, Any] = {
        "source": source,
        "source_id": sid,
        "url": f"https://example.org/{source}/{sid}",
        "identifiers": kw.pop("identifiers", []),
        "title": title,
        "description": kw.pop("description", "Een praktijkgerichte cursus."),
        "provider": {"name": provider},
        "prices": [{"amount": str(price), "unit": "total", "vat": "exempt"}],
        "duration": {"hours": 24},
        "funding": kw.pop("funding", []),
        "sessions": [
            {
                "start_date": kw.pop("start", START).isoformat(),
                "end_date": (START + timedelta(days=20)).isoformat(),
                "schedule": ["evening"],
                "delivery_mode": "classroom",
                "location": {"postcode": "9000", "municipality": "Gent"},
            }
        ],
    }
    data.update(kw)
    return make_offer(**data)


def listings() -> list[Offer]:
    odb = [{"scheme": "odb", "value": ODB}]
    syntra = "Syntra Midden-Vlaanderen"
    return [
        # one course run listed by its provider, the opleidingsdatabank and Cevora (ODB number)
        _listing(
            "syntra",
            "S1",
            "Boekhouden voor beginners",
            syntra,
            420,
            identifiers=odb,
            registration_url="https://example.org/syntra/S1/inschrijven",  # the representative
        ),
        _listing("odb", "O1", "Boekhouden voor beginners", syntra, 420, identifiers=odb),
        _listing(
            "cevora",
            "C1",
            "Boekhouden: basis",
            syntra,
            440,
            identifiers=odb,
            funding=[{"scheme": "sector_fund", "fund": "Cevora", "joint_committees": ["200"]}],
        ),
        _listing("syntra", "S2", "Excel voor gevorderden", syntra, 150),
        _listing("vdab", "V1", "Heftruck rijden", "VDAB", 0),
        _listing("educam", "E1", "TIG lassen in de carrosserie", "Educam", 500),
        _listing("cevora", "C2", "Projectmanagement in de praktijk", "Cevora", 300),
    ]


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteStore]:
    store = SQLiteStore(tmp_path_factory.mktemp("runs") / "catalogue.sqlite3")
    store.migrate()
    offers = listings()
    store.upsert_offers(offers)
    update_clusters(store, [o.id or "" for o in offers])
    yield store
    store.close()


@pytest.fixture(scope="module")
def runs(catalogue: SQLiteStore) -> list[list[Offer]]:
    """Each course run as its listings, the representative first (plain Python, no index)."""
    out = []
    for run in course_runs(catalogue, TODAY):
        view = cluster_view(catalogue, run.cluster_id, TODAY)
        assert view is not None and view.representative_id == run.representative.id
        out.append(list(run.offers))
    return out


@pytest.fixture(scope="module", params=ENGINES)
def engine(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    catalogue: SQLiteStore,
) -> Iterator[SearchIndex]:
    """One engine per kind with the catalogue's course runs indexed."""
    built = new_engine(request.param, tmp_path_factory.mktemp("runs-tantivy"))
    result = built.rebuild(course_runs(catalogue, TODAY))
    assert not result.bulk.errors
    yield built
    if isinstance(built, OpenSearchIndex):
        drop_opensearch_indices(built)
    built.close()


def by_title(runs: list[list[Offer]], title: str) -> list[Offer]:
    return next(r for r in runs if r[0].title == title or any(o.title == title for o in r))


def hits(engine: SearchIndex, query: SearchQuery) -> list[str]:
    return [h.id for h in engine.search(query).hits]


# ---------------------------------------------------------------- one result per course run
def test_the_duplicates_form_one_run(runs: list[list[Offer]]) -> None:
    assert len(runs) == 5  # 7 listings
    assert {o.source for o in by_title(runs, "Boekhouden voor beginners")} == {
        "syntra",
        "odb",
        "cevora",
    }


def test_one_hit_per_course_run_with_every_listing(
    engine: SearchIndex, runs: list[list[Offer]]
) -> None:
    found = engine.search(SearchQuery(q="boekhouden"))
    assert found.total == 1
    hit = found.hits[0]
    run = by_title(runs, "Boekhouden voor beginners")
    assert hit.id == run[0].id and hit.title == run[0].title and hit.source == run[0].source
    assert hit.cluster_id and hit.cluster_id.startswith("cl-")
    assert hit.sources == ["cevora", "odb", "syntra"] and hit.listing_count == 3
    assert [(v.offer_id, v.source, v.url, v.price) for v in hit.available_via] == [
        (o.id, o.source, o.url, lowest_price(o)) for o in run
    ]
    assert hit.price_min == Decimal("420")  # the lowest price of its listings


def test_an_unclustered_offer_is_a_run_of_one(engine: SearchIndex) -> None:
    hit = engine.search(SearchQuery(q="excel")).hits[0]
    assert hit.sources == ["syntra"] and hit.listing_count == 1
    assert [v.offer_id for v in hit.available_via] == [hit.id]


def test_a_run_counts_under_each_source(engine: SearchIndex, runs: list[list[Offer]]) -> None:
    found = engine.search(SearchQuery())
    assert found.total == len(runs)
    expected: dict[str, int] = {}
    for run in runs:
        for source in {o.source for o in run}:
            expected[source] = expected.get(source, 0) + 1
    counts = {f.value: f.count for f in found.facets[FacetField.SOURCE]}
    assert counts == expected and counts["cevora"] == 2 and counts["syntra"] == 2
    cevora = engine.search(SearchQuery(sources=["cevora"], page_size=50))
    assert {h.id for h in cevora.hits} == {
        r[0].id for r in runs if any(o.source == "cevora" for o in r)
    }
    # the representative of the Boekhouden run is not Cevora's listing, yet the filter finds it
    assert any(h.source != "cevora" for h in cevora.hits)
    assert engine.stats().per_source == expected


def test_rebuild_from_offers_to_runs_keeps_the_source_check(
    make_engine: Callable[[str], SearchIndex], catalogue: SQLiteStore, engine: SearchIndex
) -> None:
    """Seven listings become five runs: no source shrinks on the per-source basis, so the
    rebuild passes its 80 % check; a run that lost most of a source's listings is refused."""
    kind = "tantivy" if engine.backend == "tantivy" else "opensearch"
    fresh = make_engine(kind)
    fresh.rebuild(s.offer for s in catalogue.iter_offers())
    assert fresh.stats().documents == 7
    result = fresh.rebuild(course_runs(catalogue, TODAY))
    assert not result.warnings and fresh.stats().documents == 5
    assert result.per_source == fresh.stats().per_source
    without_cevora = [
        r for r in course_runs(catalogue, TODAY) if r.representative.source != "cevora"
    ]
    without_cevora = [r for r in without_cevora if "cevora" not in {o.source for o in r.offers}]
    with pytest.raises(RebuildRejected, match="cevora"):
        fresh.rebuild(without_cevora)
    assert fresh.stats().documents == 5


# ---------------------------------------------------------------- profile-aware search
PROFILES = {
    "pc200": Profile(status="employee", joint_committee="200"),
    "pc112": Profile(status="employee", joint_committee="112"),
    "job_seeker": Profile(status="job_seeker"),
    "pc111": Profile(status="employee", joint_committee="111", education_level="high"),
}


def free_for(profile: Profile, run: list[Offer]) -> bool:
    return any(is_free_for(profile, o, TODAY) for o in run)


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_free_for_me_matches_the_estimate(
    engine: SearchIndex, runs: list[list[Offer]], name: str
) -> None:
    profile = PROFILES[name]
    query = query_for_profile(SearchQuery(free_for_me=True, page_size=50), profile, TODAY)
    expected = {r[0].id for r in runs if free_for(profile, r)}
    found = engine.search(query)
    assert {h.id for h in found.hits} == expected
    assert found.total == len(expected)
    assert all(h.free_for_me for h in found.hits)


def test_free_for_me_cases(engine: SearchIndex, runs: list[list[Offer]]) -> None:
    def titles(profile: Profile) -> set[str]:
        query = query_for_profile(SearchQuery(free_for_me=True), profile, TODAY)
        return {h.title for h in engine.search(query).hits}

    boekhouden = by_title(runs, "Boekhouden voor beginners")[0].title
    # free for PC 200 through the run's Cevora listing, though its representative is not Cevora's
    assert titles(PROFILES["pc200"]) == {
        boekhouden,
        "Heftruck rijden",
        "Projectmanagement in de praktijk",
    }
    assert titles(PROFILES["pc112"]) == {"Heftruck rijden", "TIG lassen in de carrosserie"}
    assert titles(PROFILES["pc111"]) == {"Heftruck rijden"}  # only what is free for everyone
    # without a profile: free for everyone
    assert {h.title for h in engine.search(SearchQuery(free_for_me=True)).hits} == {
        "Heftruck rijden"
    }


def test_free_for_me_combines_with_text_and_facets(engine: SearchIndex) -> None:
    query = query_for_profile(
        SearchQuery(q="boekhouden", free_for_me=True), PROFILES["pc200"], TODAY
    )
    found = engine.search(query)
    assert found.total == 1
    counts = {f.value: f.count for f in found.facets[FacetField.SOURCE]}
    assert counts == {"cevora": 1, "odb": 1, "syntra": 1}
    none = query_for_profile(SearchQuery(q="excel", free_for_me=True), PROFILES["pc200"], TODAY)
    assert engine.search(none).total == 0


@pytest.mark.parametrize("name", sorted(PROFILES))
def test_sort_by_my_cost(engine: SearchIndex, runs: list[list[Offer]], name: str) -> None:
    profile = PROFILES[name]

    def price(run: list[Offer]) -> Decimal:
        return min(p for o in run if (p := lowest_price(o)) is not None)

    expected = [r[0].id for r in sorted(runs, key=lambda r: (not free_for(profile, r), price(r)))]
    query = query_for_profile(SearchQuery(sort=SortOrder.MY_COST, page_size=50), profile, TODAY)
    found = engine.search(query)
    assert [h.id for h in found.hits] == expected
    assert all(h.score == 0.0 for h in found.hits)  # an order, not a relevance
    assert [h.free_for_me for h in found.hits] == [
        free_for(profile, r)
        for r in sorted(runs, key=lambda r: (not free_for(profile, r), price(r)))
    ]
    # pages walk the same order across the free/not free boundary
    paged = []
    for page in (1, 2, 3):
        paged += hits(engine, query.model_copy(update={"page": page, "page_size": 2}))
    assert paged == expected


def test_hits_say_free_for_me_only_when_asked(engine: SearchIndex) -> None:
    assert all(h.free_for_me is None for h in engine.search(SearchQuery()).hits)


def test_query_for_profile_sets_the_rules() -> None:
    base = SearchQuery(q="lassen", free_for_me=True)
    assert query_for_profile(base, None, TODAY) == base
    pc200 = query_for_profile(base, PROFILES["pc200"], TODAY)
    assert "full:cevora-pc200" in pc200.free_for_rules and pc200.q == "lassen"
    pc112 = query_for_profile(base, PROFILES["pc112"], TODAY).free_for_rules
    assert "full:cevora-pc200" not in pc112


def test_incremental_update_replaces_a_runs_old_documents(
    make_engine: Callable[[str], SearchIndex], engine: SearchIndex
) -> None:
    """A run that absorbs another (a new listing joined it) or changes its representative
    leaves one document: the old ones of its cluster and of its listings go."""
    kind = "tantivy" if engine.backend == "tantivy" else "opensearch"
    fresh = make_engine(kind)
    a, b, other = listings()[0], listings()[2], listings()[3]
    fresh.rebuild([CourseRun("cl-a", (a,)), CourseRun("cl-b", (b,)), CourseRun("cl-x", (other,))])
    assert fresh.search(SearchQuery()).total == 3

    fresh.bulk_index([CourseRun("cl-a", (b, a))])  # b joined a's run and represents it
    found = fresh.search(SearchQuery(page_size=50))
    assert sorted((h.cluster_id, h.id) for h in found.hits) == sorted(
        [("cl-a", b.id), ("cl-x", other.id)]
    )
    assert next(h for h in found.hits if h.cluster_id == "cl-a").listing_count == 2

    fresh.bulk_index([CourseRun("cl-a", (a, b))])  # the representative changes back
    found = fresh.search(SearchQuery(page_size=50))
    assert sorted((h.cluster_id, h.id) for h in found.hits) == sorted(
        [("cl-a", a.id), ("cl-x", other.id)]
    )
    assert fresh.get(a.id) == a and fresh.get(b.id) is None

    # a run absorbs another whose representative is not its own
    fresh.rebuild([CourseRun("cl-a", (a,)), CourseRun("cl-b", (b,))], force=True)
    fresh.bulk_index([CourseRun("cl-a", (a, b))])
    assert [(h.cluster_id, h.id) for h in fresh.search(SearchQuery()).hits] == [("cl-a", a.id)]


# ---------------------------------------------------------------- upgrading a live index
def _legacy_tantivy_build(directory: Path, sources: list[str]) -> None:
    """A live build as the index had it before one document per course run: schema 1, one
    document per offer with its ``source``."""
    import json
    import os

    import tantivy

    build = directory / "builds" / "old"
    build.mkdir(parents=True)
    (build / "leeraanbod.json").write_text(json.dumps({"schema_version": 1}), "utf-8")
    schema = tantivy.SchemaBuilder()
    schema.add_text_field("id", stored=True, tokenizer_name="raw")
    schema.add_text_field("source", fast=True, tokenizer_name="raw")
    old = tantivy.Index(schema.build(), path=str(build), reuse=False)
    writer = old.writer(15_000_000, 1)
    for n, source in enumerate(sources):
        writer.add_document(tantivy.Document(id=f"{source}-{n}", source=source))
    writer.commit()
    writer.wait_merging_threads()
    os.symlink("builds/old", directory / "current")


def test_tantivy_upgrade_counts_the_old_build_per_offer(
    tmp_path: Path, catalogue: SQLiteStore
) -> None:
    listed = [o.source for o in listings()]  # the old index: one document per listing
    _legacy_tantivy_build(tmp_path / "a", listed)
    engine = TantivyIndex(tmp_path / "a", today=lambda: TODAY)
    result = engine.rebuild(course_runs(catalogue, TODAY))
    assert not result.warnings and engine.stats().documents == 5

    # an old build with many more Syntra offers than the catalogue has now: refused
    _legacy_tantivy_build(tmp_path / "b", listed + ["syntra"] * 10)
    engine = TantivyIndex(tmp_path / "b", today=lambda: TODAY)
    with pytest.raises(RebuildRejected, match="syntra"):
        engine.rebuild(course_runs(catalogue, TODAY))


@pytest.mark.opensearch
def test_opensearch_counts_an_old_index_per_offer() -> None:
    assert OPENSEARCH_URL
    engine = OpenSearchIndex.connect(
        OPENSEARCH_URL,
        f"test-{uuid.uuid4().hex[:10]}",
        today=lambda: TODAY,
        replicas=0,
        timeout=NODE_TIMEOUT,
    )
    name = f"{engine.alias}-old"
    try:
        mapping = {"mappings": {"properties": {"id": {"type": "keyword"}}}}
        mapping["mappings"]["properties"]["source"] = {"type": "keyword"}
        engine.adapter.request("PUT", f"/{name}", mapping)
        for n, source in enumerate(["syntra", "syntra", "cevora"]):
            engine.adapter.request(
                "PUT", f"/{name}/_doc/{n}", {"id": str(n), "source": source}, params={}
            )
        engine.adapter.request("POST", f"/{name}/_refresh")
        assert engine.aliases.source_counts(name) == {"syntra": 2, "cevora": 1}
    finally:
        drop_opensearch_indices(engine)
        engine.close()
