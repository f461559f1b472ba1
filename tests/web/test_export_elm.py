"""`GET /api/v1/export?format=elm`: the web tests' catalogue as one valid ELM document."""

from __future__ import annotations

from tests.europass.conftest import assert_valid, top_level


def test_api_streams_the_catalogue_as_elm(client):
    response = client.get("/api/v1/export?format=elm")
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    assert response.is_streamed
    assert "leeraanbod-elm.xml" in response.headers["Content-Disposition"]
    tree = assert_valid(response.get_data())
    assert len(top_level(tree)) == 37  # the web tests' catalogue (tests/web/test_offers.py)
    vdab = client.get("/api/v1/export?format=elm&source=vdab").get_data()
    assert len(top_level(assert_valid(vdab))) == 12


def test_openapi_documents_the_elm_format(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/export"]["get"]
    assert "application/xml" in operation["responses"]["200"]["content"]
    (fmt,) = [p for p in operation["parameters"] if p["name"] == "format"]
    assert "elm" in fmt["schema"]["enum"]
