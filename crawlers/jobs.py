"""Crawl registry sources (``crawlers.sources``), each under the store's lease on it.

``crawl_sources(sources, app=...)`` is what ``leeraanbod crawl`` and ``leeraanbod schedule``
both call: a source another process is crawling (its lease in the store has not expired) is
skipped, never crawled twice at once; a run left ``running`` by a process that died is closed
as abandoned when the next run of its source starts (``store.start_run``).
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from catalogue.runs import RunOutcome
from catalogue.store import CatalogueStore, open_store
from core.settings import Settings
from crawlers.offline import FIXTURES_DIR, serve_fixtures
from crawlers.registry import spider_class
from crawlers.runner import OFFLINE_OVERRIDES, CrawlJob, CrawlReport, run_crawls
from crawlers.sources import Source

HOLDER = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
LOCK_MARGIN = timedelta(minutes=5)  # a lease outlives its crawl's timeout by this much


def site_of(source: Source) -> tuple[str, str]:
    """(offline fixture folder, live base URL the fixture pages link to)."""
    if source.spider:
        cls = spider_class(source.spider)
        return cls.fixture_folder or source.spider, cls.offline_live_base_url or cls.live_base_url
    return source.fixture or source.key, source.website or ""


def job_for(
    source: Source,
    *,
    served_url: str | None = None,
    full_refresh: bool = False,
    registry: Path | None = None,
) -> CrawlJob:
    """The spider and its arguments that crawl ``source`` (live, or from ``served_url``)."""
    kwargs: dict[str, Any] = {"full_refresh": full_refresh}
    if served_url:
        kwargs["base_url"] = served_url
    if source.spider:
        if served_url:
            kwargs.update(spider_class(source.spider).offline_kwargs(served_url))
        return CrawlJob(source.spider, kwargs)
    if source.read == "schemaorg":
        base = served_url or source.website
        kwargs.update(
            source=source.key,
            live_base_url=source.website,
            sitemap_url=source.url(source.sitemap, base) if source.sitemap else None,
            start_urls=[source.url(u, base) for u in source.start_urls],
        )
        return CrawlJob("generic", {k: v for k, v in kwargs.items() if v not in (None, [])})
    kwargs["source"] = source.key
    if registry:
        kwargs["registry"] = str(registry)
    return CrawlJob("configured", kwargs)


def skipped(source: Source, holder: str | None) -> CrawlReport:
    return CrawlReport(
        source=source.key,
        outcome="skipped",
        message=f"another process is crawling it ({holder or 'lease just taken'})",
    )


def crawl_sources(
    sources: list[Source],
    *,
    app: Settings,
    offline: bool = False,
    fixtures_dir: Path = FIXTURES_DIR,
    full_refresh: bool | dict[str, bool] = False,
    overrides: dict[str, Any] | None = None,
    frozen_time: str | None = None,
    holder: str = HOLDER,
    jobdir: Path | None = None,
) -> list[CrawlReport]:
    """Crawl ``sources`` (live: one process each; offline: the fixture sites, side by side)
    under their leases; a source whose lease another holder has is reported ``skipped``."""
    store = open_store(app.store_url, app.retire_after)
    try:
        mine, reports = [], []
        for source in sources:
            ttl = (source.timeout + LOCK_MARGIN).total_seconds()
            if store.try_lock(source.key, holder, ttl):
                mine.append(source)
            else:
                reports.append(skipped(source, store.lock_holder(source.key)))
        try:
            reports += _crawl(
                mine, app, offline, fixtures_dir, full_refresh, overrides, frozen_time, jobdir
            )
        finally:
            for source in mine:
                store.release_lock(source.key, holder)
    finally:
        store.close()
    order = {s.key: i for i, s in enumerate(sources)}
    return sorted(reports, key=lambda r: order.get(r.source, len(order)))


def _crawl(
    sources: list[Source],
    app: Settings,
    offline: bool,
    fixtures_dir: Path,
    full_refresh: bool | dict[str, bool],
    overrides: dict[str, Any] | None,
    frozen_time: str | None,
    jobdir: Path | None = None,
) -> list[CrawlReport]:
    if not sources:
        return []

    def full(source: Source) -> bool:
        if isinstance(full_refresh, dict):
            return full_refresh.get(source.key, False)
        return full_refresh

    registry = app.sources_file
    if offline:
        sites = dict(site_of(s) for s in sources)
        with serve_fixtures(sites, fixtures_dir) as servers:
            jobs = [
                job_for(
                    s,
                    served_url=servers[site_of(s)[0]].url,
                    full_refresh=full(s),
                    registry=registry,
                )
                for s in sources
            ]
            return run_crawls(
                jobs,
                app=app,
                overrides={**OFFLINE_OVERRIDES, **(overrides or {})},
                timeout=max(s.timeout for s in sources).total_seconds(),
                frozen_time=frozen_time,
            )
    reports = []
    for s in sources:  # one process per source: a failure stays contained
        job = job_for(s, full_refresh=full(s), registry=registry)
        run_overrides = dict(overrides or {})
        if jobdir:  # resumable: each source its own JOBDIR
            run_overrides["JOBDIR"] = str(jobdir / s.key)
        reports += run_crawls(
            [job], app=app, overrides=run_overrides, timeout=s.timeout.total_seconds()
        )
    return reports


def good(report: CrawlReport) -> bool:
    return report.outcome in (RunOutcome.GOOD.value, RunOutcome.DEGRADED.value)


def needs_full_refresh(store: CatalogueStore, source: Source) -> bool:
    """True when no run of ``source`` that fetched every page in full ended well within its
    ``full_refresh`` period (servers can misreport 304 and lastmod)."""
    for run in store.runs(source.key, limit=200):
        if run.outcome in (RunOutcome.GOOD, RunOutcome.DEGRADED) and not run.incremental:
            finished = run.finished_at or run.started_at
            return datetime.now(UTC) - finished >= source.full_refresh
    return True
