"""The search page and the API say which correction they searched for, that results are
partial matches, and what to try when nothing was found (issue 16)."""

from __future__ import annotations

from flask.testing import FlaskClient


def test_the_correction_is_said_on_the_page_and_in_the_api(client: FlaskClient) -> None:
    page = client.get("/?q=heftrcuk").get_data(as_text=True)
    assert "Resultaten voor <em>heftruck</em>" in page
    api = client.get("/api/v1/search?q=heftrcuk").get_json()
    assert api["corrected_q"] == "heftruck" and api["total"] > 0
    assert client.get("/api/v1/search?q=heftruck").get_json()["corrected_q"] is None


def test_the_french_page_says_it_in_french(client: FlaskClient) -> None:
    page = client.get("/?q=heftrcuk&lang=fr").get_data(as_text=True)
    assert "Résultats pour <em>heftruck</em>" in page


def test_partial_matches_are_said(client: FlaskClient) -> None:
    api = client.get("/api/v1/search?q=heftruck+toverdrank").get_json()
    assert api["relaxed"] and api["total"] > 0
    page = client.get("/?q=heftruck+toverdrank").get_data(as_text=True)
    assert "Geen opleiding bevat al je zoekwoorden" in page


def test_no_result_shows_what_to_try(client: FlaskClient) -> None:
    page = client.get("/?q=xqzwv").get_data(as_text=True)
    assert "We vonden geen opleidingen" in page
    assert "online_live" in page  # the link to online courses
    # a word cut short finds nothing, and its beginning suggests what was meant
    cut = client.get("/api/v1/search?q=heftr").get_json()
    assert cut["total"] == 0 and "heftruck" in cut["suggestions"]
    assert client.get("/api/v1/search?q=heftruck").get_json()["suggestions"] == []


def test_facets_are_readable(client: FlaskClient) -> None:
    facets = client.get("/api/v1/search", headers={"Accept-Language": "fr"}).get_json()["facets"]
    concepts = facets.get("concept", [])
    assert all(v["label"] != v["value"] for v in concepts), "a raw concept id is shown"
    assert not {"vaardigheden", "kennis", "compétences", "savoirs"} & {
        v["label"].lower() for v in concepts
    }
    fields = facets.get("field_of_education", [])
    assert len({len(v["value"]) for v in fields}) <= 1, "two levels of fields of education"
    labels = [v["label"] for v in fields]
    assert len(labels) == len(set(labels)), "two fields of education with the same label"
    assert all(not v["label"].endswith(f"({v['value']})") for v in fields)
