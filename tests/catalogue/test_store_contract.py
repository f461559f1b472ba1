"""The store contract for the crawl bookkeeping (pages, leases, abandoned runs, degraded runs),
the dedup review and the quarantine, on both engines (``store`` is SQLite and PostgreSQL)."""

from __future__ import annotations

from catalogue.runs import RunOutcome, RunStats
from catalogue.store import OfferStatus, SQLiteStore
from catalogue.store.review import Decision, ordered
from tests.factories import make_offer


def offers(n: int, source: str = "syntra", **kw) -> list:
    return [
        make_offer(source=source, source_id=f"c-{i}", url=f"https://example.org/{source}/{i}", **kw)
        for i in range(n)
    ]


def test_pages_remember_validators_and_offers(store: SQLiteStore) -> None:
    store.record_pages("syntra", fetched={"https://x/1": ('W/"e1"', "Mon, 01 Dec 2026")})
    store.record_pages("syntra", offers={"https://x/1": ["b", "a", "a"], "https://x/2": []})
    pages = store.page_states("syntra")
    assert pages["https://x/1"].etag == 'W/"e1"'
    assert pages["https://x/1"].offer_ids == ["a", "b"]
    assert pages["https://x/1"].fetched_at is not None
    assert pages["https://x/2"].offer_ids == [] and pages["https://x/2"].etag is None
    assert store.page_states("other") == {}


def test_an_unchanged_page_marks_its_offers_seen(store: SQLiteStore) -> None:
    listed = offers(3)
    run = store.start_run("syntra")
    store.upsert_offers(listed, run_id=run)
    store.finish_run(run, RunStats(items_seen=3))
    store.record_pages("syntra", offers={"https://x/1": [o.id for o in listed[:2]]})
    run = store.start_run("syntra")
    assert store.mark_page_seen(run, "syntra", "https://x/1") == 2
    assert store.mark_page_seen(run, "syntra", "https://x/unknown") == 0
    result = store.finish_run(run, RunStats(items_seen=2, partial=True))
    assert result.seen == 2
    assert store.get_offer(listed[0].id).status == OfferStatus.ACTIVE


def test_one_lease_per_source(store: SQLiteStore, clock) -> None:
    assert store.try_lock("syntra", "a", 60)
    assert not store.try_lock("syntra", "b", 60)
    assert store.try_lock("syntra", "a", 60)  # renewed by its holder
    assert store.try_lock("vdab", "b", 60)  # another source
    assert store.lock_holder("syntra") == "a"
    clock.tick(seconds=61)
    assert store.lock_holder("syntra") is None
    assert store.try_lock("syntra", "b", 60)  # expired: taken over
    store.release_lock("syntra", "a")  # not the holder: nothing
    assert store.lock_holder("syntra") == "b"
    store.release_lock("syntra", "b")
    assert store.lock_holder("syntra") is None


def test_a_run_left_running_is_abandoned_by_the_next(store: SQLiteStore) -> None:
    first = store.start_run("syntra")
    second = store.start_run("syntra")
    runs = {r.id: r for r in store.runs("syntra")}
    assert runs[first].outcome == RunOutcome.ABANDONED
    assert runs[second].outcome == RunOutcome.RUNNING
    assert second > first


def test_the_review_list_and_decisions(store: SQLiteStore) -> None:
    a, b, c = (o.id for o in offers(3))
    store.upsert_offers(offers(3))
    pairs = {ordered(a, b): (0.8, "title"), ordered(a, c): (0.7, "place")}
    store.set_review_pairs(pairs, scope=[a, b, c])
    listed = store.review_pairs()
    assert [p.score for p in listed] == [0.8, 0.7]
    assert store.review_pair(b, a) is not None
    store.decide_pair(a, b, Decision.REFUSED, 0.8, "title")
    assert store.review_pair(a, b) is None
    assert store.decisions() == {ordered(a, b): Decision.REFUSED}
    store.set_review_pairs(pairs, scope=[a, b, c])  # a decided pair never comes back
    assert len(store.review_pairs()) == 1
    assert store.review_counts() == {"pending": 1, "confirmed": 0, "refused": 1}
    assert [p.decision for p in store.decided_pairs()] == [Decision.REFUSED]
    store.clear_review_pairs()
    assert store.review_pairs() == []


def test_a_row_that_no_longer_validates_is_quarantined(store: SQLiteStore) -> None:
    good, bad = offers(2)
    store.upsert_offers([good, bad])
    with store._tx() as conn:
        conn.execute("UPDATE offers SET data = ? WHERE id = ?", ('{"title": 5}', bad.id))
    assert [s.offer.id for s in store.iter_offers()] == sorted([good.id])
    assert store.get_offer(bad.id) is None
    (row,) = store.quarantined()
    assert row.offer_id == bad.id and row.source == "syntra" and row.reason
    (status,) = store.source_statuses()
    assert status.quarantined == 1
    store.upsert_offers([bad])  # written anew: valid again
    assert store.quarantined() == []
    assert store.get_offer(bad.id) is not None


def test_offers_whose_sessions_are_all_past_count_as_expired(store: SQLiteStore) -> None:
    past = [{"start_date": "2020-01-01", "end_date": "2020-02-01"}]
    store.upsert_offers(offers(2, source="old", sessions=past))
    store.upsert_offers(offers(1, source="new", sessions=[{"start_date": "2027-01-01"}]))
    store.upsert_offers(offers(1, source="open", sessions=[]))  # no sessions: not expired
    assert store.expired_counts("2026-11-02") == {"old": 2}


def test_a_field_that_drops_sharply_degrades_the_run(store: SQLiteStore) -> None:
    for _ in range(3):
        run = store.start_run("syntra")
        store.upsert_offers(offers(10), run_id=run)
        stats = RunStats(items_seen=10, items_parsed=10, field_counts={"price": 10})
        assert store.finish_run(run, stats).outcome == RunOutcome.GOOD
    run = store.start_run("syntra")
    store.upsert_offers(offers(10), run_id=run)
    stats = RunStats(items_seen=10, items_parsed=10, field_counts={"price": 0})
    result = store.finish_run(run, stats)
    assert result.outcome == RunOutcome.DEGRADED
    assert result.degraded_fields == ["price"]
    (status,) = store.source_statuses()
    assert status.degraded_fields == ["price"]


def test_the_change_marker_moves_with_writes_only(store: SQLiteStore) -> None:
    first = store.change_marker()
    store.count_offers()
    assert store.change_marker() == first
    store.upsert_offers(offers(1))
    assert store.change_marker() != first
