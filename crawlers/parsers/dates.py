"""Dates as course pages write them: '15 maart 2025', '15/03/2025', 'vanaf 3 september',
'do 12 sep. 2024', 'du 3 au 5 mars', '2025-03-15'.

The common shapes are matched by regular expressions with a month table for nl/fr/en (fast:
the crawl parses thousands of pages); anything else falls back to dateparser, restricted to
those three languages and cached. A date without a year is the next such date on or after
``today`` (course pages announce what is coming, not what has been).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache

from core.analysis import LANGUAGES

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "januari jan janvier janv january",
        "februari feb febr février fevrier févr fevr february",
        "maart mrt maa mars march mar",
        "april apr avril avr",
        "mei mai may",
        "juni jun juin june",
        "juli jul juillet juil july",
        "augustus aug août aout august",
        "september sep sept septembre",
        "oktober okt octobre oct october",
        "november nov novembre",
        "december dec décembre decembre déc",
    ],
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number

_MONTH = r"(?P<{}>" + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)) + r")\.?"
_RANGE_JOIN = r"\s*(?:-|–|—|tot(?:\s+en\s+met)?|t/m|t\.e\.m\.|au|à|to|until|till)\s*"
_DAY = r"(?P<{}>[0-3]?\d)(?:e|de|ste|er|st|nd|rd|th)?"
_YEAR = r"(?P<{}>(?:19|20)\d\d)"
# a weekday between the days of a list or range: 'di 24 en wo 25 september', 'lun 3 au mer 5'
_WEEKDAY = (
    r"(?:(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|lundi|mardi|mercredi"
    r"|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|lun|mar|mer|jeu|ven|sam|dim|mon|tue|wed|thu|fri|sat|sun|ma|di|wo|do|vr|za|zo)\.?\s+)?"
)

_ISO = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]?\d)-(?P<d>[0-3]?\d)\b")
_NUMERIC = re.compile(r"\b(?P<d>[0-3]?\d)[/.-](?P<m>[01]?\d)[/.-](?P<y>(?:19|20)?\d\d)\b")
_DAY_RANGE_NAMED = re.compile(
    r"\b"
    + _DAY.format("d1")
    + _RANGE_JOIN
    + _WEEKDAY
    + _DAY.format("d2")
    + r"\s+"
    + _MONTH.format("m")
    + r"(?:\s+"
    + _YEAR.format("y")
    + r")?\b",
    re.IGNORECASE,
)
# '1, 8 en 15 oktober 2024': several days of one month
_DAY_LIST_NAMED = re.compile(
    r"\b(?P<days>(?:[0-3]?\d\s*(?:,|\ben\b|\bet\b|\band\b|&)\s*"
    + _WEEKDAY
    + r")+[0-3]?\d)\s+"
    + _MONTH.format("m")
    + r"(?:\s+"
    + _YEAR.format("y")
    + r")?\b",
    re.IGNORECASE,
)
_NAMED = re.compile(
    r"\b" + _DAY.format("d") + r"\s+" + _MONTH.format("m") + r"(?:\s+" + _YEAR.format("y") + r")?",
    re.IGNORECASE,
)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower().replace("\u00a0", " ")


def _make(year: int | None, month: int, day: int, today: date | None) -> date | None:
    try:
        if year is not None:
            if year < 100:
                year += 2000
            return date(year, month, day)
        base = today or date.today()
        candidate = date(base.year, month, day)
        if candidate < base:
            candidate = date(base.year + 1, month, day)
        return candidate
    except ValueError:
        return None


def parse_dates(text: str | None, today: date | None = None) -> list[date]:
    """Every date in ``text``, in order of appearance ('du 3 au 5 mars' gives two)."""
    if not text:
        return []
    folded = _fold(text)
    found: list[tuple[int, date]] = []
    taken: list[tuple[int, int]] = []

    def free(span: tuple[int, int]) -> bool:
        return all(span[1] <= a or span[0] >= b for a, b in taken)

    for m in _ISO.finditer(folded):
        d = _make(int(m["y"]), int(m["m"]), int(m["d"]), today)
        if d:
            found.append((m.start(), d))
            taken.append(m.span())
    for m in _NUMERIC.finditer(folded):
        if not free(m.span()):
            continue
        d = _make(int(m["y"]), int(m["m"]), int(m["d"]), today)
        if d:
            found.append((m.start(), d))
            taken.append(m.span())
    for m in _DAY_RANGE_NAMED.finditer(folded):
        if not free(m.span()):
            continue
        month, year = MONTHS[m["m"]], int(m["y"]) if m["y"] else None
        end = _make(year, month, int(m["d2"]), today)
        start = _make(end.year if end else year, month, int(m["d1"]), None)
        if start and end:
            found += [(m.start(), start), (m.start() + 1, end)]
            taken.append(m.span())
    for m in _DAY_LIST_NAMED.finditer(folded):
        if not free(m.span()):
            continue
        month, year = MONTHS[m["m"]], int(m["y"]) if m["y"] else None
        days = [int(d) for d in re.findall(r"\d+", m["days"])]
        last = _make(year, month, days[-1], today)
        if last:
            for offset, day in enumerate(days):
                d = _make(last.year, month, day, None)
                if d:
                    found.append((m.start() + offset, d))
            taken.append(m.span())
    named = [m for m in _NAMED.finditer(folded) if free(m.span())]
    # '3 maart - 5 april 2025': a year written once at the end applies to the earlier dates
    last_year = next((int(m["y"]) for m in reversed(named) if m["y"]), None)
    for m in named:
        year = int(m["y"]) if m["y"] else last_year
        d = _make(year, MONTHS[m["m"]], int(m["d"]), today)
        if d:
            found.append((m.start(), d))
    return [d for _, d in sorted(found, key=lambda pair: pair[0])]


def parse_date(text: str | None, today: date | None = None) -> date | None:
    """The first date in ``text``; dateparser (nl/fr/en, cached) when no common shape matches."""
    dates = parse_dates(text, today)
    if dates:
        return dates[0]
    if not text or not text.strip() or len(text) > 80:
        return None
    return _dateparser(text.strip(), (today or date.today()).isoformat())


def parse_period(text: str | None, today: date | None = None) -> tuple[date | None, date | None]:
    """(start, end) of a period: 'van 3 tot 5 maart 2025', '15/03/2025 - 20/06/2025'.
    'vanaf 3 september' gives (start, None); a single date gives (date, date)."""
    dates = parse_dates(text, today)
    if not dates:
        single = parse_date(text, today)
        return single, None
    if len(dates) == 1:
        open_ended = re.search(r"\b(vanaf|à partir d[ue]|dès|from|starting)\b", _fold(text or ""))
        return dates[0], None if open_ended else dates[0]
    start, end = dates[0], dates[-1]
    if end < start and text and not re.search(r"(19|20)\d\d", text):
        end = _make(start.year + 1, end.month, end.day, None) or end
    return start, end


@lru_cache(maxsize=4096)
def _dateparser(text: str, today_iso: str) -> date | None:
    from datetime import datetime

    import dateparser  # only the fallback needs it

    base = datetime.fromisoformat(today_iso)
    parsed = dateparser.parse(
        text,
        languages=list(LANGUAGES),
        settings={
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": base,
            "DATE_ORDER": "DMY",
            "REQUIRE_PARTS": ["day", "month"],
        },
    )
    return parsed.date() if parsed else None
