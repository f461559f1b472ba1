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

import _thread
import argparse
import cProfile
import os
import pstats
import resource
import shutil
import sys
import threading
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


class MemoryGuard:
    """Stops the run (KeyboardInterrupt in the main thread) when the process's resident memory
    passes ``limit_mb``: on a shared machine a stage that outgrows the RAM must not take the
    others down with it. The peak it saw, per stage, is reported."""

    def __init__(self, limit_mb: float, timer: Timer) -> None:
        self.limit_mb = limit_mb
        self.timer = timer
        self.stage = "setup"
        self.tripped: str | None = None
        self.peak: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(0.5):
            rss = rss_mb()
            self.peak[self.stage] = max(self.peak.get(self.stage, 0.0), rss)
            if rss > self.limit_mb and self.tripped is None:
                self.tripped = f"resident memory {rss:,.0f} MB > {self.limit_mb:,.0f} MB"
                _thread.interrupt_main()

    def stop(self) -> None:
        self._stop.set()


def rss_mb() -> float:
    with open(f"/proc/{os.getpid()}/status") as status:
        for line in status:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
    return 0.0


def default_limit_mb() -> float:
    """Half the machine's RAM."""
    with open("/proc/meminfo") as meminfo:
        total_kb = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
    return total_kb / 1024 / 2


def progress(what: str, started: float, guard: MemoryGuard | None) -> None:
    rss = f"; RSS {rss_mb():,.0f} MB" if guard else ""
    clock = time.strftime("%H:%M:%S", time.gmtime())
    print(
        f"  [{clock}] {what} at {time.perf_counter() - started:,.0f} s"
        f"{rss}; load average {load_average()}",
        flush=True,
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
    parser.add_argument(
        "--reuse-store",
        action="store_true",
        help="the data dir's store already holds the offers (an earlier run): cluster and index",
    )
    parser.add_argument(
        "--max-rss-mb",
        type=float,
        default=default_limit_mb(),
        help="stop the run when the process's resident memory passes this (default: half the RAM)",
    )
    parser.add_argument(
        "--progress", type=int, default=100_000, help="print a progress line every N offers"
    )
    args = parser.parse_args()
    data_dir = args.data_dir or ROOT / "var" / f"scale-{args.offers}"
    if data_dir.exists() and not args.reuse_store:
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    settings = Settings(
        data_dir=data_dir,
        taxonomy_dir=args.taxonomy_dir,
        search_backend="tantivy",
        database_url=args.database_url,
    )
    load_before = load_average()
    print(f"machine: {machine()}; load average {load_before} at the start", flush=True)
    timer = Timer(args.profile)
    guard = MemoryGuard(args.max_rss_mb, timer)
    state: dict = {"stored": 0, "clusters": None, "built": None, "rss_store": 0.0}
    total_start = time.perf_counter()  # setup (taxonomy import, tagger build) is on the clock
    try:
        run(args, settings, timer, guard, state, total_start)
    except KeyboardInterrupt:
        if guard.tripped is None:
            raise
    finally:
        guard.stop()
    total_s = time.perf_counter() - total_start
    if args.store_only and guard.tripped is None:
        report_store_only(args, timer, total_s, state["store_mb"], load_before)
        return
    report(args, settings, timer, guard, state, total_s, load_before)
    if guard.tripped:
        sys.exit(2)


def run(
    args: argparse.Namespace,
    settings: Settings,
    timer: Timer,
    guard: MemoryGuard,
    state: dict,
    started: float,
) -> None:
    taxonomy = None
    if not args.store_only and not args.reuse_store:
        with timer.stage("setup"):
            taxonomy_file = store_path(settings)
            if args.taxonomy_dir:
                import_all(taxonomy_file, args.taxonomy_dir)  # official files, as the CLI does
            else:
                install_snapshot(taxonomy_file)  # ESCO as `leeraanbod init` installs it
            taxonomy = build_taxonomy(taxonomy_file)
            taxonomy.tagger  # noqa: B018 - the automata, built once per process
        state["rss_setup"] = peak_rss_mb()
        progress("setup done", started, guard)

    store = open_store(settings.store_url)
    store.migrate()
    if args.reuse_store:
        state["stored"] = sum(store.count_offers().values())
        print(f"  reusing the store: {state['stored']:,} offers", flush=True)
    else:
        guard.stage = "store"
        gen = batches(args.offers, args.batch, args.seed)
        next_report = args.progress
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
            state["stored"] += result.inserted + result.updated + result.unchanged
            if state["stored"] >= next_report:
                progress(f"{state['stored']:,} offers stored", started, guard)
                next_report += args.progress
    state["rss_store"] = peak_rss_mb()
    state["store_mb"] = store_size(store, settings.data_dir)
    if args.store_only:
        store.close()
        return
    try:
        if not args.no_cluster:
            guard.stage = "cluster"
            with timer.stage("cluster"):
                state["clusters"] = recompute_clusters(store)
            progress("clustered", started, guard)
        guard.stage = "index"
        with timer.stage("index"):
            index = open_index(settings)
            documents = (
                (s.offer for s in store.iter_offers())
                if args.no_cluster
                else course_runs(store, TODAY)
            )
            state["built"] = index.rebuild(documents)
            index.close()
        progress("indexed", started, guard)
    finally:
        store.close()


def report(
    args: argparse.Namespace,
    settings: Settings,
    timer: Timer,
    guard: MemoryGuard,
    state: dict,
    total_s: float,
    load_before: str,
) -> None:
    n = args.offers
    clusters, built = state["clusters"], state["built"]
    if guard.tripped is None:
        runs = clusters.clusters if clusters is not None else n
        assert state["stored"] == n and built.bulk.indexed == runs, (built.bulk.indexed, runs)
    data_dir = settings.data_dir
    sqlite_mb = sum(f.stat().st_size for f in data_dir.glob("catalogue.sqlite3*")) / 1e6
    index_mb = dir_size(settings.index_dir) / 1e6 if settings.index_dir.exists() else 0.0
    print(f"\nmachine: {machine()}; load average {load_before} before, {load_average()} after")
    if guard.tripped:
        print(
            f"**stopped in the {guard.stage} stage**: {guard.tripped} (--max-rss-mb), after "
            f"{timer.seconds[guard.stage]:.0f} s in it; the table holds the stages so far"
        )
    if clusters is not None:
        print(
            f"dedup: {clusters.offers:,} offers in {clusters.clusters:,} course runs "
            f"({clusters.merged:,} offers share a run with another)"
        )
    peaks = ", ".join(f"{k} {v:,.0f} MB" for k, v in guard.peak.items())
    print(
        f"{n:,} offers; setup (ESCO install + load + tagger build, on the clock) "
        f"{timer.seconds['setup']:.1f} s; store {sqlite_mb:.0f} MB, tantivy index "
        f"{index_mb:.0f} MB; process peak RSS {peak_rss_mb():,.0f} MB (per stage: {peaks})\n"
    )
    print("| stage | wall s | offers/s | share | CPU s | offers per CPU s |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name in STAGES:
        s, c = timer.seconds[name], timer.cpu[name]
        if s == 0:
            continue
        print(
            f"| {name} | {s:.1f} | {n / s:,.0f} | {s / total_s:.0%} | {c:.1f} "
            f"| {n / max(c, 1e-9):,.0f} |"
        )
    cpu = sum(timer.cpu.values())
    print(
        f"| **end to end** | **{total_s:.1f}** | **{n / total_s:,.0f}** | | **{cpu:.1f}** "
        f"| **{n / cpu:,.0f}** |"
    )
    command = f".venv/bin/python scripts/bench_ingest.py --offers {n} --batch {args.batch}"
    command += " --no-cluster" if args.no_cluster else ""
    command += " --reuse-store" if args.reuse_store else ""
    command += f" --taxonomy-dir {args.taxonomy_dir}" if args.taxonomy_dir else ""
    print(f"\ncommand: {command}")
    if timer.profiler is not None:
        print(f"\ncProfile of the {args.profile} stage (top 25 by cumulative time):")
        pstats.Stats(timer.profiler).sort_stats("cumulative").print_stats(25)
    sys.stdout.flush()
    os.sync()


if __name__ == "__main__":
    main()
