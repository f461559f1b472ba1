"""Alimento (PC 118 and PC 220, food industry): paginated course search in Dutch
(/nl/opleidingen) and French (/fr/formations). Free for the sector or a refund per training
hour to the employer ('tussenkomst'); each page says whether the KMO-portefeuille applies."""

from __future__ import annotations

import re

from crawlers.spiders.mixins import ListingMixin, SectorFundMixin, SelectorDetailMixin

SELECTORS = {
    "listing.detail_link": (
        "div.search-results article.training-card a.training-card__link::attr(href)"
    ),
    "listing.next_page": "ul.pager li.pager__item--next a[rel=next]::attr(href)",
    "title": "div.training-detail h1.training-detail__title",
    "offer_type": "div.training-detail span.badge--format",
    "description": "div.training-detail__intro > *, div.training-detail__program > *",
    "price": "ul.training-meta li.meta--price span.meta__value",
    "duration": "ul.training-meta li.meta--duration span.meta__value",
    "language": "ul.training-meta li.meta--language span.meta__value",
    "target_groups": "ul.training-meta li.meta--target span.tag",
    "premium": "ul.training-meta li.meta--intervention span.meta__value",
    "facts": "ul.training-meta span.meta__value",
    "registration_url": "a.training-detail__register::attr(href)",
    "session": "div.training-dates div.date-item",
    "session.id": "::attr(data-edition)",
    "session.dates": "span.date-item__date",
    "session.location": "span.date-item__location",
    "session.schedule": "span.date-item__hours",
    "session.mode": "span.date-item__format",
    "session.status": "span.date-item__availability",
}


class AlimentoSpider(ListingMixin, SectorFundMixin, SelectorDetailMixin):
    name = "alimento"
    live_base_url = "https://www.alimento.be"
    listing_paths = ["/nl/opleidingen", "/fr/formations"]
    detail_url_pattern = re.compile(r"/(?:nl/opleidingen|fr/formations)/(?P<id>\d+)/[a-z0-9-]+$")
    SELECTORS = SELECTORS
