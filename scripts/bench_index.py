"""Search index benchmark: tantivy and OpenSearch side by side, in the same run, on the same
synthetic catalogue (``catalogue.synthetic``) and the same queries.

For each size: index build time, size on disk and peak memory during the build; query latency
median / p95 / p99 for: text; text + 2 filters + 3 facets; text + all facets (the API default);
geo (postcode + 20 km, nearest first); suggest; cross-lingual (French/English words for
concepts the offers carry). Prints Markdown tables for docs/benchmarks.md, the load average
beside every size, and the command that reproduces them.

    LEERAANBOD_OPENSEARCH_PORT=9287 scripts/opensearch start
    LEERAANBOD_OPENSEARCH_URL=http://127.0.0.1:9287 .venv/bin/python scripts/bench_index.py \
        --offers 10000 100000 --queries 200
    LEERAANBOD_OPENSEARCH_PORT=9287 scripts/opensearch stop

Without LEERAANBOD_OPENSEARCH_URL only tantivy runs. ``--data-dir`` keeps the (largest)
tantivy index as ``<data-dir>/index`` beside an empty catalogue store, so that
``scripts/bench_api.py --data-dir`` can serve it (serving memory at 1M offers).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import random
import shutil
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from catalogue.model import Competence, CompetenceMethod, Offer
from catalogue.synthetic import PROVIDERS, flemish_places, generate_offers, query_terms
from index.base import SearchIndex
from index.opensearch import OpenSearchIndex
from index.search_query import FacetField, SearchQuery
from index.tantivy import TantivyIndex
from index.vocabulary import Vocabulary, default_vocabulary

TODAY = date(2026, 11, 2)
SEED = 7
# French and English words for concepts the synthetic offers carry (lassen, boekhouden ...)
CROSS_LINGUAL = (
    "welding",
    "soudage",
    "bookkeeping",
    "comptabilité",
    "programming",
    "programmation",
    "safety",
    "sécurité",
    "Dutch",
    "néerlandais",
)


class TimedOffers:
    """The synthetic offers, with the competences the search vocabulary finds in each title
    (as the tagger would give them), and the time spent making them."""

    def __init__(self, count: int, vocabulary: Vocabulary) -> None:
        self.count = count
        self.vocabulary = vocabulary
        self.seconds = 0.0

    def __iter__(self) -> Iterator[Offer]:
        made: dict[str, list[Competence]] = {}
        offers = generate_offers(self.count, SEED, TODAY)
        while True:
            t0 = time.perf_counter()
            offer = next(offers, None)
            if offer is None:
                return
            competences = made.get(offer.title)
            if competences is None:
                competences = made[offer.title] = [
                    Competence(concept_id=c, score=1.0, method=CompetenceMethod.LABEL)
                    for c in sorted(self.vocabulary.concepts_for(offer.title))
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


def query_mix(n: int, seed: int = 11) -> dict[str, list[Callable[[SearchIndex], Any]]]:
    """``n`` queries of each class, the same for every engine."""
    rnd = random.Random(seed)
    terms = query_terms()
    postcodes = [postcode for postcode, _, _ in flemish_places()]
    sources = [source for source, _ in PROVIDERS]
    few = [FacetField.PROVIDER, FacetField.FUNDING_SCHEME, FacetField.PROVINCE]
    mix: dict[str, list[Callable[[SearchIndex], Any]]] = {
        "text": [],
        "text + 2 filters + 3 facets": [],
        "text + all facets": [],
        "geo 20 km, nearest first": [],
        "suggest": [],
        "cross-lingual": [],
    }
    for _ in range(n):
        term = rnd.choice(terms)
        q = SearchQuery(q=term, facets=[])
        f = SearchQuery(
            q=term, sources=[rnd.choice(sources)], delivery_modes=["classroom"], facets=few
        )
        a = SearchQuery(q=term)
        g = SearchQuery(postcode=rnd.choice(postcodes), radius_km=20, sort="distance", facets=[])
        x = SearchQuery(q=rnd.choice(CROSS_LINGUAL), facets=few)
        prefix = term[:3]
        mix["text"].append(lambda e, q=q: e.search(q))
        mix["text + 2 filters + 3 facets"].append(lambda e, f=f: e.search(f))
        mix["text + all facets"].append(lambda e, a=a: e.search(a))
        mix["geo 20 km, nearest first"].append(lambda e, g=g: e.search(g))
        mix["suggest"].append(lambda e, p=prefix: e.suggest(p))
        mix["cross-lingual"].append(lambda e, x=x: e.search(x))
    return mix


def measure(engine: SearchIndex, mix: dict, warmup: int = 20) -> dict[str, tuple[float, ...]]:
    """Median, p95, p99 in ms, the mean number of hits, and the median CPU time of this
    process per query (the whole cost for the embedded engine, only the client's for a
    server) per query class."""
    out = {}
    for name, calls in mix.items():
        for call in calls[:warmup]:
            call(engine)
        times, hits, cpu = [], [], []
        for call in calls:
            t0, c0 = time.perf_counter(), time.process_time()
            result = call(engine)
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            hits.append(result.total if hasattr(result, "total") else len(result))
        out[name] = (
            statistics.median(times),
            percentile(times, 95),
            percentile(times, 99),
            statistics.mean(hits),
            statistics.median(cpu),
            tuple(hits),  # per query, to compare the engines' answers
        )
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


def bench_tantivy(
    n: int, vocabulary: Vocabulary, mix: dict, threads: int, directory: Path
) -> tuple[dict[str, str], dict]:
    engine = TantivyIndex(directory, vocabulary, today=lambda: TODAY, writer_threads=threads)
    offers = TimedOffers(n, vocabulary)
    with PeakRss(os.getpid()) as memory:
        t0 = time.perf_counter()
        built = engine.rebuild(offers)
        build_s = time.perf_counter() - t0
    assert built.bulk.indexed == n, built.bulk.errors
    row = {
        "build": build_cell(build_s, offers.seconds, n),
        "size": f"{dir_size(directory / 'builds') / 1e6:,.0f} MB",
        "memory": memory.cell(os.getpid(), "process"),
    }
    results = measure(engine, mix)
    engine.close()
    return row, results


def bench_opensearch(n: int, vocabulary: Vocabulary, mix: dict, url: str) -> tuple[dict, dict]:
    alias = f"bench-{os.getpid()}"
    engine = OpenSearchIndex.connect(
        url, alias, vocabulary, today=lambda: TODAY, replicas=0, timeout=60
    )
    pid = opensearch_pid(url)
    try:
        offers = TimedOffers(n, vocabulary)
        with PeakRss(*([pid] if pid else [])) as memory:
            t0 = time.perf_counter()
            built = engine.rebuild(offers)
            build_s = time.perf_counter() - t0
        assert built.bulk.indexed == n, list(built.bulk.errors.items())[:3]
        engine.adapter.request(
            "POST", f"/{alias}/_forcemerge", params={"max_num_segments": 1}, timeout=1800
        )
        stats = engine.stats()
        row = {
            "build": build_cell(build_s, offers.seconds, n),
            "size": f"{(stats.size_bytes or 0) / 1e6:,.0f} MB (after force-merge)",
            "memory": memory.cell(pid, "JVM (-Xmx from OPENSEARCH_HEAP)") if pid else "n/a",
        }
        return row, measure(engine, mix)
    finally:
        engine.adapter.request("DELETE", f"/{alias}-*", params={"expand_wildcards": "all"})
        engine.close()


def keep_for_serving(built: Path, data_dir: Path) -> None:
    """Move a tantivy index to ``<data_dir>/index`` beside an empty, migrated store."""
    from catalogue.store import open_store
    from core.settings import Settings

    settings = Settings(data_dir=data_dir)
    shutil.rmtree(settings.index_dir, ignore_errors=True)
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.move(str(built), settings.index_dir)
    store = open_store(settings.store_url)
    store.migrate()
    store.close()


def print_size(n: int, load: str, rows: dict, results: dict, queries: int) -> None:
    engines = list(results)
    print(f"\n### {n:,} offers (load average {load}; {queries} queries of each class)\n")
    print("| | " + " | ".join(engines) + " |")
    print("| --- |" + " --- |" * len(engines))
    for key in ("build", "size", "memory"):
        print(f"| {key} | " + " | ".join(rows[e][key] for e in engines) + " |")
    for name in next(iter(results.values())):
        cells = [
            "{:.1f} / {:.1f} / {:.1f} ms ({:,.0f} hits; CPU {:.1f} ms)".format(
                *results[e][name][:5]
            )
            for e in engines
        ]
        print(f"| {name} (median / p95 / p99) | " + " | ".join(cells) + " |", flush=True)
    if len(engines) == 2:  # the same queries over the same corpus: do the counts agree?
        a, b = (results[e] for e in engines)
        differ = {
            name: sum(x != y for x, y in zip(a[name][5], b[name][5], strict=True)) for name in a
        }
        print(
            "\nqueries whose hit count differs between the engines: "
            + ", ".join(f"{name} {count}/{len(a[name][5])}" for name, count in differ.items())
        )


class _Skip(Exception):
    """Leave tantivy out (--opensearch-only)."""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--offers", type=int, nargs="+", default=[100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--threads", type=int, default=1, help="tantivy writer threads")
    parser.add_argument("--tantivy-only", action="store_true")
    parser.add_argument("--opensearch-only", action="store_true", help="skip tantivy")
    parser.add_argument(
        "--opensearch-max", type=int, default=10**9, help="skip OpenSearch above this size"
    )
    parser.add_argument("--data-dir", type=Path, help="keep the largest tantivy index here")
    args = parser.parse_args()
    url = None if args.tantivy_only else os.environ.get("LEERAANBOD_OPENSEARCH_URL")
    vocabulary = default_vocabulary()
    mix = query_mix(args.queries)
    print(f"machine: {machine()}; Python {platform.python_version()}")
    for n in args.offers:
        load = load_average()
        rows: dict[str, dict[str, str]] = {}
        results: dict[str, dict] = {}
        tmp = Path(tempfile.mkdtemp(prefix="bench-index-"))
        try:
            if args.opensearch_only:
                raise _Skip
            rows["tantivy"], results["tantivy"] = bench_tantivy(
                n, vocabulary, mix, args.threads, tmp
            )
            if args.data_dir and n == max(args.offers):
                keep_for_serving(tmp, args.data_dir)
        except _Skip:
            pass
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        if results:
            load = f"{load} at the start, {load_average()} at the end"
            print_size(n, load, rows, results, args.queries)  # tantivy's figures first
        if url and n <= args.opensearch_max:
            load = load_average()
            try:
                rows["opensearch"], results["opensearch"] = bench_opensearch(
                    n, vocabulary, mix, url
                )
            except Exception as exc:  # the tantivy figures above stand; say what failed
                print(f"\nOpenSearch at {n:,} offers failed: {type(exc).__name__}: {exc}"[:500])
                continue
            load = f"{load} at the start, {load_average()} at the end"
            print_size(n, load, rows, results, args.queries)
    sizes = " ".join(str(n) for n in args.offers)
    env = f"LEERAANBOD_OPENSEARCH_URL={url} " if url else ""
    print(
        f"\ncommand: {env}.venv/bin/python scripts/bench_index.py --offers {sizes} "
        f"--queries {args.queries}"
        + (f" --opensearch-max {args.opensearch_max}" if args.opensearch_max < 10**9 else "")
        + (f" --data-dir {args.data_dir}" if args.data_dir else "")
        + (" --tantivy-only" if args.tantivy_only else "")
        + (" --opensearch-only" if args.opensearch_only else "")
    )


if __name__ == "__main__":
    main()
