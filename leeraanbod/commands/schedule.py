"""``leeraanbod schedule``: crawl every registry source on its own cadence, for ever.

APScheduler runs one interval job per source (``cadence`` with ``jitter`` from
``crawlers/data/sources.yaml``); a job never overlaps itself (``max_instances=1``), and the
crawl takes the store's lease on its source, so a second scheduler or a hand-started
``leeraanbod crawl`` never crawls the same source at once. The first start of each source is
computed from the store (its last run's start + cadence), so a restart neither crawls everything
again nor skips a source. A crawl is incremental unless the source's ``full_refresh`` period
has passed since its last full crawl. After each good (or degraded) crawl the search index is
rebuilt from the store.
"""

from __future__ import annotations

import contextlib
import logging
import random
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import click
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers import SchedulerNotRunningError
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger

from catalogue.store import CatalogueStore, open_store
from core.settings import Settings
from crawlers.jobs import crawl_sources, good, needs_full_refresh
from crawlers.offline import FIXTURES_DIR
from crawlers.sources import Source, SourceRegistryError, load_registry
from leeraanbod.commands.crawl import format_report
from leeraanbod.context import Context, pass_context

logger = logging.getLogger(__name__)


def next_start(store: CatalogueStore, source: Source, now: datetime) -> datetime:
    """When ``source`` is due: its last run's start + cadence (now when it never ran or is
    overdue), plus a random part of its jitter."""
    runs = store.runs(source.key, limit=1)
    due = now
    if runs:
        started = runs[0].started_at
        started = started if started.tzinfo else started.replace(tzinfo=UTC)
        due = max(now, started + source.cadence)
    jitter = source.jitter.total_seconds()
    return due + timedelta(seconds=random.uniform(0, jitter) if jitter else 0)  # noqa: S311


class CrawlScheduler:
    """The scheduler behind ``leeraanbod schedule`` (tests run it with ``passes``)."""

    def __init__(
        self,
        settings: Settings,
        sources: list[Source],
        *,
        offline: bool = False,
        fixtures_dir: Path = FIXTURES_DIR,
        passes: int | None = None,
        rebuild_index: bool = True,
        echo: Any = click.echo,
    ) -> None:
        self.settings = settings
        self.sources = {s.key: s for s in sources}
        self.offline = offline
        self.fixtures_dir = fixtures_dir
        self.passes = passes
        self.rebuild_index = rebuild_index
        self.echo = echo
        self.done: dict[str, int] = dict.fromkeys(self.sources, 0)
        self.reports: list[Any] = []
        self.index_rebuilds = 0
        self._index_lock = threading.Lock()
        self._count_lock = threading.Lock()
        self.scheduler = BlockingScheduler(
            executors={"default": ThreadPoolExecutor(max(1, min(4, len(sources))))},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
            timezone=UTC,
        )

    def _store(self) -> CatalogueStore:
        return open_store(self.settings.store_url, self.settings.retire_after)

    def plan(self) -> dict[str, datetime]:
        """Add one interval job per source, first started when the store says it is due."""
        now = datetime.now(UTC)
        store = self._store()
        try:
            starts = {key: next_start(store, s, now) for key, s in self.sources.items()}
        finally:
            store.close()
        for key, source in self.sources.items():
            self.scheduler.add_job(
                self.crawl,
                IntervalTrigger(
                    seconds=source.cadence.total_seconds(),
                    start_date=starts[key],
                    jitter=source.jitter.total_seconds() or None,
                    timezone=UTC,
                ),
                args=[key],
                id=f"crawl:{key}",
                name=f"crawl {key}",
                next_run_time=starts[key],
            )
        return starts

    def run(self) -> None:
        starts = self.plan()
        for key, when in sorted(starts.items(), key=lambda kv: kv[1]):
            cadence = self.sources[key].cadence
            self.echo(f"{key}: every {cadence}, next at {when:%Y-%m-%d %H:%M:%S} UTC")
        self.scheduler.start()

    def crawl(self, key: str) -> None:
        source = self.sources[key]
        store = self._store()
        try:
            full = needs_full_refresh(store, source)
        finally:
            store.close()
        try:
            (report,) = crawl_sources(
                [source],
                app=self.settings,
                offline=self.offline,
                fixtures_dir=self.fixtures_dir,
                full_refresh=full,
            )
        except Exception:  # a crawl that cannot start must not end the scheduler
            logger.exception("crawl of %s failed to start", key)
            return
        self.echo(format_report(report))
        self.reports.append(report)
        if good(report) and self.rebuild_index:
            self.rebuild()
        with self._count_lock:
            if report.outcome != "skipped":
                self.done[key] += 1
            if self.passes is None or self.done[key] < self.passes:
                return
            with contextlib.suppress(JobLookupError):
                self.scheduler.remove_job(f"crawl:{key}")
            if all(n >= self.passes for n in self.done.values()):
                with contextlib.suppress(SchedulerNotRunningError):
                    self.scheduler.shutdown(wait=False)

    def rebuild(self) -> None:
        """Rebuild the search index from the store (one rebuild at a time per process; the
        index's own lock stops rebuilds of other processes)."""
        from index import RebuildInProgress, RebuildRejected, open_index
        from index.course_runs import course_runs

        with self._index_lock:
            store = self._store()
            index = open_index(self.settings)
            try:
                result = index.rebuild(course_runs(store, date.today()))
            except (RebuildInProgress, RebuildRejected) as exc:
                self.echo(f"index not rebuilt: {exc}")
                return
            finally:
                store.close()
                index.close()
            self.index_rebuilds += 1
            self.echo(f"index {result.name}: {result.bulk.indexed} course runs")


@click.command("schedule")
@click.option("--source", "keys", multiple=True, help="only these sources (default: all)")
@click.option(
    "--registry",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="the source registry (default LEERAANBOD_SOURCES_FILE or the shipped one)",
)
@click.option("--offline", is_flag=True, help="crawl the shipped fixture sites on 127.0.0.1")
@click.option(
    "--fixtures",
    type=click.Path(file_okay=False, path_type=Path),
    default=FIXTURES_DIR,
    help="fixture pages for --offline",
)
@click.option("--passes", type=click.IntRange(min=1), help="stop after N crawls of each source")
@click.option("--no-index", is_flag=True, help="do not rebuild the search index after crawls")
@pass_context
def schedule(
    ctx: Context,
    keys: tuple[str, ...],
    registry: Path | None,
    offline: bool,
    fixtures: Path,
    passes: int | None,
    no_index: bool,
) -> None:
    """Crawl each source of the registry on its own cadence until stopped (Ctrl-C, SIGTERM).

    \b
    leeraanbod schedule                     every source, live, for ever
    leeraanbod schedule --offline --passes 2  the fixture sites, twice each, then stop
    """
    settings = ctx.settings
    if registry:
        settings.sources_file = registry
    try:
        known = load_registry(settings.sources_file)
        sources = [known.get(k) for k in keys] if keys else list(known.sources.values())
    except (SourceRegistryError, KeyError) as exc:
        raise click.ClickException(str(exc.args[0] if exc.args else exc)) from exc
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    # "skipped: maximum number of running instances" is the point of max_instances=1
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    scheduler = CrawlScheduler(
        settings,
        sources,
        offline=offline,
        fixtures_dir=fixtures,
        passes=passes,
        rebuild_index=not no_index,
    )
    try:
        scheduler.run()
    except (KeyboardInterrupt, SystemExit):
        scheduler.scheduler.shutdown(wait=True)
