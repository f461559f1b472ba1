"""One offer: the whole offer, labelled in the requested language, with provenance."""

from __future__ import annotations

import pytest

import taxonomy
from catalogue.ids import offer_id


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


def test_csv_cells_that_a_spreadsheet_would_run_are_quoted():
    from web.export import _cell

    assert [_cell(v) for v in ("=HYPERLINK(1)", "+1", "-2", "@SUM(A1)", "Excel")] == [
        "'=HYPERLINK(1)", "'+1", "'-2", "'@SUM(A1)", "Excel",
    ]  # fmt: skip


def test_export_csv_by_source(client):
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


@pytest.mark.parametrize(
    ("query", "my_cost", "schemes"),
    [
        ("status=employee&joint_committee=200", 0.0, {"sector_fund"}),
        ("status=employer&joint_committee=200&staff_count=10", 0.0, {"sector_fund"}),
        ("status=employee&joint_committee=124", 150.0, set()),  # another sector's fund
    ],
)
def test_what_it_costs_me_for_a_profile(client, query, my_cost, schemes):
    cevora = offer_id("cevora", "cevora-0-1")
    body = client.get(f"/api/v1/offers/{cevora}?{query}").get_json()
    cost = body["cost"]
    assert cost["price_eur"] == 150.0
    assert cost["my_cost"] == my_cost
    assert {s["scheme"] for s in cost["schemes"]} == schemes
    assert all(s["explanation"] and s["source_url"].startswith("http") for s in cost["schemes"])


def test_no_cost_without_a_profile(client, cevora_id):
    assert client.get(f"/api/v1/offers/{cevora_id}").get_json()["cost"] is None


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("joint_committee=200", "status"),  # a profile needs a status
        ("status=alien", "status"),
        ("status=employee&joint_committee=20", "joint_committee"),
        ("status=employer&company_size=small&staff_count=500", "staff_count"),
        ("status=employee&education_level=phd", "education_level"),
    ],
)
def test_bad_profiles_are_400(client, cevora_id, query, field):
    response = client.get(f"/api/v1/offers/{cevora_id}?{query}")
    assert response.status_code == 400
    assert field in response.get_json()["fields"]


def test_offer_page_answers_what_it_costs_me(client):
    cevora = offer_id("cevora", "cevora-0-1")
    html = client.get(f"/aanbod/{cevora}?status=employee&joint_committee=200").get_data(
        as_text=True
    )
    assert (
        "Wat kost het mij?" in html and "Jouw kost" in html and "€\xa00,00" in html
    )  # Dutch money format
    bad = client.get(f"/aanbod/{cevora}?status=employee&joint_committee=2")
    assert bad.status_code == 400 and "joint_committee" in bad.get_data(as_text=True)


def test_offer_page_json_ld_is_a_schema_org_course(client, cevora_id):
    import extruct

    html = client.get(f"/aanbod/{cevora_id}").get_data(as_text=True)
    data = extruct.extract(html, syntaxes=["json-ld"], uniform=True)["json-ld"]
    assert len(data) == 1
    course = data[0]
    assert course["@type"] == "Course" and course["name"] == "Excel voor beginners"
    assert course["provider"]["name"] == "Cevora"
    assert set(course["financialAidEligible"]) == {"Sectorfonds", "Opleidingscheques"}
    (instance,) = course["hasCourseInstance"]
    assert (
        instance["@type"] == "CourseInstance" and instance["courseMode"] == "online"
    )  # online_live
    assert instance["startDate"] and instance["location"]["address"]["postalCode"]
    assert instance["offers"][0]["priceCurrency"] == "EUR"
