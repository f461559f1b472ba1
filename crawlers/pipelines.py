"""Item pipelines: clean → validate into ``Offer`` → tag with the taxonomy → store in batches.

Spiders yield plain dicts shaped like :class:`catalogue.model.Offer` (one item model for all
spiders). Rejected items are counted per reason (``rejected/<field path>``) in the crawl
stats; the store pipeline writes valid offers in batches and, when the spider closes, hands
the run's statistics to ``store.finish_run``, which judges the run, and then brings the
cross-source duplicate clusters up to date (``dedup.update_clusters``) with the
offers the run wrote and those it (or a 404/410 page) retired.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from catalogue.model import Offer, error_fields
from catalogue.runs import RunStats, offer_fields
from catalogue.store import CatalogueStore, open_store
from crawlers.parsers.levels import parse_level
from dedup import update_clusters
from taxonomy.tagging import tag_offer

logger = logging.getLogger(__name__)

REJECTED = "leeraanbod/rejected"  # stats prefix: leeraanbod/rejected/<reason>
DROPPED = "leeraanbod/dropped_fields"  # stats prefix: leeraanbod/dropped_fields/<field path>
# optional links a page may give in a form no one can follow (``javascript:void(0)``, "#",
# ``mailto:``): the link is dropped, the offer kept
OPTIONAL_LINKS = {"registration_url", "website"}
FIELDS = "leeraanbod/fields"  # stats prefix: leeraanbod/fields/<field> (items carrying it)


def reject(crawler: Crawler, reason: str, where: str, why: str) -> None:
    """Count a rejected item or unparseable page under ``reason`` and log where and why."""
    crawler.stats.inc_value(f"{REJECTED}/{reason}")
    crawler.stats.inc_value("leeraanbod/items_rejected")
    logger.warning("rejected %s (%s): %s", where, reason, why)


def _prune(value: Any) -> Any:
    """Drop None, empty strings and empty containers; strip strings."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):
        pruned = {k: _prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v not in (None, "", [], {})}
    if isinstance(value, list | tuple):
        items = [_prune(v) for v in value]
        unique: list[Any] = []
        for v in items:
            if v not in (None, "", [], {}) and v not in unique:
                unique.append(v)
        return unique
    return value


def _rebase(value: Any, served: str, live: str) -> Any:
    """Every URL on the local fixture server mapped back to the live site it stands for."""
    if isinstance(value, str):
        return live + value[len(served) :] if value.startswith(served) else value
    if isinstance(value, dict):
        return {k: _rebase(v, served, live) for k, v in value.items()}
    if isinstance(value, list):
        return [_rebase(v, served, live) for v in value]
    return value


def _sitemap_cap(stats: Any) -> dict[str, Any]:
    """A run whose sitemaps listed more detail pages than it may fetch is partial, noted."""
    skipped = stats.get_value("leeraanbod/sitemap_urls_skipped", 0)
    if not skipped:
        return {}
    taken = stats.get_value("leeraanbod/sitemap_urls", 0)
    note = (
        f"sitemap capped: {taken} of {taken + skipped} detail pages fetched "
        "(LEERAANBOD_SITEMAP_MAX_URLS); offers not fetched are kept, not aged"
    )
    return {"partial": True, "notes": [note]}


class CleanPipeline:
    """Strip and prune the raw dict; map offline fixture URLs back to the live site."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CleanPipeline:
        return cls(crawler)

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        spider = self.crawler.spider
        cleaned = _prune(dict(item))
        served, live = getattr(spider, "base_url", None), getattr(spider, "live_base_url", None)
        if served and live and served != live:
            cleaned = _rebase(cleaned, served, live)
        if "level" not in cleaned:  # the level the page states (docs/elm.md, "Levels")
            level = parse_level(*(cleaned.get(k) for k in ("title", "certificate", "description")))
            if level:
                cleaned["level"] = level.model_dump(mode="json")
        return cleaned


class ValidatePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item: dict[str, Any]) -> Offer:
        try:
            offer = self._validate(item)
        except ValidationError as exc:
            fields = sorted(set(error_fields(exc))) or ["__root__"]
            where = item.get("url") or item.get("source_id") or "?"
            reject(self.crawler, fields[0], str(where), str(exc).replace("\n", " | ")[:500])
            raise DropItem(f"invalid offer {where}: {', '.join(fields)}") from exc
        stats = self.crawler.stats
        stats.inc_value("leeraanbod/items_valid")
        stats.inc_value("leeraanbod/items_parsed")
        for name in offer_fields(offer):
            stats.inc_value(f"{FIELDS}/{name}")
        return offer

    def _validate(self, item: dict[str, Any]) -> Offer:
        """The offer; when only optional links (``OPTIONAL_LINKS``, at any depth) fail, they
        are dropped, each counted under ``leeraanbod/dropped_fields/<path>`` and logged."""
        try:
            return Offer.model_validate(item)
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
            if not all(e["loc"] and e["loc"][-1] in OPTIONAL_LINKS for e in errors):
                raise
            bad = [e["loc"] for e in errors]
        where = item.get("url") or item.get("source_id") or "?"
        for loc in bad:
            parent: Any = item
            for key in loc[:-1]:
                parent = parent[key]
            value = parent.pop(loc[-1], None)
            path = ".".join(str(p) for p in loc)
            self.crawler.stats.inc_value(f"{DROPPED}/{path}")
            logger.info("dropped %s %r of %s: not an http(s) link", path, value, where)
        return Offer.model_validate(item)


class TaxonomyPipeline:
    """Tags offers with competences and fields of education (``taxonomy.tagging.tag_offer``)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.tag: Callable[[Offer], Offer] = tag_offer

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TaxonomyPipeline:
        return cls(crawler)

    def process_item(self, item: Offer) -> Offer:
        try:
            return self.tag(item)
        except Exception:  # a tagging bug must not lose the offer
            self.crawler.stats.inc_value("leeraanbod/tagging_errors")
            if self.crawler.stats.get_value("leeraanbod/tagging_errors") == 1:
                logger.exception("tagging failed for %s; offers are stored untagged", item.url)
            return item


class StorePipeline:
    """Writes valid offers in batches under one crawl run; closes the run with its stats."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.store_url: str = crawler.settings["LEERAANBOD_STORE_URL"]
        self.retire_after = crawler.settings.getint("LEERAANBOD_RETIRE_AFTER", 3)
        self.batch_size = crawler.settings.getint("LEERAANBOD_BATCH_SIZE", 50)
        self.store: CatalogueStore | None = None
        self.run_id: int | None = None
        self.batch: list[Offer] = []
        self.write_error: str | None = None
        self.touched: set[str] = set()  # offers upserted or retired by this run
        self.page_offers: dict[str, set[str]] = {}  # live page URL -> offers it yielded

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        pipeline = cls(crawler)
        # the finish reason is only known at spider_closed, after the pipelines closed
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        spider: Any = self.crawler.spider  # an OfferSpider (crawlers.spiders.base)
        assert spider is not None
        self.store = open_store(self.store_url, self.retire_after)
        self.run_id = self.store.start_run(spider.source)
        spider.store = self.store
        spider.run_id = self.run_id
        spider.pages = self.store.page_states(spider.source)
        self.crawler.stats.set_value("leeraanbod/run_id", self.run_id)

    def process_item(self, item: Offer) -> Offer:
        self.batch.append(item)
        if len(self.batch) >= self.batch_size:
            self._flush()
        return item

    def _flush(self) -> None:
        if self.batch and self.store is not None:
            self.store.upsert_offers(self.batch, run_id=self.run_id)
            self.touched.update(o.id for o in self.batch if o.id)
            for offer in self.batch:
                if offer.id:
                    self.page_offers.setdefault(offer.url, set()).add(offer.id)
            self.batch = []

    def close_spider(self) -> None:
        try:
            self._flush()
        except Exception as exc:  # the run fails, the store keeps what it had
            logger.exception("writing offers failed")
            self.write_error = f"writing offers failed: {exc}"

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.store is None or self.run_id is None:
            return
        stats = self.crawler.stats
        error = self.write_error
        if reason != "finished" and error is None:
            error = f"crawl did not finish ({reason})"
        if error is None and stats.get_value("leeraanbod/robots_unreachable"):
            error = "robots.txt unreachable: nothing fetched from that host"
        if error is None and stats.get_value("leeraanbod/backed_off_after"):
            wait = stats.get_value("leeraanbod/backed_off_after")
            error = f"the site asked to wait {wait:.0f} s (Retry-After): crawl stopped early"
        prefix = REJECTED + "/"
        if self.write_error is None:
            # what each page fetched in full answered and yielded, for the next run
            vanished: dict[str, set[str]] = {url: set() for url in getattr(spider, "vanished", ())}
            self.store.record_pages(
                spider.source,  # type: ignore[attr-defined]
                fetched=getattr(spider, "fetched", {}),
                offers={**vanished, **self.page_offers},
            )
        run_stats = RunStats(
            pages=stats.get_value("response_received_count", 0),
            items_seen=stats.get_value("leeraanbod/items_valid", 0)
            + stats.get_value("leeraanbod/items_rejected", 0),
            items_valid=stats.get_value("leeraanbod/items_valid", 0),
            items_rejected=stats.get_value("leeraanbod/items_rejected", 0),
            rejected_reasons={
                key[len(prefix) :]: value
                for key, value in stats.get_stats().items()
                if key.startswith(prefix)
            },
            **_sitemap_cap(stats),
            items_parsed=stats.get_value("leeraanbod/items_parsed", 0),
            field_counts={
                key[len(FIELDS) + 1 :]: value
                for key, value in stats.get_stats().items()
                if key.startswith(FIELDS + "/")
            },
            not_modified=stats.get_value("leeraanbod/not_modified", 0),
            unchanged_by_sitemap=stats.get_value("leeraanbod/unchanged_by_sitemap", 0),
            incremental=getattr(spider, "incremental", False),
        )
        result = self.store.finish_run(self.run_id, run_stats, error=error)
        stats.set_value("leeraanbod/outcome", result.outcome.value)
        stats.set_value("leeraanbod/message", result.message)
        stats.set_value("leeraanbod/marked_stale", result.marked_stale)
        stats.set_value("leeraanbod/retired", result.retired)
        stats.set_value("leeraanbod/degraded_fields", result.degraded_fields)
        stats.set_value("leeraanbod/offers_seen", result.seen)
        stats.set_value("leeraanbod/incremental", run_stats.incremental)
        self.touched.update(getattr(spider, "gone_ids", ()))
        self.update_clusters()
        self.store.close()

    def update_clusters(self) -> None:
        """Re-cluster the offers this run wrote or marked gone (``update_clusters`` also takes
        every retired offer still in a cluster, e.g. retired by ``finish_run``), so that the
        same course run from several sources stays one cluster. A failure is logged and
        counted, never fatal: the offers are stored and the run is judged already; the next
        run or ``leeraanbod dedup`` catches up."""
        assert self.store is not None
        try:
            result = update_clusters(self.store, sorted(self.touched))
        except Exception as exc:
            logger.exception("updating the duplicate clusters failed")
            self.crawler.stats.set_value("leeraanbod/dedup_error", f"{type(exc).__name__}: {exc}")
            return
        self.crawler.stats.set_value("leeraanbod/clustered_offers", result.offers)
        self.crawler.stats.set_value("leeraanbod/clusters_merged_offers", result.merged)
        self.crawler.stats.set_value("leeraanbod/clusters_removed_offers", result.removed)
