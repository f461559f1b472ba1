"""Scrapy settings for every Leeraanbod crawl: polite, bounded and failing safe.

``scrapy_settings(app, **overrides)`` builds them from :class:`core.settings.Settings`;
the crawl runner and the tests pass overrides (shorter delays against the local fixture
server, a JOBDIR to resume, the HTTP cache for development).
"""

from __future__ import annotations

from typing import Any

from core.settings import Settings

BOT_NAME = "leeraanbod"

POLITENESS: dict[str, Any] = {
    "ROBOTSTXT_OBEY": True,
    # One request in flight per host. A crawl is one source, so one host: the global limit is 1
    # too, which keeps waiting requests in the (JOBDIR-persisted) scheduler instead of the
    # downloader's in-memory slot queue, where an interrupted crawl would lose them.
    "CONCURRENT_REQUESTS": 1,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
    "DOWNLOAD_DELAY": 2.0,
    "DOWNLOAD_DELAY_JITTER": 0.5,  # each delay is 0.5x-1.5x DOWNLOAD_DELAY
    "AUTOTHROTTLE_ENABLED": True,
    "AUTOTHROTTLE_START_DELAY": 2.0,
    "AUTOTHROTTLE_MAX_DELAY": 60.0,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
    "ROBOTSTXT_CRAWL_DELAY_MAX": 60.0,  # a robots.txt Crawl-delay is obeyed up to this
    "RETRY_TIMES": 2,  # at most 3 attempts per URL
    "RETRY_HTTP_CODES": [429, 500, 502, 503, 504, 522, 524, 408],
    "RETRY_AFTER_MAX": 300.0,
    "DOWNLOAD_TIMEOUT": 30,
    "DOWNLOAD_MAXSIZE": 10 * 1024 * 1024,  # also enforced after decompression
    "DOWNLOAD_WARNSIZE": 2 * 1024 * 1024,
    "REDIRECT_MAX_TIMES": 5,
    "COOKIES_ENABLED": False,
}


def scrapy_settings(app: Settings | None = None, **overrides: Any) -> dict[str, Any]:
    app = app or Settings()
    settings: dict[str, Any] = {
        "BOT_NAME": BOT_NAME,
        "SPIDER_MODULES": ["crawlers.spiders"],
        "USER_AGENT": app.user_agent,
        **POLITENESS,
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
            "crawlers.middlewares.robots.FailClosedRobotsTxtMiddleware": 100,
            "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
            "crawlers.middlewares.retry_after.RetryAfterMiddleware": 550,
            # before the HTTP cache (900) and compression (590): sees the wire's 304
            "crawlers.middlewares.conditional.ConditionalRequestsMiddleware": 580,
        },
        "EXTENSIONS": {
            "scrapy.extensions.throttle.AutoThrottle": None,
            "crawlers.extensions.RobotsAwareAutoThrottle": 0,
        },
        "ITEM_PIPELINES": {
            "crawlers.pipelines.CleanPipeline": 100,
            "crawlers.pipelines.ValidatePipeline": 200,
            "crawlers.pipelines.TaxonomyPipeline": 300,
            "crawlers.pipelines.StorePipeline": 400,
        },
        "LEERAANBOD_STORE_URL": app.store_url,
        "LEERAANBOD_RETIRE_AFTER": app.retire_after,
        "LEERAANBOD_BATCH_SIZE": 50,
        # detail pages taken from a source's sitemaps per run (2,000 × 2.5 s ≈ 83 min); past
        # it the run is partial: noted, and no offer is aged for being unseen
        "LEERAANBOD_SITEMAP_MAX_URLS": 2000,
        "HTTPCACHE_ENABLED": False,
        "HTTPCACHE_DIR": str(app.data_dir / "httpcache"),
        "HTTPCACHE_EXPIRATION_SECS": 24 * 3600,
        "HTTPCACHE_IGNORE_HTTP_CODES": [429, 500, 502, 503, 504],
        "TELNETCONSOLE_ENABLED": False,  # no listening ports in a crawler process
        "REMOTE_CONTROL_ENABLED": False,
        "LOG_LEVEL": "INFO",
        "FEED_EXPORT_ENCODING": "utf-8",
        "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
    }
    settings.update(overrides)
    return settings
