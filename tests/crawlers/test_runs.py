"""Crawl runs as the store judges them: a layout change fails the run and retires nothing;
an interrupted crawl resumes from its JOBDIR; the CLI prints each run's statistics."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalogue.runs import RunOutcome
from catalogue.store import OfferStatus, open_store
from crawlers.middlewares.retry_after import retry_after_seconds
from crawlers.runner import OFFLINE_OVERRIDES, CrawlReport, close_orphan_runs, run_crawl
from leeraanbod.cli import main
from leeraanbod.commands.crawl import format_report
from tests.crawlers.conftest import FILES, FROZEN_TIME, UNTAGGED, app_settings
from tests.crawlers.faultserver import FaultServer

SYNTRA = "https://www.syntra-ab.be"

pytestmark = pytest.mark.timeout(120)


def crawl_on(server: FaultServer, data_dir: Path, **overrides: object) -> CrawlReport:
    return run_crawl(
        "syntra-ab",
        app=app_settings(data_dir),
        spider_kwargs={"base_url": server.url},
        overrides={**OFFLINE_OVERRIDES, **UNTAGGED, **overrides},
        frozen_time=FROZEN_TIME,
        timeout=60,
    )


def crawl(root: Path, data_dir: Path, **overrides: object) -> tuple[CrawlReport, list[str]]:
    with FaultServer(root, SYNTRA) as server:
        return crawl_on(server, data_dir, **overrides), server.paths()


def statuses(data_dir: Path) -> dict[str, OfferStatus]:
    store = open_store(app_settings(data_dir).store_url)
    try:
        return {
            s.offer.source_id: s.status
            for s in store.iter_offers("syntra-ab", statuses=list(OfferStatus))
        }
    finally:
        store.close()


def changed_copy(tmp_path: Path, old: str, new: str) -> Path:
    """The Syntra fixture site with one CSS class renamed in every page."""
    root = tmp_path / "syntra-changed"
    shutil.copytree(FILES / "syntra-ab", root)
    for page in root.rglob("*.html"):
        page.write_text(page.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("old", "new", "rejected"),
    [
        ("course-detail__title", "course-detail__heading", 5),  # detail pages changed
        ("course-card__link", "course-card__anchor", 0),  # listing pages changed
    ],
    ids=["detail-layout", "listing-layout"],
)
def test_layout_change_fails_the_run_and_retires_nothing(
    tmp_path: Path, old: str, new: str, rejected: int
) -> None:
    data_dir = tmp_path / "data"
    good, _ = crawl(FILES / "syntra-ab", data_dir)
    assert good.outcome == "good" and good.items_valid == 5
    # a good run that saw none of them would mark all five stale; a failed run changes nothing
    changed, _ = crawl(changed_copy(tmp_path, old, new), data_dir)
    assert changed.outcome == "failed"
    assert changed.items_valid == 0 and changed.items_rejected == rejected
    assert "zero valid items" in changed.message
    assert changed.marked_stale == 0 and changed.retired == 0
    assert set(statuses(data_dir).values()) == {OfferStatus.ACTIVE}
    assert len(statuses(data_dir)) == 5


def test_interrupted_crawl_resumes_from_its_jobdir(tmp_path: Path) -> None:
    data_dir, jobdir = tmp_path / "data", tmp_path / "job"
    with FaultServer(FILES / "syntra-ab", SYNTRA) as server:
        first = crawl_on(server, data_dir, JOBDIR=str(jobdir), CLOSESPIDER_ITEMCOUNT=2)
        first_paths = server.paths()
        assert first.outcome == "failed" and "did not finish" in first.message
        done_first = set(statuses(data_dir))
        assert 2 <= len(done_first) < 5
        server.hits.clear()
        second = crawl_on(server, data_dir, JOBDIR=str(jobdir))
        second_paths = server.paths()
    assert set(statuses(data_dir)) == {
        "php-programmeren-met-laravel",
        "boekhouder",
        "digitale-marketing-live-online",
        "kapper",
        "bakker",
    }
    # the resumed crawl fetches what was left, not the pages the first run already had
    refetched = (set(first_paths) & set(second_paths)) - {"/robots.txt"}
    assert refetched == set(), refetched
    assert second.items_valid == 5 - len(done_first)


def test_retry_after_header_forms() -> None:
    assert retry_after_seconds(b"120") == 120
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10
    assert retry_after_seconds(b"soon") is None and retry_after_seconds(None) is None


def test_cli_crawls_offline_and_prints_run_statistics(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"LEERAANBOD_DATA_DIR": str(tmp_path)}
    result = runner.invoke(main, ["crawl", "syntra-ab", "--offline", "--format", "json"], env=env)
    assert result.exit_code == 0, result.output
    (report,) = json.loads(result.output)
    assert report["source"] == "syntra-ab" and report["outcome"] == "good"
    assert report["items_valid"] == 5 and report["pages"] >= 9 and report["duration_s"] > 0
    text = format_report(CrawlReport(**report))
    assert "syntra-ab: GOOD" in text and "items valid 5, rejected 0" in text
    status = runner.invoke(main, ["status"], env=env)
    assert "syntra-ab" in status.output


def test_cli_rejects_unknown_sources_and_generic_without_url(tmp_path: Path) -> None:
    runner = CliRunner()
    env = {"LEERAANBOD_DATA_DIR": str(tmp_path)}
    listed = runner.invoke(main, ["crawl", "--list"], env=env).output
    assert "vdab            https://www.vdab.be" in listed and "generic" in listed
    assert "unknown source" in runner.invoke(main, ["crawl", "nope"], env=env).output
    result = runner.invoke(main, ["crawl", "generic"], env=env)
    assert result.exit_code != 0 and "--sitemap" in result.output


def test_a_run_left_open_by_a_dead_crawl_process_is_failed(tmp_path: Path) -> None:
    app = app_settings(tmp_path)
    store = open_store(app.store_url)
    before = datetime.now(UTC) - timedelta(seconds=1)
    run_id = store.start_run("syntra-ab")
    store.close()
    assert close_orphan_runs(app, ["syntra-ab"], before, "process killed") == 1
    store = open_store(app.store_url)
    try:
        (run,) = store.runs("syntra-ab")
    finally:
        store.close()
    assert (run.id, run.outcome, run.message) == (run_id, RunOutcome.FAILED, "process killed")
