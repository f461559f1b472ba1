"""The SME view (``/api/v1/sme``, ``/kmo``) at catalogue scale: the old full scan against the
index's candidates, first request and cached, through the real app.

A synthetic catalogue (``catalogue.synthetic``, sector-fund options for many committees) with
``--duplicates`` of its offers listed again by a second source goes into a fresh SQLite store
in a temporary data directory. The duplicate pairs are stored as clusters directly
(``set_clusters``: the state ``recompute_clusters`` leaves, without its minutes at 100k;
``--recompute`` runs the real thing), then one tantivy document per course run is indexed
(the representative as ``dedup.representative`` chooses it, as
``index.course_runs`` does). Then, per joint committee:

- full scan: ``index.sme.full_scan_sme_view`` (what ``sme_response`` did: every live offer of
  the store through ``funding.sme_view``), once; its groups are compared with the new path's;
- candidates: ``course_run_ids`` of the committee's filter (tantivy);
- first request: ``GET /api/v1/sme`` on a fresh app (index candidates, store reads,
  estimates, the first page of 100 courses per area as JSON), then ``/kmo`` (the answer
  cached, the HTML rendered once);
- cached: the same requests ``--repeat`` times (median, p95). "listings" counts each course
  with its other listings (``also_via``, over ``per_area=1000`` pages).

    .venv/bin/python scripts/bench_sme.py --offers 10000
    .venv/bin/python scripts/bench_sme.py --offers 100000 --full-scan 149.01
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from catalogue.model import Offer  # noqa: E402
from catalogue.store import SQLiteStore  # noqa: E402
from catalogue.synthetic import generate_offers  # noqa: E402
from core.settings import Settings  # noqa: E402
from dedup import recompute_clusters, representative  # noqa: E402
from funding import sme_rule_ids  # noqa: E402
from index.documents import CourseRun  # noqa: E402
from index.plan import sme_candidates_filter  # noqa: E402
from index.sme import full_scan_sme_view, indexed_sme_view  # noqa: E402
from index.tantivy import TantivyIndex  # noqa: E402

TODAY = date(2026, 11, 1)  # the generator's day: sessions around it
COMMITTEES = ("200", "124", "112", "149.01", "118", "329.01")
BATCH = 2000


def machine() -> str:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return f"{cpu}, {os.cpu_count()} cores"


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def catalogue(count: int, share: float, seed: int = 42) -> Iterator[tuple[Offer, Offer | None]]:
    """Each synthetic offer with an ODB number, and ``share`` of them a second listing of the
    same run by another source (without the funding option half of the time)."""
    rnd = random.Random(seed + 1)
    for i, offer in enumerate(generate_offers(count, seed=seed, today=TODAY)):
        data = offer.model_dump(exclude={"id", "content_hash"})
        data["identifiers"] = [{"scheme": "odb", "value": f"ODB-{i:07d}"}]
        first = Offer.model_validate(data)
        again = None
        if rnd.random() < share:
            other = dict(data, source=rnd.choice(["odb", "cevora", "volta", "educam"]))
            other["url"] = f"https://example.org/{other['source']}/{i}"
            if rnd.random() < 0.5:
                other["funding"] = []
            again = Offer.model_validate(other)
        yield first, again


def build(data_dir: Path, count: int, share: float, recompute: bool) -> dict[str, float]:
    timings: dict[str, float] = {}
    store = SQLiteStore(data_dir / "catalogue.sqlite3")
    store.migrate()
    started = time.perf_counter()
    runs: list[tuple[Offer, ...]] = []
    batch: list[Offer] = []
    for first, again in catalogue(count, share):
        runs.append((first, again) if again else (first,))
        batch.extend(o for o in (first, again) if o is not None)
        if len(batch) >= BATCH:
            store.upsert_offers(batch)
            batch = []
    store.upsert_offers(batch)
    timings["generate + store"] = time.perf_counter() - started
    started = time.perf_counter()
    if recompute:
        recompute_clusters(store)
        clusters = store.all_clusters()
        members: dict[str, list[str]] = {}
        for offer_id, cluster_id in clusters.items():
            members.setdefault(cluster_id, []).append(offer_id)
        by_id = {o.id: o for run in runs for o in run}
        runs = [tuple(by_id[i] for i in sorted(ids)) for ids in members.values()]
        clustered = {i for ids in members.values() for i in ids}
        runs += [(o,) for o in by_id.values() if o.id not in clustered]
    else:
        store.set_clusters(
            {
                o.id or "": ("cl-" + hashlib.sha256(run[0].id.encode()).hexdigest()[:16], "odb")
                for run in runs
                if len(run) > 1 and run[0].id
                for o in run
            }
        )
    timings["cluster"] = time.perf_counter() - started
    started = time.perf_counter()
    clusters = store.all_clusters()

    def course_runs() -> Iterator[CourseRun]:
        for run in runs:
            best, _ = representative(run, TODAY)
            rest = sorted((o for o in run if o.id != best.id), key=lambda o: (o.source, o.id))
            cluster_id = clusters.get(best.id or "", best.id or "")
            yield CourseRun(cluster_id=cluster_id, offers=(best, *rest))

    engine = TantivyIndex(data_dir / "index", today=lambda: TODAY)
    result = engine.rebuild(course_runs())
    assert not result.bulk.errors, list(result.bulk.errors.items())[:3]
    timings["index (course runs)"] = time.perf_counter() - started
    timings["offers"] = sum(len(r) for r in runs)
    timings["runs"] = len(runs)
    engine.close()
    store.close()
    return timings


def rss_mb() -> float:
    """This process's resident memory now (the app with its cached answers and page)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--offers", type=int, default=10_000)
    parser.add_argument("--duplicates", type=float, default=0.2)
    parser.add_argument("--committees", nargs="+", default=list(COMMITTEES))
    parser.add_argument(
        "--full-scan",
        nargs="*",
        default=None,
        help="committees to time the old full scan for (default: all of --committees)",
    )
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--recompute", action="store_true", help="run recompute_clusters")
    parser.add_argument("--data-dir", type=Path, help="keep the catalogue here (default: temp)")
    args = parser.parse_args()
    full_scan = args.committees if args.full_scan is None else args.full_scan

    from web import create_app  # late: its import loads Flask and the translations

    with tempfile.TemporaryDirectory() as tmp:
        data_dir = args.data_dir or Path(tmp)
        print(f"machine: {machine()}; load average at start: {load()}")
        built = build(data_dir, args.offers, args.duplicates, args.recompute)
        print(
            f"{int(built['offers'])} offers in {int(built['runs'])} course runs; "
            + ", ".join(f"{k} {v:.1f} s" for k, v in built.items() if k not in ("offers", "runs"))
        )
        settings = Settings(data_dir=data_dir, web_rate_limit="1000000/minute")
        today = date.today()
        rows = []
        for committee in args.committees:
            store = SQLiteStore(data_dir / "catalogue.sqlite3")
            engine = TantivyIndex(data_dir / "index", today=lambda: TODAY)
            flt = sme_candidates_filter(sme_rule_ids(committee, today), committee)
            started = time.perf_counter()
            runs = engine.course_run_ids(flt)
            runs_ms = (time.perf_counter() - started) * 1000
            full_s = None
            if committee in full_scan:
                started = time.perf_counter()
                full = full_scan_sme_view(store, committee, today)
                full_s = time.perf_counter() - started
                fast = indexed_sme_view(engine, store, committee, today)
                assert [g.model_dump() for g in fast] == [g.model_dump() for g in full], committee
            store.close()
            engine.close()
            app = create_app({"TESTING": False, "SETTINGS": settings})
            app.extensions["leeraanbod"].warm_up()
            client = app.test_client()
            url = f"/api/v1/sme?joint_committee={committee}"
            started = time.perf_counter()
            response = client.get(url)
            first_s = time.perf_counter() - started
            assert response.status_code == 200, response.status_code
            body = response.get_json()
            courses = sum(a["total"] for a in body["areas"])
            listings, page_no = 0, 1
            while True:  # every page of 1,000 per area (cached): each course and its also_via
                part = client.get(f"{url}&per_area=1000&page={page_no}").get_json()
                found = [c for a in part["areas"] for c in a["courses"]]
                if not found:
                    break
                listings += sum(1 + len(c["also_via"]) for c in found)
                page_no += 1
            cached = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                client.get(url)
                cached.append(time.perf_counter() - started)
            page = f"/kmo?joint_committee={committee}"
            started = time.perf_counter()
            assert client.get(page).status_code == 200  # the answer cached, the HTML not yet
            page_first = time.perf_counter() - started
            page_cached = []
            for _ in range(max(3, args.repeat // 5)):
                started = time.perf_counter()
                client.get(page)
                page_cached.append(time.perf_counter() - started)
            app.extensions["leeraanbod"].close()
            rows.append(
                (
                    committee,
                    len(runs),
                    runs_ms,
                    courses,
                    listings,
                    len(response.data),
                    full_s,
                    first_s,
                    statistics.median(cached),
                    percentile(cached, 0.95),
                    page_first,
                    percentile(page_cached, 0.95),
                    rss_mb(),
                )
            )
            print(f"  PC {committee} done (load {load()})", flush=True)
    print(f"load average at the end: {load()}\n")
    print(
        "| PC | candidate runs (ms) | courses (listings) | JSON bytes, first page "
        "| old full scan s | new first request s "
        "| cached median ms | cached p95 ms | /kmo first render s | /kmo cached p95 ms | RSS MB |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        pc, runs, runs_ms, courses, listings, size, full_s, first_s, med, p95, pfirst, pp95, rss = (
            row
        )
        full_txt = f"{full_s:.2f}" if full_s is not None else "–"
        print(
            f"| {pc} | {runs:,} ({runs_ms:.0f}) | {courses:,} ({listings:,}) | {size:,} "
            f"| {full_txt} | {first_s:.2f} "
            f"| {med * 1000:.1f} | {p95 * 1000:.1f} | {pfirst:.2f} | {pp95 * 1000:.1f} "
            f"| {rss:.0f} |"
        )


if __name__ == "__main__":
    main()
