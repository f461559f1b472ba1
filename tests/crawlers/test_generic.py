"""The generic schema.org spider: JSON-LD and microdata pages, mapped onto the offer model."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from catalogue.model import CompetenceMethod, DeliveryMode, FundingScheme, PriceAudience, Vat
from catalogue.store import open_store
from crawlers.runner import OFFLINE_OVERRIDES, run_crawl
from crawlers.schemaorg import extract_nodes, offer_from_node
from crawlers.spiders.generic import source_key_for
from tests.crawlers.conftest import FILES, FROZEN_TIME, Crawled, app_settings
from tests.crawlers.faultserver import FaultServer

SOURCE = "leercentrum-voorbeeld"


def test_json_ld_course_with_instances(crawled: Crawled) -> None:
    offer = crawled.offers(SOURCE)["/opleidingen/projectmanagement-prince2"]
    assert offer.url == "https://www.leercentrum-voorbeeld.be/opleidingen/projectmanagement-prince2"
    assert offer.title == "Projectmanagement met PRINCE2® Foundation"
    assert "<strong>" not in offer.description and "PRINCE2-methode" in offer.description
    assert "risicobeheer" in offer.description  # 'teaches' without a concept URI
    assert offer.provider.website == "https://www.leercentrum-voorbeeld.be"
    assert offer.languages == ["nl"]
    assert offer.certificate == "PRINCE2® Foundation-certificaat"
    # the source's own 'teaches' concept comes first; the taxonomy tagger adds its own after it
    competence = offer.competences[0]
    assert competence.method == CompetenceMethod.SOURCE
    assert all(c.method != CompetenceMethod.SOURCE for c in offer.competences[1:])
    assert competence.concept_id.startswith("http://data.europa.eu/esco/skill/")
    assert {f.scheme for f in offer.funding} == {
        FundingScheme.KMO_PORTEFEUILLE,
        FundingScheme.OPLEIDINGSCHEQUES,
    }
    (price,) = offer.prices
    assert (price.amount, price.vat) == (Decimal("1195.00"), Vat.EXCLUDED)
    assert offer.duration is not None and offer.duration.hours == 21
    gent, online = offer.sessions
    assert (gent.start_date, gent.end_date) == (date(2024, 10, 14), date(2024, 10, 16))
    assert gent.location is not None and gent.location.municipality == "Gent"
    assert online.delivery_mode == DeliveryMode.ONLINE_LIVE and online.location is None
    assert online.start_date == date(2024, 11, 18)


def test_microdata_course(crawled: Crawled) -> None:
    offer = crawled.offers(SOURCE)["/opleidingen/python-voor-data-analyse"]
    assert offer.title == "Python voor data-analyse"
    assert offer.prices[0].amount == Decimal("495.00")
    assert offer.duration is not None and offer.duration.weeks == 6
    online, leuven = offer.sessions
    assert online.delivery_mode == DeliveryMode.ONLINE_LIVE
    assert leuven.location is not None and leuven.location.postcode == "3000"


def test_cancelled_free_education_event(crawled: Crawled) -> None:
    offer = crawled.offers(SOURCE)["/evenementen/webinar-ai-act"]
    (session,) = offer.sessions
    assert session.status.value == "cancelled"
    assert session.delivery_mode == DeliveryMode.ONLINE_LIVE
    assert session.prices[0].amount == Decimal("0.00")
    assert offer.is_free()


def test_french_graph_with_member_price_and_non_euro_price_skipped(crawled: Crawled) -> None:
    offer = crawled.offers(SOURCE)["/fr/formations/gestion-du-stress"]
    assert offer.languages == ["fr"]
    (price,) = offer.prices  # the USD price is not modelled
    assert (price.amount, price.audience) == (Decimal("350.00"), PriceAudience.MEMBER)
    (session,) = offer.sessions
    assert session.delivery_mode == DeliveryMode.BLENDED
    assert session.location is not None and session.location.municipality == "Bruxelles"


def test_page_without_course_data_is_skipped_not_rejected(crawled: Crawled) -> None:
    report = crawled.reports[SOURCE]
    assert report.stats["leeraanbod/pages_without_courses"] == 1  # /over-ons
    assert report.items_rejected == 0


def test_json_ld_and_microdata_give_the_same_shape() -> None:
    page = (FILES / "generic/opleidingen/python-voor-data-analyse.html").read_text()
    (node,) = extract_nodes(page, "https://www.example.be/python")
    item = offer_from_node(
        node, source="example-be", source_id="/python", url="https://www.example.be/python"
    )
    assert item is not None and item["title"] == "Python voor data-analyse"
    assert [s["delivery_mode"] for s in item["sessions"]] == ["online_live", "classroom"]


def test_source_key_from_host() -> None:
    assert source_key_for("https://www.leercentrum-voorbeeld.be/x") == "leercentrum-voorbeeld-be"
    assert source_key_for("http://127.0.0.1:8000/") == "site-127-0-0-1"


def test_start_url_mode_follows_same_host_links_one_level(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with FaultServer(FILES / "generic", "https://www.leercentrum-voorbeeld.be") as server:
        report = run_crawl(
            "generic",
            app=app_settings(tmp_path),
            spider_kwargs={"start_urls": [server.url + "/opleidingen"]},
            overrides=OFFLINE_OVERRIDES,
            frozen_time=FROZEN_TIME,
            timeout=60,
        )
        fetched = set(server.paths())
    assert report.source == "generic" and report.outcome == "good", report.message
    assert fetched == {
        "/robots.txt",
        "/opleidingen",
        "/opleidingen/projectmanagement-prince2",
        "/opleidingen/python-voor-data-analyse",
        "/over-ons",
    }  # one level deep, same host only
    assert report.items_valid == 2
    store = open_store(app_settings(tmp_path).store_url)
    try:
        sources = {s.offer.source for s in store.iter_offers()}
    finally:
        store.close()
    assert sources == {"site-127-0-0-1"}  # the source key comes from the host
