#!/usr/bin/env python3
"""Taxonomy benchmarks: ESCO import time and peak memory; load time; tagging throughput.

    .venv/bin/python scripts/bench_taxonomy.py [--shared ../shared/taxonomy] [--offers 5000]

Times are CPU seconds of this process (time.process_time), so other jobs on a shared
machine do not distort them. Runs in one process, import first, so the peak RSS after the
import is the import's peak (plus the interpreter). Tagging runs on one core over the
labelled offers of tests/taxonomy/files/eval_offers.yaml, repeated; 'long' joins six
descriptions into one (~460 characters, closer to a real course page).
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from taxonomy.core import build_taxonomy  # noqa: E402
from taxonomy.importing.run import import_all  # noqa: E402
from taxonomy.tagging import tag_offer  # noqa: E402
from tests.factories import make_offer  # noqa: E402


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "taxonomy")
    parser.add_argument("--offers", type=int, default=5000)
    args = parser.parse_args()
    print(f"machine: {platform.processor() or platform.machine()}, python {sys.version.split()[0]}")

    before = rss_mb()
    store = Path(tempfile.mkdtemp()) / "taxonomy.sqlite3"
    started = time.process_time()
    report = import_all(store, args.shared)
    seconds = time.process_time() - started
    print(
        f"import (ESCO + ISCED-F + VDAB): {seconds:.2f} s, peak RSS {rss_mb():.0f} MB "
        f"(interpreter before import {before:.0f} MB), store {store.stat().st_size / 1e6:.1f} MB"
    )
    print(f"  {report.summary()}")

    started = time.process_time()
    taxonomy = build_taxonomy(store)
    loaded = time.process_time() - started
    started = time.process_time()
    tagger = taxonomy.tagger
    built = time.process_time() - started
    print(
        f"load store: {loaded:.2f} s ({len(taxonomy)} concepts); build tagger: {built:.2f} s; "
        f"peak RSS {rss_mb():.0f} MB"
    )

    offers = yaml.safe_load((ROOT / "tests/taxonomy/files/eval_offers.yaml").read_text("utf-8"))
    short = [(o["title"], o.get("description", ""), o.get("lang", "nl")) for o in offers]
    long = [
        (title, " ".join(short[(i + j) % len(short)][1] for j in range(6)), lang)
        for i, (title, _, lang) in enumerate(short)
    ]
    for name, sample in (("short", short), ("long", long)):
        chars = sum(len(t) + len(d) for t, d, _ in sample) / len(sample)
        for title, description, lang in sample:  # warm the caches once
            tagger.tag(title, description, lang)
        started = time.process_time()
        for i in range(args.offers):
            title, description, lang = sample[i % len(sample)]
            tagger.tag(title, description, lang)
        rate = args.offers / (time.process_time() - started)
        print(f"Tagger.tag, {name} offers (~{chars:.0f} chars): {rate:,.0f} offers/s on one core")

    models = [make_offer(title=t, description=d) for t, d, _ in long]
    n = min(args.offers, 2000)
    started = time.process_time()
    for i in range(n):
        tag_offer(models[i % len(models)], taxonomy)
    rate = n / (time.process_time() - started)
    print(f"tag_offer (Offer in, validated Offer out), long offers: {rate:,.0f} offers/s")


if __name__ == "__main__":
    main()
