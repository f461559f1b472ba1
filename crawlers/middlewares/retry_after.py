"""Retries that honour ``Retry-After`` (Scrapy's RetryMiddleware ignores it, scrapy#3849).

On 429 or 503 the host's downloader slot is held back for the time the server asked for
(capped by ``RETRY_AFTER_MAX``), so the retry and every other request to that host wait;
other hosts go on. ``RETRY_TIMES`` bounds the attempts as usual.

A host that asks to wait longer than ``RETRY_AFTER_MAX`` gets no more requests in this
crawl (they are dropped, counted in ``leeraanbod/backed_off``); the run is then failed by the
store pipeline, so nothing is retired because of it.

The hold is set on the ``response_downloaded`` signal, which Scrapy sends before the slot
takes its next request (the same moment AutoThrottle adjusts its delay); by the time
``process_response`` runs, the next request of the host could already be on its way.
"""

from __future__ import annotations

import logging
import time
from email.utils import parsedate_to_datetime
from typing import Self

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware, get_retry_request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.asyncio import call_later
from scrapy.utils.httpobj import urlparse_cached

logger = logging.getLogger(__name__)

HONOURED = (429, 503)


def retry_after_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


class RetryAfterMiddleware(RetryMiddleware):
    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.max_wait = settings.getfloat("RETRY_AFTER_MAX", 300.0)
        self.default_wait = settings.getfloat("RETRY_AFTER_DEFAULT", 5.0)
        self.backed_off: set[str] = set()  # hosts that asked us to stay away

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        host = urlparse_cached(request).hostname or ""
        if host in self.backed_off:
            self.crawler.stats.inc_value("leeraanbod/backed_off")
            raise IgnoreRequest(f"{host} asked to wait longer than {self.max_wait:.0f} s")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        mw = super().from_crawler(crawler)
        crawler.signals.connect(mw._response_downloaded, signal=signals.response_downloaded)
        return mw

    def _wait_for(self, response: Response) -> float:
        wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        return self.default_wait if wait is None else wait

    def _response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        if response.status not in HONOURED or request.meta.get("dont_retry"):
            return
        wait = self._wait_for(response)
        if wait <= self.max_wait:
            self._hold_slot(request, wait)

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        if response.status not in HONOURED or request.meta.get("dont_retry"):
            return super().process_response(request, response)
        wait = self._wait_for(response)
        if wait > self.max_wait:
            host = urlparse_cached(request).hostname or ""
            logger.warning(
                "%s answered %s with Retry-After %.0f s, more than %.0f s: no more requests"
                " to %s in this crawl",
                request.url,
                response.status,
                wait,
                self.max_wait,
                host,
            )
            self.backed_off.add(host)
            self.crawler.stats.set_value("leeraanbod/backed_off_after", wait)
            return response
        assert self.crawler.spider is not None
        retry = get_retry_request(
            request,
            spider=self.crawler.spider,
            reason=f"{response.status} Retry-After {wait:.0f}s",
            max_retry_times=request.meta.get("max_retry_times", self.max_retry_times),
            priority_adjust=self.priority_adjust,
        )
        return retry or response

    def _hold_slot(self, request: Request, wait: float) -> None:
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        slot = downloader.slots.get(key)
        if slot is None:
            return
        # while slot.latercall is pending the downloader takes nothing from this slot's queue;
        # when it fires, the normal delay logic resumes
        if slot.latercall is not None:
            slot.latercall.cancel()
        slot.latercall = call_later(wait, downloader._latercall, slot)
        self.crawler.stats.inc_value("leeraanbod/retry_after_honoured")
