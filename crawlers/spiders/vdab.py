"""VDAB: walks the course sitemap that robots.txt announces (never the search, which
robots.txt disallows). Detail pages:
/opleidingen/aanbod/{opleiding-id}/cursus/{cursus-id}/{Slug-LOCATION}; online courses have ids
like O-AMI-800865 / C-AMI-172314. Recognised courses are free for job seekers."""

from __future__ import annotations

import re
from typing import Any

from scrapy.http import TextResponse

from crawlers.spiders.base import first
from crawlers.spiders.mixins import SelectorDetailMixin, SitemapMixin

SELECTORS = {
    "title": "main.vdab-opleiding h1.opleiding__titel",
    "description": "section.opleiding__omschrijving > *",
    "price": "dd.kenmerk--kostprijs",
    "duration": "dd.kenmerk--duur",
    "mode": "dd.kenmerk--leervorm",
    "schedule": "dd.kenmerk--lesvorm",
    "language": "dd.kenmerk--taal",
    "certificate": "dd.kenmerk--attest",
    "target_groups": "ul.opleiding__doelgroep li",
    "prerequisites": "section.opleiding__voorwaarden > *",
    "facts": "dl.opleiding__kenmerken dd, section.opleiding__financiering",
    "code": "dd.kenmerk--opleidingscode",
    "organiser": "dd.kenmerk--organisator",
    "session": "table.cursussen tbody tr.cursus",
    "session.id": "::attr(data-cursus-id)",
    "session.dates": "td.cursus__periode",
    "session.location": "td.cursus__locatie",
    "session.schedule": "td.cursus__uurrooster",
    "session.status": "td.cursus__status",
    "registration_url": "a.opleiding__inschrijven::attr(href)",
}


class VdabSpider(SitemapMixin, SelectorDetailMixin):
    name = "vdab"
    live_base_url = "https://www.vdab.be"
    sitemap_path = "/vindeenopleiding/opleidingen/nc/sitemap/sitemap.xml"
    detail_url_pattern = re.compile(
        r"/opleidingen/aanbod/(?P<id>\d{3,8}|[A-Z]-[A-Z]{2,5}-\d{3,8})/cursus/[^/]+/[^/?#]+$"
    )
    provider = {"name": "VDAB", "website": "https://www.vdab.be"}
    SELECTORS = SELECTORS

    def enrich(self, item: dict[str, Any], response: TextResponse) -> dict[str, Any]:
        item["identifiers"].insert(0, {"scheme": "vdab", "value": item["source_id"]})
        organiser = first(response, SELECTORS["organiser"])
        if organiser and organiser.upper() != "VDAB":
            # a partner organises it on VDAB's behalf: VDAB stays the source
            item["provider"] = {"name": organiser}
        return item
