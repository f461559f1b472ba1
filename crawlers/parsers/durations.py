"""Durations: '24 lesuren', '3 dagen', '40 lestijden', '6 weken, 2u/week', '3 studiepunten',
'2 jours', '16 heures', 'PT24H', 'P3D' (schema.org courseWorkload is ISO 8601)."""

from __future__ import annotations

import re

from catalogue.model import Duration

_NUMBER = r"(?P<n>\d{1,3}(?:\.\d{3})+(?![\d,])|\d+(?:[.,]\d+)?|een|één|half|halve|une?|one)"
_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
_WORDS = {"een": 1.0, "één": 1.0, "un": 1.0, "une": 1.0, "one": 1.0, "half": 0.5, "halve": 0.5}
_ISO = re.compile(
    r"^P(?:(?P<weeks>\d+(?:\.\d+)?)W)?(?:(?P<days>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<hours>\d+(?:\.\d+)?)H)?(?:(?P<minutes>\d+(?:\.\d+)?)M)?)?$",
    re.IGNORECASE,
)
_PER_WEEK = re.compile(
    r"(?P<n>\d+(?:[.,]\d+)?)\s*(?:u|uur|h|heures?|hours?)\s*(?:/|per|par|a)\s*(?:week|semaine)",
    re.IGNORECASE,
)
_UNITS = [
    ("teaching_periods", r"lestijden|lestijd|périodes?|periodes?|teaching periods?"),
    ("study_points", r"studiepunten|studiepunt|sp\b|ects|crédits?|credits?"),
    ("hours", r"lesuren|lesuur|contacturen|uren|uur|u\b|heures?|h\b|hours?|hrs?"),
    ("days", r"opleidingsdagen|lesdagen|dagen|dag|jours?|journées?|days?"),
    ("weeks", r"weken|week|semaines?|weeks?"),
]
# '4 halve dagen', '3 demi-journées': the count of half units
_HALF = r"(?P<half>halve\s+|demi-\s*|half\s+)?"
_PATTERNS = [
    (field, re.compile(_NUMBER + r"\s*" + _HALF + r"(?:" + units + r")", re.IGNORECASE))
    for field, units in _UNITS
]


def _number(raw: str) -> float:
    if raw.lower() in _WORDS:
        return _WORDS[raw.lower()]
    if _THOUSANDS.match(raw):  # '1.200 lestijden'
        return float(raw.replace(".", ""))
    return float(raw.replace(",", "."))


def parse_iso_duration(text: str) -> Duration | None:
    m = _ISO.match(text.strip())
    if not m or not any(m.groupdict().values()):
        return None
    hours = float(m["hours"] or 0) + float(m["minutes"] or 0) / 60
    return Duration(
        hours=round(hours, 2) or None,
        days=float(m["days"]) if m["days"] else None,
        weeks=float(m["weeks"]) if m["weeks"] else None,
    )


def parse_duration(text: str | None) -> Duration | None:
    """The duration stated in ``text``; ``None`` when it states none."""
    if not text or not text.strip():
        return None
    iso = parse_iso_duration(text)
    if iso:
        return iso
    values: dict[str, float] = {}
    per_week = _PER_WEEK.search(text)
    rest = _PER_WEEK.sub(" ", text) if per_week else text
    for field, pattern in _PATTERNS:
        m = pattern.search(rest)
        if m and field not in values:
            values[field] = _number(m["n"]) * (0.5 if m["half"] else 1)
            rest = rest[: m.start()] + " " + rest[m.end() :]
    if per_week and "weeks" in values and "hours" not in values:
        values["hours"] = round(_number(per_week["n"]) * values["weeks"], 2)
    if not values:
        return None
    if "teaching_periods" in values:
        values["teaching_periods"] = int(values["teaching_periods"])
    try:
        return Duration(**values)
    except ValueError:
        return None
