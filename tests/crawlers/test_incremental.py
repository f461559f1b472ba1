"""Scheduled incremental crawls of the offline fixture sites (real HTTP servers answering 304,
the real store, real crawl processes): the second pass is conditional and keeps every offer;
a source whose price selector breaks is judged degraded; a page that yielded an offer last
time and none now is a reject with a reason; ``source check`` reads a fixture page."""

from __future__ import annotations

import json
import shutil
import urllib.request
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from catalogue.runs import RunOutcome
from catalogue.store import OfferStatus, open_store
from core.settings import Settings
from crawlers.jobs import crawl_sources, needs_full_refresh
from crawlers.offline import FIXTURES_DIR, serve_fixtures
from crawlers.sources import REGISTRY_FILE, load_registry
from leeraanbod.cli import main
from leeraanbod.commands.schedule import CrawlScheduler
from tests.crawlers.conftest import UNTAGGED

pytestmark = pytest.mark.timeout(240)

HORECA = "https://www.horecaforma.be"


def registry_file(tmp_path: Path, **changes: dict) -> Path:
    """The shipped registry, only horeca-forma and cevora, on a test cadence, with changes."""
    data = yaml.safe_load(REGISTRY_FILE.read_text(encoding="utf-8"))
    sources = {k: data["sources"][k] for k in ("horeca-forma", "cevora")}
    for entry in sources.values():
        entry.update(cadence="3s", jitter="0s", full_refresh="1d")
    for key, change in changes.items():
        for name, value in change.items():
            if "." in name:
                outer, inner = name.split(".", 1)
                sources[key][outer][inner] = value
            else:
                sources[key][name] = value
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump({"sources": sources}, allow_unicode=True), encoding="utf-8")
    return path


def settings_for(tmp_path: Path, registry: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        sources_file=registry,
        user_agent="LeeraanbodTest/1.0 (+https://example.org/bot)",
    )


def test_fixture_server_answers_304_to_a_conditional_request():
    with serve_fixtures({"horeca-forma": HORECA}) as servers:
        url = servers["horeca-forma"].url + "/opleidingen/2101-barista-basis"
        with urllib.request.urlopen(url) as first:
            etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
        assert etag and modified
        for header, value in (("If-None-Match", etag), ("If-Modified-Since", modified)):
            request = urllib.request.Request(url, headers={header: value})
            with pytest.raises(urllib.error.HTTPError) as answer:
                urllib.request.urlopen(request)
            assert answer.value.code == 304
        request = urllib.request.Request(url, headers={"If-None-Match": '"other"'})
        with urllib.request.urlopen(request) as changed:
            assert changed.status == 200


def test_schedule_crawls_on_cadence_and_the_second_pass_is_conditional(tmp_path: Path):
    registry = registry_file(tmp_path)
    settings = settings_for(tmp_path, registry)
    sources = list(load_registry(registry).sources.values())
    lines: list[str] = []
    scheduler = CrawlScheduler(
        settings, sources, offline=True, passes=2, rebuild_index=False, echo=lines.append
    )
    scheduler.run()  # returns when each source was crawled twice

    by_source: dict[str, list] = {}
    for report in scheduler.reports:
        by_source.setdefault(report.source, []).append(report)
    assert set(by_source) == {"horeca-forma", "cevora"}
    for source, (first, second) in by_source.items():
        assert first.outcome == second.outcome == "good", lines
        assert not first.incremental  # the first crawl of a source is a full one
        assert second.incremental
        assert first.items_valid == first.offers_seen > 0
        # every offer page answered 304: nothing parsed again, every offer kept
        assert second.not_modified == first.offers_seen, (source, lines)
        assert second.items_valid == 0
        assert second.offers_seen == first.offers_seen
    store = open_store(settings.store_url)
    try:
        for source in by_source:
            counts = store.count_offers(source)
            assert counts[OfferStatus.STALE] == 0 and counts[OfferStatus.ACTIVE] > 0
            runs = store.runs(source)
            assert [r.outcome for r in runs] == [RunOutcome.GOOD, RunOutcome.GOOD]
            assert runs[0].incremental and runs[0].not_modified == counts[OfferStatus.ACTIVE]
            assert store.lock_holder(source) is None  # leases released
        # restarted now, nothing is due before its cadence: no double run
        again = CrawlScheduler(settings, sources, offline=True, passes=1, rebuild_index=False)
        starts = again.plan()
        last = {s: store.runs(s, limit=1)[0].started_at for s in by_source}
        for key, when in starts.items():
            assert (when - last[key]).total_seconds() >= 2.9
        assert not needs_full_refresh(store, load_registry(registry).get("cevora"))
    finally:
        store.close()


def test_a_broken_price_selector_marks_the_run_degraded(tmp_path: Path):
    good_registry = registry_file(tmp_path)
    settings = settings_for(tmp_path, good_registry)
    horeca = load_registry(good_registry).get("horeca-forma")
    (first,) = crawl_sources([horeca], app=settings, offline=True, overrides=UNTAGGED)
    assert first.outcome == "good"

    broken = registry_file(tmp_path, **{"horeca-forma": {"selectors.price": "dd.fact--prijs"}})
    settings = settings_for(tmp_path, broken)
    horeca = load_registry(broken).get("horeca-forma")
    (second,) = crawl_sources(
        [horeca], app=settings, offline=True, full_refresh=True, overrides=UNTAGGED
    )
    assert second.outcome == "degraded"
    assert second.degraded_fields == ["price"]
    assert "price" in second.message
    store = open_store(settings.store_url)
    try:
        (status,) = [s for s in store.source_statuses() if s.source == "horeca-forma"]
        assert status.last_outcome == "degraded" and status.degraded_fields == ["price"]
        assert status.stale == 0  # a degraded run still saw every offer
    finally:
        store.close()
    result = CliRunner().invoke(
        main, ["status"], env={"LEERAANBOD_DATA_DIR": str(settings.data_dir)}
    )
    assert "degraded: price" in result.output


def test_a_page_that_yielded_an_offer_and_now_none_is_a_reject(tmp_path: Path):
    registry = registry_file(tmp_path)
    settings = settings_for(tmp_path, registry)
    horeca = load_registry(registry).get("horeca-forma")
    sites = tmp_path / "sites"
    shutil.copytree(FIXTURES_DIR / "horeca-forma", sites / "horeca-forma")
    (first,) = crawl_sources(
        [horeca], app=settings, offline=True, fixtures_dir=sites, overrides=UNTAGGED
    )
    assert first.outcome == "good" and first.items_rejected == 0
    page = sites / "horeca-forma" / "opleidingen" / "2102-wijnkennis-voor-zaalpersoneel.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace("course-page__title", "course-page__kop"),
        encoding="utf-8",
    )
    (second,) = crawl_sources(
        [horeca], app=settings, offline=True, fixtures_dir=sites, overrides=UNTAGGED
    )
    # the other three pages answered 304; the changed one was fetched and had no offer
    assert second.not_modified == 3
    assert second.rejected_reasons == {"parse:offer-vanished": 1}


def test_source_check_prints_field_by_field_on_a_fixture_page(tmp_path: Path):
    with serve_fixtures({"horeca-forma": HORECA}) as servers:
        url = servers["horeca-forma"].url + "/opleidingen/2103-haccp-in-de-horeca"
        runner = CliRunner()
        env = {"LEERAANBOD_DATA_DIR": str(tmp_path)}
        text = runner.invoke(main, ["source", "check", url, "--source", "horeca-forma"], env=env)
        data = runner.invoke(
            main, ["source", "check", url, "--source", "horeca-forma", "--format", "json"], env=env
        )
        closed = runner.invoke(
            main,
            [
                "source",
                "check",
                servers["horeca-forma"].url + "/mijn-account/x",
                "--source",
                "horeca-forma",
            ],
            env=env,
        )
    assert text.exit_code == 0, text.output
    assert "✓ title             HACCP in de horeca" in text.output
    assert "✗ price             missing" in text.output  # 'Gratis voor werknemers uit PC 302'
    (offer,) = json.loads(data.output)["offers"]
    assert offer["funding"] == "Horeca Forma" and offer["start_date"] == "2024-10-21"
    assert offer["certificate"] is None
    assert closed.exit_code == 1 and "robots.txt does not allow" in closed.output


def test_a_source_another_process_is_crawling_is_skipped(tmp_path: Path):
    registry = registry_file(tmp_path)
    settings = settings_for(tmp_path, registry)
    store = open_store(settings.store_url)
    try:
        assert store.try_lock("horeca-forma", "other-host:42:abc", 600)
        (report,) = crawl_sources(
            [load_registry(registry).get("horeca-forma")], app=settings, offline=True
        )
        assert report.outcome == "skipped" and "other-host:42:abc" in report.message
        assert store.runs("horeca-forma") == []  # no run was started
        assert store.lock_holder("horeca-forma") == "other-host:42:abc"  # not released
    finally:
        store.close()


def test_the_scheduler_rebuilds_the_index_after_a_good_crawl(tmp_path: Path):
    from index import open_index

    registry = registry_file(tmp_path)
    settings = settings_for(tmp_path, registry)
    lines: list[str] = []
    scheduler = CrawlScheduler(
        settings,
        [load_registry(registry).get("horeca-forma")],
        offline=True,
        passes=1,
        echo=lines.append,
    )
    scheduler.run()
    assert scheduler.index_rebuilds == 1, lines
    index = open_index(settings)
    try:
        assert index.stats().per_source.get("horeca-forma") == 4
    finally:
        index.close()
