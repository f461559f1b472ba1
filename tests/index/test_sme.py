"""The SME view from the index's candidates (``index.sme``) against the full scan, on both
engines, over a real clustered store of synthetic offers (``catalogue.synthetic``: sector-fund
options for many committees), duplicates listed by a second source, hand-made edge cases and
an offer retired after the index was built.

Expected answers come from ``funding.sme_view`` over every live offer of the store (the old
path); candidates from the documents the engines were given, filtered in plain Python.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest

from catalogue.model import CompanySize, Offer
from catalogue.store import SQLiteStore
from catalogue.store.base import OfferStatus
from catalogue.synthetic import generate_offers
from dedup import recompute_clusters
from funding import sme_rule_ids
from index.base import SearchIndex
from index.course_runs import course_runs
from index.documents import build_document
from index.opensearch import OpenSearchIndex
from index.plan import sme_candidates_filter
from index.sme import full_scan_sme_view, indexed_sme_view, sme_candidates
from index.vocabulary import default_vocabulary
from tests.factories import make_offer
from tests.index.conftest import ENGINES, drop_opensearch_indices, new_engine

DAY = date(2026, 11, 27)
COMMITTEES = ["200", "124", "112", "149.01", "118", "220", "116", "111", "226", "330", "329.01"]
SIZES = [None, CompanySize.SMALL, CompanySize.MEDIUM, CompanySize.LARGE]
CONCEPTS = {"esco:negotiate": "onderhandelen", "esco:weld": "lassen"}


def edge_cases() -> list[Offer]:
    start = (DAY + timedelta(days=20)).isoformat()

    def offer(sid: str, title: str, **kw: Any) -> Offer:
        data: dict[str, Any] = {
            "source": "syntra-ab",
            "source_id": sid,
            "url": f"https://www.syntra-ab.example/{sid}",
            "identifiers": [],
            "title": title,
            "provider": {"name": "Syntra AB", "kmo_portefeuille_number": "DV.O101767"},
            "prices": [{"amount": "600", "unit": "total"}],
            "duration": {"hours": 16},
            "sessions": [{"start_date": start, "delivery_mode": "classroom"}],
            "funding": [],
        }
        data.update(kw)
        return make_offer(**data)

    return [
        # Constructiv's own course: no funding option, the rule knows its source
        offer(
            "e1", "Veilig werken op hoogte", source="constructiv", provider={"name": "Constructiv"}
        ),
        # Constructiv as the provider through another source: only constructiv-courses knows it
        offer("e0", "Stellingbouw", provider={"name": "Constructiv"}),
        # declared for a committee no rule names: listed for that committee only
        offer(
            "e2",
            "Zorgdossier bijhouden",
            funding=[{"scheme": "sector_fund", "fund": "Fonds 330", "joint_committees": ["330"]}],
        ),
        # a committee named under another scheme: a candidate, never listed
        offer(
            "e3",
            "Metselen avondcursus",
            funding=[{"scheme": "opleidingscheques", "joint_committees": ["124"]}],
        ),
        # no field of education: grouped by its strongest competence
        offer(
            "e4",
            "Onderhandelen met leveranciers",
            funding=[{"scheme": "sector_fund", "fund": "Cevora", "joint_committees": ["200"]}],
            competences=[
                {"concept_id": "esco:negotiate", "score": 0.9, "method": "label"},
                {"concept_id": "esco:weld", "score": 0.2, "method": "label"},
            ],
        ),
        # retired after the index was built (the store decides what is live)
        offer(
            "gone",
            "Boekhouden in de bouw",
            funding=[{"scheme": "sector_fund", "joint_committees": ["124", "200"]}],
        ),
    ]


def with_duplicates(offers: list[Offer], share: float = 0.3) -> list[Offer]:
    """Every offer with an ODB number; ``share`` of them listed again by another source (the
    same course run: one cluster), some without the original's funding option."""
    rnd = random.Random(7)
    out = []
    for i, offer in enumerate(offers):
        data = offer.model_dump(exclude={"id", "content_hash"})
        data["identifiers"] = [{"scheme": "odb", "value": f"ODB-{i:07d}"}]
        out.append(Offer.model_validate(data))
        if rnd.random() < share:
            again = dict(data, source=rnd.choice(["odb", "cevora", "volta"]))
            again["url"] = f"https://example.org/{again['source']}/{i}"
            if rnd.random() < 0.5:
                again["funding"] = []
            out.append(Offer.model_validate(again))
    return out


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteStore]:
    store = SQLiteStore(tmp_path_factory.mktemp("sme") / "catalogue.sqlite3")
    store.migrate()
    store.upsert_offers(with_duplicates(list(generate_offers(240, seed=11, today=DAY))))
    store.upsert_offers(edge_cases())
    recompute_clusters(store)
    yield store
    store.close()


@pytest.fixture(scope="module", params=ENGINES)
def engine(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    catalogue: SQLiteStore,
) -> Iterator[SearchIndex]:
    """One engine per kind with the catalogue's course runs; then one listing is retired."""
    built = new_engine(request.param, tmp_path_factory.mktemp("sme-tantivy"), lambda: DAY)
    with_gone = [o.id for o in edge_cases() if o.source_id == "gone"]
    catalogue.upsert_offers([o for o in edge_cases() if o.source_id == "gone"])  # live again
    result = built.rebuild(course_runs(catalogue, DAY))
    assert not result.bulk.errors
    catalogue.mark_gone(with_gone[0] or "", 410)
    yield built
    if isinstance(built, OpenSearchIndex):
        drop_opensearch_indices(built)
    built.close()


def expected_runs(catalogue: SQLiteStore, committee: str, size: CompanySize | None) -> list[str]:
    """The cluster ids the filter must find, from the documents the engines were given."""
    rules = set(sme_rule_ids(committee, DAY, size))
    vocabulary = default_vocabulary()
    found = []
    for run in course_runs(catalogue, DAY):
        doc = build_document(run, vocabulary, DAY)
        if rules & set(doc["funding_rules"]) or committee in doc["joint_committees"]:
            found.append(doc["cluster_id"])
    return sorted(found)


def test_the_catalogue_has_what_the_comparison_needs(catalogue: SQLiteStore) -> None:
    live = [s.offer for s in catalogue.iter_offers()]
    assert len(live) > 300
    clustered = catalogue.all_clusters()
    assert len(set(clustered.values())) > 30  # duplicate listings form course runs
    committees = {jc for o in live for f in o.funding for jc in f.joint_committees}
    assert {"200", "124", "112", "149.01", "118", "330"} <= committees


@pytest.mark.parametrize("committee", ["200", "124", "330", "329.01"])
def test_course_run_ids_are_the_documents_matching_the_filter(
    engine: SearchIndex, catalogue: SQLiteStore, committee: str
) -> None:
    flt = sme_candidates_filter(sme_rule_ids(committee, DAY), committee)
    found = engine.course_run_ids(flt)
    # with the retired listing, as indexed: compute on the store as it was
    assert found == sorted(found)
    assert len(found) == len(set(found))
    expected = expected_runs_at_index_time(catalogue, committee)
    assert found == expected
    if committee == "329.01":
        assert found == []
    else:
        assert found


def expected_runs_at_index_time(catalogue: SQLiteStore, committee: str) -> list[str]:
    gone = next(o for o in edge_cases() if o.source_id == "gone")
    catalogue.upsert_offers([gone])
    try:
        return expected_runs(catalogue, committee, None)
    finally:
        catalogue.mark_gone(gone.id or "", 410)


@pytest.mark.parametrize("committee", COMMITTEES)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: s.value if s else "no-size")
def test_the_index_path_gives_the_full_scans_answer(
    engine: SearchIndex, catalogue: SQLiteStore, committee: str, size: CompanySize | None
) -> None:
    fast = indexed_sme_view(engine, catalogue, committee, DAY, size, concept_name=CONCEPTS.get)
    full = full_scan_sme_view(catalogue, committee, DAY, size, concept_name=CONCEPTS.get)
    assert [g.model_dump() for g in fast] == [g.model_dump() for g in full]
    if committee in ("200", "124", "112", "330"):
        assert fast, "a committee the catalogue funds has courses"


def test_the_candidates_are_far_fewer_than_the_catalogue(
    engine: SearchIndex, catalogue: SQLiteStore
) -> None:
    counts = catalogue.count_offers()
    total = counts[OfferStatus.ACTIVE] + counts[OfferStatus.STALE]
    for committee in ("149.01", "330"):
        offers = sme_candidates(engine.course_run_ids, catalogue, committee, DAY)
        assert 0 < len(offers) < total / 4


def test_a_retired_listing_is_not_listed_although_indexed(
    engine: SearchIndex, catalogue: SQLiteStore
) -> None:
    gone = next(o for o in edge_cases() if o.source_id == "gone")
    groups = indexed_sme_view(engine, catalogue, "124", DAY)
    listed = {o.offer_id for g in groups for o in g.offers} | {
        v for g in groups for o in g.offers for v in o.also_via
    }
    assert gone.id not in listed
    assert listed  # and the rest is there


def test_generation_changes_with_the_documents(engine: SearchIndex, catalogue: SQLiteStore) -> None:
    before = engine.generation()
    assert before is not None and engine.generation() == before  # stable without changes
    extra = make_offer(
        source="syntra-ab",
        source_id="extra-gen",
        url="https://www.syntra-ab.example/extra-gen",
        identifiers=[],
        title="Kraanmachinist",
        funding=[{"scheme": "sector_fund", "joint_committees": ["124"]}],
    )
    engine.bulk_index([extra])
    after_add = engine.generation()
    assert after_add != before
    assert extra.id in engine.course_run_ids(sme_candidates_filter([], "124"))
    changed = extra.model_copy(update={"funding": []})
    engine.bulk_index([changed])  # the same document again, changed: a new generation
    after_update = engine.generation()
    assert after_update not in (before, after_add)
    assert extra.id not in engine.course_run_ids(sme_candidates_filter([], "124"))
    engine.delete([extra.id or ""])
    # the documents of ``before`` again: OpenSearch may give its marker back (the count and
    # the newest sequence number can only return together with the same documents)
    assert engine.generation() not in (after_add, after_update)
