#!/usr/bin/env python3
"""Build ``dedup/data/municipalities.json`` from ``index/data/places.json``: every Belgian
municipality's Dutch and French name with its postcodes, so that deduplication knows that
'3001 Heverlee' is in Leuven and that 'Ambitio Kortrijk' names a city (dedup sits below the
index and reads no index data at run time). Run again after ``scripts/build_places.py``.

    python scripts/build_dedup_places.py
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    places = json.loads((ROOT / "index" / "data" / "places.json").read_text("utf-8"))
    rows = sorted([p["nl"], p["fr"], sorted(p["postcodes"])] for p in places if p.get("postcodes"))
    target = ROOT / "dedup" / "data" / "municipalities.json"
    target.write_text(json.dumps(rows, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    print(f"{target.relative_to(ROOT)}: {len(rows)} municipalities")


if __name__ == "__main__":
    main()
