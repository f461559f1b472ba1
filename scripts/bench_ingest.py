"""End-to-end ingest throughput on a synthetic catalogue (``catalogue.synthetic``), per stage:

    generate (raw dicts, as a spider yields them) → validate (``Offer.model_validate``)
    → tag (``taxonomy.tagging.tag_offer``, ESCO loaded) → store (``upsert_offers`` in batches)
    → cluster (``leeraanbod dedup``: ``recompute_clusters(store)``, the same course listed by
    several sources) → index (the ``leeraanbod index rebuild`` path: one document per course
    run, ``course_runs(store, today)`` into ``open_index(settings).rebuild``)

``--database-url postgresql://…`` ingests into that store instead of the data directory's
SQLite file (PostgreSQL vs SQLite, docs/benchmarks.md); ``--store-only`` runs generate →
validate → store and nothing else (no taxonomy needed). With PostgreSQL the CPU column counts
this process only, not the server's.

``--no-cluster`` skips the cluster stage and indexes one document per offer (each offer its own
course run), as before schema 2, for comparison.

Offers stream through in batches, so memory stays flat whatever ``--offers`` is. The store and
the index land in ``--data-dir`` (default ``var/scale-<n>``, gitignored), ready for
``scripts/bench_api.py --data-dir``. Prints a Markdown table and the command that reproduces it.

    .venv/bin/python scripts/bench_ingest.py --offers 100000
    .venv/bin/python scripts/bench_ingest.py --offers 10000 --profile tag   # cProfile one stage
    .venv/bin/python scripts/bench_ingest.py --offers 100000 --store-only \
        --database-url "postgresql:///leeraanbod?host=/tmp/pg"            # PostgreSQL
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_index import dir_size, load_average, machine  # noqa: E402

from catalogue.model import Offer  # noqa: E402
from catalogue.store import open_store  # noqa: E402
from catalogue.synthetic import generate_offer_data  # noqa: E402
from core.settings import Settings  # noqa: E402
from dedup import recompute_clusters  # noqa: E402
from index import open_index  # noqa: E402
from index.course_runs import course_runs  # noqa: E402
from taxonomy.bundled import install_snapshot  # noqa: E402
from taxonomy.core import build_taxonomy, store_path  # noqa: E402
from taxonomy.importing.run import import_all  # noqa: E402
from taxonomy.tagging import tag_offer  # noqa: E402

STAGES = ("setup", "generate", "validate", "tag", "store", "cluster", "index")
TODAY = date(2026, 11, 2)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Timer:
    """Seconds per stage; one stage can run under cProfile."""

    def __init__(self, profile: str | None) -> None:
        self.seconds = dict.fromkeys(STAGES, 0.0)
        self.cpu = dict.fromkeys(STAGES, 0.0)  # process CPU time: steadier on a shared machine
        self.profile = profile
        self.profiler = cProfile.Profile() if profile else None

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        profiling = self.profiler is not None and name == self.profile
        if profiling:
            self.profiler.enable()
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.seconds[name] += time.perf_counter() - t0
            self.cpu[name] += time.process_time() - c0
            if profiling:
                self.profiler.disable()


def batches(count: int, size: int, seed: int) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for data in generate_offer_data(count, seed, TODAY):
        batch.append(data)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def store_size(store: object, data_dir: Path) -> float:
    """MB on disk: the SQLite files, or PostgreSQL's offers table with its indexes."""
    from catalogue.store.postgres import PostgresStore

    if isinstance(store, PostgresStore):
        row = store._conn.execute("SELECT pg_total_relation_size('offers')").fetchone()
        return row[0] / 1e6
    return sum(f.stat().st_size for f in data_dir.glob("catalogue.sqlite3*")) / 1e6


def report_store_only(
    args: argparse.Namespace, timer: Timer, total_s: float, store_mb: float, load_before: str
) -> None:
    n = args.offers
    engine = "PostgreSQL" if args.database_url else "SQLite"
    print(f"machine: {machine()}; load average {load_before} before, {load_average()} after")
    print(f"{n:,} offers into {engine}; store {store_mb:.0f} MB\n")
    print("| stage | wall s | offers/s | CPU s (this process) |")
    print("| --- | --- | --- | --- |")
    for name in ("generate", "validate", "store"):
        s, c = timer.seconds[name], timer.cpu[name]
        print(f"| {name} | {s:.1f} | {n / s:,.0f} | {c:.1f} |")
    print(f"| **end to end** | **{total_s:.1f}** | **{n / total_s:,.0f}** | |")
    url = " --database-url URL" if args.database_url else ""
    print(
        f"\ncommand: .venv/bin/python scripts/bench_ingest.py --offers {n} --batch {args.batch}"
        f" --store-only{url}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=1000, help="offers per upsert_offers call")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--data-dir", type=Path, help="default var/scale-<offers>")
    parser.add_argument(
        "--taxonomy-dir",
        type=Path,
        help="import official ESCO/ISCED-F/VDAB files from here (default: the bundled snapshot)",
    )
    parser.add_argument("--profile", choices=STAGES, help="print the cProfile of one stage")
    parser.add_argument(
        "--no-cluster", action="store_true", help="no dedup; one document per offer"
    )
    parser.add_argument("--database-url", help="the store (default: SQLite in the data dir)")
    parser.add_argument(
        "--store-only", action="store_true", help="generate, validate, store; no tag/cluster/index"
    )
    args = parser.parse_args()
    data_dir = args.data_dir or ROOT / "var" / f"scale-{args.offers}"
    if data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True)
    settings = Settings(
        data_dir=data_dir,
        taxonomy_dir=args.taxonomy_dir,
        search_backend="tantivy",
        database_url=args.database_url,
    )
    load_before = load_average()

    timer = Timer(args.profile)
    total_start = time.perf_counter()  # setup (taxonomy import, tagger build) is on the clock
    taxonomy = None
    if not args.store_only:
        with timer.stage("setup"):
            taxonomy_file = store_path(settings)
            if args.taxonomy_dir:
                import_all(taxonomy_file, args.taxonomy_dir)  # official files, as the CLI does
            else:
                install_snapshot(taxonomy_file)  # ESCO as `leeraanbod init` installs it
            taxonomy = build_taxonomy(taxonomy_file)
            taxonomy.tagger  # noqa: B018 - the automata, built once per process
    setup_s = timer.seconds["setup"]
    rss_setup = peak_rss_mb()

    store = open_store(settings.store_url)
    store.migrate()
    stored = 0
    gen = batches(args.offers, args.batch, args.seed)
    while True:
        with timer.stage("generate"):
            raw = next(gen, None)
        if raw is None:
            break
        with timer.stage("validate"):
            offers = [Offer.model_validate(d) for d in raw]
        if taxonomy is not None:
            with timer.stage("tag"):
                offers = [tag_offer(o, taxonomy) for o in offers]
        with timer.stage("store"):
            result = store.upsert_offers(offers)
        stored += result.inserted + result.updated + result.unchanged
    rss_store = peak_rss_mb()
    store_mb = store_size(store, data_dir)
    if args.store_only:
        store.close()
        report_store_only(args, timer, time.perf_counter() - total_start, store_mb, load_before)
        return
    clusters = None
    if not args.no_cluster:
        with timer.stage("cluster"):
            clusters = recompute_clusters(store)
    with timer.stage("index"):
        index = open_index(settings)
        documents = (
            (s.offer for s in store.iter_offers()) if args.no_cluster else course_runs(store, TODAY)
        )
        built = index.rebuild(documents)
        index.close()
    total_s = time.perf_counter() - total_start
    store.close()
    runs = clusters.clusters if clusters is not None else args.offers
    assert stored == args.offers and built.bulk.indexed == runs, (built.bulk.indexed, runs)

    n = args.offers
    sqlite_mb = sum(f.stat().st_size for f in data_dir.glob("catalogue.sqlite3*")) / 1e6
    index_mb = dir_size(settings.index_dir) / 1e6
    print(f"machine: {machine()}; load average {load_before} before, {load_average()} after")
    if clusters is not None:
        print(
            f"dedup: {clusters.offers:,} offers in {clusters.clusters:,} course runs "
            f"({clusters.merged:,} offers share a run with another)"
        )
    print(
        f"{n:,} offers; setup (ESCO install + load + tagger build, on the clock) {setup_s:.1f} s"
        f" (peak RSS "
        f"{rss_setup:.0f} MB); store {sqlite_mb:.0f} MB, tantivy index {index_mb:.0f} MB; "
        f"process peak RSS {rss_store:.0f} MB after storing, {peak_rss_mb():.0f} MB at the end\n"
    )
    print("| stage | wall s | offers/s | share | CPU s | offers per CPU s |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name in STAGES:
        s, c = timer.seconds[name], timer.cpu[name]
        if s == 0:
            continue
        print(f"| {name} | {s:.1f} | {n / s:,.0f} | {s / total_s:.0%} | {c:.1f} | {n / c:,.0f} |")
    cpu = sum(timer.cpu.values())
    print(
        f"| **end to end** | **{total_s:.1f}** | **{n / total_s:,.0f}** | | **{cpu:.1f}** "
        f"| **{n / cpu:,.0f}** |"
    )
    command = f".venv/bin/python scripts/bench_ingest.py --offers {n} --batch {args.batch}"
    command += " --no-cluster" if args.no_cluster else ""
    command += f" --taxonomy-dir {args.taxonomy_dir}" if args.taxonomy_dir else ""
    print(f"\ncommand: {command}")
    if timer.profiler is not None:
        print(f"\ncProfile of the {args.profile} stage (top 25 by cumulative time):")
        pstats.Stats(timer.profiler).sort_stats("cumulative").print_stats(25)
    sys.stdout.flush()
    os.sync()


if __name__ == "__main__":
    main()
