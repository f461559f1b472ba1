"""Clusters in the store: stable on re-ingest, never fuzzy within one source, incremental
updates end where a full recompute ends."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest

from catalogue.model import Offer
from catalogue.runs import RunStats
from dedup import (
    cluster_ids,
    cluster_view,
    iter_cluster_views,
    recompute_clusters,
    update_clusters,
)
from dedup.evaluation import load_labelled
from tests.factories import make_offer

FILES = Path(__file__).parent / "files"
TODAY = date(2026, 12, 1)


def listing(source, source_id, **kw):
    data = {
        "source": source,
        "source_id": source_id,
        "url": f"https://www.{source}.be/opleiding/{source_id}",
        "identifiers": [],
        "title": "Excel voor gevorderden",
        "provider": {"name": "Syntra AB"},
        "prices": [],
        "sessions": [
            {
                "start_date": "2027-01-12",
                "location": {"postcode": "2000", "municipality": "Antwerpen"},
            }
        ],
    }
    data.update(kw)
    return make_offer(**data)


def by_source(offers):
    groups = {}
    for offer in offers:
        groups.setdefault(offer.source, []).append(offer)
    return groups


@pytest.fixture(scope="module")
def labelled():
    return load_labelled(FILES / "labelled.yaml")


def test_the_same_crawl_ingested_twice_keeps_every_cluster_id(store, clock, labelled) -> None:
    for source, offers in sorted(by_source(labelled.offers).items()):
        store.upsert_offers(offers)
        update_clusters(store, [o.id for o in offers])
        clock.tick(minutes=5)
    first = store.all_clusters()
    for source, offers in sorted(by_source(labelled.offers).items()):
        store.upsert_offers(offers)
        update_clusters(store, [o.id for o in offers])
        clock.tick(minutes=5)
    assert store.all_clusters() == first
    recompute_clusters(store)
    assert store.all_clusters() == first
    assert len(set(first.values())) == len(set(labelled.entity.values()))


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_incremental_updates_equal_a_full_recompute(store, clock, labelled, seed) -> None:
    rng = random.Random(seed)
    offers = list(labelled.offers)
    rng.shuffle(offers)
    while offers:  # crawls arrive in random batches
        size = rng.randint(1, 12)
        batch, offers = offers[:size], offers[size:]
        store.upsert_offers(batch)
        update_clusters(store, [o.id for o in batch])
        clock.tick(minutes=1)
    # a run moves to other dates, a page disappears
    moved = rng.choice(labelled.offers)
    changed = Offer.model_validate(
        {**moved.model_dump(), "sessions": [{"start_date": "2028-06-01"}]}
    )
    store.upsert_offers([changed])
    gone = rng.choice([o for o in labelled.offers if o.id != moved.id])
    store.mark_gone(gone.id, 410)
    update_clusters(store, [changed.id, gone.id])
    incremental = store.all_clusters()
    assert gone.id not in incremental
    assert list(incremental.values()).count(incremental[changed.id]) == 1  # it left its run
    recompute_clusters(store)
    assert store.all_clusters() == incremental


def test_two_offers_of_one_source_are_never_merged_on_similarity_alone(store) -> None:
    day, evening = listing("syntra-ab", "1"), listing("syntra-ab", "2")
    store.upsert_offers([day, evening])
    recompute_clusters(store)
    clusters = store.all_clusters()
    assert clusters[day.id] != clusters[evening.id]


def test_one_source_may_list_a_course_twice_under_one_odb_number(store) -> None:
    odb = [{"scheme": "odb", "value": "ODB-0011201"}]
    a = listing("syntra-ab", "1", identifiers=odb)
    b = listing("syntra-ab", "2", identifiers=odb, title="Excel gevorderd (nieuw)")
    store.upsert_offers([a, b])
    recompute_clusters(store)
    assert store.get_clusters([a.id])[a.id] == store.get_clusters([b.id])[b.id]
    assert store.cluster_reasons([a.id])[a.id].startswith("odb:ODB-0011201|")


def test_a_listing_of_another_source_joins_only_one_of_two_same_source_runs(store) -> None:
    day, evening = listing("syntra-ab", "1"), listing("syntra-ab", "2")
    fund = listing("cevora", "c1", title="Excel - gevorderd")
    store.upsert_offers([day, evening, fund])
    recompute_clusters(store)
    clusters = store.all_clusters()
    assert clusters[day.id] != clusters[evening.id]
    assert clusters[fund.id] in (clusters[day.id], clusters[evening.id])


def test_cluster_view_gives_the_run_to_show_and_every_source(store) -> None:
    provider = listing(
        "syntra-ab",
        "1",
        prices=[{"amount": "450"}],
        registration_url="https://www.syntra-ab.be/inschrijven/1",
        sessions=[
            {
                "start_date": "2026-11-20",
                "end_date": "2026-12-18",
                "location": {"postcode": "2000"},
            },
            {"start_date": "2027-01-12", "location": {"postcode": "2000"}},
        ],
    )
    fund = listing(
        "cevora",
        "c1",
        title="Excel gevorderden",
        funding=[{"scheme": "sector_fund", "fund": "Cevora", "joint_committees": ["200"]}],
        sessions=[{"start_date": "2027-01-12", "location": {"postcode": "2000"}}],
    )
    store.upsert_offers([provider, fund])
    update_clusters(store, [provider.id, fund.id])
    view = cluster_view(store, fund.id, TODAY)
    assert view is not None
    assert view.representative_id == provider.id  # a run is going on now
    assert view.session.start_date == date(2026, 11, 20)
    assert [v.source for v in view.available_via] == ["syntra-ab", "cevora"]
    by = {v.source: v for v in view.available_via}
    assert by["syntra-ab"].registration_url == "https://www.syntra-ab.be/inschrijven/1"
    assert by["cevora"].registration_url == fund.url
    assert by["cevora"].funding[0].fund == "Cevora"
    assert str(by["syntra-ab"].prices[0].amount) == "450"
    assert by["cevora"].linked_by.startswith("score")
    assert cluster_view(store, view.cluster_id, TODAY) == view
    assert cluster_ids(store, [fund.id, "vdab-unknown"]) == {
        fund.id: view.cluster_id,
        "vdab-unknown": "vdab-unknown",
    }
    assert cluster_view(store, "vdab-unknown", TODAY) is None


def test_the_soonest_upcoming_run_is_shown_when_none_is_going_on(store) -> None:
    later = listing("syntra-ab", "1", sessions=[{"start_date": "2027-01-19"}])
    sooner = listing("cevora", "c1", sessions=[{"start_date": "2027-01-17"}])
    store.upsert_offers([later, sooner])
    recompute_clusters(store)
    view = cluster_view(store, later.id, TODAY)
    assert view.representative_id == sooner.id and len(view.available_via) == 2


def test_retired_offers_leave_their_cluster(store) -> None:
    a, b = listing("syntra-ab", "1"), listing("cevora", "c1")
    run = store.start_run("cevora")
    store.upsert_offers([b], run_id=run)
    store.finish_run(run, RunStats(pages=1, items_seen=1))
    store.upsert_offers([a])
    update_clusters(store, [a.id, b.id])
    assert len(set(store.all_clusters().values())) == 1
    store.mark_gone(b.id, 404)
    stats = update_clusters(store, [b.id])
    assert stats.removed == 1
    assert list(store.all_clusters()) == [a.id]
    assert [v.offer_id for v in cluster_view(store, a.id, TODAY).available_via] == [a.id]


def test_a_mate_retired_without_notice_leaves_at_the_next_update(store) -> None:
    a, b, c = listing("syntra-ab", "1"), listing("cevora", "c1"), listing("vdab", "v1")
    store.upsert_offers([a, b, c])
    update_clusters(store, [a.id, b.id, c.id])
    assert len(set(store.all_clusters().values())) == 1
    store.mark_gone(c.id, 410)  # nobody calls update_clusters for c
    store.upsert_offers([a])
    stats = update_clusters(store, [a.id])
    assert stats.removed == 1 and sorted(store.all_clusters()) == sorted([a.id, b.id])
    recompute_clusters(store)
    assert sorted(store.all_clusters()) == sorted([a.id, b.id])


def test_a_retired_offer_leaves_its_cluster_at_any_next_update(store) -> None:
    a, b = listing("syntra-ab", "1"), listing("cevora", "c1")
    other = listing("vdab", "v9", title="Lasser MIG/MAG")
    store.upsert_offers([a, b, other])
    update_clusters(store, [a.id, b.id, other.id])
    store.mark_gone(b.id, 410)  # nobody re-clusters b or its mate a
    stats = update_clusters(store, [other.id])  # a crawl of an unrelated source
    assert stats.removed == 1 and b.id not in store.all_clusters()
    assert store.retired_in_clusters() == []


def test_a_catalogue_from_before_dedup_is_migrated_and_clustered(tmp_path) -> None:
    import sqlite3

    from catalogue.store import open_store
    from catalogue.store.sqlite import SQLiteStore, _migrations, _split_sql

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    [(_, _, first)] = [m for m in _migrations() if m[0] == 1]
    for statement in _split_sql(first):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    old = SQLiteStore(path)
    a, b = listing("syntra-ab", "1"), listing("cevora", "c1")
    old.upsert_offers([a, b])  # a version-1 catalogue with offers in it
    old.close()
    store = open_store(f"sqlite:///{path}")
    assert store.schema_version() == max(m[0] for m in _migrations())
    assert store.get_offer(a.id).offer.content_hash == a.content_hash
    assert store.unclustered_offers() == sorted([a.id, b.id])
    update_clusters(store, [])  # nothing crawled yet: the unclustered offers are taken along
    assert len(set(store.all_clusters().values())) == 1
    store.close()


@pytest.mark.parametrize(("stored_version", "clusters"), [("older", 1), (None, 2)])
def test_clusters_of_another_matcher_version_are_recomputed_in_full(
    store, stored_version: str | None, clusters: int
) -> None:
    from dedup import MATCHER_VERSION

    a, b = listing("syntra-ab", "1"), listing("cevora", "c1")
    store.upsert_offers([a])
    update_clusters(store, [a.id])
    assert store.dedup_version() == MATCHER_VERSION
    store.clear_dedup_keys()  # as if a's keys were made by a matcher that blocks otherwise
    store.set_dedup_version(stored_version or MATCHER_VERSION)
    store.upsert_offers([b])
    update_clusters(store, [b.id])
    # another version: everything is recomputed and b finds a; the same version: the
    # incremental update trusts the stored keys (none lead to a) and b stays alone
    assert len(set(store.all_clusters().values())) == clusters
    assert store.dedup_version() == MATCHER_VERSION


def test_every_cluster_is_listed_once_for_the_indexer(store) -> None:
    a, b = listing("syntra-ab", "1"), listing("cevora", "c1")
    other = listing("vdab", "v1", title="Lasser MIG/MAG")
    store.upsert_offers([a, b])
    recompute_clusters(store)
    store.upsert_offers([other])  # crawled, not clustered yet
    views = list(iter_cluster_views(store, TODAY))
    assert sorted(len(v.available_via) for v in views) == [1, 2]
    assert {v.representative_id for v in views} >= {other.id}
    assert [v.cluster_id for v in views if v.representative_id == other.id] == [other.id]


def test_a_chain_of_look_alikes_never_joins_two_providers(store) -> None:
    syntra = listing("syntra-ab", "1", provider={"name": "Syntra AB"})
    joint = listing("cevora", "c1", provider={"name": "Syntra AB en CVO Antwerpen"})
    cvo = listing("cvo-antwerpen", "k1", provider={"name": "CVO Antwerpen"})
    store.upsert_offers([syntra, joint, cvo])
    recompute_clusters(store)
    clusters = store.all_clusters()
    assert clusters[syntra.id] != clusters[cvo.id]
    assert clusters[joint.id] in (clusters[syntra.id], clusters[cvo.id])
