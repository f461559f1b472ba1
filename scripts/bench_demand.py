"""The demand log's cost: counting in the request path, and flushing/pruning in the background.

    .venv/bin/python scripts/bench_demand.py [--records 200000] [--queries 2000] [--days 90]

1. ``record()`` per call, one thread and eight threads (the request path: normalise + count);
2. one flush of ``--queries`` distinct counters into a file already holding ``--days`` days of
   ``--queries`` rows each (the background thread's transaction), with and without the prune;
3. reading the 30-day report data (``DemandStore.published``) from that file;
4. with ``--app DATA_DIR`` (a store and index, e.g. from ``leeraanbod demo --no-serve``): CPU
   time per ``/api/v1/search`` request through the Flask test client, demand log on and off.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

from demand.log import DemandLog, utc_today
from demand.store import DemandStore

DAY = date(2026, 11, 2)
WORDS = [
    "lassen",
    "heftruck",
    "excel",
    "boekhouden",
    "vca",
    "nt2",
    "elektriciteit",
    "zorg",
    "project",
    "gfa",
    "python",
]


def query_mix(n: int, rng: random.Random) -> list[str]:
    return [f"{rng.choice(WORDS)} {rng.choice(WORDS)} {i}x" for i in range(n)]


def bench_record(records: int, queries: list[str], threads: int, path: Path) -> float:
    log = DemandLog(DemandStore(path), flush_seconds=3600, flush_entries=10**9)
    rng = random.Random(1)
    texts = [rng.choice(queries).title() for _ in range(records)]  # folded on record
    per_thread = records // threads

    def run(part: list[str]) -> None:
        for i, text in enumerate(part):
            log.record(text, i % 3, ("province",) if i % 4 == 0 else ())

    workers = [
        threading.Thread(target=run, args=(texts[i * per_thread : (i + 1) * per_thread],))
        for i in range(threads)
    ]
    start = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - start
    log._stop.set()  # no final flush: the file is not part of this measurement
    return elapsed / (per_thread * threads) * 1e6


def bench_app(data_dir: Path, requests: int) -> None:
    import os

    from core.settings import Settings
    from web import create_app
    from web.demand import demand_log

    with tempfile.TemporaryDirectory() as folder:
        for on in (True, False, True, False):
            settings = Settings(
                data_dir=data_dir,
                web_rate_limit="1000000/minute",
                demand_log=on,
                demand_path=Path(folder) / "demand.sqlite3",
            )
            app = create_app({"SETTINGS": settings})
            client = app.test_client()
            words = [f"{w} {i}" for i, w in enumerate(WORDS * 20)]
            for word in words[:20]:  # warm up: engine, taxonomy, caches
                client.get(f"/api/v1/search?q={word}")
            start = os.times()
            for i in range(requests):
                client.get(f"/api/v1/search?q={words[i % len(words)]}")
            end = os.times()
            cpu = (end.user - start.user + end.system - start.system) / requests * 1000
            counted = ""
            if (log := demand_log(app)) is not None:
                log.close()  # writes what it counted (not timed)
                today = utc_today()
                counted = f", {log.store.published(today, today).searches} in the file"
            state = "on " if on else "off"
            print(f"/api/v1/search, demand log {state}: {cpu:.2f} ms CPU/request{counted}")
            app.extensions["leeraanbod"].close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=2_000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--app", type=Path, help="a data dir: time the API with the log on/off")
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    if args.app:
        bench_app(args.app, args.requests)
        return
    rng = random.Random(7)
    queries = query_mix(args.queries, rng)
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder) / "scratch.sqlite3"
        for threads in (1, 8):
            micro = bench_record(args.records, queries, threads, scratch)
            print(f"record(): {micro:.2f} µs per search ({threads} thread(s))")

        store = DemandStore(Path(folder) / "demand.sqlite3", retention_days=args.days)
        start = time.perf_counter()
        for offset in range(args.days - 1, 0, -1):
            day = DAY - timedelta(days=offset)
            batch = {(day, q, rng.random() < 0.2): rng.randint(1, 9) for q in queries}
            store.add(batch, {(day, "filter:province"): 10}, day, prune=False)
        print(
            f"filled {args.days - 1} days × {args.queries} queries in "
            f"{time.perf_counter() - start:.1f} s; file "
            f"{store.path.stat().st_size / 1e6:.1f} MB"
        )
        batch = {(DAY, q, rng.random() < 0.2): rng.randint(1, 9) for q in queries}
        for prune in (False, True):
            start = time.perf_counter()
            store.add(batch, {(DAY, "filter:province"): 10}, DAY, prune=prune)
            took = (time.perf_counter() - start) * 1000
            print(f"flush of {len(batch)} counters{' + prune' if prune else ''}: {took:.0f} ms")
        start = time.perf_counter()
        data = store.published(DAY - timedelta(days=29), DAY)
        took = (time.perf_counter() - start) * 1000
        print(f"published(30 days): {took:.0f} ms, {len(data.queries)} queries above threshold")


if __name__ == "__main__":
    main()
