"""Calendar periods (day, ISO week, month) in UTC, for reports over time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

PERIODS = ("day", "week", "month")


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
    if unit == "day":
        return start + timedelta(days=1)
    if unit == "week":
        return start + timedelta(days=7)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


def label(start: date, unit: str) -> str:
    if unit == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if unit == "month":
        return start.strftime("%Y-%m")
    return start.isoformat()


def period_of(moment: datetime, unit: str) -> str:
    return label(_start_of(moment, unit), unit)


def periods(first: datetime, last: datetime, unit: str) -> list[tuple[str, datetime, datetime]]:
    """``(label, start, end)`` of every period from the one holding ``first`` to the one holding
    ``last``; ``end`` is exclusive."""
    found = []
    start = _start_of(first, unit)
    stop = _start_of(last, unit)
    while start <= stop:
        end = _next(start, unit)
        found.append(
            (
                label(start, unit),
                datetime.combine(start, time(), UTC),
                datetime.combine(end, time(), UTC),
            )
        )
        start = end
    return found
