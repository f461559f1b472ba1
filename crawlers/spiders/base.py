"""The base spider every source spider derives from.

A spider yields plain dicts shaped like :class:`catalogue.model.Offer`; the pipelines clean,
validate, tag and store them. The base spider gives:

- ``base_url``: the live site, or the local fixture server when crawling offline;
- ``today``: the reference date for dates without a year (frozen in tests);
- detail requests that see 404/410, so that a known offer whose page is gone is retired;
- ``parse_detail_page``: runs the source's ``parse_detail`` and reports (where, why) and skips
  a page that cannot be parsed instead of failing the crawl;
- small selector helpers (``first``, ``all_text``) that every source uses.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterable
from datetime import date
from typing import Any, ClassVar

from parsel import Selector, SelectorList
from scrapy import Request, Spider
from scrapy.http import Response, TextResponse

from catalogue.ids import offer_id
from catalogue.store import OfferStatus
from crawlers.pipelines import reject

logger = logging.getLogger(__name__)

GONE = (404, 410)
Node = Selector | SelectorList | Response


class OfferSpider(Spider):
    """Subclasses set ``name`` (= the source key), ``live_base_url``, ``provider`` and
    ``detail_url_pattern`` (a regex whose group ``id`` is the source's own id), and implement
    ``initial_requests`` (usually via a mixin) and ``parse_detail``."""

    live_base_url: ClassVar[str]
    provider: ClassVar[dict[str, Any]]
    detail_url_pattern: ClassVar[re.Pattern[str]]
    languages: ClassVar[list[str]] = ["nl"]
    in_all: ClassVar[bool] = True  # crawled by `leeraanbod crawl --all`
    # offline crawls: the folder under tests/crawlers/files/ (default: the name) and, for
    # spiders without a live site of their own, the base URL the fixture pages link to
    fixture_folder: ClassVar[str | None] = None
    offline_live_base_url: ClassVar[str | None] = None

    def __init__(self, base_url: str | None = None, today: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self.base_url = (base_url or self.live_base_url).rstrip("/")
        self.today = date.fromisoformat(today) if today else date.today()
        self.gone_ids: list[str] = []  # offers retired because their page answered 404/410

    @property
    def source(self) -> str:
        return self.name

    @classmethod
    def offline_kwargs(cls, served_url: str) -> dict[str, Any]:
        """Extra spider arguments for an offline crawl against ``served_url``."""
        return {}

    # ------------------------------------------------------------------ requests
    async def start(self) -> AsyncIterator[Any]:
        for request in self.initial_requests():
            yield request

    def initial_requests(self) -> Iterable[Request]:
        raise NotImplementedError

    def url(self, path: str) -> str:
        return path if "://" in path else self.base_url + "/" + path.lstrip("/")

    def source_id_from_url(self, url: str) -> str | None:
        m = self.detail_url_pattern.search(url)
        return m["id"] if m else None

    def is_detail_url(self, url: str) -> bool:
        return self.source_id_from_url(url) is not None

    def detail_request(self, url: str, **meta: Any) -> Request:
        return Request(
            url,
            callback=self.parse_detail_page,
            meta={"handle_httpstatus_list": list(GONE), **meta},
        )

    # ------------------------------------------------------------------ responses
    def parse_detail_page(self, response: Response) -> Iterable[dict[str, Any]]:
        if response.status in GONE:
            self.offer_gone(response)
            return
        if not isinstance(response, TextResponse):
            reject(self.crawler, "parse:not-html", response.url, "response is not text")
            return
        try:
            item = self.parse_detail(response)
        except Exception as exc:  # one odd page must not end the crawl
            logger.exception("parsing %s failed", response.url)
            reject(self.crawler, "parse:error", response.url, f"{type(exc).__name__}: {exc}")
            return
        if item is None:
            reject(self.crawler, "parse:no-offer", response.url, "no course title on the page")
            return
        yield item

    def parse_detail(self, response: TextResponse) -> dict[str, Any] | None:
        """The offer dict of one detail page, or ``None`` when the page holds no offer."""
        raise NotImplementedError

    def enrich(self, item: dict[str, Any], response: TextResponse) -> dict[str, Any]:
        """Additions to the parsed item; mixins and sources override it and call ``super()``."""
        return item

    def offer_gone(self, response: Response) -> None:
        """The page of an offer answered 404/410: retire it if the store knows it."""
        source_id = self.source_id_from_url(response.url)
        store = getattr(self, "store", None)
        self.crawler.stats.inc_value("leeraanbod/pages_gone")
        if source_id is None or store is None:
            return
        known = store.get_offer(offer_id(self.source, source_id))
        if known is not None and known.status != OfferStatus.RETIRED:
            store.mark_gone(known.offer.id, response.status)
            self.gone_ids.append(known.offer.id)
            self.crawler.stats.inc_value("leeraanbod/offers_gone")
            logger.info("offer %s is gone (%s): retired", source_id, response.status)

    # ------------------------------------------------------------------ helpers
    def base_item(self, response: Response, source_id: str) -> dict[str, Any]:
        return {
            "source": self.source,
            "source_id": source_id,
            "url": response.url,
            "provider": dict(self.provider),
            "languages": list(self.languages),
        }


def first(node: Node, css: str | None) -> str | None:
    """The whitespace-collapsed text of the first match of ``css`` (``None`` if empty)."""
    if not css:
        return None
    found = node.css(css)
    if not found:
        return None
    if css.endswith("::text"):  # the element's own text nodes, without child labels
        text = " ".join(" ".join(found.getall()).split())
    elif "::" in css:  # ::attr(...)
        text = " ".join((found.get() or "").split())
    else:
        text = " ".join(" ".join(found[0].css("::text").getall()).split())
    return text or None


def all_text(node: Node, css: str | None) -> list[str]:
    """The text of every match of ``css``, each whitespace-collapsed, empty ones dropped."""
    if not css:
        return []
    out = []
    for match in node.css(css):
        if "::" in css:
            text = " ".join((match.get() or "").split())
        else:
            text = " ".join(" ".join(match.css("::text").getall()).split())
        if text:
            out.append(text)
    return out


_VISIBLE_TEXT = ".//text()[not(ancestor::script) and not(ancestor::style)]"


def paragraphs(node: Node, css: str | None) -> str:
    """The text of every match as one paragraph each (list items each their own), joined by
    blank lines: what ``catalogue.text.html_to_text`` would give, without parsing the HTML
    twice (BeautifulSoup dominated parse time). The text is decoded: it goes to the model
    as it is, never through ``html_to_text`` again."""
    if not css:
        return ""
    out = []
    for match in node.css(css):
        blocks = match.xpath("./li") if match.root.tag in ("ul", "ol") else [match]
        for block in blocks:
            text = " ".join(" ".join(block.xpath(_VISIBLE_TEXT).getall()).split())
            if text:
                out.append(text)
    return "\n\n".join(out)
