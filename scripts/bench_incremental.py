"""First crawl vs second crawl of unchanged fixture sites (docs/benchmarks.md, "Incremental
crawling"): every source of the registry crawled offline twice into a fresh store; per pass the
requests, pages answered in full (200), 304s, pages skipped by sitemap lastmod, offers seen,
and time.

    .venv/bin/python scripts/bench_incremental.py [--delay 0.5] [--source KEY ...]

``--delay`` sets Scrapy's DOWNLOAD_DELAY (live crawls wait 2 s per request per host): with a
delay the second pass's saving is mostly requests never made (sitemap lastmod).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.settings import Settings
from crawlers.jobs import crawl_sources
from crawlers.sources import load_registry


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--source", action="append", default=[])
    args = parser.parse_args()
    registry = load_registry()
    sources = [registry.get(k) for k in args.source] or list(registry.sources.values())
    overrides = {"DOWNLOAD_DELAY": args.delay, "AUTOTHROTTLE_START_DELAY": args.delay}
    with tempfile.TemporaryDirectory() as tmp:
        app = Settings(data_dir=Path(tmp))
        rows = []
        for label in ("first", "second"):
            started = time.monotonic()
            reports = crawl_sources(sources, app=app, offline=True, overrides=overrides)
            wall = time.monotonic() - started
            total = {"requests": 0, "200": 0, "304": 0, "lastmod": 0, "offers": 0}
            for r in reports:
                total["requests"] += r.stats.get("downloader/request_count", 0)
                total["200"] += r.stats.get("downloader/response_status_count/200", 0)
                total["304"] += r.stats.get("downloader/response_status_count/304", 0)
                total["lastmod"] += r.unchanged_by_sitemap
                total["offers"] += r.offers_seen
            bad = [f"{r.source}: {r.outcome}" for r in reports if r.outcome != "good"]
            rows.append((label, wall, total, bad))
    print(
        "| pass | wall s | requests | pages in full (200) | 304 | skipped by lastmod"
        " | offers seen |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, wall, t, bad in rows:
        print(
            f"| {label} | {wall:.1f} | {t['requests']} | {t['200']} | {t['304']} | {t['lastmod']}"
            f" | {t['offers']} |" + (f" not good: {bad}" if bad else "")
        )


if __name__ == "__main__":
    main()
