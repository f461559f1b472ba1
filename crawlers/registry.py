"""Which spiders exist: every ``OfferSpider`` subclass with a ``name`` in ``crawlers.spiders``."""

from __future__ import annotations

from functools import cache

from scrapy.settings import Settings as ScrapySettings
from scrapy.spiderloader import SpiderLoader

from crawlers.spiders.base import OfferSpider


@cache
def _loader() -> SpiderLoader:
    return SpiderLoader.from_settings(ScrapySettings({"SPIDER_MODULES": ["crawlers.spiders"]}))


def spider_names() -> list[str]:
    return sorted(_loader().list())


def spider_class(name: str) -> type[OfferSpider]:
    try:
        return _loader().load(name)  # type: ignore[return-value]
    except KeyError:
        known = ", ".join(spider_names())
        raise KeyError(f"no spider {name!r}; known: {known}") from None


def all_sources(offline: bool = False) -> list[str]:
    """The sources `leeraanbod crawl --all` crawls. Live, the generic spider needs a start URL;
    offline it crawls its fixture site."""
    return [
        n
        for n in spider_names()
        if spider_class(n).in_all or (offline and spider_class(n).fixture_folder)
    ]
