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


def test_nothing_here_offers_nearby_places_and_online(client: FlaskClient) -> None:
    """Welding is given in Gent, classroom and online, not in Merelbeke (9820): the answer
    offers the municipalities around it and the same search online, each counted, and the
    page links them."""
    api = client.get("/api/v1/search?q=lassen&postcode=9820").get_json()
    assert api["total"] == 0
    kinds = {a["kind"]: a for a in api["alternatives"]}
    assert {"nearby", "online"} <= set(kinds)
    nearby = kinds["nearby"]
    assert nearby["params"] == {"radius_km": 15.0} and nearby["count"] > 0
    wider = client.get("/api/v1/search?q=lassen&postcode=9820&radius_km=15").get_json()
    assert wider["total"] == nearby["count"] and wider["alternatives"] == []
    online = kinds["online"]["params"]
    assert online["postcode"] is None and online["delivery_modes"] == [
        "online_live",
        "online_self_paced",
    ]
    found = client.get(
        "/api/v1/search?q=lassen&delivery_modes=online_live&delivery_modes=online_self_paced"
    ).get_json()
    assert found["total"] == kinds["online"]["count"] > 0

    page = client.get("/?q=lassen&postcode=9820").get_data(as_text=True)
    assert "Binnen 15 km van" in page and "radius_km=15.0" in page
    assert "Online, waar je ook woont" in page
    fr = client.get("/?q=lassen&postcode=9820&lang=fr").get_data(as_text=True)
    assert "À moins de 15 km de" in fr and "En ligne, où que vous habitiez" in fr
    en = client.get("/?q=lassen&postcode=9820&lang=en").get_data(as_text=True)
    assert "Within 15 km of" in en and "Online, wherever you live" in en


def test_a_search_that_finds_something_offers_no_alternatives(client: FlaskClient) -> None:
    assert client.get("/api/v1/search?q=lassen").get_json()["alternatives"] == []


def test_nothing_found_offers_the_broader_concept(client: FlaskClient) -> None:
    """'autogeen' names the taxonomy's 'autogeen lassen', which no offer has: its broader
    concept 'lassen' does have offers, and the answer offers it, counted, as a link."""
    api = client.get("/api/v1/search?q=autogeen").get_json()
    assert api["total"] == 0
    concepts = [a for a in api["alternatives"] if a["kind"] == "concept"]
    assert concepts and concepts[0]["params"] == {"q": None, "concepts": ["vl:lassen"]}
    assert concepts[0]["label"] == "lassen"
    followed = client.get("/api/v1/search?concepts=vl:lassen").get_json()
    assert followed["total"] == concepts[0]["count"] > 0
    page = client.get("/?q=autogeen").get_data(as_text=True)
    assert "Breder: lassen" in page and "concepts=vl%3Alassen" in page
    assert "q=autogeen" not in page.split("Breder: lassen")[0].rsplit("<a", 1)[1]
    en = client.get("/?q=autogeen&lang=en").get_data(as_text=True)
    assert "Broader: " in en
