"""AutoThrottle that never goes below a host's robots.txt ``Crawl-delay``.

Scrapy does not honour ``Crawl-delay``, and AutoThrottle would lower any per-host delay to
``DOWNLOAD_DELAY`` again. The fail-closed robots middleware records each host's
Crawl-delay (capped by ``ROBOTSTXT_CRAWL_DELAY_MAX``) in ``crawler.crawl_delays``; this
extension keeps the host's download slot at or above it.
"""

from __future__ import annotations

from scrapy.core.downloader import Slot
from scrapy.extensions.throttle import AutoThrottle
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached


class RobotsAwareAutoThrottle(AutoThrottle):
    def _adjust_delay(self, slot: Slot, latency: float, response: Response) -> None:
        super()._adjust_delay(slot, latency, response)
        delays: dict[str, float] = getattr(self.crawler, "crawl_delays", {})
        floor = delays.get(urlparse_cached(response).hostname or "")
        if floor and slot.delay < floor:
            slot.delay = floor
