"""Time every coordinator report on a synthetic catalogue.

    .venv/bin/python scripts/bench_reports.py --offers 10000 --sources 20 --weeks 12

Builds a temporary SQLite catalogue (offers spread over Flemish postcodes, delivery modes,
funding schemes and concepts of the bundled Flemish taxonomy layer; one crawl run per source
per week, some with rejects), then computes each report once through ``run_report`` and prints
the seconds per report and the number of rows of its main table.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from catalogue.model import Offer
from catalogue.runs import RunStats
from catalogue.store import SQLiteStore
from reports.registry import REPORTS, CatalogueReader, ReportRequest, run_report
from reports.vocabulary import TaxonomyVocabulary
from taxonomy.core import build_taxonomy

POSTCODES = ["2000", "2800", "3000", "3500", "3600", "8000", "8500", "9000", "9300", "1000"]
MODES = ["classroom", "classroom", "online_live", "online_self_paced", "blended"]
SCHEMES = [
    {"scheme": "sector_fund", "fund": "Cevora"},
    {"scheme": "sector_fund", "fund": "Educam"},
    {"scheme": "sector_fund", "fund": "Constructiv"},
    {"scheme": "opleidingscheques"},
    {"scheme": "kmo_portefeuille"},
    {"scheme": "vdab", "worker_statuses": ["job_seeker"]},
]


def make(rng: random.Random, source: str, n: int, concepts: list[str]) -> Offer:
    sessions = []
    for _ in range(rng.randint(0, 3)):
        start = datetime(2026, 9, 1) + timedelta(days=rng.randint(0, 200))
        mode = rng.choice(MODES)
        session = {
            "start_date": start.date().isoformat(),
            "schedule": [rng.choice(["daytime", "evening", "weekend"])],
            "delivery_mode": mode,
        }
        if not mode.startswith("online"):
            session["location"] = {"postcode": rng.choice(POSTCODES)}
        sessions.append(session)
    return Offer.model_validate(
        {
            "source": source,
            "source_id": str(n),
            "url": f"https://{source}.example.be/o/{n}",
            "title": f"Opleiding {n}",
            "provider": {"name": f"Aanbieder {n % 50}"},
            "prices": [{"amount": str(rng.choice([0, 0, 95, 250, 900]))}],
            "fields_of_education": [rng.choice(["0411", "0715", "1041", "0913", "0613"])],
            "competences": [
                {"concept_id": c, "score": 0.9, "method": "label"}
                for c in rng.sample(concepts, rng.randint(1, 4))
            ],
            "funding": rng.sample(SCHEMES, rng.randint(0, 2)),
            "sessions": sessions,
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=10000)
    parser.add_argument("--sources", type=int, default=20)
    parser.add_argument("--weeks", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    taxonomy = build_taxonomy(None)
    concepts = sorted(c.id for c in taxonomy if c.type in ("skill", "knowledge", "occupation"))
    sources = [f"bron{i:02d}" for i in range(args.sources)]
    offers = {s: [] for s in sources}
    for n in range(args.offers):
        source = sources[n % len(sources)]
        offers[source].append(make(rng, source, n, concepts))

    with tempfile.TemporaryDirectory() as tmp:
        now = [datetime(2026, 8, 3, 6, tzinfo=UTC)]
        store = SQLiteStore(Path(tmp) / "c.sqlite3", clock=lambda: now[0])
        store.migrate()
        started = time.perf_counter()
        for _week in range(args.weeks):
            for source in sources:
                batch = offers[source]
                seen = batch[: max(1, int(len(batch) * rng.uniform(0.9, 1.0)))]
                run = store.start_run(source)
                store.upsert_offers(seen, run)
                rejected = rng.choice([0, 0, 0, 1, 40])
                store.finish_run(
                    run,
                    RunStats(
                        pages=10,
                        items_seen=len(seen) + rejected,
                        items_rejected=rejected,
                        rejected_reasons={"sessions.0.end_date": rejected} if rejected else {},
                    ),
                )
            now[0] += timedelta(days=7)
        print(
            f"catalogue built in {time.perf_counter() - started:.1f} s:"
            f" {args.offers} offers, {args.sources} sources, {args.weeks} weekly runs each"
        )
        request = ReportRequest(now=now[0], vocabulary=TaxonomyVocabulary(taxonomy))
        print("each report read from the store (CLI, API without snapshot):")
        for name in REPORTS:
            started = time.perf_counter()
            report = run_report(name, store, request)
            seconds = time.perf_counter() - started
            print(f"  {name:10s} {seconds:6.2f} s  {len(report.tables[0].rows):6d} rows")
        started = time.perf_counter()
        snapshot = CatalogueReader(store, keep=True)
        for name in REPORTS:
            run_report(name, snapshot, request)
        print(f"all six from one snapshot (dashboard): {time.perf_counter() - started:.2f} s")
        store.close()


if __name__ == "__main__":
    main()
