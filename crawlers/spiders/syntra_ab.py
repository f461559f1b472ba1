"""Syntra AB (Antwerpen en Vlaams-Brabant): listing /opleidingen with pagination and the
type listings such as /opleidingen/type/voltijds-overdag; detail pages /opleidingen/{slug}.
The other Syntra centres run the same site and need only another name and base URL."""

from __future__ import annotations

import re

from crawlers.spiders.mixins import ListingMixin, SelectorDetailMixin

SELECTORS = {
    "listing.detail_link": "div.course-card a.course-card__link::attr(href)",
    "listing.next_page": "nav.pager a.pager__next::attr(href)",
    "title": "article.course-detail h1.course-detail__title",
    "description": "div.course-detail__body > *",
    "prerequisites": "div.course-detail__requirements > *",
    "price": "li.course-facts__item--price::text",
    "duration": "li.course-facts__item--duration::text",
    "schedule": "li.course-facts__item--type::text",
    "mode": "li.course-facts__item--format::text",
    "language": "li.course-facts__item--language::text",
    "certificate": "li.course-facts__item--certificate::text",
    "facts": "section.course-funding",
    "session": "section.course-sessions div.course-session",
    "session.id": "::attr(data-session-id)",
    "session.dates": "span.course-session__dates",
    "session.location": "span.course-session__location",
    "session.schedule": "span.course-session__schedule",
    "session.status": "span.course-session__status",
}


class SyntraAbSpider(ListingMixin, SelectorDetailMixin):
    name: str = "syntra-ab"
    live_base_url = "https://www.syntra-ab.be"
    listing_paths = ["/opleidingen", "/opleidingen/type/voltijds-overdag"]
    detail_url_pattern = re.compile(r"/opleidingen/(?P<id>(?!type$)[a-z0-9][a-z0-9-]*)/?$")
    provider = {"name": "Syntra AB", "website": "https://www.syntra-ab.be"}
    SELECTORS = SELECTORS
