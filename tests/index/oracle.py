"""Expected answers computed from the offers in plain Python, independent of both engines."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date

from catalogue.model import Offer, SessionStatus
from index.documents import lowest_price
from index.geo import distance_km, gazetteer


def live(offer: Offer) -> list:
    return [s for s in offer.sessions if s.status != SessionStatus.CANCELLED]


def municipality_ids(offer: Offer) -> set[str]:
    g = gazetteer()
    out = set()
    for s in live(offer):
        if s.location:
            place = g.resolve(s.location.postcode, s.location.municipality)
            if place:
                out.add(place.id)
    return out


def provinces(offer: Offer) -> set[str]:
    return {gazetteer().by_id[m].province for m in municipality_ids(offer)}


def nearest_km(offer: Offer, postcode: str) -> float | None:
    g = gazetteer()
    centre = g.for_postcode(postcode)
    assert centre is not None
    distances = [
        distance_km(centre.lat, centre.lon, g.by_id[m].lat, g.by_id[m].lon)
        for m in municipality_ids(offer)
    ]
    return min(distances) if distances else None


def next_start(offer: Offer, today: date) -> date | None:
    return next((s.start_date for s in offer.upcoming_sessions(today) if s.start_date), None)


def ids(offers: Iterable[Offer], keep: Callable[[Offer], bool]) -> set[str]:
    return {o.id for o in offers if keep(o)}  # type: ignore[misc]


def counts(offers: Iterable[Offer], values: Callable[[Offer], Iterable[str]]) -> dict[str, int]:
    c: Counter[str] = Counter()
    for o in offers:
        c.update(set(values(o)))
    return dict(c)


def price(offer: Offer) -> float | None:
    p = lowest_price(offer)
    return float(p) if p is not None else None
