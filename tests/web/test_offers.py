"""One offer: the whole offer, labelled in the requested language, with provenance."""

from __future__ import annotations

import pytest

import taxonomy
from catalogue.ids import offer_id
from tests.web.conftest import HAS_TAXONOMY


@pytest.fixture
def cevora_id() -> str:
    return offer_id("cevora", "cevora-1-0")


def test_offer_detail_has_sessions_funding_and_provenance(client, cevora_id):
    response = client.get(f"/api/v1/offers/{cevora_id}")
    assert response.status_code == 200
    body = response.get_json()
    assert body["id"] == cevora_id
    assert body["title"] == "Excel voor beginners"
    assert body["provider"]["name"] == "Cevora"
    assert body["status"] == "active"
    assert len(body["sessions"]) == 1 and body["sessions"][0]["location"]["municipality"]
    assert {f["scheme"] for f in body["funding"]} == {"sector_fund", "opleidingscheques"}
    own, *others = body["provenance"]
    assert own["source"] == "cevora" and own["offer_id"] == cevora_id
    assert own["url"] == "https://www.cevora.example/opleiding/1-0"
    # the same course listed by the opleidingsdatabank (a shared ODB number clusters them)
    assert [(o["source"], o["url"]) for o in others] == [
        ("odb", "https://www.odb.example/opleiding/ODB-0001234")
    ]
    assert others[0]["offer_id"] == offer_id("odb", "ODB-0001234")


def test_an_offer_without_duplicates_is_available_via_its_own_source(client):
    body = client.get(f"/api/v1/offers/{offer_id('syntra', 'syntra-2-1')}").get_json()
    assert [p["source"] for p in body["provenance"]] == ["syntra"]


@pytest.mark.parametrize(
    ("accept", "label", "language"),
    [
        ("nl-BE,nl;q=0.9", "Opleidingscheques", "nl"),
        ("fr-BE,fr;q=0.9,en;q=0.5", "Chèques-formation", "fr"),
        ("en-GB,en;q=0.9", "Training vouchers", "en"),
        ("de-DE", "Opleidingscheques", "nl"),  # unsupported: Dutch
        ("", "Opleidingscheques", "nl"),
    ],
)
def test_labels_follow_accept_language(client, cevora_id, accept, label, language):
    response = client.get(f"/api/v1/offers/{cevora_id}", headers={"Accept-Language": accept})
    labels = {f["scheme"]: f["label"] for f in response.get_json()["funding"]}
    assert labels["opleidingscheques"] == label
    assert response.headers["Content-Language"] == language
    assert "Accept-Language" in response.headers["Vary"]


def test_sources_report_counts_and_status(client):
    body = client.get("/api/v1/sources").get_json()
    by_source = {s["source"]: s for s in body["sources"]}
    assert set(by_source) == {"cevora", "odb", "syntra", "vdab"}
    assert all(s["status"] == "ok" for s in by_source.values())
    assert [by_source[s]["active"] for s in ("cevora", "odb", "syntra", "vdab")] == [12, 1, 12, 12]
    assert all(s["last_good_run"] for s in by_source.values())


def test_export_jsonl_streams_every_offer(client):
    response = client.get("/api/v1/export?format=jsonl")
    assert response.status_code == 200
    assert response.mimetype == "application/x-ndjson"
    assert response.is_streamed
    lines = response.get_data(as_text=True).splitlines()
    assert len(lines) == 37
    assert all(line.startswith("{") for line in lines)


def test_export_csv_by_source_quotes_formulas(client):
    response = client.get("/api/v1/export?format=csv&source=vdab")
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    rows = text.strip().splitlines()
    assert rows[0].startswith("id,source,source_id,title")
    assert len(rows) == 1 + 12
    assert "attachment" in response.headers["Content-Disposition"]


def test_offer_page_renders_sessions_provenance_and_jsonld(client, cevora_id):
    response = client.get(f"/aanbod/{cevora_id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Excel voor beginners" in html
    assert "Beschikbaar via" in html and "Sessies" in html
    assert "https://www.odb.example/opleiding/ODB-0001234" in html
    assert '<script type="application/ld+json">' in html
    assert '"@type": "CourseInstance"' in html


def test_offer_page_in_french(client, cevora_id):
    html = client.get(f"/aanbod/{cevora_id}?lang=fr").get_data(as_text=True)
    assert '<html lang="fr">' in html
    assert "Disponible via" in html and "Chèques-formation" in html


def test_source_status_page(client):
    html = client.get("/bronnen").get_data(as_text=True)
    assert "cevora" in html and "in orde" in html


@pytest.mark.skipif(not HAS_TAXONOMY, reason="taxonomy branch not merged")
@pytest.mark.parametrize(
    ("accept", "expected"), [("nl", "MIG/MAG-lassen"), ("fr", None), ("en", None)]
)
def test_competences_are_labelled_in_the_requested_language(client, accept, expected):
    body = client.get(
        f"/api/v1/offers/{offer_id('cevora', 'cevora-0-0')}", headers={"Accept-Language": accept}
    ).get_json()
    competences = {c["concept_id"]: c["label"] for c in body["competences"]}
    assert "vl:lassen-mig-mag" in competences, competences
    tax = taxonomy.load_taxonomy()
    assert competences["vl:lassen-mig-mag"] == tax.label("vl:lassen-mig-mag", accept)
    if expected:
        assert competences["vl:lassen-mig-mag"] == expected


@pytest.mark.skipif(not HAS_TAXONOMY, reason="taxonomy branch not merged")
@pytest.mark.parametrize("accept", ["nl", "fr", "en"])
def test_concept_lookup_for_filter_pickers(client, accept):
    response = client.get(
        "/api/v1/taxonomy/concepts?q=lass&limit=5", headers={"Accept-Language": accept}
    )
    assert response.status_code == 200
    concepts = response.get_json()["concepts"]
    assert 0 < len(concepts) <= 5
    assert any(c["id"] == "vl:lassen" for c in concepts)
    assert all(c["label"] and c["kind"] for c in concepts)
