"""robots.txt that fails closed (RFC 9309 §2.3.1.4).

Scrapy's ``RobotsTxtMiddleware`` allows every URL of a host when fetching its robots.txt raises
(timeout, refused connection) and parses a 5xx error page as if it were a robots.txt. Here:

- 2xx: the file is obeyed;
- 4xx: "unavailable", everything is allowed (as the RFC says);
- 5xx, a timeout or any other failure: "unreachable", NOTHING on that host is fetched.

A ``Crawl-delay`` is honoured too (see :mod:`crawlers.extensions`).
"""

from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)


class DisallowAll(RobotParser):
    """The parser that stands in for an unreachable robots.txt."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    @classmethod
    def from_crawler(cls, crawler, robotstxt_body):
        return cls("unreachable")

    def allowed(self, url: str | bytes, user_agent: str | bytes) -> bool:
        return False


class AllowAll(RobotParser):
    @classmethod
    def from_crawler(cls, crawler, robotstxt_body):
        return cls()

    def allowed(self, url: str | bytes, user_agent: str | bytes) -> bool:
        return True


class FailClosedRobotsTxtMiddleware(RobotsTxtMiddleware):
    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if response.status < 400:
            await super()._parse_robots(response, netloc, request)
            self._note_crawl_delay(request)
            return
        self._stats.inc_value("robotstxt/response_count")
        self._stats.inc_value(f"robotstxt/response_status_count/{response.status}")
        if response.status >= 500:
            logger.error(
                "robots.txt of %s answered %s: fetching nothing from that host",
                netloc,
                response.status,
            )
            self._stats.inc_value("leeraanbod/robots_unreachable")
            parser: RobotParser = DisallowAll(f"robots.txt answered {response.status}")
        else:
            parser = AllowAll()
        self._settle(netloc, parser)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if not isinstance(exc, IgnoreRequest):
            self._stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
        logger.error(
            "robots.txt of %s could not be fetched (%s): fetching nothing from that host",
            netloc,
            exc.__class__.__name__,
        )
        self._stats.inc_value("leeraanbod/robots_unreachable")
        self._settle(netloc, DisallowAll(f"robots.txt unreachable: {exc.__class__.__name__}"))

    def _note_crawl_delay(self, request: Request) -> None:
        """Record the host's Crawl-delay for RobotsAwareAutoThrottle and apply it at once."""
        parser = self._parsers.get(urlparse_cached(request).netloc)
        if not isinstance(parser, RobotParser):
            return
        agent = self._robotstxt_useragent or self._default_useragent
        delay = parser.crawl_delay(agent)
        if not delay:
            return
        cap = self.crawler.settings.getfloat("ROBOTSTXT_CRAWL_DELAY_MAX", 60.0)
        if delay > cap:
            logger.warning("Crawl-delay %s s of %s capped at %s s", delay, request.url, cap)
            delay = cap
        host = urlparse_cached(request).hostname or ""
        delays = getattr(self.crawler, "crawl_delays", None)
        if delays is None:
            delays = {}
            self.crawler.crawl_delays = delays  # type: ignore[attr-defined]
        delays[host] = float(delay)
        downloader = self.crawler.engine.downloader
        slot = downloader.slots.get(downloader.get_slot_key(request))
        if slot is not None:
            slot.delay = max(slot.delay, float(delay))
            slot.jitter = 0.0  # a Crawl-delay is a minimum, not an average
        self._stats.set_value("leeraanbod/crawl_delay", float(delay))

    def _settle(self, netloc: str, parser: RobotParser) -> None:
        pending = self._parsers[netloc]
        self._parsers[netloc] = parser
        if isinstance(pending, Deferred):
            pending.callback(parser)
