"""Politeness and robustness against a local fault-injecting HTTP server (loopback only):
robots.txt fails closed, Retry-After is honoured, slow/oversized/garbage responses are
aborted or skipped, one request at a time per host."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from catalogue.store import open_store
from crawlers.runner import OFFLINE_OVERRIDES, CrawlReport, run_crawl
from tests.crawlers.conftest import FILES, FROZEN_TIME, UNTAGGED, app_settings
from tests.crawlers.faultserver import Fault, FaultServer

SYNTRA = "https://www.syntra-ab.be"
DETAILS = {
    "/opleidingen/php-programmeren-met-laravel",
    "/opleidingen/boekhouder",
    "/opleidingen/digitale-marketing-live-online",
    "/opleidingen/kapper",
    "/opleidingen/bakker",
}
# a 503 without Retry-After waits RETRY_AFTER_DEFAULT (5 s live) before its retry
FAST = {
    **OFFLINE_OVERRIDES,
    **UNTAGGED,
    "DOWNLOAD_TIMEOUT": 2,
    "LOG_LEVEL": "INFO",
    "RETRY_AFTER_DEFAULT": 0.5,
}

pytestmark = pytest.mark.timeout(90)


def crawl(server: FaultServer, tmp_path: Path, **overrides: Any) -> CrawlReport:
    return run_crawl(
        "syntra-ab",
        app=app_settings(tmp_path),
        spider_kwargs={"base_url": server.url},
        overrides={**FAST, **overrides},
        frozen_time=FROZEN_TIME,
        timeout=60,
    )


def stored_ids(tmp_path: Path) -> set[str]:
    store = open_store(app_settings(tmp_path).store_url)
    try:
        return {s.offer.source_id for s in store.iter_offers("syntra-ab")}
    finally:
        store.close()


@pytest.fixture
def server() -> FaultServer:
    with FaultServer(FILES / "syntra-ab", SYNTRA) as s:
        yield s


def test_robots_disallow_is_obeyed(server: FaultServer, tmp_path: Path) -> None:
    server.faults["/robots.txt"] = Fault(
        body=b"User-agent: *\nDisallow: /opleidingen/bakker\n",
        headers={"Content-Type": "text/plain"},
    )
    report = crawl(server, tmp_path)
    assert "/opleidingen/bakker" not in server.paths()
    assert report.robots_forbidden == 1
    assert stored_ids(tmp_path) == {p.rsplit("/", 1)[1] for p in DETAILS} - {"bakker"}


def test_missing_robots_txt_allows_everything(server: FaultServer, tmp_path: Path) -> None:
    server.faults["/robots.txt"] = Fault(status=404)  # RFC 9309: "unavailable", not unreachable
    report = crawl(server, tmp_path)
    assert report.outcome == "good" and report.items_valid == 5


@pytest.mark.parametrize(
    "fault",
    [Fault(status=503), Fault(status=500), Fault(hang=True)],
    ids=["503", "500", "hangs"],
)
def test_unreachable_robots_txt_means_nothing_is_fetched(
    server: FaultServer, tmp_path: Path, fault: Fault
) -> None:
    server.faults["/robots.txt"] = fault
    report = crawl(server, tmp_path, DOWNLOAD_TIMEOUT=1)
    assert set(server.paths()) == {"/robots.txt"}, "content fetched despite unreachable robots"
    assert len(server.paths()) <= 3
    assert report.outcome == "failed"
    assert "robots.txt" in report.message
    assert stored_ids(tmp_path) == set()


def test_retry_after_is_honoured_and_attempts_are_bounded(
    server: FaultServer, tmp_path: Path
) -> None:
    server.faults["/opleidingen/kapper"] = Fault(status=429, headers={"Retry-After": "2"}, times=1)
    server.faults["/opleidingen/bakker"] = Fault(status=503, headers={"Retry-After": "1"})
    report = crawl(server, tmp_path)
    hits = server.hits
    first_429 = next(i for i, h in enumerate(hits) if h.path == "/opleidingen/kapper")
    after = hits[first_429 + 1]
    assert after.start - hits[first_429].end >= 2.0, "next request came before Retry-After"
    assert server.paths().count("/opleidingen/kapper") == 2  # the 429, then the retry
    assert server.paths().count("/opleidingen/bakker") == 3  # at most 3 attempts per URL
    assert "kapper" in stored_ids(tmp_path) and "bakker" not in stored_ids(tmp_path)
    assert report.stats.get("leeraanbod/retry_after_honoured", 0) >= 2


def test_a_host_that_asks_to_wait_too_long_gets_no_more_requests(
    server: FaultServer, tmp_path: Path
) -> None:
    server.faults["/opleidingen?page=1"] = Fault(status=429, headers={"Retry-After": "3600"})
    report = crawl(server, tmp_path, DOWNLOAD_DELAY=0.2)
    paths = server.paths()
    after = paths[paths.index("/opleidingen?page=1") + 1 :]
    assert after == [], f"requests after the host asked to wait an hour: {after}"
    assert report.outcome == "failed" and "Retry-After" in report.message
    assert report.stats["leeraanbod/backed_off"] >= 1


def test_slow_response_is_aborted(server: FaultServer, tmp_path: Path) -> None:
    server.faults["/opleidingen/bakker"] = Fault(delay=10)
    report = crawl(server, tmp_path, DOWNLOAD_TIMEOUT=1, RETRY_TIMES=0)
    assert report.duration_s < 9
    assert stored_ids(tmp_path) == {p.rsplit("/", 1)[1] for p in DETAILS} - {"bakker"}
    assert any("TimeoutError" in k for k in report.stats if k.startswith("downloader/exception"))


@pytest.mark.parametrize(
    "fault",
    [Fault(body=b"<html>" + b"x" * 300_000 + b"</html>"), Fault(gzip_bomb=20_000_000)],
    ids=["oversized", "gzip-bomb"],
)
def test_oversized_and_decompression_bomb_are_aborted(
    server: FaultServer, tmp_path: Path, fault: Fault
) -> None:
    server.faults["/opleidingen/bakker"] = fault
    crawl(server, tmp_path, DOWNLOAD_MAXSIZE=100_000, DOWNLOAD_WARNSIZE=50_000)
    assert "bakker" not in stored_ids(tmp_path)
    assert len(stored_ids(tmp_path)) == 4


def test_garbage_html_is_reported_and_skipped(server: FaultServer, tmp_path: Path) -> None:
    server.faults["/opleidingen/bakker"] = Fault(
        body=b"\x00\xff<<html <body <<<h1 \x8f\x90 garbage"
    )
    report = crawl(server, tmp_path)
    assert report.rejected_reasons == {"parse:no-offer": 1}
    assert len(stored_ids(tmp_path)) == 4
    log = Path(report.log_path).read_text()
    assert "/opleidingen/bakker" in log and "parse:no-offer" in log


def test_one_request_at_a_time_per_host_with_a_delay(server: FaultServer, tmp_path: Path) -> None:
    server.faults["/opleidingen/kapper"] = Fault(delay=0.3)
    crawl(server, tmp_path, DOWNLOAD_DELAY=0.4, AUTOTHROTTLE_START_DELAY=0.4)
    hits = sorted(server.hits, key=lambda h: h.start)
    assert len(hits) >= 8
    for before, after in pairwise(hits):
        assert after.start >= before.end, f"{after.path} overlapped {before.path}"
    gaps = [after.start - before.start for before, after in pairwise(hits)]
    assert min(gaps) >= 0.4 * 0.5  # DOWNLOAD_DELAY with jitter 0.5x-1.5x


def test_user_agent_has_a_contact_url(server: FaultServer, tmp_path: Path) -> None:
    seen: list[str] = []
    handler = server.server.RequestHandlerClass
    original = handler.do_GET

    def spy(self) -> None:  # type: ignore[no-untyped-def]
        seen.append(self.headers.get("User-Agent", ""))
        original(self)

    handler.do_GET = spy  # type: ignore[method-assign]
    crawl(server, tmp_path)
    assert seen and all(ua == "LeeraanbodTest/1.0 (+https://example.org/bot)" for ua in seen)


def test_robots_crawl_delay_is_honoured(server: FaultServer, tmp_path: Path) -> None:
    server.faults["/robots.txt"] = Fault(
        body=b"User-agent: *\nCrawl-delay: 1\nDisallow: /admin/\n",
        headers={"Content-Type": "text/plain"},
    )
    report = crawl(server, tmp_path)
    assert report.stats["leeraanbod/crawl_delay"] == 1.0
    hits = sorted(server.hits, key=lambda h: h.start)
    gaps = [after.start - before.start for before, after in pairwise(hits[1:])]
    # measured where the requests arrive: one late arrival shortens the next gap on a busy
    # machine, but the crawler never sends faster than the delay on average
    assert len(gaps) >= 7 and sum(gaps) / len(gaps) >= 0.95 and min(gaps) >= 0.75
