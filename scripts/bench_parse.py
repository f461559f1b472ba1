"""Detail-page parse throughput per core: the saved fixture pages of every spider parsed by
the spiders' own callbacks (HtmlResponse built in memory, no network), then cleaned and
validated into ``Offer`` as the pipelines do. Tagging is the taxonomy's benchmark, not this.

    .venv/bin/python scripts/bench_parse.py [--seconds 10]

Target: >= 200 pages/s on one core, so that crawling is bound by politeness, not CPU.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from catalogue.model import Offer
from crawlers.offline import FIXTURES_DIR
from crawlers.pipelines import CleanPipeline
from crawlers.registry import all_sources, spider_class


def detail_pages() -> list[tuple[object, str, bytes]]:
    """(spider, live URL, body) for every fixture page the spider treats as a detail page."""
    pages = []
    for name in all_sources(offline=True):
        cls = spider_class(name)
        live = cls.offline_live_base_url or cls.live_base_url
        kwargs = cls.offline_kwargs(live) if cls.fixture_folder else {}
        crawler = get_crawler(cls, {"LOG_LEVEL": "ERROR"})
        spider = cls.from_crawler(crawler, today="2024-09-01", **kwargs)
        crawler.spider = spider
        crawler.stats.open_spider()
        root = FIXTURES_DIR / (cls.fixture_folder or name)
        for path in sorted(root.rglob("*.html")):
            rel = path.relative_to(root).as_posix().removesuffix(".html")
            url = f"{live}/{rel}"
            if "__" in rel or not spider.is_detail_url(url):
                continue
            pages.append((spider, url, path.read_bytes()))
    return pages


def parse_all(pages: list[tuple[object, str, bytes]], cleaner: dict) -> int:
    offers = 0
    for spider, url, body in pages:
        response = HtmlResponse(url, body=body, encoding="utf-8", request=Request(url))
        for item in spider.parse_detail_page(response):  # type: ignore[attr-defined]
            Offer.model_validate(cleaner[spider].process_item(item))
            offers += 1
    return offers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="how long to measure")
    args = parser.parse_args()
    pages = detail_pages()
    cleaner = {spider: CleanPipeline(spider.crawler) for spider, _, _ in pages}
    parse_all(pages, cleaner)  # warm up: imports, regex compilation, dateparser cache
    rounds = n_pages = n_offers = 0
    started = time.perf_counter()
    while time.perf_counter() - started < args.seconds:
        n_offers += parse_all(pages, cleaner)
        n_pages += len(pages)
        rounds += 1
    elapsed = time.perf_counter() - started
    spiders = len({type(s).__name__ for s, _, _ in pages})
    print(
        f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}"
    )
    print(f"{len(pages)} detail pages of {spiders} spiders, {rounds} rounds in {elapsed:.1f} s")
    print(f"{n_pages / elapsed:.0f} pages/s on one core ({n_offers / elapsed:.0f} offers/s)")


if __name__ == "__main__":
    main()
