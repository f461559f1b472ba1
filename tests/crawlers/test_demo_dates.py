"""The demo's fixture dates: moved whole years ahead of today, only where they are dates, and
only when asked (the crawler tests freeze time and get the dates the pages hold)."""

from __future__ import annotations

import urllib.request
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from crawlers.offline import FIXTURES_DIR, demo_year_shift, serve_fixtures, shift_dates

DAYS = st.dates(min_value=date(2018, 1, 1), max_value=date(2027, 12, 31)).filter(
    lambda d: (d.month, d.day) != (2, 29)
)
MONTHS_NL = (
    "januari februari maart april mei juni juli augustus september oktober november december"
)
SHORT_NL = "jan feb mrt apr mei jun jul aug sep okt nov dec"


@given(DAYS, st.integers(min_value=0, max_value=8))
def test_every_written_form_of_a_date_moves_by_whole_years(day, years):
    later = day.replace(year=day.year + years)
    month = MONTHS_NL.split()[day.month - 1]
    short = SHORT_NL.split()[day.month - 1]
    forms = [
        (day.isoformat(), later.isoformat()),
        (day.strftime("%d/%m/%Y"), later.strftime("%d/%m/%Y")),
        (day.strftime("%d.%m.%Y"), later.strftime("%d.%m.%Y")),
        (f"{day.day} {month} {day.year}", f"{day.day} {month} {later.year}"),
        (f"{day.day} {short}. {day.year}", f"{day.day} {short}. {later.year}"),
    ]
    for before, after in forms:
        page = f"<td>{before}</td>".encode()
        assert shift_dates(page, years) == f"<td>{after}</td>".encode()


@given(st.integers(min_value=1000, max_value=9999), st.integers(min_value=1, max_value=8))
def test_numbers_that_are_not_dates_stay(number, years):
    text = (
        f"<span>Industrieweg 12, {number} Antwerpen</span>"
        f'<a href="/opleidingen/T-{number}-hoogspanning">€ {number}</a>'
    ).encode()
    assert shift_dates(text, years) == text


def test_the_shift_puts_every_saved_session_ahead_of_today():
    for today in (date(2024, 7, 31), date(2024, 8, 1), date(2026, 12, 2), date(2031, 6, 30)):
        years = demo_year_shift(today)
        assert date(2024, 8, 1).replace(year=2024 + years) >= today
        assert years <= max(0, today.year - 2024 + 1)  # never more than a year too far


def test_the_fixture_server_shifts_only_when_asked():
    page = "cvo-antwerpen/aanbod/NT2-RG1/nederlands-richtgraad-1.html"
    original = (FIXTURES_DIR / page).read_text(encoding="utf-8")
    assert "2024" in original
    for years in (0, 3):
        with serve_fixtures(
            {"cvo-antwerpen": "https://www.cvoantwerpen.be"}, shift_years=years
        ) as s:
            url = s["cvo-antwerpen"].url + "/aanbod/NT2-RG1/nederlands-richtgraad-1"
            served = urllib.request.urlopen(url, timeout=10).read().decode("utf-8")
        assert ("2027" in served) == bool(years)
        assert served.count("2024") == (original.count("2024") if not years else 0)
