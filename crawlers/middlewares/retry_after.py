"""Retries that honour ``Retry-After`` (Scrapy's RetryMiddleware ignores it, scrapy#3849).

On 429 or 503 the host's downloader slot is held back for the time the server asked for
(capped by ``RETRY_AFTER_MAX``), so the retry and every other request to that host wait;
other hosts go on. ``RETRY_TIMES`` bounds the attempts as usual.
"""

from __future__ import annotations

import logging
import time
from email.utils import parsedate_to_datetime

from scrapy import Request, Spider
from scrapy.downloadermiddlewares.retry import RetryMiddleware, get_retry_request
from scrapy.http import Response
from scrapy.settings import BaseSettings

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

    def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        if response.status not in HONOURED or request.meta.get("dont_retry"):
            return super().process_response(request, response)
        wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        if wait is None:
            wait = self.default_wait
        if wait > self.max_wait:
            logger.warning(
                "%s asks to wait %.0f s (Retry-After), more than %.0f s: giving up on %s",
                response.status,
                wait,
                self.max_wait,
                request.url,
            )
            return response
        retry = get_retry_request(
            request,
            spider=self.crawler.spider,
            reason=f"{response.status} Retry-After {wait:.0f}s",
            max_retry_times=request.meta.get("max_retry_times", self.max_retry_times),
            priority_adjust=self.priority_adjust,
        )
        if retry is None:
            return response
        self._hold_slot(request, wait)
        return retry

    def _hold_slot(self, request: Request, wait: float) -> None:
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        slot = downloader.slots.get(key)
        if slot is None:
            return
        # the downloader waits `slot.download_delay() - (now - slot.lastseen)` before the
        # next request of this slot; move lastseen so that this wait is at least `wait`
        slot.lastseen = max(slot.lastseen, time.monotonic() + wait - slot.download_delay())
        self.crawler.stats.inc_value("leeraanbod/retry_after_honoured")
