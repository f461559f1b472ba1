"""Issue 19, item 1: no date or number parameter is unbounded.

Before: ``/api/v1/reports/trends?period=day&as_of=9999-12-31`` and ``/rapporten/?as_of=…``
answered 500 (an overflow in ``reports/periods.py``); ``as_of=2622-07-01`` answered 430 MB
after 23.5 s. Now every date parameter is a day from 1900 to 2199 (a 400 naming it, as the
OpenAPI document's pattern says) and a report has at most ``MAX_PERIODS`` periods.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.periods import MAX_PERIODS, PERIODS, periods
from tests.faults.conftest import fetch


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/reports/trends?period=day&as_of=9999-12-31", "as_of"),
        ("/api/v1/reports/trends?period=month&as_of=0001-01-01", "as_of"),
        ("/api/v1/reports/freshness?as_of=2622-07-01", "as_of"),
        ("/api/v1/reports/demand?as_of=9999-12-31&days=366", "as_of"),
        ("/api/v1/search?start_from=9999-12-31", "start_from"),
        ("/api/v1/search?start_to=0001-01-01", "start_to"),
        ("/api/v1/search?price_max=1e400", "price_max"),
        ("/api/v1/search?price_min=1e30", "price_min"),
        ("/api/v1/search?duration_min_hours=1e400", "duration_min_hours"),
        ("/api/v1/search?page=1e3", "page"),
        ("/api/v1/search?page=99999999999999", "page"),
    ],
)
def test_out_of_range_dates_and_numbers_are_400_naming_the_parameter(base_url, path, field):
    answer = fetch(base_url + path)
    assert answer.status == 400, answer.body[:300]
    assert field in answer.json()["fields"]


@pytest.mark.parametrize("query", ["as_of=9999-12-31", "as_of=2622-07-01&period=day"])
def test_dashboard_with_a_far_date_is_a_400_page(base_url, query):
    answer = fetch(f"{base_url}/rapporten/?{query}")
    assert answer.status == 400
    assert b"Traceback" not in answer.body


@pytest.mark.parametrize("period", PERIODS)
def test_the_latest_allowed_date_answers_small_and_fast(base_url, period):
    started = time.monotonic()
    answer = fetch(f"{base_url}/api/v1/reports/trends?period={period}&as_of=2199-12-31")
    elapsed = time.monotonic() - started
    assert answer.status == 200, answer.body[:300]
    assert len(answer.body) < 5_000_000 and elapsed < 10, (len(answer.body), elapsed)
    rows = answer.json()["tables"]["catalogue"]["rows"]
    assert 0 < len(rows) <= MAX_PERIODS


days = st.datetimes(
    min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23), timezones=st.just(UTC)
)


@settings(max_examples=300, deadline=None)
@given(first=days, last=days, unit=st.sampled_from(PERIODS))
def test_periods_never_overflow_and_stay_bounded(first, last, unit):
    found = periods(first, last, unit)
    assert len(found) <= MAX_PERIODS
    if first <= last:
        assert found, "the period holding `last` is always there"
    for _label, start, end in found:
        assert start < end or end.date() == end.date().max
