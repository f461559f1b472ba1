"""Co-valent (PC 116 and PC 207, chemistry and life sciences): a Joomla training calendar in
Dutch (/nl/opleidingskalender, offset pagination ?start=N, one row per date, so a course can
appear on several pages) and a calendar of courses taught in English (/en/training-calendar).
Partners run part of the courses; Co-valent pays for the sector or per training hour."""

from __future__ import annotations

import re

from crawlers.spiders.mixins import ListingMixin, SectorFundMixin, SelectorDetailMixin

SELECTORS = {
    "listing.detail_link": "table.calendar tbody td.calendar__title a::attr(href)",
    "listing.next_page": "div.pagination a.pagination__next::attr(href)",
    "title": "section.course-detail h1.course-detail__title",
    "offer_type": "section.course-detail p.course-detail__format",
    "organiser": "table.course-info td.info__organiser",
    "premium": "table.course-info td.info__intervention",
    "price": "table.course-info td.info__price",
    "duration": "table.course-info td.info__duration",
    "mode": "table.course-info td.info__format",
    "language": "table.course-info td.info__language",
    "certificate": "table.course-info td.info__certificate",
    "target_groups": "div.course-detail__audience li",
    "description": "div.course-detail__description > *",
    "prerequisites": "div.course-detail__prerequisites > *",
    "facts": "table.course-info td",
    "registration_url": "a.course-detail__cta::attr(href)",
    "session": "ul.course-dates li.course-date",
    "session.id": "::attr(data-id)",
    "session.dates": "span.course-date__when",
    "session.location": "span.course-date__where",
    "session.schedule": "span.course-date__time",
    "session.status": "span.course-date__status",
}


class CoValentSpider(ListingMixin, SectorFundMixin, SelectorDetailMixin):
    name = "co-valent"
    live_base_url = "https://www.co-valent.be"
    listing_paths = ["/nl/opleidingskalender", "/en/training-calendar"]
    detail_url_pattern = re.compile(
        r"/(?:nl/opleidingskalender|en/training-calendar)/(?P<id>\d+)-[a-z0-9-]+$"
    )
    SELECTORS = SELECTORS
