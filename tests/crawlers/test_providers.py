"""The opleidingsdatabank and CVO spiders."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from catalogue.model import DeliveryMode, FundingScheme, PriceUnit, SessionStatus, Vat
from catalogue.store import open_store
from tests.crawlers.conftest import Crawled


def test_odb_record_with_identifiers_and_recognitions(crawled: Crawled) -> None:
    offer = crawled.offers("odb")["ODB-0004512"]
    assert offer.identifier("odb") == "ODB-0004512"
    assert offer.identifier("kmo_portefeuille") == "DV.O103621"
    assert offer.provider.name == "Syntra AB"
    assert {f.scheme for f in offer.funding} == {
        FundingScheme.VLAAMS_OPLEIDINGSVERLOF,
        FundingScheme.OPLEIDINGSCHEQUES,
    }
    assert offer.duration is not None and offer.duration.teaching_periods == 240
    (session,) = offer.sessions
    assert (session.start_date, session.end_date) == (date(2024, 9, 14), date(2025, 6, 28))


def test_odb_study_points_and_open_end(crawled: Crawled) -> None:
    offers = crawled.offers("odb")
    bachelor = offers["ODB-0007788"]
    assert bachelor.duration is not None and bachelor.duration.study_points == 180
    assert FundingScheme.VLAAMS_OPLEIDINGSKREDIET in {f.scheme for f in bachelor.funding}
    (session,) = offers["ODB-0010233"].sessions
    assert session.start_date == date(2024, 10, 7) and session.end_date is None


def test_odb_number_joins_the_vdab_offer(crawled: Crawled) -> None:
    vdab = crawled.offers("vdab")["750417"]
    odb = crawled.offers("odb")["ODB-0002141"]
    assert vdab.identifier("odb") == odb.identifier("odb")


def test_cvo_fee_per_teaching_period_with_cap(crawled: Crawled) -> None:
    offer = crawled.offers("cvo-antwerpen")["SPA-1"]
    (price,) = offer.prices
    assert (price.amount, price.unit, price.vat) == (
        Decimal("1.50"),
        PriceUnit.PER_TEACHING_PERIOD,
        Vat.EXEMPT,
    )
    assert price.note == "maximaal € 300 per schooljaar"
    assert offer.provider.kmo_portefeuille_number == "DV.O101767"
    assert offer.duration is not None and offer.duration.teaching_periods == 80
    cancelled, saturday = offer.sessions
    assert cancelled.status == SessionStatus.CANCELLED
    assert saturday.id == "24-SPA1-Z"


def test_cvo_nt2_fee_and_job_seekers_exempt(crawled: Crawled) -> None:
    offer = crawled.offers("cvo-antwerpen")["NT2-RG1"]
    assert offer.prices[0].amount == Decimal("0.60")
    assert any(f.worker_statuses == ["job_seeker"] for f in offer.funding)
    _day, evening = offer.sessions
    assert evening.status == SessionStatus.FULL
    online = crawled.offers("cvo-antwerpen")["NT2-RG1-ONL"]
    assert online.sessions[0].delivery_mode == DeliveryMode.ONLINE_SELF_PACED
    blended = crawled.offers("cvo-antwerpen")["ICT-WEB"]
    assert blended.sessions[0].delivery_mode == DeliveryMode.BLENDED


def test_the_crawl_clusters_the_vdab_offer_with_its_odb_record(crawled: Crawled) -> None:
    vdab = crawled.offers("vdab")["750417"]
    odb = crawled.offers("odb")["ODB-0002141"]
    store = open_store(crawled.store_url)
    try:
        clusters = store.get_clusters([vdab.id, odb.id])
    finally:
        store.close()
    assert clusters[vdab.id] == clusters[odb.id]
