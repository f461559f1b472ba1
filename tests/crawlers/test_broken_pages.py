"""A deliberately broken detail page on each of the Volta, Alimento and Co-valent sites (a
session whose end date lies before its start: a typo real sites make) is rejected and reported
with the field that failed; the other offers of the source are kept, and the run, with 1 of 5
items rejected, is judged failed (more than 5 % rejects), so it retires nothing."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import pytest

from catalogue.store import open_store
from crawlers.registry import spider_class
from crawlers.runner import OFFLINE_OVERRIDES, CrawlJob, CrawlReport, run_crawls
from tests.crawlers.conftest import FILES, FROZEN_TIME, UNTAGGED, app_settings
from tests.crawlers.faultserver import Fault, FaultServer

pytestmark = pytest.mark.timeout(120)

# source → (detail page, text replaced, reversed period, the reject reason: the field path)
BROKEN = {
    "volta": (
        "/nl/opleidingen/v3105-fotovoltaische-installaties-rescert",
        "1, 8 en 15 oktober 2024",
        "15/10/2024 - 01/10/2024",
        "sessions.0.end_date",
    ),
    "alimento": (
        "/nl/opleidingen/11544/hygiene-en-food-defense-voor-operatoren",
        "woensdag 20 november 2024",
        "20/11/2024 - 18/11/2024",
        "sessions.1.end_date",
    ),
    "co-valent": (
        "/nl/opleidingskalender/7815-procesoperator-chemie-basisopleiding",
        "13/01/2025 - 21/02/2025",
        "13/01/2025 - 21/12/2024",
        "sessions.1.end_date",
    ),
}


@pytest.fixture(scope="module")
def broken_crawl(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, CrawlReport], Path]:
    data_dir = tmp_path_factory.mktemp("broken-pages")
    with ExitStack() as stack:
        jobs = []
        for source, (path, old, new, _) in BROKEN.items():
            server = stack.enter_context(
                FaultServer(FILES / source, spider_class(source).live_base_url)
            )
            page = (FILES / source / (path.lstrip("/") + ".html")).read_text(encoding="utf-8")
            assert old in page
            server.faults[path] = Fault(body=page.replace(old, new).encode())
            jobs.append(CrawlJob(source, {"base_url": server.url}))
        reports = run_crawls(
            jobs,
            app=app_settings(data_dir),
            overrides={**OFFLINE_OVERRIDES, **UNTAGGED},
            frozen_time=FROZEN_TIME,
            timeout=90,
        )
    return {r.source: r for r in reports}, data_dir


@pytest.mark.parametrize("source", sorted(BROKEN))
def test_broken_detail_page_is_rejected_with_its_field(
    broken_crawl: tuple[dict[str, CrawlReport], Path], source: str
) -> None:
    reports, data_dir = broken_crawl
    report = reports[source]
    path, _, _, field = BROKEN[source]
    assert report.rejected_reasons == {field: 1}
    assert (report.items_valid, report.items_rejected) == (4, 1)
    assert report.outcome == "failed" and report.retired == 0
    log = Path(report.log_path).read_text(encoding="utf-8")
    assert path in log and field in log and "is before start date" in log
    store = open_store(app_settings(data_dir).store_url)
    try:
        stored = {s.offer.url for s in store.iter_offers(source)}
    finally:
        store.close()
    assert len(stored) == 4 and not any(url.endswith(path) for url in stored)
