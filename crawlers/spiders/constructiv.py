"""Constructiv (PC 124, construction): courses of Constructiv and its partners on
opleidingindebouw.be. Hourly premiums for the employer; winter courses under the winter
regime; partners often price for members and non-members."""

from __future__ import annotations

import re
from typing import Any

from scrapy.http import TextResponse

from crawlers.spiders.base import all_text
from crawlers.spiders.mixins import ListingMixin, SectorFundMixin, SelectorDetailMixin

SELECTORS = {
    "listing.detail_link": "div.cursus-lijst article.cursus-teaser h2 a::attr(href)",
    "listing.next_page": "div.nav-links a.next::attr(href)",
    "title": "main.cursus h1.cursus__titel",
    "description": "div.cursus__tekst > *",
    "organiser": "p.meta--organisator::text",
    "price": "p.meta--prijs::text",
    "duration": "p.meta--duur::text",
    "mode": "p.meta--vorm::text",
    "premium": "p.meta--premie::text",
    "language": "p.meta--taal::text",
    "facts": "div.cursus__meta p, div.cursus__tekst p",
    "session": "div.cursus__sessies div.sessie",
    "session.dates": "span.sessie__datum",
    "session.location": "span.sessie__plaats",
    "session.schedule": "span.sessie__info",
    "session.status": "span.sessie__status",
}
_WINTER = re.compile(r"winteropleiding|winterregeling|winterperiode", re.IGNORECASE)


class ConstructivSpider(ListingMixin, SectorFundMixin, SelectorDetailMixin):
    name = "constructiv"
    live_base_url = "https://www.opleidingindebouw.be"
    listing_paths = ["/opleidingen"]
    detail_url_pattern = re.compile(r"/opleiding/(?P<id>\d+)/[a-z0-9-]+$")
    SELECTORS = SELECTORS

    def enrich(self, item: dict[str, Any], response: TextResponse) -> dict[str, Any]:
        item = super().enrich(item, response)
        fund = item["funding"][0]
        if any(
            _WINTER.search(t)
            for t in all_text(response, SELECTORS["facts"] + ", span.sessie__info")
        ):
            fund["conditions"] = (
                (fund.get("conditions") or "")
                + " Winteropleiding: te volgen tijdens de winterperiode met behoud van de"
                " winteruitkering (winterregeling)."
            ).strip()
        return item
