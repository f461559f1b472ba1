"""Run crawls, each in its own child process, and report their statistics.

``run_crawl("vdab")`` crawls the live site; ``crawl_offline(["vdab", ...])`` serves the
shipped fixture pages on 127.0.0.1 and crawls those through the same spiders and pipelines.
A child process per crawl keeps Scrapy's Twisted reactor fresh, so crawls can run
repeatedly (tests, ``--all``) and a hung crawl can be stopped from outside.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from catalogue.runs import RunOutcome, RunStats
from catalogue.store import open_store
from core.settings import Settings
from crawlers.offline import FIXTURES_DIR, demo_year_shift, mark_demo_data, serve_fixtures
from crawlers.registry import spider_class
from crawlers.settings import scrapy_settings

# Against the local fixture server: still one request per host, but no need to wait seconds.
OFFLINE_OVERRIDES: dict[str, Any] = {
    "DOWNLOAD_DELAY": 0.0,
    "AUTOTHROTTLE_START_DELAY": 0.0,
    "AUTOTHROTTLE_MAX_DELAY": 1.0,
    "DOWNLOAD_TIMEOUT": 10,
    "LOG_LEVEL": "WARNING",
}

# where the project's top-level packages are (a checkout or site-packages), for child crawls
PACKAGES_ROOT = Path(__file__).resolve().parents[1]


@dataclass
class CrawlReport:
    """What one crawl did, as printed by ``leeraanbod crawl``."""

    source: str
    outcome: str  # good | failed | error (the child process itself failed)
    message: str
    run_id: int | None = None
    pages: int = 0
    items_valid: int = 0
    items_rejected: int = 0
    rejected_reasons: dict[str, int] = field(default_factory=dict)
    marked_stale: int = 0
    retired: int = 0
    offers_gone: int = 0
    robots_forbidden: int = 0
    offers_seen: int = 0  # parsed, or on pages unchanged since the last fetch in full
    not_modified: int = 0  # pages that answered 304
    unchanged_by_sitemap: int = 0  # pages not requested: sitemap lastmod before last fetch
    incremental: bool = False
    degraded_fields: list[str] = field(default_factory=list)
    duration_s: float = 0.0
    log_path: str | None = None
    stats: dict[str, Any] = field(default_factory=dict, repr=False)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("stats")
        return data


def _report(source: str, stats: dict[str, Any], duration: float, log: Path) -> CrawlReport:
    prefix = "leeraanbod/rejected/"
    return CrawlReport(
        source=source,
        outcome=stats.get("leeraanbod/outcome", "error"),
        message=stats.get("leeraanbod/message", "the crawl ended without judging its run"),
        run_id=stats.get("leeraanbod/run_id"),
        pages=stats.get("response_received_count", 0),
        items_valid=stats.get("leeraanbod/items_valid", 0),
        items_rejected=stats.get("leeraanbod/items_rejected", 0),
        rejected_reasons={k[len(prefix) :]: v for k, v in stats.items() if k.startswith(prefix)},
        marked_stale=stats.get("leeraanbod/marked_stale", 0),
        retired=stats.get("leeraanbod/retired", 0),
        offers_gone=stats.get("leeraanbod/offers_gone", 0),
        robots_forbidden=stats.get("robotstxt/forbidden", 0),
        offers_seen=stats.get("leeraanbod/offers_seen", 0),
        not_modified=stats.get("leeraanbod/not_modified", 0),
        unchanged_by_sitemap=stats.get("leeraanbod/unchanged_by_sitemap", 0),
        incremental=bool(stats.get("leeraanbod/incremental", False)),
        degraded_fields=list(stats.get("leeraanbod/degraded_fields") or []),
        duration_s=round(duration, 2),
        log_path=str(log),
        stats=stats,
    )


def app_env(app: Settings) -> dict[str, str]:
    """The settings as LEERAANBOD_* variables, so that code the crawl calls in its child
    process (the taxonomy tagger, the store) sees the same configuration."""
    env = {}
    for key, value in app.model_dump(mode="json").items():
        if isinstance(value, str | int | float | bool):
            env[f"LEERAANBOD_{key.upper()}"] = str(value)
    return env


@dataclass
class CrawlJob:
    """One spider to run, with its arguments (``source`` for the generic spider)."""

    spider: str
    spider_kwargs: dict[str, Any] = field(default_factory=dict)

    @property
    def source(self) -> str:
        return self.spider_kwargs.get("source") or self.spider


def run_crawls(
    jobs: list[CrawlJob],
    *,
    app: Settings | None = None,
    overrides: dict[str, Any] | None = None,
    timeout: float = 3600,
    frozen_time: str | None = None,
    log_dir: Path | None = None,
) -> list[CrawlReport]:
    """Run ``jobs`` side by side in ONE child process (one crawler each, so one host each:
    politeness holds per host); stop it (SIGTERM, then SIGKILL) after ``timeout``."""
    app = app or Settings()
    for job in jobs:
        spider_class(job.spider)  # fail fast on an unknown name
    log_dir = log_dir or app.data_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    label = jobs[0].source if len(jobs) == 1 else "all"
    log_path = log_dir / f"crawl-{label}-{stamp}-{os.getpid()}.log"
    with tempfile.TemporaryDirectory(prefix="leeraanbod-crawl-") as tmp:
        job_path, result_path = Path(tmp) / "job.json", Path(tmp) / "result.json"
        settings = scrapy_settings(app, **(overrides or {}))
        settings["LOG_FILE"] = str(log_path)
        payload = {
            "crawls": [{"spider": j.spider, "spider_kwargs": j.spider_kwargs} for j in jobs],
            "settings": settings,
            "result_path": str(result_path),
            "frozen_time": frozen_time,
        }
        job_path.write_text(json.dumps(payload, default=str), encoding="utf-8")
        env = {
            **os.environ,
            **app_env(app),
            "PYTHONPATH": os.pathsep.join([str(PACKAGES_ROOT), os.environ.get("PYTHONPATH", "")]),
        }
        started = time.monotonic()
        launched = datetime.now(UTC) - timedelta(seconds=1)
        with log_path.with_suffix(".stderr").open("w") as stderr:
            proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module
                [sys.executable, "-m", "crawlers.child", str(job_path)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGTERM)  # Scrapy shuts down cleanly: the runs fail
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        duration = time.monotonic() - started
        results = (
            json.loads(result_path.read_text(encoding="utf-8")) if result_path.is_file() else None
        )
    if results is None:
        message = f"the crawl process exited with {proc.returncode}; see {log_path}"
        close_orphan_runs(app, [job.source for job in jobs], launched, message)
        return [
            CrawlReport(
                source=job.source,
                outcome="error",
                message=message,
                duration_s=round(duration, 2),
                log_path=str(log_path),
            )
            for job in jobs
        ]
    reports = []
    for job, stats in zip(jobs, results, strict=True):
        report = _report(job.source, stats, stats.get("elapsed_time_seconds", duration), log_path)
        if proc.returncode not in (0, None) and report.outcome == "good":
            report.outcome, report.message = "error", f"crawl process exited {proc.returncode}"
        reports.append(report)
    return reports


def close_orphan_runs(app: Settings, sources: list[str], since: datetime, message: str) -> int:
    """Fail the runs a dead crawl process left open (started since ``since``), so the store's
    bookkeeping stays true; a failed run changes nothing else. Returns how many it closed."""
    store = open_store(app.store_url, app.retire_after)
    closed = 0
    try:
        for source in sources:
            for run in store.runs(source, limit=5):
                started = run.started_at
                if started.tzinfo is None:
                    started = started.replace(tzinfo=UTC)
                if run.outcome == RunOutcome.RUNNING and started >= since:
                    store.finish_run(run.id, RunStats(), error=message)
                    closed += 1
    finally:
        store.close()
    return closed


def run_crawl(
    spider: str,
    *,
    app: Settings | None = None,
    spider_kwargs: dict[str, Any] | None = None,
    overrides: dict[str, Any] | None = None,
    timeout: float = 3600,
    frozen_time: str | None = None,
    log_dir: Path | None = None,
) -> CrawlReport:
    """Crawl one source in a child process (see :func:`run_crawls`)."""
    (report,) = run_crawls(
        [CrawlJob(spider, dict(spider_kwargs or {}))],
        app=app,
        overrides=overrides,
        timeout=timeout,
        frozen_time=frozen_time,
        log_dir=log_dir,
    )
    return report


def offline_sites(spiders: list[str]) -> dict[str, str]:
    """Fixture folder → the live base URL its pages link to, for each spider."""
    sites = {}
    for name in spiders:
        cls = spider_class(name)
        sites[cls.fixture_folder or name] = cls.offline_live_base_url or cls.live_base_url
    return sites


def crawl_offline(
    spiders: list[str],
    *,
    app: Settings | None = None,
    fixtures_dir: Path = FIXTURES_DIR,
    overrides: dict[str, Any] | None = None,
    timeout: float = 300,
    frozen_time: str | None = None,
) -> list[CrawlReport]:
    """Serve the fixture pages on 127.0.0.1 and crawl them through the real spiders."""
    # without a frozen clock (the demo, `crawl --offline`) the saved sessions are served ahead
    # of today; tests that freeze time get the dates the pages hold
    shift = demo_year_shift(date.today()) if frozen_time is None else 0
    if shift and app is not None:
        mark_demo_data(app.data_dir, shift, date.today())
    with serve_fixtures(offline_sites(spiders), fixtures_dir, shift) as servers:
        jobs = []
        for name in spiders:
            cls = spider_class(name)
            server = servers[cls.fixture_folder or name]
            jobs.append(CrawlJob(name, {"base_url": server.url, **cls.offline_kwargs(server.url)}))
        return run_crawls(
            jobs,
            app=app,
            overrides={**OFFLINE_OVERRIDES, **(overrides or {})},
            timeout=timeout,
            frozen_time=frozen_time,
        )
