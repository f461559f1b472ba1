"""Sector fund spiders (Cevora, Educam, Constructiv) and the fund ↔ joint committee table."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from catalogue.model import (
    DeliveryMode,
    FundingScheme,
    OfferType,
    PriceAudience,
    PriceUnit,
    Schedule,
    SessionStatus,
    Vat,
)
from crawlers.funds import fund_funding_option, funds_for_joint_committee, sector_funds
from tests.crawlers.conftest import Crawled


@pytest.mark.parametrize(
    ("committee", "fund"),
    [("200", "Cevora"), ("112", "Educam"), ("149.02", "Educam"), ("149.04", "Educam"),
     ("142.01", "Educam"), ("124", "Constructiv"), ("149.01", "Volta"), ("118", "Alimento"),
     ("220", "Alimento"), ("116", "Co-valent"), ("207", "Co-valent")],
)  # fmt: skip
def test_fund_table(committee: str, fund: str) -> None:
    assert funds_for_joint_committee(committee) == [fund]


def test_every_fund_entry_is_a_valid_funding_option() -> None:
    assert set(sector_funds()) >= {"cevora", "educam", "constructiv", "volta", "alimento"}
    assert fund_funding_option("cevora")["joint_committees"] == ["200"]


def _fund(offer):  # type: ignore[no-untyped-def]
    return next(f for f in offer.funding if f.scheme == FundingScheme.SECTOR_FUND)


# ------------------------------------------------------------------------------ Cevora
def test_cevora_course_with_online_full_and_cancelled_sessions(crawled: Crawled) -> None:
    offer = crawled.offers("cevora")["12345"]
    assert offer.title == "Excel gevorderd"
    assert offer.offer_type == OfferType.OPEN
    assert offer.is_free()
    assert _fund(offer).joint_committees == ["200"] and _fund(offer).fund == "Cevora"
    assert offer.duration is not None and offer.duration.days == 2
    gent, online, brussels = offer.sessions
    assert (gent.start_date, gent.end_date) == (date(2024, 9, 12), date(2024, 9, 13))
    assert gent.places_left == 3 and gent.location.municipality == "Gent"
    # a French date on a Dutch page, and an online session in the same course
    assert (online.start_date, online.end_date) == (date(2024, 10, 3), date(2024, 10, 4))
    assert online.delivery_mode == DeliveryMode.ONLINE_LIVE and online.location is None
    assert online.status == SessionStatus.FULL
    assert brussels.status == SessionStatus.CANCELLED
    assert brussels.location.province.value == "Brussel"


def test_cevora_french_page(crawled: Crawled) -> None:
    offer = crawled.offers("cevora")["12346"]
    assert offer.title == "Excel avancé"
    assert offer.languages == ["fr"]
    assert offer.url == "https://www.cevora.be/fr/formations/excel-avance-12346"
    assert offer.duration is not None and offer.duration.days == 2
    (session,) = offer.sessions
    assert (session.start_date, session.end_date) == (date(2025, 3, 3), date(2025, 3, 4))
    assert session.schedule == [Schedule.DAYTIME]
    assert session.status == SessionStatus.OPEN


def test_cevora_inter_company_course_free_for_the_sector_has_no_public_price(
    crawled: Crawled,
) -> None:
    offer = crawled.offers("cevora")["30510"]
    assert offer.offer_type == OfferType.INTER_COMPANY
    assert offer.prices == []
    assert crawled.offers("cevora")["22871"].sessions[0].delivery_mode == DeliveryMode.ONLINE_LIVE


# ------------------------------------------------------------------------------ Educam
def test_educam_price_for_others_per_day_excluding_vat(crawled: Crawled) -> None:
    offer = crawled.offers("educam")["T-2021-nl"]
    (price,) = offer.prices
    assert (price.amount, price.unit, price.vat, price.audience) == (
        Decimal("250.00"),
        PriceUnit.PER_DAY,
        Vat.EXCLUDED,
        PriceAudience.NON_MEMBER,
    )
    assert _fund(offer).joint_committees == ["112", "149.02", "149.04", "142.01"]
    assert offer.identifier("other") == "T-2021"
    assert offer.certificate == "Educam-attest BA4/BA5 hoogspanning"
    assert [s.places_left for s in offer.sessions] == [2, None]


def test_educam_french_page_is_its_own_offer(crawled: Crawled) -> None:
    offer = crawled.offers("educam")["T-2021-fr"]
    assert offer.languages == ["fr"]
    assert offer.title.startswith("Haute tension")
    assert offer.prices[0].amount == Decimal("250.00")
    cancelled, planned = offer.sessions
    assert cancelled.status == SessionStatus.CANCELLED
    assert planned.start_date == date(2024, 12, 5)
    assert planned.location.municipality == "Gosselies"


def test_educam_no_price_several_evenings_and_e_learning(crawled: Crawled) -> None:
    offers = crawled.offers("educam")
    assert offers["T-1187-nl"].prices == []
    (evenings,) = offers["T-3340-nl"].sessions
    assert (evenings.start_date, evenings.end_date) == (date(2024, 10, 1), date(2024, 10, 15))
    assert evenings.schedule == [Schedule.EVENING]
    elearning = offers["E-0415-nl"]
    assert elearning.languages == ["nl", "fr"]
    assert elearning.sessions[0].delivery_mode == DeliveryMode.ONLINE_SELF_PACED


# ------------------------------------------------------------------------------ Constructiv
def test_constructiv_member_prices_and_hourly_premium(crawled: Crawled) -> None:
    offer = crawled.offers("constructiv")["4411"]
    member, non_member = offer.prices
    assert (member.amount, member.audience, member.vat) == (
        Decimal("90.00"),
        PriceAudience.MEMBER,
        Vat.EXCLUDED,
    )
    assert (non_member.amount, non_member.audience) == (Decimal("120.00"), PriceAudience.NON_MEMBER)
    fund = _fund(offer)
    assert fund.joint_committees == ["124"] and fund.amount == Decimal("12")
    assert "winterregeling" in (fund.conditions or "")
    saturday, winter = offer.sessions
    assert saturday.schedule == [Schedule.WEEKEND]
    assert winter.start_date == date(2024, 12, 9)


def test_constructiv_partner_courses(crawled: Crawled) -> None:
    offers = crawled.offers("constructiv")
    assert offers["5102"].provider.name == "Bouwcentrum Oost-Vlaanderen"
    assert offers["5102"].is_free()
    crane = offers["6001"]
    assert crane.duration is not None and (crane.duration.weeks, crane.duration.hours) == (6, 228)
    assert [s.status for s in crane.sessions] == [SessionStatus.CANCELLED, SessionStatus.OPEN]
    assert offers["5230"].sessions[0].delivery_mode == DeliveryMode.ONLINE_LIVE
