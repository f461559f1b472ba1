"""Search index benchmark: tantivy and OpenSearch side by side, in the same run, on the same
synthetic catalogue (``catalogue.synthetic``) and the same never-repeated queries.

For each size: index build time, size on disk and peak memory during the build; query latency
median / p95 / p99 per query class of ``scripts/query_stream.py`` (the 200 judged relevance
queries × filters × places × sort orders × pages, and suggest prefixes), every search with the
API's default facets (all of them). No search is sent twice (asserted), and by default the
engines run **without their caches** (tantivy's facet, text-count and result caches set to 0;
OpenSearch has none of its own); ``--cached`` adds, beside the uncached figures, the same
stream through a tantivy engine with its caches (first sight: only another page or sort
order of a search seen before is served from them) and that stream replayed (every answer
cached: what the recorded figures before issue 21 mostly measured).

The vocabulary is the imported taxonomy's (the bundled ESCO snapshot, installed as
``leeraanbod init`` does: ~77k concept labels) and the offers carry the concepts the tagger
gives them (``tag_offer``, as the ingest does); installing ESCO and building the tagger are
timed and printed beside the tables. Prints Markdown tables for docs/benchmarks.md, the load
average beside every size, and the command that reproduces them.

    LEERAANBOD_OPENSEARCH_URL=http://127.0.0.1:9250 .venv/bin/python scripts/bench_index.py \
        --offers 10000 100000 --queries 300 --cached

Without LEERAANBOD_OPENSEARCH_URL only tantivy runs. ``--keep DIR`` keeps each size's tantivy
index (and OpenSearch index) with its build figures, and ``--reuse`` then times the queries
on them without building again (build while the machine is busy, time it when it is quiet).
``--data-dir`` keeps the (largest) tantivy index as ``<data-dir>/index`` beside an empty
catalogue store, so that ``scripts/bench_api.py --data-dir`` can serve it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
for path in (ROOT, ROOT / "scripts"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from query_stream import CLASSES, Search, assert_unique, stream  # noqa: E402

from catalogue.model import Offer  # noqa: E402
from catalogue.synthetic import generate_offers  # noqa: E402
from index.base import SearchIndex  # noqa: E402
from index.opensearch import OpenSearchIndex  # noqa: E402
from index.tantivy import TantivyIndex  # noqa: E402
from index.vocabulary import default_vocabulary  # noqa: E402

TODAY = date(2026, 11, 2)
SEED = 7
WARMUP = 20  # searches per class before the clock (not repeated in the timed ones)


class Setup:
    """The taxonomy the benchmark searches with: the bundled ESCO snapshot installed into a
    store, its vocabulary (the engines') and its tagger (the offers' concepts), timed."""

    def __init__(self, esco: bool, directory: Path) -> None:
        self.taxonomy: Any = None
        self.seconds: dict[str, float] = {}
        if not esco:
            self.vocabulary = default_vocabulary()
            return
        from core.settings import Settings
        from index.vocabulary import load_vocabulary
        from taxonomy.bundled import install_snapshot
        from taxonomy.core import build_taxonomy, store_path

        settings = Settings(data_dir=directory)
        t0 = time.perf_counter()
        install_snapshot(store_path(settings))
        t1 = time.perf_counter()
        self.taxonomy = build_taxonomy(store_path(settings))
        self.taxonomy.tagger  # noqa: B018 - built once, as in a crawler or the ingest
        t2 = time.perf_counter()
        self.vocabulary = load_vocabulary(settings)
        t3 = time.perf_counter()
        self.seconds = {"install ESCO": t1 - t0, "taxonomy + tagger": t2 - t1}
        self.seconds["vocabulary"] = t3 - t2
        assert len(self.vocabulary.concept_labels) > 10_000, "the ESCO vocabulary did not load"

    def describe(self) -> str:
        labels = len(self.vocabulary.concept_labels)
        if not self.seconds:
            return f"vocabulary: the built-in default ({labels} labels), concepts from titles"
        timed = ", ".join(f"{k} {v:.1f} s" for k, v in self.seconds.items())
        return (
            f"vocabulary: the bundled ESCO snapshot ({labels:,} concept labels), offers tagged "
            f"by its tagger (`tag_offer`); setup, outside the tables: {timed}"
        )


class TimedOffers:
    """The synthetic offers, tagged as the ingest tags them (or, with the default vocabulary,
    with the concepts it finds in each title), and the time spent making them."""

    def __init__(self, count: int, setup: Setup) -> None:
        self.count = count
        self.setup = setup
        self.seconds = 0.0

    def __iter__(self) -> Iterator[Offer]:
        from catalogue.model import Competence, CompetenceMethod
        from taxonomy.tagging import tag_offer

        made: dict[str, list[Competence]] = {}
        offers = generate_offers(self.count, SEED, TODAY)
        taxonomy, vocabulary = self.setup.taxonomy, self.setup.vocabulary
        while True:
            t0 = time.perf_counter()
            offer = next(offers, None)
            if offer is None:
                return
            if taxonomy is not None:
                offer = tag_offer(offer, taxonomy)
            else:
                competences = made.get(offer.title)
                if competences is None:
                    competences = made[offer.title] = [
                        Competence(concept_id=c, score=1.0, method=CompetenceMethod.LABEL)
                        for c in sorted(vocabulary.concepts_for(offer.title))
                    ]
                if competences:
                    offer = offer.model_copy(update={"competences": competences})
            self.seconds += time.perf_counter() - t0
            yield offer


class PeakRss:
    """Samples the resident memory of some processes every 50 ms while in the block."""

    def __init__(self, *pids: int) -> None:
        self.pids = pids
        self.peak = dict.fromkeys(pids, 0)
        self.before = {pid: rss_kb(pid) for pid in pids}
        self._stop = threading.Event()

    def __enter__(self) -> PeakRss:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            for pid in self.pids:
                self.peak[pid] = max(self.peak[pid], rss_kb(pid))

    def cell(self, pid: int, what: str) -> str:
        peak, before = self.peak[pid] / 1024, self.before[pid] / 1024
        return f"{what} peak RSS {peak:,.0f} MB (+{peak - before:,.0f} MB)"


def rss_kb(pid: int) -> int:
    with contextlib.suppress(OSError, StopIteration):
        status = Path(f"/proc/{pid}/status").read_text()
        return int(next(x for x in status.splitlines() if x.startswith("VmRSS")).split()[1])
    return 0


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


Prepared = list[tuple[Search, Any]]  # a search and what the engine is called with


def query_mix(n: int, seed: int = 21) -> dict[str, Prepared]:
    """``WARMUP + n`` different searches of each class, the same for every engine; none occurs
    twice in the whole mix (asserted)."""
    mix = {kind: stream(kind, n + WARMUP, seed) for kind in CLASSES}
    assert_unique([search for searches in mix.values() for search in searches])
    return {
        kind: [(s, (s.prefix, s.limit) if kind == "suggest" else s.query()) for s in searches]
        for kind, searches in mix.items()
    }


def call(engine: SearchIndex, kind: str, argument: Any) -> int:
    """One search (or suggestion) and its number of hits."""
    if kind == "suggest":
        return len(engine.suggest(*argument))
    return engine.search(argument).total


class Timing:
    """Wall and CPU milliseconds of the timed calls of one class, and their hit counts."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []
        self.hits: list[int] = []

    def time(self, engine: SearchIndex, kind: str, argument: Any) -> None:
        t0, c0 = time.perf_counter(), time.process_time()
        hits = call(engine, kind, argument)
        self.wall.append((time.perf_counter() - t0) * 1000)
        self.cpu.append((time.process_time() - c0) * 1000)
        self.hits.append(hits)

    def cell(self) -> str:
        w = self.wall
        return (
            f"{statistics.median(w):.1f} / {percentile(w, 95):.1f} / {percentile(w, 99):.1f}"
            f" (CPU {statistics.median(self.cpu):.1f})"
        )


def measure(engine: SearchIndex, mix: dict[str, Prepared]) -> dict[str, Timing]:
    """Each class: ``WARMUP`` searches untimed, then the rest timed, each sent once."""
    out = {}
    for kind, searches in mix.items():
        for _, argument in searches[:WARMUP]:
            call(engine, kind, argument)
        timing = out[kind] = Timing()
        for _, argument in searches[WARMUP:]:
            timing.time(engine, kind, argument)
    return out


def measure_cached(engine: TantivyIndex, mix: dict[str, Prepared]) -> dict[str, dict[str, Any]]:
    """With the engine's caches: each search at first sight (only counts of the same search
    on another page or sort order can come from the caches), then at once again (the very
    same search: the result cache answers it)."""
    out: dict[str, dict[str, Any]] = {}
    caches = engine.caches
    for kind, searches in mix.items():
        for _, argument in searches[:WARMUP]:
            call(engine, kind, argument)
        first, again = Timing(), Timing()
        first_hits = 0
        for _, argument in searches[WARMUP:]:
            hits_before = caches.facets.hits + caches.results.hits
            first.time(engine, kind, argument)
            first_hits += caches.facets.hits + caches.results.hits - hits_before
            again.time(engine, kind, argument)  # at once: an LRU of 256 still holds it
        out[kind] = {"first": first, "again": again, "cache hits at first sight": first_hits}
    return out


def opensearch_pid(url: str) -> int | None:
    """The pid of the node ``scripts/opensearch`` started on the port of ``url``."""
    cache = Path(
        os.environ.get("LEERAANBOD_OPENSEARCH_CACHE", Path.home() / ".cache/leeraanbod/opensearch")
    )
    pidfile = cache / f"run-{urlsplit(url).port}" / "opensearch.pid"
    with contextlib.suppress(OSError, ValueError):
        return int(pidfile.read_text().strip())
    return None


def machine() -> str:
    cpu = platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = ""
    with contextlib.suppress(OSError, StopIteration):
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        total = next(line for line in meminfo if line.startswith("MemTotal"))
        mem = f", {int(total.split()[1]) / 1024 / 1024:.0f} GB RAM"
    return f"{cpu}, {os.cpu_count()} cores{mem}"


def load_average() -> str:
    """The 1/5/15-minute load averages, as uptime prints them."""
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def build_cell(build_s: float, generate_s: float, n: int) -> str:
    """Wall time of the rebuild, and of the indexing alone (without making the offers)."""
    own = max(build_s - generate_s, 0.001)
    return f"{build_s:,.0f} s; indexing alone {own:,.0f} s ({n / own:,.0f} offers/s)"


def kept(keep: Path | None, name: str) -> dict[str, str] | None:
    """The build figures ``--keep`` saved for ``name`` (None: build it)."""
    if keep is None or not (keep / f"{name}.json").exists():
        return None
    return json.loads((keep / f"{name}.json").read_text())


def build_tantivy(n: int, setup: Setup, threads: int, directory: Path) -> dict[str, str]:
    engine = TantivyIndex(directory, setup.vocabulary, today=lambda: TODAY, writer_threads=threads)
    offers = TimedOffers(n, setup)
    load = load_average()
    with PeakRss(os.getpid()) as memory:
        t0 = time.perf_counter()
        built = engine.rebuild(offers)
        build_s = time.perf_counter() - t0
    engine.close()
    assert built.bulk.indexed == n, built.bulk.errors
    return {
        "build": build_cell(build_s, offers.seconds, n),
        "size": f"{dir_size(directory / 'builds') / 1e6:,.0f} MB",
        "memory": memory.cell(os.getpid(), "process"),
        "load": f"{load} → {load_average()}",
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def query_tantivy(directory: Path, setup: Setup, mix: dict, cached: bool) -> dict[str, Any]:
    """The uncached figures (caches of size 0), and with ``cached`` the cached ones."""
    uncached = TantivyIndex(
        directory, setup.vocabulary, today=lambda: TODAY, facet_cache_size=0, result_cache_size=0
    )
    results: dict[str, Any] = {"uncached": measure(uncached, mix)}
    uncached.close()
    if cached:
        engine = TantivyIndex(directory, setup.vocabulary, today=lambda: TODAY)
        results["cached"] = measure_cached(engine, mix)
        engine.close()
    return results


def build_opensearch(n: int, setup: Setup, url: str, alias: str) -> dict[str, str]:
    engine = OpenSearchIndex.connect(
        url, alias, setup.vocabulary, today=lambda: TODAY, replicas=0, timeout=60
    )
    pid = opensearch_pid(url)
    offers = TimedOffers(n, setup)
    load = load_average()
    with PeakRss(*([pid] if pid else [])) as memory:
        t0 = time.perf_counter()
        built = engine.rebuild(offers)
        build_s = time.perf_counter() - t0
    assert built.bulk.indexed == n, list(built.bulk.errors.items())[:3]
    engine.adapter.request(
        "POST", f"/{alias}/_forcemerge", params={"max_num_segments": 1}, timeout=1800
    )
    stats = engine.stats()
    engine.close()
    return {
        "build": build_cell(build_s, offers.seconds, n),
        "size": f"{(stats.size_bytes or 0) / 1e6:,.0f} MB (after force-merge)",
        "memory": memory.cell(pid, "JVM") if pid else "n/a",
        "load": f"{load} → {load_average()}",
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def query_opensearch(url: str, alias: str, setup: Setup, mix: dict) -> dict[str, Any]:
    engine = OpenSearchIndex.connect(
        url, alias, setup.vocabulary, today=lambda: TODAY, replicas=0, timeout=60
    )
    try:
        return {"uncached": measure(engine, mix)}
    finally:
        engine.close()


def drop_opensearch(url: str, alias: str, setup: Setup) -> None:
    engine = OpenSearchIndex.connect(url, alias, setup.vocabulary, replicas=0, timeout=60)
    engine.adapter.request("DELETE", f"/{alias}-*", params={"expand_wildcards": "all"})
    engine.close()


def keep_for_serving(built: Path, data_dir: Path, copy: bool = False) -> None:
    """Move (or copy) a tantivy index to ``<data_dir>/index`` beside an empty, migrated
    store."""
    from catalogue.store import open_store
    from core.settings import Settings

    settings = Settings(data_dir=data_dir)
    shutil.rmtree(settings.index_dir, ignore_errors=True)
    data_dir.mkdir(parents=True, exist_ok=True)
    if copy:
        shutil.copytree(built, settings.index_dir, symlinks=True)  # `current` stays a link
    else:
        shutil.move(str(built), settings.index_dir)
    store = open_store(settings.store_url)
    store.migrate()
    store.close()


def print_size(n: int, load: str, rows: dict, results: dict, queries: int) -> None:
    engines = list(results)
    print(f"\n#### {n:,} offers\n")
    print("| | " + " | ".join(engines) + " |")
    print("| --- |" + " --- |" * len(engines))
    for key in ("build", "size", "memory", "load", "when"):
        label = {"load": "load average during the build", "when": "built"}.get(key, key)
        print(f"| {label} | " + " | ".join(rows[e].get(key, "–") for e in engines) + " |")
    columns = [(e, "uncached") for e in engines]
    if "tantivy" in results and "cached" in results["tantivy"]:
        columns[1:1] = [("tantivy", "first"), ("tantivy", "again")]
    titles = {
        "uncached": "uncached",
        "first": "cached, first sight",
        "again": "cached, the same search again",
    }
    print(
        f"\nQueries (load average {load}): {queries} never-repeated searches per class after "
        f"{WARMUP} others, all default facets; median / p95 / p99 ms (median CPU ms of this "
        "process: the whole cost for tantivy, the client's for OpenSearch)\n"
    )
    heads = [f"{e} {titles[m]}" for e, m in columns]
    print("| class | " + " | ".join(heads) + " | hits (mean) |")
    print("| --- |" + " --- |" * (len(columns) + 1))
    for kind in CLASSES:
        cells = []
        for engine, mode in columns:
            found = results[engine]["uncached" if mode == "uncached" else "cached"][kind]
            cells.append((found if mode == "uncached" else found[mode]).cell())
        hits = statistics.mean(results[engines[0]]["uncached"][kind].hits)
        print(f"| {kind} | " + " | ".join(cells) + f" | {hits:,.0f} |", flush=True)
    if "tantivy" in results and "cached" in results["tantivy"]:
        cached = results["tantivy"]["cached"]
        print(
            "\ntantivy cache hits at first sight (facet counts or whole answers): "
            + ", ".join(f"{k} {cached[k]['cache hits at first sight']}" for k in CLASSES)
        )
    if len(engines) == 2:  # the same queries over the same corpus: do the counts agree?
        a, b = (results[e]["uncached"] for e in engines)
        differ = {
            k: sum(x != y for x, y in zip(a[k].hits, b[k].hits, strict=True)) for k in CLASSES
        }
        print(
            "\nsearches whose hit count differs between the engines: "
            + ", ".join(f"{k} {count}/{len(a[k].hits)}" for k, count in differ.items())
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, nargs="+", default=[100_000])
    parser.add_argument("--queries", type=int, default=300, help="timed searches per class")
    parser.add_argument("--seed", type=int, default=21, help="of the query stream")
    parser.add_argument("--threads", type=int, default=1, help="tantivy writer threads")
    parser.add_argument("--cached", action="store_true", help="also with tantivy's caches")
    parser.add_argument("--tantivy-only", action="store_true")
    parser.add_argument("--opensearch-only", action="store_true", help="skip tantivy")
    parser.add_argument(
        "--opensearch-max", type=int, default=10**9, help="skip OpenSearch above this size"
    )
    parser.add_argument(
        "--default-vocabulary",
        action="store_true",
        help="the built-in 32-concept vocabulary instead of ESCO (the figures before issue 21)",
    )
    parser.add_argument("--keep", type=Path, help="keep the indexes and build figures here")
    parser.add_argument("--reuse", action="store_true", help="with --keep: do not build again")
    parser.add_argument("--build-only", action="store_true", help="with --keep: no queries")
    parser.add_argument("--data-dir", type=Path, help="keep the largest tantivy index here")
    args = parser.parse_args()
    if (args.reuse or args.build_only) and not args.keep:
        parser.error("--reuse and --build-only need --keep DIR")
    url = None if args.tantivy_only else os.environ.get("LEERAANBOD_OPENSEARCH_URL")
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-index-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        run(args, url, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, url: str | None, work: Path) -> None:
    setup = Setup(not args.default_vocabulary, work / "taxonomy")
    mix = query_mix(args.queries, args.seed)
    print(f"machine: {machine()}; Python {platform.python_version()}")
    print(setup.describe())
    for n in args.offers:
        rows: dict[str, dict[str, str]] = {}
        results: dict[str, dict] = {}
        load = load_average()
        if not args.opensearch_only:
            directory = work / f"tantivy-{n}"
            rows["tantivy"] = (kept(args.keep, f"tantivy-{n}") if args.reuse else None) or {}
            if not rows["tantivy"]:
                shutil.rmtree(directory, ignore_errors=True)
                rows["tantivy"] = build_tantivy(n, setup, args.threads, directory)
                (work / f"tantivy-{n}.json").write_text(json.dumps(rows["tantivy"]))
            if not args.build_only:
                results["tantivy"] = query_tantivy(directory, setup, mix, args.cached)
            if args.data_dir and n == max(args.offers):
                keep_for_serving(directory, args.data_dir, copy=bool(args.keep))
        if url and n <= args.opensearch_max:
            alias = f"bench-keep-{n}" if args.keep else f"bench-{os.getpid()}"
            try:
                rows["opensearch"] = (
                    kept(args.keep, f"opensearch-{n}") if args.reuse else None
                ) or {}
                if not rows["opensearch"]:
                    rows["opensearch"] = build_opensearch(n, setup, url, alias)
                    (work / f"opensearch-{n}.json").write_text(json.dumps(rows["opensearch"]))
                if not args.build_only:
                    results["opensearch"] = query_opensearch(url, alias, setup, mix)
            except Exception as exc:  # the tantivy figures stand; say what failed
                print(f"\nOpenSearch at {n:,} offers failed: {type(exc).__name__}: {exc}"[:500])
                rows.pop("opensearch", None)
            finally:
                if not args.keep:
                    drop_opensearch(url, alias, setup)
        if results:
            print_size(
                n, f"{load} at the start, {load_average()} at the end", rows, results, args.queries
            )
        elif rows:
            print(f"\n{n:,} offers built: {json.dumps(rows)}")
    sizes = " ".join(str(n) for n in args.offers)
    env = f"LEERAANBOD_OPENSEARCH_URL={url} " if url else ""
    print(
        f"\ncommand: {env}.venv/bin/python scripts/bench_index.py --offers {sizes} "
        f"--queries {args.queries}"
        + (" --cached" if args.cached else "")
        + (f" --seed {args.seed}" if args.seed != 21 else "")
        + (" --default-vocabulary" if args.default_vocabulary else "")
        + (f" --opensearch-max {args.opensearch_max}" if args.opensearch_max < 10**9 else "")
        + (f" --keep {args.keep}" if args.keep else "")
        + (" --reuse" if args.reuse else "")
        + (" --build-only" if args.build_only else "")
        + (f" --data-dir {args.data_dir}" if args.data_dir else "")
        + (" --tantivy-only" if args.tantivy_only else "")
        + (" --opensearch-only" if args.opensearch_only else "")
    )


if __name__ == "__main__":
    main()
