from __future__ import annotations

from catalogue.store import OfferStatus
from reports.filters import OfferFilter
from reports.trends import trends
from tests.reports.catalogue import NOW


def _report(catalogue, period="week", filters=None):
    store = catalogue.store
    offers = store.iter_offers(statuses=list(OfferStatus))
    return trends(offers, store.all_runs(), NOW, period, filters)


def test_catalogue_over_weeks(catalogue) -> None:
    rows = _report(catalogue).table("catalogue").rows
    assert [(r["period"], r["offers"], r["new_offers"], r["retired_offers"]) for r in rows] == [
        ("2026-W41", 6, 6, 0),
        ("2026-W42", 7, 1, 0),  # O5 first seen
        ("2026-W43", 6, 0, 1),  # O7 retired
        ("2026-W44", 6, 0, 0),
        ("2026-W45", 6, 0, 0),
    ]


def test_per_source_and_crawls(catalogue) -> None:
    report = _report(catalogue)
    vdab = [
        (r["period"], r["offers"]) for r in report.table("by_source").rows if r["source"] == "vdab"
    ]
    assert vdab == [
        ("2026-W41", 3),
        ("2026-W42", 3),
        ("2026-W43", 2),
        ("2026-W44", 2),
        ("2026-W45", 2),
    ]
    crawls = [
        (
            r["period"],
            r["source"],
            r["runs"],
            r["good_runs"],
            r["failed_runs"],
            r["last_good_items"],
        )
        for r in report.table("crawls").rows
    ]
    assert crawls == [
        ("2026-W41", "cevora", 1, 1, 0, 2),
        ("2026-W41", "syntra", 1, 1, 0, 1),
        ("2026-W41", "vdab", 1, 1, 0, 3),
        ("2026-W42", "syntra", 1, 1, 0, 1),
        ("2026-W42", "vdab", 1, 0, 1, None),
        ("2026-W43", "cevora", 1, 0, 1, None),
    ]


def test_daily_periods_run_up_to_now_and_filters_apply(catalogue) -> None:
    rows = _report(catalogue, "day", OfferFilter.parse(fund="Cevora")).table("catalogue").rows
    assert (rows[0]["period"], rows[-1]["period"], len(rows)) == ("2026-10-05", "2026-11-02", 29)
    assert {r["offers"] for r in rows} == {2}


def test_as_of_a_past_day_leaves_later_history_out(catalogue) -> None:
    from datetime import UTC, datetime

    from reports.freshness import freshness

    then = datetime(2026, 10, 10, tzinfo=UTC)  # in W41, before the second round of crawls
    store = catalogue.store
    offers = store.iter_offers(statuses=list(OfferStatus))
    report = trends(offers, store.all_runs(), then, "week")
    assert [(r["period"], r["offers"]) for r in report.table("catalogue").rows] == [("2026-W41", 6)]
    assert {r["period"] for r in report.table("crawls").rows} == {"2026-W41"}
    health = freshness(store.source_statuses(), store.all_runs(), then)
    runs = {r["source"]: (r["runs"], r["failed_runs"]) for r in health.table("sources").rows}
    assert runs == {"cevora": (1, 0), "syntra": (1, 0), "vdab": (1, 0)}
    days = {r["source"]: r["days_since_good_run"] for r in health.table("sources").rows}
    assert days == {"cevora": 4, "syntra": 4, "vdab": 4}
