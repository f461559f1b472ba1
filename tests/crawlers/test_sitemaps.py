"""Sitemap handling in process: gzip-compressed sitemaps, bounded decompression, bad XML."""

from __future__ import annotations

import gzip

from scrapy.http import Response
from scrapy.utils.test import get_crawler

from crawlers.spiders.vdab import VdabSpider

URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://www.vdab.be/opleidingen/aanbod/750417/cursus/148076/Ontwikkelaar-ANDERLECHT</loc></url>
  <url><loc>https://www.vdab.be/vindeenopleiding/opleidingen</loc></url>
</urlset>"""


def spider(**settings: object) -> VdabSpider:
    crawler = get_crawler(VdabSpider, {"DOWNLOAD_MAXSIZE": 10_000, **settings})
    crawler.stats.open_spider()
    s = VdabSpider.from_crawler(crawler)
    crawler.spider = s
    return s


def parse(s: VdabSpider, body: bytes) -> list[str]:
    response = Response("https://www.vdab.be/sitemap.xml.gz", body=body)
    return [r.url for r in s.parse_sitemap(response)]


def test_gzipped_sitemap_yields_detail_requests_only() -> None:
    assert parse(spider(), gzip.compress(URLSET)) == [
        "https://www.vdab.be/opleidingen/aanbod/750417/cursus/148076/Ontwikkelaar-ANDERLECHT"
    ]


def test_gzipped_sitemap_over_the_size_limit_is_reported_and_skipped() -> None:
    s = spider()
    bomb = gzip.compress(URLSET + b"<!--" + b" " * 50_000 + b"-->")
    assert parse(s, bomb) == []
    assert s.crawler.stats.get_value("leeraanbod/bad_sitemaps") == 1


def test_sitemap_that_is_not_xml_is_reported_and_skipped() -> None:
    s = spider()
    assert parse(s, b"<html><body>Onderhoud</body></html>") == []
    assert s.crawler.stats.get_value("leeraanbod/bad_sitemaps") == 1
