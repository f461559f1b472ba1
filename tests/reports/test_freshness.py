from __future__ import annotations

from reports.freshness import freshness
from tests.reports.catalogue import NOW


def _report(catalogue, period="day"):
    store = catalogue.store
    return freshness(store.source_statuses(), store.all_runs(), NOW, period)


def test_per_source_health(catalogue) -> None:
    sources = {r["source"]: r for r in _report(catalogue).table("sources").rows}
    cols = ("active", "stale", "retired", "stale_share", "runs", "failed_runs", "failed_share")
    assert {s: tuple(r[c] for c in cols) for s, r in sources.items()} == {
        "cevora": (2, 0, 0, 0.0, 2, 1, 0.5),
        "syntra": (1, 1, 0, 0.5, 2, 0, 0.0),
        "vdab": (2, 0, 1, 0.0, 2, 1, 0.5),
    }
    assert sources["vdab"]["last_good_run"] == "2026-10-05T06:00:00+00:00"
    assert sources["vdab"]["days_since_good_run"] == 28
    assert sources["cevora"]["days_since_good_run"] == 27  # 27 days and 23 hours
    assert sources["syntra"]["last_good_run"] == "2026-10-12T07:00:00+00:00"
    assert sources["cevora"]["last_outcome"] == "failed"
    assert (sources["vdab"]["items_valid"], sources["vdab"]["items_rejected"]) == (6, 1)
    assert sources["vdab"]["error_rate"] == 0.1429


def test_error_rates_over_time_and_reasons(catalogue) -> None:
    report = _report(catalogue)
    got = [
        (
            r["period"],
            r["source"],
            r["runs"],
            r["failed_runs"],
            r["items_rejected"],
            r["error_rate"],
        )
        for r in report.table("error_rates").rows
    ]
    assert got == [
        ("2026-10-05", "cevora", 1, 0, 0, 0.0),
        ("2026-10-05", "syntra", 1, 0, 0, 0.0),
        ("2026-10-05", "vdab", 1, 0, 0, 0.0),
        ("2026-10-12", "syntra", 1, 0, 0, 0.0),
        ("2026-10-12", "vdab", 1, 1, 1, 0.25),
        ("2026-10-19", "cevora", 1, 1, 0, None),
    ]
    assert report.table("reject_reasons").rows == [{"source": "vdab", "reason": "url", "items": 1}]
    runs = report.table("runs").rows
    assert [r["run_id"] for r in runs] == [6, 5, 4, 3, 2, 1]
    assert runs[0]["message"] == "HTTP 503 on the listing"


def test_monthly_error_rates(catalogue) -> None:
    rows = _report(catalogue, "month").table("error_rates").rows
    assert [(r["period"], r["source"], r["runs"]) for r in rows] == [
        ("2026-10", "cevora", 2),
        ("2026-10", "syntra", 2),
        ("2026-10", "vdab", 2),
    ]
