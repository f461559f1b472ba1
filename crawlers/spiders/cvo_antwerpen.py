"""CVO Antwerpen, a centre for adult education: modules with a fee per teaching period
(€ 1.50, € 0.60 for Dutch as a second language), capped per school year; job seekers are
exempt; a KMO-portefeuille provider number (DV.O101767) on every page. Other CVOs need a copy
of this file with their own selectors."""

from __future__ import annotations

import re
from typing import Any

from scrapy.http import TextResponse

from crawlers.spiders.mixins import ListingMixin, SelectorDetailMixin

SELECTORS = {
    "listing.detail_link": "ul.modules li.module a.module__link::attr(href)",
    "listing.next_page": "p.paging a.paging__next::attr(href)",
    "title": "main.module-detail h1.module-detail__title",
    "description": "div.module-detail__inhoud > *",
    "price": "td.info-inschrijvingsgeld",
    "duration": "td.info-lestijden",
    "mode": "td.info-lesvorm",
    "certificate": "td.info-attest",
    "facts": "div.module-detail__korting, footer.bottom",
    "session": "table.lesgroepen tr.lesgroep",
    "session.id": "td.lesgroep__code",
    "session.dates": "td.lesgroep__periode",
    "session.schedule": "td.lesgroep__momenten",
    "session.location": "td.lesgroep__plaats",
    "session.status": "td.lesgroep__status",
}
_CAP = re.compile(r"maximaal|max\.|begrensd|plafond", re.IGNORECASE)


class CvoAntwerpenSpider(ListingMixin, SelectorDetailMixin):
    name: str = "cvo-antwerpen"
    live_base_url = "https://www.cvoantwerpen.be"
    listing_paths = ["/aanbod"]
    detail_url_pattern = re.compile(r"/aanbod/(?P<id>[A-Z0-9-]+)/[a-z0-9-]+$")
    provider = {"name": "CVO Antwerpen", "website": "https://www.cvoantwerpen.be"}
    SELECTORS = SELECTORS

    def enrich(self, item: dict[str, Any], response: TextResponse) -> dict[str, Any]:
        # '€ 1,50 per lestijd, maximaal € 300 per schooljaar': the cap is a note on the rate
        rates = [p for p in item["prices"] if not _CAP.search(p.get("note") or "")]
        caps = [p for p in item["prices"] if _CAP.search(p.get("note") or "")]
        for rate in rates:
            rate["vat"] = "exempt"  # education is VAT-exempt
            rate["note"] = caps[0]["note"] if caps else None
        item["prices"] = rates
        item["funding"].append(
            {
                "scheme": "other",
                "worker_statuses": ["job_seeker"],
                "percentage": 100,
                "conditions": "Werkzoekenden en leefloners zijn vrijgesteld van inschrijvingsgeld.",
            }
        )
        return item
