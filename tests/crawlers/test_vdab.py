"""VDAB spider: sitemap walk, robots.txt, detail fields, gone pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from catalogue.ids import offer_id
from catalogue.model import DeliveryMode, FundingScheme, Schedule, SessionStatus, WorkerStatus
from catalogue.store import OfferStatus, open_store
from tests.crawlers.conftest import GONE_VDAB_ID, Crawled


def test_classroom_course_with_several_sessions(crawled: Crawled) -> None:
    offer = crawled.offers("vdab")["750417"]
    assert offer.title == "Ontwikkelaar mobiele applicaties"
    assert offer.url == (
        "https://www.vdab.be/opleidingen/aanbod/750417/cursus/148076/"
        "Ontwikkelaar_mobiele_applicaties-ANDERLECHT"
    )
    assert offer.identifier("vdab") == "750417"
    assert offer.identifier("odb") == "ODB-0002141"
    assert offer.provider.name == "VDAB"
    assert offer.duration is not None and offer.duration.hours == 760
    assert offer.certificate == "Getuigschrift VDAB"
    assert offer.target_groups == ["Werkzoekenden", "Werknemers met opleidingscheques"]
    assert "Kotlin" in offer.description and "<" not in offer.description
    assert offer.registration_url == "https://www.vdab.be/opleidingen/aanbod/750417/inschrijven"
    # free for job seekers is a funding condition, not a price for everyone
    assert offer.prices == []
    schemes = {f.scheme for f in offer.funding}
    assert schemes == {
        FundingScheme.VDAB,
        FundingScheme.OPLEIDINGSCHEQUES,
        FundingScheme.VLAAMS_OPLEIDINGSVERLOF,
    }
    vdab = next(f for f in offer.funding if f.scheme == FundingScheme.VDAB)
    assert vdab.worker_statuses == [WorkerStatus.JOB_SEEKER]
    first, second, third = offer.sessions
    assert (first.id, first.start_date, first.end_date) == (
        "148076",
        date(2024, 9, 16),
        date(2025, 2, 28),
    )
    assert first.places_left == 4 and first.status == SessionStatus.OPEN
    assert first.schedule == [Schedule.DAYTIME]
    assert first.location is not None
    assert (first.location.postcode, first.location.municipality) == ("1070", "Anderlecht")
    assert second.start_date == date(2025, 1, 6)
    assert third.status == SessionStatus.FULL
    assert third.location is not None and third.location.municipality == "Gent"


def test_online_self_paced_course(crawled: Crawled) -> None:
    offer = crawled.offers("vdab")["O-AMI-800865"]
    assert offer.identifier("vdab") == "O-AMI-800865"
    assert offer.duration is not None and offer.duration.hours == 12
    assert offer.is_free()
    (session,) = offer.sessions
    assert session.id == "C-AMI-172314"
    assert session.delivery_mode == DeliveryMode.ONLINE_SELF_PACED
    assert session.location is None and session.start_date is None


def test_cancelled_session_and_partner_organiser(crawled: Crawled) -> None:
    offer = crawled.offers("vdab")["761234"]
    assert offer.provider.name == "Logistiek Opleidingscentrum Gent vzw"
    (price,) = offer.prices
    assert price.amount == Decimal("150.00") and price.vat.value == "exempt"
    cancelled, open_ = offer.sessions
    assert cancelled.status == SessionStatus.CANCELLED
    assert open_.status == SessionStatus.OPEN and open_.places_left == 6
    assert [s.id for s in offer.upcoming_sessions(date(2024, 9, 1))] == ["150012"]


def test_no_price_and_date_without_year(crawled: Crawled) -> None:
    offer = crawled.offers("vdab")["745001"]
    assert offer.prices == [] and not offer.is_free()
    assert offer.duration is not None and offer.duration.teaching_periods == 40
    (session,) = offer.sessions
    # 'vanaf 3 oktober', crawled on 1 September 2024
    assert session.start_date == date(2024, 10, 3) and session.end_date is None
    assert session.schedule == [Schedule.EVENING]


def test_blended_course_in_limburg(crawled: Crawled) -> None:
    offer = crawled.offers("vdab")["770990"]
    assert offer.duration is not None and offer.duration.teaching_periods == 1200
    (session,) = offer.sessions
    assert session.delivery_mode == DeliveryMode.BLENDED
    assert session.location is not None and session.location.province.value == "Limburg"


def test_only_sitemap_and_detail_pages_are_fetched(crawled: Crawled) -> None:
    # robots.txt, the sitemap index, 2 sitemaps, 5 detail pages and the gone one: the
    # overview and /zoeken/ URLs in the sitemap are not course pages and are not fetched
    assert crawled.reports["vdab"].pages == 10


def test_known_offer_whose_page_is_gone_is_retired(crawled: Crawled) -> None:
    assert crawled.reports["vdab"].offers_gone == 1
    store = open_store(crawled.store_url)
    try:
        gone = store.get_offer(offer_id("vdab", GONE_VDAB_ID))
    finally:
        store.close()
    assert gone is not None
    assert gone.status == OfferStatus.RETIRED
    assert gone.retired_reason == "page answered 404"
