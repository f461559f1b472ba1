"""Crawl the shipped fixture pages once per session through the real spiders, pipelines and a
real SQLite store, served by real HTTP servers on 127.0.0.1, with time frozen in the crawl."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from catalogue.model import Offer
from catalogue.store import OfferStatus, open_store
from core.settings import Settings
from crawlers.offline import FIXTURES_DIR
from crawlers.registry import all_sources
from crawlers.runner import CrawlReport, crawl_offline
from crawlers.settings import scrapy_settings
from tests.factories import make_offer

FROZEN_TIME = "2024-09-01T08:00:00+00:00"
TODAY = date(2024, 9, 1)
FILES = FIXTURES_DIR
GONE_VDAB_ID = "733300"
# fetch-behaviour tests skip the taxonomy stage (about 1 s per crawl process to build the
# tagger); the full offline crawl above and test_pipelines.py cover tagging
UNTAGGED = {
    "ITEM_PIPELINES": {
        k: v for k, v in scrapy_settings()["ITEM_PIPELINES"].items() if "Taxonomy" not in k
    }
}  # listed in the VDAB sitemap, its page answers 404


@dataclass
class Crawled:
    reports: dict[str, CrawlReport]
    store_url: str

    def offers(self, source: str) -> dict[str, Offer]:
        store = open_store(self.store_url)
        try:
            return {
                s.offer.source_id: s.offer
                for s in store.iter_offers(source, statuses=[OfferStatus.ACTIVE])
            }
        finally:
            store.close()


def app_settings(data_dir: Path) -> Settings:
    return Settings(data_dir=data_dir, user_agent="LeeraanbodTest/1.0 (+https://example.org/bot)")


@pytest.fixture(scope="session")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    data_dir = tmp_path_factory.mktemp("offline-crawl")
    app = app_settings(data_dir)
    store = open_store(app.store_url)
    # a VDAB offer the store knows from an earlier crawl, whose page is now gone
    store.upsert_offers(
        [
            make_offer(
                source_id=GONE_VDAB_ID,
                url="https://www.vdab.be/opleidingen/aanbod/733300/cursus/140001/Logistiek_medewerker-ANTWERPEN",
                identifiers=[{"scheme": "vdab", "value": GONE_VDAB_ID}],
            )
        ]
    )
    store.close()
    reports = crawl_offline(
        all_sources(offline=True), app=app, frozen_time=FROZEN_TIME, timeout=120
    )
    return Crawled({r.source: r for r in reports}, app.store_url)
