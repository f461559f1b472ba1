"""Invariants every crawled offer meets, parametrised over every expected offer of every
source, and the outcome of each source's offline run."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from catalogue.model import SessionStatus
from crawlers.registry import all_sources
from tests.crawlers.conftest import TODAY, Crawled

# source → the source ids its fixture pages hold (exactly these, no more)
EXPECTED: dict[str, set[str]] = {
    "vdab": {"750417", "O-AMI-800865", "761234", "745001", "770990"},
    "syntra-ab": {
        "php-programmeren-met-laravel",
        "boekhouder",
        "digitale-marketing-live-online",
        "kapper",
        "bakker",
    },
    "cevora": {"12345", "22871", "31002", "30510", "12346"},
    "educam": {"T-2021-nl", "T-2021-fr", "T-1187-nl", "T-3340-nl", "E-0415-nl"},
    "constructiv": {"4411", "5102", "5230", "6001"},
    "volta": {"2417", "2418", "3105", "3390", "4001"},
    "alimento": {"10234", "10235", "11020", "11544", "12001"},
    "co-valent": {"7701", "7702", "7815", "7833", "7900"},
    "odb": {"ODB-0002141", "ODB-0004512", "ODB-0007788", "ODB-0010233"},
    "cvo-antwerpen": {"NT2-RG1", "SPA-1", "ICT-WEB", "NT2-RG1-ONL"},
    "leercentrum-voorbeeld": {
        "/opleidingen/projectmanagement-prince2",
        "/opleidingen/python-voor-data-analyse",
        "/evenementen/webinar-ai-act",
        "/fr/formations/gestion-du-stress",
    },
}
CASES = [(source, sid) for source, ids in EXPECTED.items() for sid in sorted(ids)]
# offers whose page announces no dated run: in-company courses ('datum in overleg') and a course
# whose new dates are still to come; every other fixture offer has at least one session
WITHOUT_SESSIONS = {("volta", "4001"), ("alimento", "12001"), ("co-valent", "7900")}


def test_every_source_has_expectations() -> None:
    assert set(EXPECTED) - {"leercentrum-voorbeeld"} == set(all_sources())
    assert "generic" in all_sources(offline=True)


@pytest.mark.parametrize("source", sorted(EXPECTED))
def test_run_is_good_and_yields_exactly_the_fixture_offers(crawled: Crawled, source: str) -> None:
    report = crawled.reports[source]
    assert report.outcome == "good", report.message
    assert report.items_rejected == 0, report.rejected_reasons
    assert set(crawled.offers(source)) == EXPECTED[source]
    assert report.items_valid == len(EXPECTED[source])
    assert report.pages > len(EXPECTED[source])


@pytest.mark.parametrize(("source", "source_id"), CASES)
def test_offer_invariants(crawled: Crawled, source: str, source_id: str) -> None:
    offer = crawled.offers(source)[source_id]
    assert offer.source == source
    assert offer.title.strip() and "<" not in offer.title
    assert urlsplit(offer.url).scheme in ("http", "https")
    # offline crawls store the live URLs the pages stand for, never the fixture server
    assert "127.0.0.1" not in offer.model_dump_json()
    assert offer.provider.name
    assert offer.languages
    assert offer.description, "every fixture offer has a description"
    assert bool(offer.sessions) != ((source, source_id) in WITHOUT_SESSIONS)
    for session in offer.sessions:
        dated = session.start_date is not None
        self_paced = session.delivery_mode.value == "online_self_paced"
        assert dated or self_paced, f"undated session {session.id} that is not self-paced"
        if session.start_date and session.end_date:
            assert session.start_date <= session.end_date
        if session.delivery_mode.value.startswith("online"):
            assert session.location is None
        else:
            assert session.location is not None and session.location.municipality
    for price in offer.prices:
        assert price.currency == "EUR" and price.amount >= 0
    # dates are read relative to the crawl's (frozen) today, never years off
    starts = [s.start_date for s in offer.sessions if s.start_date]
    assert all(TODAY.year - 1 <= d.year <= TODAY.year + 1 for d in starts)
    for session in offer.sessions:
        if session.status == SessionStatus.CANCELLED:
            assert not session.is_upcoming(TODAY)
