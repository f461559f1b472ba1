"""The Europass ELM export of a synthetic catalogue: time and peak memory (RSS), streamed.

A synthetic catalogue (``catalogue.synthetic``, seed 42) goes into a fresh SQLite store; then
a child process (so that its peak RSS is the export's, not the generator's) streams
``europass.export.export_store`` from the store to a file, the path of the CLI
``leeraanbod export elm`` and of ``GET /api/v1/export?format=elm``, and reports wall time,
time to the first chunk, bytes and peak RSS (``ru_maxrss``) before and after. Validation
against loq.xsd (``europass.validation_errors``, streaming) is timed on the export of a
``--validate``-offer catalogue (about 3 ms of CPU per offer: libxml2 scans the 16,000 EU
languages for each language value). CPU seconds are given beside wall time: on the shared
machine the process gets a fraction of a core.
Prints a Markdown table row and the command that reproduces it.

    .venv/bin/python scripts/bench_export.py --offers 100000 --validate 2000
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_index import load_average, machine  # noqa: E402

from catalogue.runs import RunStats  # noqa: E402
from catalogue.store import SQLiteStore  # noqa: E402
from catalogue.synthetic import generate_offers  # noqa: E402

BATCH = 1000


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fill_store(path: Path, n: int) -> float:
    started = time.perf_counter()
    store = SQLiteStore(path)
    store.migrate()
    offers = generate_offers(n)
    by_source: dict[str, int] = {}
    while batch := list(islice(offers, BATCH)):
        for source in sorted({o.source for o in batch}):
            if source not in by_source:
                by_source[source] = store.start_run(source)
        store.upsert_offers(batch)
    for run in by_source.values():
        store.finish_run(run, RunStats(pages=1, items_seen=n, items_valid=n))
    store.close()
    return time.perf_counter() - started


def export_child(store_path: Path, out: Path) -> dict:
    """In this process: stream the export to ``out``; time and memory as JSON."""
    from europass import ExportReport
    from europass import vocabularies as cv
    from europass.export import export_store
    from taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    for name in cv.LISTS:  # the lists load once per process; count them in the baseline
        cv.allowed(name)
    store = SQLiteStore(store_path)
    baseline = rss_mb()
    report = ExportReport()
    cpu = cpu_s()
    started = time.perf_counter()
    first = None
    size = 0
    with out.open("wb") as f:
        for chunk in export_store(store, None, taxonomy, report):
            if first is None:
                first = time.perf_counter() - started
            f.write(chunk)
            size += len(chunk)
    seconds = time.perf_counter() - started
    store.close()
    return {
        "offers": report.exported,
        "sessions": report.sessions,
        "skipped": report.skipped_count,
        "seconds": seconds,
        "cpu_s": cpu_s() - cpu,
        "first_chunk_s": first,
        "bytes": size,
        "baseline_mb": baseline,
        "peak_mb": rss_mb(),
    }


def validate_child(path: Path) -> dict:
    from europass import loq_schema, validation_errors

    loq_schema()
    baseline = rss_mb()
    cpu = cpu_s()
    started = time.perf_counter()
    errors = validation_errors(path)
    return {
        "errors": errors,
        "seconds": time.perf_counter() - started,
        "cpu_s": cpu_s() - cpu,
        "baseline_mb": baseline,
        "peak_mb": rss_mb(),
    }


def child(*args: str) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--validate", type=int, default=2000, help="offers in the validated sample")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, a, b = args.child
        result = export_child(Path(a), Path(b)) if kind == "export" else validate_child(Path(a))
        print(json.dumps(result))
        return

    print(f"machine: {machine()}; load average {load_average()}", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="bench-export-") as tmp:
        rows = []
        sizes = sorted({args.offers, args.validate} - {0})
        for n in sizes:
            store_path = Path(tmp) / f"catalogue-{n}.sqlite3"
            out = Path(tmp) / f"elm-{n}.xml"
            filled = fill_store(store_path, n)
            result = child("--child", "export", str(store_path), str(out))
            result["fill_s"] = filled
            if n == args.validate:
                result["validation"] = child("--child", "validate", str(out), "-")
            rows.append(result)
            out.unlink()
            store_path.unlink()
            print(json.dumps(result), file=sys.stderr)
    print(
        f"\n    .venv/bin/python scripts/bench_export.py --offers {args.offers} "
        f"--validate {args.validate}\n"
    )
    print(f"{machine()}; load average at the end {load_average()}\n")
    print(
        "| offers (sessions) | store fill s | export s (CPU s) | offers/CPU s | first chunk ms "
        "| MB written | RSS before → peak MB | validate s (CPU s, RSS peak MB) |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        v = r.get("validation")
        valid = (
            f"{v['seconds']:,.1f} ({v['cpu_s']:,.1f}, {v['peak_mb']:,.0f})"
            f"{' INVALID' if v['errors'] else ''}"
            if v
            else "–"
        )
        print(
            f"| {r['offers']:,} ({r['sessions']:,}) | {r['fill_s']:,.0f} "
            f"| {r['seconds']:,.1f} ({r['cpu_s']:,.1f}) "
            f"| {r['offers'] / r['cpu_s']:,.0f} | {r['first_chunk_s'] * 1000:,.0f} "
            f"| {r['bytes'] / 1e6:,.0f} | {r['baseline_mb']:,.0f} → {r['peak_mb']:,.0f} "
            f"| {valid} |"
        )


if __name__ == "__main__":
    main()
