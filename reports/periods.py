"""Calendar periods (day, ISO week, month) in UTC, for reports over time.

A report over time has at most ``MAX_PERIODS`` periods, the latest ones: a far ``as_of`` (or a
first sighting long ago) never makes an answer of millions of rows, and no period runs past
the last day Python's ``date`` can hold.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

PERIODS = ("day", "week", "month")
MAX_PERIODS = 1000  # about 2.7 years of days, 19 years of weeks, 83 years of months


def _start_of(moment: datetime, unit: str) -> date:
    day = moment.astimezone(UTC).date()
    if unit == "day":
        return day
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {unit!r}")


def _next(start: date, unit: str) -> date:
    """The first day of the period after the one starting at ``start``; ``date.max`` when
    that period would begin past it."""
    try:
        if unit == "day":
            return start + timedelta(days=1)
        if unit == "week":
            return start + timedelta(days=7)
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    except OverflowError:
        return date.max


def label(start: date, unit: str) -> str:
    if unit == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if unit == "month":
        return start.strftime("%Y-%m")
    return start.isoformat()


def period_of(moment: datetime, unit: str) -> str:
    return label(_start_of(moment, unit), unit)


def _back(start: date, unit: str, count: int) -> date:
    """The start of the period ``count`` periods before the one starting at ``start``."""
    try:
        if unit == "day":
            return start - timedelta(days=count)
        if unit == "week":
            return start - timedelta(days=7 * count)
        months = start.year * 12 + start.month - 1 - count
        return date(months // 12, months % 12 + 1, 1)
    except (OverflowError, ValueError):  # before the year 1
        return date.min


def periods(
    first: datetime, last: datetime, unit: str, limit: int = MAX_PERIODS
) -> list[tuple[str, datetime, datetime]]:
    """``(label, start, end)`` of every period from the one holding ``first`` to the one holding
    ``last`` (at most the ``limit`` latest of them); ``end`` is exclusive."""
    found: list[tuple[str, datetime, datetime]] = []
    start = _start_of(first, unit)
    stop = _start_of(last, unit)
    if start <= stop:
        start = max(start, _back(stop, unit, limit - 1))
    while start <= stop:
        end = _next(start, unit)
        found.append(
            (
                label(start, unit),
                datetime.combine(start, time(), UTC),
                datetime.combine(end, time(), UTC),
            )
        )
        if end == date.max:
            break
        start = end
    return found
