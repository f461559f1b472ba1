"""One document per course run: what it costs to build and to search (tantivy).

Synthetic offers (``scripts/bench_index.py``'s generator; a share of them listed again by a
second source with the same ODB number) go into a real SQLite catalogue, are clustered
(``recompute_clusters``), then indexed twice: one document per offer (the old basis) and one
per course run (``index.course_runs``, with the funding rules of every listing). Then query
latency of sort=price against the profile-aware free_for_me + sort=my_cost. Prints Markdown.

    .venv/bin/python scripts/bench_course_runs.py --offers 5000 --duplicates 0.3 --queries 100
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from catalogue.model import Offer  # noqa: E402
from catalogue.store import SQLiteStore  # noqa: E402
from dedup import recompute_clusters  # noqa: E402
from funding import Profile  # noqa: E402
from index.course_runs import course_runs  # noqa: E402
from index.profile import query_for_profile  # noqa: E402
from index.search_query import SearchQuery, SortOrder  # noqa: E402
from index.tantivy import TantivyIndex  # noqa: E402


def _bench_index():
    spec = importlib.util.spec_from_file_location("bench_index", ROOT / "scripts/bench_index.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def with_duplicates(offers: Iterator[Offer], share: float, seed: int = 3) -> list[Offer]:
    """Every offer with an ODB number; ``share`` of them listed again by the opleidingsdatabank
    or Cevora (another source, the same ODB number: one course run)."""
    rnd = random.Random(seed)
    out = []
    for i, offer in enumerate(offers):
        data = offer.model_dump(exclude={"id", "content_hash"})
        data["identifiers"] = [{"scheme": "odb", "value": f"ODB-{i:07d}"}]
        out.append(Offer.model_validate(data))
        if rnd.random() < share:
            data = dict(data, source=rnd.choice(["odb", "cevora"]))
            data["url"] = f"https://example.org/{data['source']}/{i}"
            out.append(Offer.model_validate(data))
    return out


def latency(engine: TantivyIndex, queries: list[SearchQuery]) -> tuple[float, float]:
    times = []
    for q in queries:
        started = time.perf_counter()
        engine.search(q)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--offers", type=int, default=5000)
    parser.add_argument("--duplicates", type=float, default=0.3)
    parser.add_argument("--queries", type=int, default=100)
    args = parser.parse_args()
    bench = _bench_index()
    today = bench.TODAY
    offers = with_duplicates(bench.synthetic_offers(args.offers), args.duplicates)
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "catalogue.sqlite3")
        store.migrate()
        store.upsert_offers(offers)
        started = time.perf_counter()
        stats = recompute_clusters(store)
        cluster_s = time.perf_counter() - started

        per_offer = TantivyIndex(Path(tmp) / "per-offer", today=lambda: today)
        started = time.perf_counter()
        per_offer.rebuild(s.offer for s in store.iter_offers())  # reading the store included
        offer_s = time.perf_counter() - started

        started = time.perf_counter()
        runs = list(course_runs(store, today))
        runs_s = time.perf_counter() - started
        per_run = TantivyIndex(Path(tmp) / "per-run", today=lambda: today)
        started = time.perf_counter()
        result = per_run.rebuild(runs)
        run_s = time.perf_counter() - started

        rnd = random.Random(5)
        profile = Profile(status="employee", joint_committee="200")
        texts = [rnd.choice(bench.TOPICS) for _ in range(args.queries)]
        price = [SearchQuery(q=t, sort=SortOrder.PRICE) for t in texts]
        mine = [
            query_for_profile(
                SearchQuery(q=t, sort=SortOrder.MY_COST, free_for_me=rnd.random() < 0.5),
                profile,
                today,
            )
            for t in texts
        ]
        latency(per_run, price[:10])  # warm up
        price_ms = latency(per_run, price)
        mine_ms = latency(per_run, mine)
        store.close()
    print(f"machine: {bench.machine()}")
    print(
        f"{len(offers)} offers -> {result.bulk.indexed} course runs "
        f"({stats.merged} offers in a cluster of two or more)\n"
    )
    print("| step | seconds |")
    print("| --- | --- |")
    print(f"| recompute_clusters (context) | {cluster_s:.1f} |")
    print(f"| rebuild, one document per offer | {offer_s:.1f} |")
    print(f"| course_runs(store) read (cluster views + listings) | {runs_s:.1f} |")
    print(f"| rebuild, one document per course run (funding rules per listing) | {run_s:.1f} |")
    print("\n| query (tantivy, per-run index) | median ms | p95 ms |")
    print("| --- | --- | --- |")
    print(f"| text, sort=price | {price_ms[0]:.1f} | {price_ms[1]:.1f} |")
    print(
        f"| text, PC 200 profile, sort=my_cost (half free_for_me) | {mine_ms[0]:.1f} | "
        f"{mine_ms[1]:.1f} |"
    )


if __name__ == "__main__":
    main()
