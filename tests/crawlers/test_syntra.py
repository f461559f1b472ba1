"""Syntra AB spider: listing pages with pagination and type filters, detail fields."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from catalogue.model import (
    DeliveryMode,
    FundingScheme,
    Intensity,
    Schedule,
    SessionStatus,
    Vat,
)
from tests.crawlers.conftest import Crawled


def test_evening_course_with_two_campuses(crawled: Crawled) -> None:
    offer = crawled.offers("syntra-ab")["php-programmeren-met-laravel"]
    assert offer.title == "PHP programmeren met Laravel"
    assert offer.url == "https://www.syntra-ab.be/opleidingen/php-programmeren-met-laravel"
    assert offer.provider.name == "Syntra AB"
    assert offer.provider.kmo_portefeuille_number == "DV.O103621"
    assert offer.certificate == "Deelcertificaat Syntra"
    assert offer.prerequisites == "Je kent de basis van PHP en HTML."
    (price,) = offer.prices
    assert (price.amount, price.vat) == (Decimal("495.00"), Vat.INCLUDED)
    assert offer.duration is not None and offer.duration.hours == 36
    assert {f.scheme for f in offer.funding} == {
        FundingScheme.KMO_PORTEFEUILLE,
        FundingScheme.OPLEIDINGSCHEQUES,
    }
    antwerp, mechelen = offer.sessions
    assert (antwerp.start_date, antwerp.end_date) == (date(2024, 10, 1), date(2024, 12, 17))
    assert antwerp.schedule == [Schedule.EVENING]
    assert antwerp.places_left == 5
    assert antwerp.location is not None and antwerp.location.postcode == "2000"
    assert mechelen.id == "24AB-PHP-LAR-MEC"
    assert mechelen.location is not None and mechelen.location.municipality == "Mechelen"


def test_saturday_morning_course_that_is_full(crawled: Crawled) -> None:
    offer = crawled.offers("syntra-ab")["boekhouder"]
    assert offer.identifier("odb") == "ODB-0004512"
    (price,) = offer.prices
    assert (price.amount, price.vat) == (Decimal("385.00"), Vat.EXEMPT)
    (session,) = offer.sessions
    assert session.schedule == [Schedule.DAYTIME, Schedule.WEEKEND]
    assert session.status == SessionStatus.FULL


def test_live_online_course(crawled: Crawled) -> None:
    offer = crawled.offers("syntra-ab")["digitale-marketing-live-online"]
    (session,) = offer.sessions
    assert session.delivery_mode == DeliveryMode.ONLINE_LIVE
    assert session.location is None


def test_full_time_course_from_the_type_listing_with_a_cancelled_session(
    crawled: Crawled,
) -> None:
    offer = crawled.offers("syntra-ab")["kapper"]
    assert [p.amount for p in offer.prices] == [Decimal("1250.00"), Decimal("450.00")]
    cancelled, running = offer.sessions
    assert cancelled.status == SessionStatus.CANCELLED
    assert running.status == SessionStatus.OPEN
    assert running.intensity == Intensity.FULL_TIME


def test_price_on_request_is_no_price(crawled: Crawled) -> None:
    offer = crawled.offers("syntra-ab")["bakker"]
    assert offer.prices == []
    (session,) = offer.sessions
    assert session.start_date == date(2024, 9, 3)  # 'vanaf 3 september' on 1 September 2024


def test_listing_pagination_was_followed(crawled: Crawled) -> None:
    # bakker and kapper are only linked from page 2 of /opleidingen
    assert {"bakker", "kapper"} <= set(crawled.offers("syntra-ab"))
