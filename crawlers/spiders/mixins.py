"""Mixins for families of similar sites, so that a source spider is mostly configuration.

- :class:`SitemapMixin`: walk a sitemap (index) and request the URLs that look like detail pages;
- :class:`ListingMixin`: walk listing pages (with pagination) and request their detail links;
- :class:`SelectorDetailMixin`: build the offer from the source's ``SELECTORS`` dict;
- :class:`SectorFundMixin`: add the sector fund's funding option from ``data/sector_funds.yaml``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, ClassVar
from urllib.parse import urljoin

from scrapy import Request
from scrapy.http import Response, TextResponse
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap

from catalogue.model import DeliveryMode
from crawlers.funds import fund_funding_option, sector_funds
from crawlers.parsers import (
    parse_delivery_mode,
    parse_duration,
    parse_intensity,
    parse_location,
    parse_period,
    parse_prices,
    parse_schedule,
)
from crawlers.parsers.funding import parse_funding
from crawlers.parsers.identifiers import find_identifiers, find_kmo_number
from crawlers.parsers.schedules import parse_places_left, parse_session_status
from crawlers.spiders.base import OfferSpider, all_text, first, paragraphs

logger = logging.getLogger(__name__)

_LANGUAGE_NAMES = {
    "nederlands": "nl",
    "néerlandais": "nl",
    "dutch": "nl",
    "frans": "fr",
    "français": "fr",
    "french": "fr",
    "engels": "en",
    "anglais": "en",
    "english": "en",
    "duits": "de",
    "allemand": "de",
}


def dump(model: Any) -> Any:
    """A model (or list of models) as the plain JSON-ready dict the pipelines expect."""
    if isinstance(model, list):
        return [dump(m) for m in model]
    return model.model_dump(mode="json", exclude_none=True) if model is not None else None


def language_codes(texts: Iterable[str]) -> list[str]:
    codes = []
    for text in texts:
        for word in re.split(r"[\s,/;]+", text.lower()):
            code = _LANGUAGE_NAMES.get(word) or (word if re.fullmatch(r"[a-z]{2}", word) else None)
            if code and code not in codes:
                codes.append(code)
    return codes


def lastmod_moment(value: str | None) -> datetime | None:
    """A sitemap ``lastmod`` (W3C datetime) as the latest moment it may stand for: a bare date
    is the end of that day, a time without a zone is UTC; ``None`` when unreadable."""
    text = (value or "").strip()
    try:
        if len(text) == 10:
            return datetime.fromisoformat(text).replace(tzinfo=UTC) + timedelta(days=1)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class SitemapMixin(OfferSpider):
    """Start from ``sitemap_path``; follow nested sitemaps; request matching detail URLs.
    Incrementally, a page whose ``lastmod`` is older than its last fetch in full (that yielded
    an offer) is not requested at all: its offers count as seen."""

    sitemap_path: ClassVar[str] = "/sitemap.xml"

    def initial_requests(self) -> Iterable[Request]:
        yield Request(self.url(self.sitemap_path), callback=self.parse_sitemap)

    def parse_sitemap(self, response: Response) -> Iterable[Request]:
        body = response.body
        try:
            if body[:2] == b"\x1f\x8b":  # sitemap.xml.gz, bounded like every download
                body = gunzip(body, max_size=self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
            sitemap = Sitemap(body)
            if sitemap.type not in ("urlset", "sitemapindex"):
                raise ValueError(f"root element is <{sitemap.type}>, not a sitemap")
        except Exception as exc:
            logger.error("sitemap %s skipped: %s", response.url, exc)
            self.crawler.stats.inc_value("leeraanbod/bad_sitemaps")
            return
        cap = self.crawler.settings.getint("LEERAANBOD_SITEMAP_MAX_URLS", 2000)
        stats = self.crawler.stats
        for entry in sitemap:
            loc = entry.get("loc")
            if not loc:
                continue
            if sitemap.type == "sitemapindex":
                yield Request(loc, callback=self.parse_sitemap)
            elif self.is_detail_url(loc):
                if self.unchanged_since_fetch(loc, entry.get("lastmod")):
                    self.unchanged(loc, "unchanged_by_sitemap")
                    continue
                # every sitemap of the source counts toward one cap of pages fetched per run
                if stats.get_value("leeraanbod/sitemap_urls", 0) >= cap:
                    stats.inc_value("leeraanbod/sitemap_urls_skipped")
                    continue
                stats.inc_value("leeraanbod/sitemap_urls")
                yield self.detail_request(loc)

    def unchanged_since_fetch(self, url: str, lastmod: str | None) -> bool:
        if not self.incremental or not self.had_offers(url):
            return False
        changed = lastmod_moment(lastmod)
        fetched = self.pages[self.page_key(url)].fetched_at
        return bool(changed and fetched and changed <= fetched)


class ListingMixin(OfferSpider):
    """Start from ``listing_paths``; ``SELECTORS["listing.detail_link"]`` gives detail hrefs,
    ``SELECTORS["listing.next_page"]`` the next listing page."""

    listing_paths: ClassVar[list[str]] = []
    SELECTORS: ClassVar[dict[str, str]]

    def initial_requests(self) -> Iterable[Request]:
        for path in self.listing_paths:
            yield Request(self.url(path), callback=self.parse_listing)

    def parse_listing(self, response: Response) -> Iterable[Request]:
        links = response.css(self.SELECTORS["listing.detail_link"]).getall()
        if not links:
            logger.warning("listing %s has no detail links (layout change?)", response.url)
            self.crawler.stats.inc_value("leeraanbod/empty_listings")
        for href in links:
            url = urljoin(response.url, href.strip())
            if self.is_detail_url(url):
                yield self.detail_request(url)
        next_page = response.css(self.SELECTORS["listing.next_page"]).get()
        if next_page:
            yield Request(urljoin(response.url, next_page.strip()), callback=self.parse_listing)


class SelectorDetailMixin(OfferSpider):
    """Builds the offer from ``SELECTORS``; override ``enrich`` for what is source-specific.

    Keys (all optional except ``title``): ``title``, ``description``, ``price``, ``duration``,
    ``schedule``, ``mode``, ``language``, ``certificate``, ``target_groups``,
    ``prerequisites``, ``registration_url``, ``facts`` (text searched for ODB/KMO numbers and
    funding schemes), ``session`` (one node per session) with ``session.id``,
    ``session.dates``, ``session.location``, ``session.schedule``, ``session.mode``,
    ``session.status``, ``session.price``.
    """

    SELECTORS: ClassVar[dict[str, str]]

    def parse_detail(self, response: TextResponse) -> dict[str, Any] | None:
        s = self.SELECTORS
        title = first(response, s["title"])
        source_id = self.source_id_from_url(response.url)
        if not title or not source_id:
            return None
        item = self.base_item(response, source_id)
        facts = " ".join(all_text(response, s.get("facts")))
        offer_mode_text = first(response, s.get("mode"))
        offer_schedule = first(response, s.get("schedule")) or ""
        item.update(
            title=title,
            description=paragraphs(response, s.get("description")),
            prices=dump(parse_prices(first(response, s.get("price")))),
            duration=dump(parse_duration(first(response, s.get("duration")))),
            certificate=first(response, s.get("certificate")),
            target_groups=all_text(response, s.get("target_groups")),
            prerequisites=paragraphs(response, s.get("prerequisites")) or None,
            identifiers=item.get("identifiers", []) + find_identifiers(facts),
            funding=item.get("funding", []) + parse_funding(facts),
        )
        reg = response.css(s["registration_url"]).get() if s.get("registration_url") else None
        if reg:
            item["registration_url"] = response.urljoin(reg)
        languages = language_codes(all_text(response, s.get("language")))
        if languages:
            item["languages"] = languages
        kmo = find_kmo_number(facts)
        if kmo:
            item["provider"]["kmo_portefeuille_number"] = kmo
        sessions = [
            self.parse_session(row, offer_mode_text, offer_schedule)
            for row in (response.css(s["session"]) if s.get("session") else [])
        ]
        item["sessions"] = [x for x in sessions if self.is_run(x, response.url)]
        return self.enrich(item, response)

    def is_run(self, session: dict[str, Any], url: str) -> bool:
        """A session row is a run when it has a start date or is self-paced; a row such as
        'Nieuwe data volgen' or 'datum in overleg' is counted and left out."""
        if session["start_date"] or session["delivery_mode"] == DeliveryMode.ONLINE_SELF_PACED:
            return True
        self.crawler.stats.inc_value("leeraanbod/undated_sessions")
        logger.info("session without a date left out on %s", url)
        return False

    def parse_session(self, row: Any, offer_mode: str | None, offer_schedule: str) -> dict:
        s = self.SELECTORS
        start, end = parse_period(first(row, s.get("session.dates")), self.today)
        location_text = first(row, s.get("session.location"))
        session_schedule = first(row, s.get("session.schedule"))
        # the most specific mode named by the session or the offer: 'blended' and 'op eigen
        # tempo' beat a bare 'online' in the location column
        mode_text = " ".join(
            filter(
                None,
                [first(row, s.get("session.mode")), location_text, session_schedule, offer_mode],
            )
        )
        mode = parse_delivery_mode(mode_text) or DeliveryMode.CLASSROOM
        schedule_text = " ".join(filter(None, [session_schedule, offer_schedule]))
        status_text = first(row, s.get("session.status"))
        session: dict[str, Any] = {
            "id": first(row, s.get("session.id")),
            "start_date": start.isoformat() if start else None,
            "end_date": end.isoformat() if end else None,
            "schedule": [v.value for v in parse_schedule(schedule_text)],
            "intensity": (parse_intensity(schedule_text) or None),
            "delivery_mode": mode.value,
            "status": (parse_session_status(status_text) or None),
            "places_left": parse_places_left(status_text),
            "prices": dump(parse_prices(first(row, s.get("session.price")))),
        }
        if location_text and mode not in (DeliveryMode.ONLINE_LIVE, DeliveryMode.ONLINE_SELF_PACED):
            session["location"] = dump(parse_location(location_text))
        return session


# the fund's label of a course: 'Open opleiding', 'Interbedrijfsopleiding', 'Opleiding op maat'
OFFER_TYPES = [
    ("inter_company", r"interbedrijf|interentreprise|inter-entreprise|inter-company"),
    ("in_company", r"bedrijfsopleiding|in[- ]company|en entreprise|op maat|sur mesure|tailor"),
    ("open", r"open opleiding|formation ouverte|open"),
]
# 'de werkgever ontvangt € 12 per opleidingsuur', 'tussenkomst van € 20 per opleidingsuur'
_PREMIUM = re.compile(r"€\s*(\d+(?:[.,]\d+)?)\s*per\s*(?:opleidings)?uur", re.IGNORECASE)


def offer_type(label: str | None) -> str | None:
    low = (label or "").lower()
    return next((t for t, pattern in OFFER_TYPES if re.search(pattern, low)), None)


class SectorFundMixin(OfferSpider):
    """Adds the fund's funding option (joint committees from ``data/sector_funds.yaml``) and
    reads what the funds' pages share through optional ``SELECTORS`` keys: ``offer_type`` (the
    course's label), ``organiser`` (a partner that runs the course becomes the provider) and
    ``premium`` (the fund's amount per training hour, e.g. '€ 12 per opleidingsuur')."""

    fund: ClassVar[str]  # key in sector_funds.yaml; defaults to the spider's name
    SELECTORS: ClassVar[dict[str, str]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """A source spider's fund defaults to its name and its provider to the fund's name
        and website in ``sector_funds.yaml`` (a spider may still set either)."""
        super().__init_subclass__(**kwargs)
        if "name" not in cls.__dict__:
            return  # a mixin between SectorFundMixin and the source spider
        if "fund" not in cls.__dict__:
            cls.fund = cls.name
        if "provider" not in cls.__dict__:
            entry = sector_funds()[cls.fund]
            cls.provider = {"name": entry["name"], "website": entry["website"]}

    def base_item(self, response: Response, source_id: str) -> dict[str, Any]:
        item = super().base_item(response, source_id)
        item["funding"] = [fund_funding_option(self.fund)]
        return item

    def enrich(self, item: dict[str, Any], response: TextResponse) -> dict[str, Any]:
        s = self.SELECTORS
        if s.get("offer_type"):
            item["offer_type"] = offer_type(first(response, s["offer_type"]))
        organiser = first(response, s.get("organiser"))
        if organiser and organiser != self.provider["name"]:
            item["provider"] = {"name": organiser}
        premium_text = first(response, s.get("premium"))
        premium = _PREMIUM.search(premium_text or "")
        if premium:
            fund = item["funding"][0]
            fund["amount"] = str(Decimal(premium.group(1).replace(",", ".")))
            fund["amount_unit"] = "per_hour"
            fund["conditions"] = premium_text
        return super().enrich(item, response)
