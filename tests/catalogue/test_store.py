from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from catalogue.runs import RunOutcome, RunStats
from catalogue.store import OfferStatus, SQLiteStore, open_store
from catalogue.store.base import StoredOffer
from tests.factories import make_offer


def _offers(n: int, source: str = "vdab", start: int = 0):
    return [
        make_offer(source=source, source_id=str(1000 + i), identifiers=[], title=f"Cursus {i}")
        for i in range(start, start + n)
    ]


def _crawl(store: SQLiteStore, offers, source: str = "vdab", rejected: int = 0, error=None):
    run = store.start_run(source)
    if offers:
        store.upsert_offers(offers, run_id=run)
    reasons = {"url": rejected} if rejected else {}
    stats = RunStats(
        pages=3,
        items_seen=len(offers) + rejected,
        items_rejected=rejected,
        rejected_reasons=reasons,
    )
    return store.finish_run(run, stats, error=error)


# ------------------------------------------------------------------ schema
def test_schema_is_migrated_with_wal(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    assert store.schema_version() >= 1
    assert store.migrate() == store.schema_version()  # idempotent
    mode = sqlite3.connect(tmp_path / "c.sqlite3").execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_unsupported_store_url_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="mysql"):
        open_store("mysql://localhost/leeraanbod")


def test_a_postgresql_url_opens_a_migrated_postgres_store() -> None:
    from catalogue.store.postgres import PostgresStore
    from catalogue.store.sqlite import _migrations
    from tests.pg import fresh_url

    with fresh_url() as url:
        store = open_store(url)
        try:
            assert isinstance(store, PostgresStore)
            # both engines have the same numbered migrations
            assert store.schema_version() == _migrations()[-1][0]
            assert "@" not in repr(store) or "password" not in repr(store)
        finally:
            store.close()


# ------------------------------------------------------------------ upsert
def test_upsert_inserts_then_is_idempotent(store: SQLiteStore) -> None:
    offers = _offers(3)
    first = store.upsert_offers(offers)
    second = store.upsert_offers(offers)
    assert (first.inserted, first.updated, first.unchanged) == (3, 0, 0)
    assert (second.inserted, second.updated, second.unchanged) == (0, 0, 3)
    assert store.count_offers()[OfferStatus.ACTIVE] == 3


def test_upsert_updates_changed_content_and_keeps_first_seen(store: SQLiteStore, clock) -> None:
    [offer] = _offers(1)
    store.upsert_offers([offer])
    first_seen = store.get_offer(offer.id).first_seen
    clock.tick(days=1)
    changed = make_offer(source="vdab", source_id=offer.source_id, identifiers=[], title="Nieuw")
    result = store.upsert_offers([changed])
    stored = store.get_offer(offer.id)
    assert result.updated == 1
    assert stored.offer.title == "Nieuw"
    assert stored.first_seen == first_seen
    assert stored.last_seen > first_seen
    assert stored.updated_at == stored.last_seen


def test_get_offer_returns_what_was_stored(store: SQLiteStore) -> None:
    [offer] = _offers(1)
    store.upsert_offers([offer])
    stored = store.get_offer(offer.id)
    assert stored.offer.model_dump(exclude={"first_seen", "last_seen"}) == offer.model_dump(
        exclude={"first_seen", "last_seen"}
    )
    assert stored.offer.first_seen == stored.first_seen
    assert store.get_offer("vdab-doesnotexist") is None


def test_upsert_is_atomic(store: SQLiteStore) -> None:
    class Boom(Exception):
        pass

    def offers():
        yield from _offers(2)
        raise Boom

    with pytest.raises(Boom):
        store.upsert_offers(offers())
    assert sum(store.count_offers().values()) == 0


def test_iter_offers_filters_by_source_and_pages_through_all(store: SQLiteStore) -> None:
    store.upsert_offers(_offers(2500))
    store.upsert_offers(_offers(2, source="cevora"))
    assert sum(1 for _ in store.iter_offers()) == 2502
    assert {s.offer.source for s in store.iter_offers(source="cevora")} == {"cevora"}


# ------------------------------------------------------------------ runs
def test_crawl_run_bookkeeping(store: SQLiteStore, clock) -> None:
    result = _crawl(store, _offers(40), rejected=2)
    [run] = store.runs("vdab")
    assert result.outcome == RunOutcome.GOOD
    assert (run.pages, run.items_seen, run.items_valid, run.items_rejected) == (3, 42, 40, 2)
    assert run.rejected_reasons == {"url": 2}
    assert run.outcome == RunOutcome.GOOD and run.finished_at is not None


def test_a_run_cannot_be_finished_twice(store: SQLiteStore) -> None:
    run = store.start_run("vdab")
    store.upsert_offers(_offers(1), run_id=run)
    store.finish_run(run, RunStats())
    with pytest.raises(ValueError, match="already finished"):
        store.finish_run(run, RunStats())


@pytest.mark.parametrize(
    ("valid", "rejected", "expected", "reason"),
    [
        (0, 0, RunOutcome.FAILED, "zero valid items"),
        (94, 6, RunOutcome.FAILED, "failed validation"),
        (95, 5, RunOutcome.GOOD, "95 valid"),
        (69, 0, RunOutcome.FAILED, "below 70%"),
        (70, 0, RunOutcome.GOOD, "70 valid"),
    ],
)
def test_runs_are_judged(store: SQLiteStore, valid, rejected, expected, reason) -> None:
    _crawl(store, _offers(100))  # the usual count: 100
    result = _crawl(store, _offers(valid), rejected=rejected)
    assert result.outcome == expected
    assert reason in result.message


def test_crawler_error_fails_the_run(store: SQLiteStore) -> None:
    result = _crawl(store, _offers(10), error="spider raised KeyError")
    assert result.outcome == RunOutcome.FAILED
    assert store.runs("vdab")[0].message == "spider raised KeyError"


# ------------------------------------------------------------------ stale and retire
def _status(store: SQLiteStore, offer) -> OfferStatus:
    return store.get_offer(offer.id).status


def test_failed_runs_never_hide_or_retire(store: SQLiteStore) -> None:
    """ok → zero items → partial → ok without X: X stays (stale) until 3 good runs missed it."""
    offers = _offers(100)
    x = offers[0]
    assert _crawl(store, offers).outcome == RunOutcome.GOOD
    assert _crawl(store, []).outcome == RunOutcome.FAILED
    assert _crawl(store, offers[:30]).outcome == RunOutcome.FAILED
    assert _status(store, x) == OfferStatus.ACTIVE
    assert store.count_offers()[OfferStatus.ACTIVE] == 100

    without_x = offers[1:]
    for missed in (1, 2):
        result = _crawl(store, without_x)
        assert result.outcome == RunOutcome.GOOD
        assert _status(store, x) == OfferStatus.STALE
        assert store.get_offer(x.id).missed_runs == missed
    result = _crawl(store, without_x)
    assert result.retired == 1
    stored = store.get_offer(x.id)
    assert stored.status == OfferStatus.RETIRED
    assert stored.retired_reason == "missed by 3 good runs"
    assert store.count_offers()[OfferStatus.ACTIVE] == 99
    assert x.id not in {s.offer.id for s in store.iter_offers()}


def test_seen_again_resets_stale(store: SQLiteStore) -> None:
    offers = _offers(20)
    _crawl(store, offers)
    _crawl(store, offers[1:])
    assert _status(store, offers[0]) == OfferStatus.STALE
    _crawl(store, offers)
    assert _status(store, offers[0]) == OfferStatus.ACTIVE
    assert store.get_offer(offers[0].id).missed_runs == 0


def test_retired_offer_comes_back_when_seen_again(store: SQLiteStore) -> None:
    offers = _offers(20)
    _crawl(store, offers)
    for _ in range(3):
        _crawl(store, offers[1:])
    assert _status(store, offers[0]) == OfferStatus.RETIRED
    _crawl(store, offers)
    assert _status(store, offers[0]) == OfferStatus.ACTIVE


def test_other_sources_are_not_aged(store: SQLiteStore) -> None:
    cevora = _offers(5, source="cevora")
    _crawl(store, cevora, source="cevora")
    for _ in range(3):
        _crawl(store, _offers(10))
    assert store.count_offers("cevora")[OfferStatus.ACTIVE] == 5


def test_retire_after_is_configurable(tmp_path: Path, clock) -> None:
    store = SQLiteStore(tmp_path / "c.sqlite3", retire_after=1, clock=clock)
    store.migrate()
    offers = _offers(20)
    _crawl(store, offers)
    _crawl(store, offers[1:])
    assert _status(store, offers[0]) == OfferStatus.RETIRED


def test_404_or_410_retires_at_once(store: SQLiteStore) -> None:
    offers = _offers(3)
    _crawl(store, offers)
    assert store.mark_gone(offers[0].id, 410)
    assert _status(store, offers[0]) == OfferStatus.RETIRED
    assert store.get_offer(offers[0].id).retired_reason == "page answered 410"
    assert not store.mark_gone(offers[0].id, 404)  # already retired
    with pytest.raises(ValueError):
        store.mark_gone(offers[1].id, 503)  # 5xx only slows crawling
    assert _status(store, offers[1]) == OfferStatus.ACTIVE


def test_an_offer_read_back_has_typed_bookkeeping(store: SQLiteStore) -> None:
    offers = _offers(2)
    _crawl(store, offers)
    store.mark_gone(offers[0].id, 404)
    for offer in offers:
        stored = store.get_offer(offer.id)
        assert stored == StoredOffer.model_validate(stored.model_dump())  # what validation gives
        for name in ("first_seen", "last_seen", "updated_at"):
            assert isinstance(getattr(stored, name), datetime), name
    assert isinstance(store.get_offer(offers[0].id).retired_at, datetime)
    assert store.get_offer(offers[1].id).retired_at is None


def test_source_statuses(store: SQLiteStore, clock) -> None:
    offers = _offers(10)
    _crawl(store, offers)
    clock.tick(hours=1)
    _crawl(store, offers[2:])
    clock.tick(hours=1)
    _crawl(store, [], source="vdab")
    _crawl(store, _offers(4, source="cevora"), source="cevora")
    by_source = {s.source: s for s in store.source_statuses()}
    vdab = by_source["vdab"]
    assert (vdab.active, vdab.stale, vdab.retired) == (8, 2, 0)
    assert vdab.last_outcome == "failed"
    assert vdab.last_good_run.hour == 7
    assert by_source["cevora"].active == 4
