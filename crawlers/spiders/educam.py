"""Educam (PC 112, PSC 149.02, 149.04, 142.01: garages, bodywork, metal trade): walks the
sitemap; course pages in Dutch (/nl/opleidingen/{code}-{slug}) and French
(/fr/formations/{code}-{slug}). Free for the sector, about €250 per day excl. VAT for others."""

from __future__ import annotations

import re
from typing import Any

from scrapy.http import TextResponse

from crawlers.spiders.mixins import SectorFundMixin, SelectorDetailMixin, SitemapMixin

SELECTORS = {
    "title": "div.training-header h1.training-name",
    "description": "div.training-content > *",
    "price": "span.info-price",
    "duration": "span.info-duration",
    "schedule": "span.info-schedule",
    "mode": "span.info-mode",
    "language": "span.info-language",
    "certificate": "span.info-certificate",
    "facts": "div.training-info span.info-value",
    "session": "table.sessions-table tr.session-row",
    "session.id": "::attr(data-id)",
    "session.dates": "td.session-dates",
    "session.location": "td.session-location",
    "session.status": "td.session-state",
}


class EducamSpider(SitemapMixin, SectorFundMixin, SelectorDetailMixin):
    name = "educam"
    live_base_url = "https://www.educam.be"
    sitemap_path = "/sitemap.xml"
    # the Dutch and French page of one course are two offers (language is part of the id)
    detail_url_pattern = re.compile(
        r"/(?P<lang>nl|fr)/(?:opleidingen|formations)/(?P<code>[A-Z]-\d{4})-[a-z0-9-]+$"
    )
    SELECTORS = SELECTORS

    def source_id_from_url(self, url: str) -> str | None:
        m = self.detail_url_pattern.search(url)
        return f"{m['code']}-{m['lang']}" if m else None

    def enrich(self, item: dict[str, Any], response: TextResponse) -> dict[str, Any]:
        code = item["source_id"].rsplit("-", 1)[0]
        item["identifiers"].append({"scheme": "other", "value": code})
        return super().enrich(item, response)
