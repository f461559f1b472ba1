"""The demo catalogue (the shipped fixture sites, crawled offline) exported as ELM: valid
against loq.xsd, one learning opportunity per offer, each session a part of its offer."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogue.store import open_store
from europass.export import catalogue_offers, export_store
from europass.writer import ExportReport
from taxonomy import load_taxonomy
from tests.crawlers.conftest import app_settings
from tests.europass.conftest import NS, assert_valid, top_level


@pytest.fixture(scope="module")
def demo_export(crawled):
    store = open_store(crawled.store_url)
    try:
        offers = list(catalogue_offers(store))
        report = ExportReport()
        taxonomy = load_taxonomy(app_settings(crawled_dir(crawled)))
        data = b"".join(export_store(store, None, taxonomy, report))
    finally:
        store.close()
    return offers, data, report


def crawled_dir(crawled) -> Path:
    return Path(crawled.store_url.removeprefix("sqlite:///")).parent


def test_demo_export_validates_with_one_opportunity_per_offer(demo_export):
    offers, data, report = demo_export
    tree = assert_valid(data)
    assert len(offers) > 30
    assert report.skipped_count == 0 and report.exported == len(offers)
    ids = sorted(lo.get("id") for lo in top_level(tree))
    assert ids == sorted(f"urn:leeraanbod:offer:{o.id}" for o in offers)


def test_sessions_are_parts_of_their_offer(demo_export):
    offers, data, report = demo_export
    tree = assert_valid(data)
    sessions = tree.xpath("//l:learningOpportunity[l:isPartOf]", namespaces=NS)
    expected = sum(1 for o in offers for s in o.sessions if s.status != "cancelled")
    assert len(sessions) == expected == report.sessions > 0
    for part in sessions:
        parent = part.find("l:isPartOf", NS).get("idref")
        (owner,) = tree.xpath(f'//l:learningOpportunity[@id="{parent}"]', namespaces=NS)
        assert part.get("id") in {h.get("idref") for h in owner.findall("l:hasPart", NS)}


def test_offer_fields_arrive_where_elm_has_them(demo_export):
    offers, data, _ = demo_export
    tree = assert_valid(data)
    odb = next(o for o in offers if o.source == "odb" and "bachelor" in o.title.lower())
    (lo,) = tree.xpath(
        f'//l:learningOpportunity[@id="urn:leeraanbod:offer:{odb.id}"]', namespaces=NS
    )
    assert lo.findtext("l:title", namespaces=NS) == odb.title
    assert lo.findtext("l:homepage/l:contentUrl", namespaces=NS) == odb.url
    assert lo.find("l:identifier/{http://www.w3.org/2004/02/skos/core#}notation", NS) is not None
    spec_id = lo.find("l:learningAchievementSpecification", NS).get("idref")
    (spec,) = tree.xpath(f'//l:learningAchievementSpecification[@id="{spec_id}"]', namespaces=NS)
    assert spec.find("l:language", NS).get("uri").endswith("/NLD")
    # the professional bachelor's level (EQF 6) reaches the specification
    assert spec.find("l:educationLevel", NS).get("uri") == "http://data.europa.eu/snb/eqf/6"
    # every provider is an organisation, every place a location
    providers = {o.provider.name for o in offers}
    names = set(tree.xpath("//l:organisation/l:legalName/text()", namespaces=NS))
    assert names == providers


def test_tagged_skills_become_learning_outcomes(demo_export):
    offers, data, _ = demo_export
    tree = assert_valid(data)
    tagged = [o for o in offers if o.competences]
    assert tagged
    escos = tree.xpath("//l:learningOutcome/l:relatedESCOSkill/@uri", namespaces=NS)
    assert escos and all(u.startswith("http://data.europa.eu/esco/") for u in escos)


def test_export_of_one_source(crawled):
    store = open_store(crawled.store_url)
    try:
        data = b"".join(export_store(store, "vdab"))
        count = sum(1 for _ in catalogue_offers(store, "vdab"))
    finally:
        store.close()
    tree = assert_valid(data)
    assert len(top_level(tree)) == count > 0
    assert all("vdab-" in lo.get("id") for lo in top_level(tree))
