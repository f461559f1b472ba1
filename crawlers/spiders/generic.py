"""The generic spider: any provider site that publishes schema.org Course / CourseInstance /
EducationEvent as JSON-LD or microdata.

    leeraanbod crawl generic --sitemap https://www.example.be/sitemap.xml
    leeraanbod crawl generic --start-url https://www.example.be/opleidingen

From a sitemap every same-host URL is read; from start URLs, the pages and the same-host
pages they link to (``max_depth``, default 1). Pages without course data are skipped (counted,
not rejected). The source key is ``--source-key`` or the host name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import TextResponse
from scrapy.linkextractors import LinkExtractor

from catalogue.ids import SOURCE_KEY
from crawlers.pipelines import reject
from crawlers.schemaorg import Extracted, extract_structured, offer_from_node
from crawlers.spiders.base import GONE, NOT_MODIFIED
from crawlers.spiders.mixins import SitemapMixin


def source_key_for(url: str) -> str:
    """'https://www.leercentrum-voorbeeld.be/x' → 'leercentrum-voorbeeld-be'."""
    host = (urlsplit(url).hostname or "site").removeprefix("www.")
    key = re.sub(r"[^a-z0-9]+", "-", host.lower()).strip("-")[:40].rstrip("-")
    return key if SOURCE_KEY.match(key) else f"site-{key}"[:40]


class GenericSpider(SitemapMixin):
    name = "generic"
    in_all = False  # needs --sitemap or --start-url
    fixture_folder = "generic"
    offline_live_base_url = "https://www.leercentrum-voorbeeld.be"
    live_base_url = ""
    provider = {}
    detail_url_pattern = re.compile(r"^https?://")

    def __init__(
        self,
        sitemap_url: str | None = None,
        start_urls: list[str] | str | None = None,
        source: str | None = None,
        max_depth: int | str = 1,
        **kwargs: Any,
    ) -> None:
        if isinstance(start_urls, str):
            start_urls = [u for u in start_urls.split(",") if u]
        self.sitemap_url = sitemap_url
        self.start_pages = list(start_urls or [])
        first_url = sitemap_url or (self.start_pages[0] if self.start_pages else None)
        if not first_url:
            raise ValueError("the generic spider needs sitemap_url or start_urls")
        parts = urlsplit(first_url)
        kwargs.setdefault("base_url", f"{parts.scheme}://{parts.netloc}")
        live_base_url = kwargs.pop("live_base_url", None)
        super().__init__(**kwargs)
        self.live_base_url = live_base_url or self.base_url  # type: ignore[misc]
        self._source = source or source_key_for(first_url)
        self.max_depth = int(max_depth)
        self.host = parts.netloc
        self.links = LinkExtractor()  # filtered by host and port in is_detail_url

    @property
    def source(self) -> str:
        return self._source

    @classmethod
    def offline_kwargs(cls, served_url: str) -> dict[str, Any]:
        return {
            "sitemap_url": served_url + "/sitemap.xml",
            "source": "leercentrum-voorbeeld",
            "live_base_url": cls.offline_live_base_url,
        }

    def initial_requests(self) -> Iterable[Request]:
        if self.sitemap_url:
            yield Request(self.sitemap_url, callback=self.parse_sitemap)
        for url in self.start_pages:
            # a page whose links are followed is always fetched in full (a 304 has no links)
            yield self.detail_request(
                url, depth_left=self.max_depth, conditional=self.incremental and not self.max_depth
            )

    def is_detail_url(self, url: str) -> bool:
        return urlsplit(url).netloc == self.host

    def source_id_from_url(self, url: str) -> str | None:
        parts = urlsplit(url)
        return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")

    def parse_detail_page(self, response: Any) -> Iterable[Any]:
        if response.status in GONE:
            self.offer_gone(response)
            return
        if response.status == NOT_MODIFIED:
            self.unchanged(response.url, "not_modified")
            return
        if not isinstance(response, TextResponse):
            return
        try:
            found = extract_structured(response.text, response.url)
        except Exception as exc:  # extruct on broken markup
            reject(self.crawler, "parse:error", response.url, f"{type(exc).__name__}: {exc}")
            found = Extracted([], [])
        for error in found.errors:  # broken JSON-LD: a reject with its reason, never "no course"
            reject(self.crawler, "parse:json-ld", response.url, error)
        nodes = found.nodes
        if not nodes and not found.errors and self.had_offers(response.url):
            self.no_offer(response.url, "no schema.org course on the page")
        elif not nodes and not found.errors:
            self.crawler.stats.inc_value("leeraanbod/pages_without_courses")
        page_id = self.source_id_from_url(response.url) or response.url
        for index, node in enumerate(nodes):
            key = page_id if len(nodes) == 1 else f"{page_id}#{node.get('courseCode') or index}"
            item = offer_from_node(node, source=self.source, source_id=key, url=response.url)
            if item is None:
                reject(self.crawler, "parse:no-offer", response.url, "course without a name")
            else:
                yield item
        depth_left = response.meta.get("depth_left", 0)
        if depth_left > 0:
            for link in self.links.extract_links(response):
                if self.is_detail_url(link.url):
                    yield self.detail_request(
                        link.url,
                        depth_left=depth_left - 1,
                        conditional=self.incremental and depth_left == 1,
                    )
