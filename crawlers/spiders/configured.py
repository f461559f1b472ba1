"""The spider for sources described only in the registry (``crawlers/data/sources.yaml``,
``read: selectors``): listing pages or a sitemap, offer pages read with named CSS selectors,
the fund's funding option added. ``leeraanbod crawl horeca-forma`` runs it with
``source=horeca-forma``; a schema.org source runs the generic spider instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from scrapy import Request
from scrapy.http import Response, TextResponse

from crawlers.sources import Source, load_registry
from crawlers.spiders.mixins import (
    ListingMixin,
    SectorFundMixin,
    SelectorDetailMixin,
    SitemapMixin,
)


class ConfiguredSpider(SitemapMixin, ListingMixin, SectorFundMixin, SelectorDetailMixin):
    name = "configured"
    in_all = False  # `crawl --all` runs the registry's sources through `crawlers.jobs`
    live_base_url = ""
    provider = {}
    fund = ""
    detail_url_pattern = re.compile(r"$^")

    def __init__(
        self,
        source: str | None = None,
        registry: str | None = None,
        config: Source | None = None,
        **kwargs: Any,
    ) -> None:
        if config is None:
            if not source:
                raise ValueError("the configured spider needs source=KEY (a registry source)")
            from core.settings import Settings

            config = load_registry(Path(registry) if registry else Settings().sources_file).get(
                source
            )
        self.config = config
        self.live_base_url = config.website or ""  # type: ignore[misc]
        super().__init__(**kwargs)
        self.provider = config.provider()  # type: ignore[misc]
        self.languages = list(config.languages)  # type: ignore[misc]
        self.detail_url_pattern = re.compile(config.detail_url_pattern or r"$^")  # type: ignore[misc]
        listing = config.listing
        self.SELECTORS = {  # type: ignore[misc]
            **config.selectors,
            "listing.detail_link": listing.detail_link if listing else "",
            "listing.next_page": (listing.next_page or "") if listing else "",
        }

    @property
    def source(self) -> str:
        return self.config.key

    def initial_requests(self) -> Iterable[Request]:
        if self.config.sitemap:
            yield Request(self.config.url(self.config.sitemap, self.base_url), self.parse_sitemap)
        for path in self.config.start_urls:
            yield Request(self.config.url(path, self.base_url), callback=self.parse_listing)

    def parse_listing(self, response: Response) -> Iterable[Request]:
        links = response.css(self.SELECTORS["listing.detail_link"]).getall()
        if not links:
            self.logger.warning("listing %s has no detail links (layout change?)", response.url)
            self.crawler.stats.inc_value("leeraanbod/empty_listings")
        for href in links:
            url = response.urljoin(href.strip())
            if self.is_detail_url(url):
                yield self.detail_request(url)
        next_css = self.SELECTORS["listing.next_page"]
        next_page = response.css(next_css).get() if next_css else None
        if next_page:
            yield Request(response.urljoin(next_page.strip()), callback=self.parse_listing)

    def base_item(self, response: Response, source_id: str) -> dict[str, Any]:
        item = SelectorDetailMixin.base_item(self, response, source_id)
        option = self.config.funding_option()
        item["funding"] = [option] if option else []
        return item

    def enrich(self, item: dict[str, Any], response: TextResponse) -> dict[str, Any]:
        if not self.config.fund:  # SectorFundMixin.enrich reads the fund's premium
            return SelectorDetailMixin.enrich(self, item, response)
        return super().enrich(item, response)
