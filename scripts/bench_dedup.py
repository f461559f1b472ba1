#!/usr/bin/env python3
"""Time deduplication on a synthetic catalogue: a full recompute, then an incremental update
after one source's crawl. Each course run is listed by 1-3 sources with reworded titles and
provider names (legal form, campus, a fund naming the provider), end dates, hours, address.
Usage: .venv/bin/python scripts/bench_dedup.py [--runs 2000] [--seed 7]"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from catalogue.model import Offer
from catalogue.store.sqlite import SQLiteStore
from dedup import recompute_clusters, update_clusters

SUBJECTS = [
    "Excel",
    "Word",
    "Boekhouden",
    "Projectmanagement",
    "Heftruck",
    "Lassen MIG/MAG",
    "VCA",
    "Python",
    "Leidinggeven",
    "Sociale wetgeving",
    "HACCP",
    "Engels",
    "Frans",
    "Verkoop",
    "Onderhandelen",
    "Timemanagement",
    "Elektriciteit",
    "Zorgkundige",
    "Barista",
    "Metselen",
]
LEVELS = ["voor beginners", "basis", "gevorderden", "verdieping", ""]
PROVIDERS = [
    f"Opleider {name}" for name in ["Aalst", "Brugge", "Gent", "Hasselt", "Leuven", "Mechelen"]
]
TOWNS = [
    ("9300", "Aalst"),
    ("8000", "Brugge"),
    ("9000", "Gent"),
    ("3500", "Hasselt"),
    ("3000", "Leuven"),
    ("2800", "Mechelen"),
]
SOURCES = ["provider", "cevora", "vdab", "odb", "alimento"]
FUNDS = ("cevora", "alimento")


def catalogue(runs: int, seed: int) -> list[Offer]:
    rng = random.Random(seed)
    offers = []
    for n in range(runs):
        subject, level = rng.choice(SUBJECTS), rng.choice(LEVELS)
        provider = rng.randrange(len(PROVIDERS))
        postcode, town = TOWNS[provider]
        start = date(2027, 1, 4) + timedelta(days=rng.randrange(300))
        end = start + timedelta(days=rng.choice([0, 1, 14, 60]))
        hours = rng.choice([7, 14, 24, 60])
        for source in rng.sample(SOURCES, rng.randint(1, 3)):
            title = f"{subject} {level}".strip()
            if rng.random() < 0.3:
                title = f"{title} - praktijkgerichte opleiding"
            name = PROVIDERS[provider] + rng.choice(["", " vzw", f" - campus {town}"])
            if source in FUNDS and rng.random() < 0.3:
                name = f"{source.title()} i.s.m. {PROVIDERS[provider]}"  # a fund names it
            offers.append(
                Offer.model_validate(
                    {
                        "source": source,
                        "source_id": f"{source}-{n}",
                        "url": f"https://www.{source}.be/o/{n}",
                        "title": title,
                        "provider": {"name": name},
                        "duration": {"hours": hours},
                        "sessions": [
                            {
                                "start_date": start.isoformat(),
                                "end_date": end.isoformat() if rng.random() < 0.7 else None,
                                "location": {
                                    "postcode": postcode,
                                    "municipality": town,
                                    "address": f"Stationsstraat {provider + 1}",
                                },
                            }
                        ],
                    }
                )
            )
    return offers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    offers = catalogue(args.runs, args.seed)
    with tempfile.TemporaryDirectory() as folder:
        store = SQLiteStore(Path(folder) / "bench.sqlite3")
        store.migrate()
        store.upsert_offers(offers)
        began, cpu = time.perf_counter(), time.process_time()
        stats = recompute_clusters(store)
        full, full_cpu = time.perf_counter() - began, time.process_time() - cpu
        crawl = [o for o in offers if o.source == "cevora"]
        store.upsert_offers(crawl)
        began, cpu = time.perf_counter(), time.process_time()
        update_clusters(store, [o.id for o in crawl])
        incremental = time.perf_counter() - began
        incremental_cpu = time.process_time() - cpu
        store.close()
    print(
        f"{len(offers)} offers ({args.runs} runs), {stats.clusters} clusters, {stats.merged} merged"
    )
    print(
        f"full recompute: {full:.2f} s ({len(offers) / full:.0f} offers/s), "
        f"{full_cpu:.2f} CPU s ({len(offers) / full_cpu:.0f} offers per CPU s), "
        f"{stats.review} pairs to review"
    )
    print(
        f"incremental after one source's crawl ({len(crawl)} offers): {incremental:.2f} s, "
        f"{incremental_cpu:.2f} CPU s"
    )


if __name__ == "__main__":
    main()
