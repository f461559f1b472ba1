"""``leeraanbod source check URL``: fetch one page politely and show, field by field, what the
source's reader extracts from it and what is missing.

Politely: the host's robots.txt is read first (with the crawler's user agent; a robots.txt
that cannot be read means no fetch, as in a crawl), then the one page, with a timeout. The
page goes through the same reader as in a crawl (a code spider's ``parse_detail``, the
registry's CSS selectors, or schema.org) and the same validation as the pipelines.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from pydantic import ValidationError
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse
from scrapy.statscollectors import MemoryStatsCollector

from catalogue.model import Offer, error_fields
from catalogue.runs import TRACKED_FIELDS, offer_fields
from crawlers.pipelines import _prune
from crawlers.registry import spider_class
from crawlers.sources import Source

TIMEOUT = 30.0


class FetchRefused(RuntimeError):
    """robots.txt forbids the page, cannot be read, or the page did not answer 200."""


@dataclass
class PageCheck:
    url: str
    source: str
    items: list[dict[str, Any]] = field(default_factory=list)  # raw, as the reader gives them
    offers: list[Offer] = field(default_factory=list)  # those that validate
    errors: list[str] = field(default_factory=list)  # validation errors, per item
    rejects: list[str] = field(default_factory=list)  # what the reader reported


def _get(url: str, user_agent: str, timeout: float) -> tuple[int, bytes, str | None]:
    request = urllib.request.Request(url, headers={"User-Agent": user_agent})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read(), response.headers.get_content_charset()
    except urllib.error.HTTPError as exc:
        return exc.code, b"", None


def fetch_politely(url: str, user_agent: str, timeout: float = TIMEOUT) -> tuple[bytes, str]:
    """The page's body and encoding, after robots.txt allowed it."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FetchRefused(f"{url}: not an http(s) URL")
    robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
    try:
        status, body, charset = _get(robots_url, user_agent, timeout)
    except (OSError, urllib.error.URLError) as exc:
        raise FetchRefused(f"{robots_url} unreachable ({exc}): nothing fetched") from exc
    if status >= 500 or status in (401, 403, 429):
        raise FetchRefused(f"{robots_url} answered {status}: nothing fetched")
    robots = RobotFileParser()
    robots.parse(body.decode(charset or "utf-8", "replace").splitlines() if status == 200 else [])
    if not robots.can_fetch(user_agent, url):
        raise FetchRefused(f"{url}: robots.txt does not allow {user_agent!r} to fetch it")
    try:
        status, body, charset = _get(url, user_agent, timeout)
    except (OSError, urllib.error.URLError) as exc:
        raise FetchRefused(f"{url} unreachable: {exc}") from exc
    if status != 200:
        raise FetchRefused(f"{url} answered {status}")
    return body, charset or "utf-8"


def _spider(source: Source, url: str) -> Any:
    parts = urlsplit(url)
    base = f"{parts.scheme}://{parts.netloc}"
    kwargs: dict[str, Any] = {"base_url": base}
    if source.spider:
        cls: type[Any] = spider_class(source.spider)
    else:
        from crawlers.spiders.configured import ConfiguredSpider

        cls, kwargs["config"] = ConfiguredSpider, source
    crawler = Crawler(cls, {})
    crawler.stats = MemoryStatsCollector(crawler)
    return cls.from_crawler(crawler, **kwargs)


def read_page(source: Source, url: str, body: bytes, encoding: str = "utf-8") -> PageCheck:
    """What ``source``'s reader makes of the page ``url`` with ``body``."""
    check = PageCheck(url=url, source=source.key)
    response = HtmlResponse(url=url, body=body, encoding=encoding)
    if source.read == "schemaorg" and not source.spider:
        from crawlers.schemaorg import extract_nodes, offer_from_node

        path = urlsplit(url).path or "/"
        for node in extract_nodes(response.text, url):
            item = offer_from_node(node, source=source.key, source_id=path, url=url)
            if item is not None:
                check.items.append(item)
    else:
        spider = _spider(source, url)
        if not spider.is_detail_url(url):
            check.rejects.append(f"not an offer page of {source.key}: the URL does not match")
        else:
            try:
                item = spider.parse_detail(response)
            except Exception as exc:
                check.rejects.append(f"parse error: {type(exc).__name__}: {exc}")
                item = None
            if item is not None:
                check.items.append(item)
            elif not check.rejects:
                check.rejects.append("no offer on the page (no title found)")
    for item in check.items:
        try:
            check.offers.append(Offer.model_validate(_prune(dict(item))))
        except ValidationError as exc:
            fields = ", ".join(sorted(set(error_fields(exc)))) or "?"
            check.errors.append(f"invalid offer ({fields}): {exc.errors()[0]['msg']}")
    return check


def _short(value: Any, width: int = 70) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def field_lines(offer: Offer) -> list[tuple[str, str | None]]:
    """(field, what was extracted or None) for the title and every tracked field."""
    carried = offer_fields(offer)
    prices = offer.prices or [p for s in offer.sessions for p in s.prices]
    first = offer.sessions[0] if offer.sessions else None
    shown: dict[str, Any] = {
        "description": _short(offer.description),
        "price": ", ".join(f"€ {p.amount}" for p in prices),
        "duration": offer.duration and _short(offer.duration.model_dump(exclude_none=True)),
        "sessions": f"{len(offer.sessions)}",
        "start_date": ", ".join(str(s.start_date) for s in offer.sessions if s.start_date),
        "location": first
        and first.location
        and _short(first.location.model_dump(exclude_none=True)),
        "languages": ", ".join(offer.languages),
        "certificate": offer.certificate,
        "registration_url": offer.registration_url
        or next((s.registration_url for s in offer.sessions if s.registration_url), None),
        "funding": ", ".join(f.fund or f.scheme for f in offer.funding),
        "identifiers": ", ".join(f"{i.scheme}:{i.value}" for i in offer.identifiers),
    }
    lines: list[tuple[str, str | None]] = [
        ("title", offer.title),
        ("provider", offer.provider.name),
    ]
    for name in TRACKED_FIELDS:
        lines.append((name, str(shown[name]) if name in carried and shown[name] else None))
    return lines
