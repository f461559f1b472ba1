"""The base spider every source spider derives from.

A spider yields plain dicts shaped like :class:`catalogue.model.Offer`; the pipelines clean,
validate, tag and store them. The base spider gives:

- ``base_url``: the live site, or the local fixture server when crawling offline;
- ``today``: the reference date for dates without a year (frozen in tests);
- detail requests that see 404/410, so that a known offer whose page is gone is retired;
- incremental crawling: detail requests are conditional (``crawlers.middlewares.conditional``
  adds the page's ETag / Last-Modified); a 304 marks the page's offers seen by the run, and a
  page that yielded an offer last time but none now is a reject (``parse:offer-vanished``).
  ``full_refresh=True`` fetches every page in full;
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
from crawlers.pipelines import _rebase, reject

logger = logging.getLogger(__name__)

GONE = (404, 410)
NOT_MODIFIED = 304
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

    def __init__(
        self,
        base_url: str | None = None,
        today: str | None = None,
        full_refresh: bool | str = False,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.base_url = (base_url or self.live_base_url).rstrip("/")
        self.today = date.fromisoformat(today) if today else date.today()
        self.gone_ids: list[str] = []  # offers retired because their page answered 404/410
        self.incremental = str(full_refresh).lower() not in ("1", "true", "yes")
        # set by the store pipeline when the spider opens: the store, the run, and what the
        # store remembers of each page (by live URL); filled during the crawl: validators of
        # pages fetched in full, and pages that yielded no offer this time
        self.store: Any = None
        self.run_id: int | None = None
        self.pages: dict[str, Any] = {}
        self.fetched: dict[str, tuple[str | None, str | None]] = {}
        self.vanished: set[str] = set()

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
            meta={
                "handle_httpstatus_list": [*GONE, NOT_MODIFIED],
                "conditional": self.incremental,
                **meta,
            },
        )

    def page_key(self, url: str) -> str:
        """The URL the store remembers a page by: the live URL, also when crawling offline."""
        live = getattr(self, "live_base_url", None)
        return _rebase(url, self.base_url, live) if live and live != self.base_url else url

    def had_offers(self, url: str) -> bool:
        """Did the page yield an offer when it was last fetched in full?"""
        state = self.pages.get(self.page_key(url))
        return bool(state and state.offer_ids)

    def unchanged(self, url: str, how: str) -> None:
        """The page is unchanged since its last fetch in full: its offers count as seen."""
        if self.store is not None and self.run_id is not None:
            self.store.mark_page_seen(self.run_id, self.source, self.page_key(url))
        self.crawler.stats.inc_value(f"leeraanbod/{how}")

    def no_offer(self, url: str, why: str) -> None:
        """A page without an offer: a reject, and ``parse:offer-vanished`` when the page
        yielded one last time."""
        if self.had_offers(url):
            self.vanished.add(self.page_key(url))
            reject(self.crawler, "parse:offer-vanished", url, f"yielded an offer last time; {why}")
        else:
            reject(self.crawler, "parse:no-offer", url, why)

    # ------------------------------------------------------------------ responses
    def parse_detail_page(self, response: Response) -> Iterable[dict[str, Any]]:
        if response.status in GONE:
            self.offer_gone(response)
            return
        if response.status == NOT_MODIFIED:
            self.unchanged(response.url, "not_modified")
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
            self.no_offer(response.url, "no course title on the page")
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
        store = self.store
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
