"""CPU time per UNCACHED search, per request class, and where it goes (cProfile).

Opens a data directory made by ``scripts/bench_ingest.py`` (store + tantivy index built with
the imported taxonomy's vocabulary) with every search cache off (``search_cache_size=0``),
and times never-repeated requests: the relevance queries (``tests/index/relevance``) crossed
with filters, pages and sorts, each sent once. Measures this process's CPU time
(``time.process_time``: every thread, the engine's pool too), not wall time — the machine is
shared. Classes:

* ``raw tantivy``: the baseline of issue #21 — the query text parsed by tantivy over title and
  description, one search of 20, the 20 stored documents read;
* ``engine text``: ``TantivyIndex.search`` without facets (what the raw search is compared to);
* ``engine text + filters + all facets``: the same with filters and the 11 default facets;
* ``API q``, ``API filters + facets``, ``API browse`` (no text), ``HTML page``: whole requests
  through the Flask app (test client: routing, parameters, engine, presenters, JSON/HTML).

    .venv/bin/python scripts/bench_ingest.py --offers 100000      # var/scale-100000
    .venv/bin/python scripts/profile_search.py --data-dir var/scale-100000 --queries 150
    .venv/bin/python scripts/profile_search.py --data-dir var/scale-100000 --profile "API q"
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import os
import pstats
import random
import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import tantivy  # noqa: E402

from core.settings import Settings  # noqa: E402
from index.search_query import SearchQuery  # noqa: E402
from tests.index.relevance.judgements import QUERIES  # noqa: E402
from web import create_app  # noqa: E402
from web.services import EXTENSION  # noqa: E402

SEED = 21
MODES = ("classroom", "online_live", "blended")
SORTS = ("relevance", "start_date", "price")


class Inline:
    """An executor that runs the call in the calling thread (cProfile sees one thread only)."""

    def submit(self, fn: Callable[[], Any]) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn())
        except BaseException as exc:
            future.set_exception(exc)
        return future


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def unique(rnd: random.Random, n: int, *axes: list[Any]) -> list[tuple[Any, ...]]:
    """``n`` different combinations of the axes, in random order (never one twice)."""
    combos = list(itertools.product(*axes))
    rnd.shuffle(combos)
    if len(combos) < n:
        raise SystemExit(f"only {len(combos)} different requests for {n}")
    return combos[:n]


def requests(n: int, provinces: list[str], sources: list[str]) -> dict[str, list[Any]]:
    """``n`` never-repeated requests per class (and none repeated across the classes that
    share a path)."""
    rnd = random.Random(SEED)
    texts = sorted({j.q for j in QUERIES})
    pages = [1, 2, 3]
    out: dict[str, list[Any]] = {}
    out["raw tantivy"] = rnd.sample(texts, min(n, len(texts)))  # as many texts as there are
    out["engine text"] = [
        SearchQuery(q=q, page=p, facets=[]) for q, p in unique(rnd, n, texts, pages)
    ]
    out["engine text + filters + all facets"] = [
        SearchQuery(q=q, delivery_modes=[m], provinces=[pr])
        for q, m, pr in unique(rnd, n, texts, list(MODES), provinces)
    ]
    out["API q"] = [
        "/api/v1/search?" + urlencode({"q": q, "page": p})
        for q, p in unique(rnd, n, texts, [1, 2, 4])
    ]
    out["API filters + facets"] = [
        "/api/v1/search?" + urlencode({"q": q, "delivery_modes": m, "sources": s})
        for q, m, s in unique(rnd, n, texts, list(MODES), sources)
    ]
    out["API browse"] = [
        "/api/v1/search?" + urlencode({"provinces": pr, "delivery_modes": m, "sort": s, "page": p})
        for pr, m, s, p in unique(rnd, n, provinces, list(MODES), list(SORTS), list(range(1, 6)))
    ]
    out["HTML page"] = [
        "/?" + urlencode({"q": q, "page": p}) for q, p in unique(rnd, n, texts, [1, 3, 5])
    ]
    return out


def raw_search(index: tantivy.Index, text: str) -> int:
    """Issue #21's baseline: tantivy's own query parser, one search, the stored documents."""
    searcher = index.searcher()
    query, _ = index.parse_query_lenient(text, ["title", "description"])  # "cours d'anglais"
    found = searcher.search(query, 20).hits
    for _, address in found:
        searcher.doc(address).to_dict()
    return len(found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=ROOT / "var" / "scale-100000")
    parser.add_argument("--queries", type=int, default=150, help="requests per class")
    parser.add_argument("--profile", help="cProfile this class (its name as printed)")
    parser.add_argument("--top", type=int, default=30, help="functions the profile prints")
    parser.add_argument("--only", nargs="*", help="run only these classes")
    args = parser.parse_args()

    settings = Settings(
        data_dir=args.data_dir, search_backend="tantivy", search_cache_size=0, demand_log=False
    )
    app = create_app({"SETTINGS": settings, "TESTING": True, "RATELIMIT_ENABLED": False})
    services = app.extensions[EXTENSION]
    services.preload()
    services.warm_up()
    guard = services.index
    engine = guard.open_now()
    if args.profile:
        guard._pool = Inline()  # the engine's calls in this thread, where cProfile looks
    client = app.test_client()
    landing = engine.search(SearchQuery(page_size=1))
    provinces = [c.value for c in landing.facets.get("province", [])]
    sources = [c.value for c in landing.facets.get("source", [])]
    raw_index = engine._current().index
    warm = SearchQuery(q="warm up", facets=[])
    engine.search(warm)
    client.get("/api/v1/search?q=opwarmen")
    client.get("/?q=opwarmen")

    calls: dict[str, Callable[[Any], Any]] = {
        "raw tantivy": lambda text: raw_search(raw_index, text),
        "engine text": engine.search,
        "engine text + filters + all facets": engine.search,
    }
    for name in ("API q", "API filters + facets", "API browse", "HTML page"):
        calls[name] = client.get

    load_before = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    docs = engine.stats().documents
    print(f"{docs:,} documents in {args.data_dir}; caches off; load average {load_before}")
    print("| class | requests | CPU ms p50 | CPU ms p95 | CPU ms mean |")
    print("| --- | --- | --- | --- | --- |")
    profiler = cProfile.Profile() if args.profile else None
    for name, items in requests(args.queries, provinces, sources).items():
        if args.only and name not in args.only:
            continue
        if args.profile and name != args.profile:
            continue
        call = calls[name]
        cpu: list[float] = []
        for item in items:
            if profiler is not None:
                profiler.enable()
            c0 = time.process_time()
            result = call(item)
            cpu.append((time.process_time() - c0) * 1000)
            if profiler is not None:
                profiler.disable()
            status = getattr(result, "status_code", 200)
            if status != 200:
                raise SystemExit(f"{name}: {item} answered {status}")
        if not cpu:
            continue
        print(
            f"| {name} | {len(cpu)} | {statistics.median(cpu):.2f} | {percentile(cpu, 95):.2f}"
            f" | {statistics.mean(cpu):.2f} |"
        )
    print(f"load average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    only = " --only " + " ".join(f'"{o}"' for o in args.only) if args.only else ""
    print(
        f"command: .venv/bin/python scripts/profile_search.py --data-dir {args.data_dir} "
        f"--queries {args.queries}{only}"
    )
    if profiler is not None:
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
