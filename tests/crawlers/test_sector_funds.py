"""Sector fund spiders (Cevora, Educam, Constructiv, Volta, Alimento, Co-valent) and the fund ↔
joint committee table. The Volta, Alimento and Co-valent pages are imitations (see the README of
tests/crawlers/files/), not saved from the live sites."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from catalogue.model import (
    DeliveryMode,
    FundingScheme,
    Intensity,
    OfferType,
    PriceAudience,
    PriceUnit,
    Province,
    Schedule,
    SessionStatus,
    Vat,
)
from crawlers.funds import fund_funding_option, sector_funds
from tests.crawlers.conftest import Crawled


@pytest.mark.parametrize(
    ("committee", "fund"),
    [("200", "Cevora"), ("112", "Educam"), ("149.02", "Educam"), ("149.04", "Educam"),
     ("142.01", "Educam"), ("124", "Constructiv"), ("149.01", "Volta"), ("118", "Alimento"),
     ("220", "Alimento"), ("116", "Co-valent"), ("207", "Co-valent")],
)  # fmt: skip
def test_fund_table(committee: str, fund: str) -> None:
    serving = [e["name"] for e in sector_funds().values() if committee in e["joint_committees"]]
    assert serving == [fund]


def test_every_fund_entry_is_a_valid_funding_option() -> None:
    assert set(sector_funds()) >= {"cevora", "educam", "constructiv", "volta", "alimento"}
    assert fund_funding_option("cevora")["joint_committees"] == ["200"]


def _fund(offer):  # type: ignore[no-untyped-def]
    return next(f for f in offer.funding if f.scheme == FundingScheme.SECTOR_FUND)


def _terms(price):  # type: ignore[no-untyped-def]
    return (price.amount, price.unit, price.vat, price.audience)


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
    assert _terms(price) == (
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


# ------------------------------------------------------------------------------ Volta
def test_volta_course_free_for_the_sector_priced_per_day_for_others(crawled: Crawled) -> None:
    offer = crawled.offers("volta")["2417"]
    assert offer.title == "AREI: basis voor installateurs"
    assert (
        offer.url == "https://www.volta-org.be/nl/opleidingen/v2417-arei-basis-voor-installateurs"
    )
    assert offer.offer_type == OfferType.OPEN
    assert _fund(offer).fund == "Volta" and _fund(offer).joint_committees == ["149.01"]
    (price,) = offer.prices
    assert _terms(price) == (
        Decimal("320.00"),
        PriceUnit.PER_DAY,
        Vat.EXCLUDED,
        PriceAudience.NON_MEMBER,
    )
    assert offer.duration is not None and (offer.duration.days, offer.duration.hours) == (2, 14)
    assert offer.certificate == "Volta-deelnameattest"
    assert offer.target_groups == [
        "Elektriciens-installateurs",
        "Werkzoekenden met een technische opleiding",
    ]
    assert offer.prerequisites == "Basiskennis elektriciteit (wet van Ohm, vermogen)."
    assert offer.registration_url == "https://www.volta-org.be/nl/inschrijven?opleiding=2417"


def test_volta_sessions_with_weekdays_full_and_cancelled(crawled: Crawled) -> None:
    gent, zellik, hasselt = crawled.offers("volta")["2417"].sessions
    # 'di 24 en wo 25 september 2024': a weekday before each day
    assert (gent.start_date, gent.end_date) == (date(2024, 9, 24), date(2024, 9, 25))
    assert (gent.places_left, gent.status, gent.schedule) == (
        6,
        SessionStatus.OPEN,
        [Schedule.DAYTIME],
    )
    assert gent.id == "2417-GE-24-09" and gent.location.postcode == "9000"
    assert zellik.status == SessionStatus.FULL and zellik.location.municipality == "Zellik"
    assert (hasselt.start_date, hasselt.end_date) == (date(2024, 11, 7), date(2024, 11, 8))
    assert hasselt.status == SessionStatus.CANCELLED


def test_volta_french_page_is_its_own_offer(crawled: Crawled) -> None:
    offer = crawled.offers("volta")["2418"]
    assert offer.languages == ["fr"]
    assert offer.prices[0].amount == Decimal("320.00")
    (session,) = offer.sessions
    assert (session.start_date, session.end_date) == (date(2024, 10, 22), date(2024, 10, 23))
    assert session.location.province == Province.NAMEN


def test_volta_recognitions_evenings_and_in_company(crawled: Crawled) -> None:
    offers = crawled.offers("volta")
    pv = offers["3105"]
    assert {f.scheme for f in pv.funding} == {
        FundingScheme.SECTOR_FUND,
        FundingScheme.OPLEIDINGSCHEQUES,
        FundingScheme.KMO_PORTEFEUILLE,
    }
    assert pv.provider.kmo_portefeuille_number == "DV.O105020"
    (session,) = pv.sessions
    assert (session.end_date, session.places_left, session.status) == (
        date(2024, 10, 15),
        4,
        SessionStatus.OPEN,
    )
    evenings = offers["3390"]
    assert evenings.is_free()
    brugge, online = evenings.sessions
    assert brugge.schedule == [Schedule.EVENING] and brugge.end_date == date(2024, 11, 19)
    assert online.delivery_mode == DeliveryMode.ONLINE_LIVE and online.location is None
    on_request = offers["4001"]
    assert on_request.offer_type == OfferType.IN_COMPANY
    assert (
        on_request.sessions == [] and on_request.prices == []
    )  # 'Datum in overleg', 'Op aanvraag'
    assert on_request.languages == ["nl", "fr"]


def test_volta_archived_course_is_closed_to_robots(crawled: Crawled) -> None:
    report = crawled.reports["volta"]
    assert report.robots_forbidden == 1
    assert "1999" not in crawled.offers("volta")


# ------------------------------------------------------------------------------ Alimento
def test_alimento_course_with_kmo_portefeuille_and_free_places(crawled: Crawled) -> None:
    offer = crawled.offers("alimento")["10234"]
    assert offer.title == "HACCP: basisprincipes van voedselveiligheid"
    assert _fund(offer).joint_committees == ["118", "220"] and _fund(offer).fund == "Alimento"
    assert {f.scheme for f in offer.funding} == {
        FundingScheme.SECTOR_FUND,
        FundingScheme.KMO_PORTEFEUILLE,
    }
    assert offer.provider.kmo_portefeuille_number == "DV.O104512"
    (price,) = offer.prices
    assert (price.amount, price.vat, price.audience) == (
        Decimal("195.00"),
        Vat.EXCLUDED,
        PriceAudience.NON_MEMBER,
    )
    assert offer.duration is not None and (offer.duration.days, offer.duration.hours) == (1, 7)
    assert offer.target_groups == ["Operatoren", "Kwaliteitsmedewerkers"]
    assert "autocontrolesysteem" in offer.description
    gent, hasselt = offer.sessions
    assert (gent.places_left, gent.status) == (4, SessionStatus.OPEN)  # 'Nog 4 vrije plaatsen'
    assert hasselt.status == SessionStatus.FULL and hasselt.start_date == date(2024, 11, 12)


def test_alimento_refund_per_hour_and_no_kmo_portefeuille(crawled: Crawled) -> None:
    offer = crawled.offers("alimento")["11020"]
    fund = _fund(offer)
    assert fund.amount == Decimal("20") and "per opleidingsuur" in (fund.conditions or "")
    # 'KMO-portefeuille: neen' names the scheme to say it does not apply
    assert [f.scheme for f in offer.funding] == [FundingScheme.SECTOR_FUND]
    assert offer.provider.kmo_portefeuille_number is None
    (price,) = offer.prices
    assert (price.amount, price.audience) == (Decimal("350.00"), PriceAudience.ALL)
    (saturday,) = offer.sessions
    assert saturday.schedule == [Schedule.WEEKEND] and saturday.location.municipality == "Kortrijk"


def test_alimento_french_page_blended_sessions_and_dates_to_come(crawled: Crawled) -> None:
    offers = crawled.offers("alimento")
    french = offers["10235"]
    assert french.languages == ["fr"]
    assert [f.scheme for f in french.funding] == [
        FundingScheme.SECTOR_FUND
    ]  # 'Portefeuille PME : non'
    assert french.sessions[0].location.province == Province.WAALS_BRABANT
    cancelled, planned = offers["11544"].sessions
    assert {cancelled.delivery_mode, planned.delivery_mode} == {DeliveryMode.BLENDED}
    assert cancelled.status == SessionStatus.CANCELLED and planned.places_left == 9
    assert offers["11544"].prices == []  # free for the sector: a funding condition, no price
    later = offers["12001"]
    assert later.sessions == []  # 'Nieuwe data volgen'
    assert later.duration is not None and later.duration.days == 2  # '4 halve dagen'
    assert crawled.reports["alimento"].stats["leeraanbod/undated_sessions"] == 1


# ------------------------------------------------------------------------------ Co-valent
def test_co_valent_calendar_lists_a_course_twice_and_it_is_one_offer(crawled: Crawled) -> None:
    offer = crawled.offers("co-valent")["7701"]
    assert offer.offer_type == OfferType.INTER_COMPANY
    assert _fund(offer).joint_committees == ["116", "207"] and _fund(offer).fund == "Co-valent"
    assert offer.provider.name == "Co-valent"
    assert offer.prices == []
    assert offer.certificate == "Attest ATEX-bewustmaking (niveau 1)"
    antwerp, zwijnaarde = offer.sessions
    assert (antwerp.start_date, antwerp.places_left) == (date(2024, 10, 14), 12)
    assert zwijnaarde.status == SessionStatus.FULL and zwijnaarde.location.postcode == "9052"


def test_co_valent_partner_course_with_hourly_intervention(crawled: Crawled) -> None:
    offer = crawled.offers("co-valent")["7815"]
    assert offer.provider.name == "Opleidingscentrum Haven Antwerpen"
    assert _fund(offer).amount == Decimal("25")
    # 'Opleidingscheques: ja. Vlaams opleidingsverlof: neen.'
    assert {f.scheme for f in offer.funding} == {
        FundingScheme.SECTOR_FUND,
        FundingScheme.OPLEIDINGSCHEQUES,
    }
    (price,) = offer.prices
    assert (price.amount, price.vat) == (Decimal("2950.00"), Vat.EXCLUDED)
    assert offer.duration is not None and (offer.duration.weeks, offer.duration.hours) == (6, 228)
    cancelled, planned = offer.sessions
    assert cancelled.status == SessionStatus.CANCELLED
    assert (planned.start_date, planned.end_date) == (date(2025, 1, 13), date(2025, 2, 21))
    assert planned.intensity == Intensity.FULL_TIME


def test_co_valent_english_online_and_in_company_courses(crawled: Crawled) -> None:
    offers = crawled.offers("co-valent")
    english = offers["7702"]
    assert english.languages == ["en"] and english.prices == []
    assert english.url == "https://www.co-valent.be/en/training-calendar/7702-gmp-for-operators"
    (session,) = english.sessions
    assert (session.start_date, session.places_left) == (date(2024, 11, 12), 3)  # '3 seats left'
    (webinar,) = offers["7833"].sessions
    assert webinar.delivery_mode == DeliveryMode.ONLINE_LIVE and webinar.location is None
    assert offers["7833"].prices[0].audience == PriceAudience.NON_MEMBER
    custom = offers["7900"]
    assert custom.offer_type == OfferType.IN_COMPANY and custom.sessions == []
    assert custom.languages == ["nl", "en"]
