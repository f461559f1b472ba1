"""Belgian addresses: 'Kortrijksesteenweg 1, 9000 Gent', '1070 Anderlecht', 'ANDERLECHT'."""

from __future__ import annotations

import re

from catalogue.model import Location, Province

_POSTCODE_CITY = re.compile(
    r"\b(?:B-|BE-)?(?P<pc>[1-9]\d{3})\s+(?P<city>[A-Za-zÀ-ÿ][\w'À-ÿ .\-()]*)"
)
_PROVINCES = [
    (1300, Province.BRUSSEL),
    (1500, Province.WAALS_BRABANT),
    (2000, Province.VLAAMS_BRABANT),
    (3000, Province.ANTWERPEN),
    (3500, Province.VLAAMS_BRABANT),
    (4000, Province.LIMBURG),
    (5000, Province.LUIK),
    (6000, Province.NAMEN),
    (6600, Province.HENEGOUWEN),
    (7000, Province.LUXEMBURG),
    (8000, Province.HENEGOUWEN),
    (9000, Province.WEST_VLAANDEREN),
    (10000, Province.OOST_VLAANDEREN),
]


def province_for_postcode(postcode: str | int) -> Province | None:
    """The province of a Belgian postcode (1000-1299 is the Brussels region)."""
    try:
        number = int(postcode)
    except (TypeError, ValueError):
        return None
    if not 1000 <= number <= 9999:
        return None
    return next(p for upper, p in _PROVINCES if number < upper)


def parse_location(text: str | None) -> Location | None:
    """A ``Location`` from an address line; a bare town name becomes the municipality."""
    if not text or not text.strip():
        return None
    line = " ".join(text.split())
    m = _POSTCODE_CITY.search(line)
    if m:
        city = m["city"].strip(" ,.-")
        address = line[: m.start()].strip(" ,") or None
        return Location(
            address=address,
            postcode=m["pc"],
            municipality=city.title() if city.isupper() else city,
            province=province_for_postcode(m["pc"]),
        )
    if len(line) > 80 or re.search(r"\d", line):
        return Location(address=line)
    return Location(municipality=line.title() if line.isupper() else line)
