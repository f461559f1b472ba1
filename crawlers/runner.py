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
from pathlib import Path
from typing import Any

from crawlers.offline import FIXTURES_DIR, REPO_ROOT, serve_fixtures
from crawlers.registry import spider_class
from crawlers.settings import scrapy_settings
from leeraanbod.settings import Settings

# Against the local fixture server: still one request per host, but no need to wait seconds.
OFFLINE_OVERRIDES: dict[str, Any] = {
    "DOWNLOAD_DELAY": 0.0,
    "AUTOTHROTTLE_START_DELAY": 0.0,
    "AUTOTHROTTLE_MAX_DELAY": 1.0,
    "DOWNLOAD_TIMEOUT": 10,
    "LOG_LEVEL": "WARNING",
}


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
        duration_s=round(duration, 2),
        log_path=str(log),
        stats=stats,
    )


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
    """Crawl ``spider`` in a child process; stop it (SIGTERM, then SIGKILL) after ``timeout``."""
    app = app or Settings()
    spider_class(spider)  # fail fast on an unknown name
    kwargs = dict(spider_kwargs or {})
    source = kwargs.get("source", spider)
    log_dir = log_dir or app.data_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    log_path = log_dir / f"crawl-{source}-{stamp}-{os.getpid()}.log"
    with tempfile.TemporaryDirectory(prefix="leeraanbod-crawl-") as tmp:
        job_path, result_path = Path(tmp) / "job.json", Path(tmp) / "result.json"
        settings = scrapy_settings(app, **(overrides or {}))
        settings["LOG_FILE"] = str(log_path)
        job = {
            "spider": spider,
            "spider_kwargs": kwargs,
            "settings": settings,
            "result_path": str(result_path),
            "frozen_time": frozen_time,
        }
        job_path.write_text(json.dumps(job, default=str), encoding="utf-8")
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), os.environ.get("PYTHONPATH", "")]),
        }
        started = time.monotonic()
        proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "crawlers.child", str(job_path)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log_path.with_suffix(".stderr").open("w"),
        )
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGTERM)  # Scrapy shuts down cleanly: the run fails
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        duration = time.monotonic() - started
        if not result_path.is_file():
            return CrawlReport(
                source=source,
                outcome="error",
                message=f"the crawl process exited with {proc.returncode}; see {log_path}",
                duration_s=round(duration, 2),
                log_path=str(log_path),
            )
        stats = json.loads(result_path.read_text(encoding="utf-8"))
    report = _report(source, stats, duration, log_path)
    if proc.returncode not in (0, None) and report.outcome == "good":
        report.outcome, report.message = "error", f"crawl process exited with {proc.returncode}"
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
    reports = []
    with serve_fixtures(offline_sites(spiders), fixtures_dir) as servers:
        for name in spiders:
            cls = spider_class(name)
            server = servers[cls.fixture_folder or name]
            kwargs = {"base_url": server.url, **cls.offline_kwargs(server.url)}
            reports.append(
                run_crawl(
                    name,
                    app=app,
                    spider_kwargs=kwargs,
                    overrides={**OFFLINE_OVERRIDES, **(overrides or {})},
                    timeout=timeout,
                    frozen_time=frozen_time,
                )
            )
    return reports
