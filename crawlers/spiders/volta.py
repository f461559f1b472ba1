"""Volta (PSC 149.01, electricians: installation and distribution): a Drupal site with paginated
course listings in Dutch (/nl/opleidingen) and French (/fr/formations). Free for the sector,
a price per day for others; 'opleiding op maat' is given in the company, dates by agreement.
Archived courses (/nl/opleidingen/archief/) are closed to robots."""

from __future__ import annotations

import re

from crawlers.spiders.mixins import ListingMixin, SectorFundMixin, SelectorDetailMixin

SELECTORS = {
    "listing.detail_link": "div.view-opleidingen div.views-row h3.course-card__title a::attr(href)",
    "listing.next_page": "nav.pager li.pager__item--next a::attr(href)",
    "title": "article.course h1.course__title",
    "offer_type": "div.course__labels span.course__type",
    "description": "div.course__body > *",
    "prerequisites": "div.course__prerequisites > *",
    "price": "dl.course__facts dd.fact--price",
    "duration": "dl.course__facts dd.fact--duration",
    "language": "dl.course__facts dd.fact--language",
    "certificate": "dl.course__facts dd.fact--certificate",
    "target_groups": "ul.course__audience li",
    "registration_url": "a.course__register::attr(href)",
    "facts": "dl.course__facts dd",
    "session": "table.course-sessions tbody tr",
    "session.id": "::attr(data-session)",
    "session.dates": "td.session__dates",
    "session.location": "td.session__location",
    "session.schedule": "td.session__time",
    "session.status": "td.session__status",
}


class VoltaSpider(ListingMixin, SectorFundMixin, SelectorDetailMixin):
    name = "volta"
    live_base_url = "https://www.volta-org.be"
    listing_paths = ["/nl/opleidingen", "/fr/formations"]
    # the Dutch and the French page of a course have their own number
    detail_url_pattern = re.compile(
        r"/(?:nl/opleidingen|fr/formations)/(?:archief/|archives/)?v(?P<id>\d+)-[a-z0-9-]+$"
    )
    SELECTORS = SELECTORS
