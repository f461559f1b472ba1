"""Cevora (PC 200, bedienden): free open, inter-company and in-company courses, in Dutch
(/nl/opleidingen) and French (/fr/formations), with paginated listings."""

from __future__ import annotations

import re
from typing import Any

from scrapy.http import TextResponse

from crawlers.spiders.mixins import ListingMixin, SectorFundMixin, SelectorDetailMixin

SELECTORS = {
    "listing.detail_link": "ul.training-list li.training-tile a.training-tile__link::attr(href)",
    "listing.next_page": "ul.pagination li.pagination__item--next a::attr(href)",
    "title": "main.training h1.training__title",
    "offer_type": "div.training__labels span.label--type",
    "description": "div.training__description > *",
    "prerequisites": "div.training__prerequisites > *",
    "price": "td.fact-price",
    "duration": "td.fact-duration",
    "language": "td.fact-language",
    "target_groups": "td.fact-audience",
    "facts": "table.training__facts td",
    "session": "div.sessions div.session",
    "session.id": "::attr(data-session-id)",
    "session.dates": "p.session__date",
    "session.location": "p.session__place",
    "session.schedule": "p.session__hours",
    "session.status": "p.session__availability",
}


class CevoraSpider(ListingMixin, SectorFundMixin, SelectorDetailMixin):
    name = "cevora"
    live_base_url = "https://www.cevora.be"
    listing_paths = ["/nl/opleidingen", "/fr/formations"]
    detail_url_pattern = re.compile(r"/(?:nl/opleidingen|fr/formations)/[a-z0-9-]+-(?P<id>\d+)$")
    SELECTORS = SELECTORS

    def enrich(self, item: dict[str, Any], response: TextResponse) -> dict[str, Any]:
        if "/fr/" in response.url and item["languages"] == ["nl"]:
            item["languages"] = ["fr"]
        return super().enrich(item, response)
