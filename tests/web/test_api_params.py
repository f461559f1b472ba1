"""Every parameter validated: bad input → 400 naming the parameter; good input → 200."""

from __future__ import annotations

import pytest

BAD_SEARCH = [
    ("q=" + "x" * 201, "q"),
    ("page_size=51", "page_size"),
    ("page_size=0", "page_size"),
    ("page=0", "page"),
    ("page=abc", "page"),
    ("page=51&page_size=20", "query"),  # beyond the 1,000th result
    ("page=1001", "page"),  # beyond any page (le=1000 in the schema)
    ("delivery_modes=teleport", "delivery_modes"),
    ("schedules=night", "schedules"),
    ("languages=NL", "languages"),
    ("funding_schemes=lottery", "funding_schemes"),
    ("joint_committees=2000", "joint_committees"),
    ("levels=9", "levels"),
    ("fields_of_education=x1", "fields_of_education"),
    ("postcode=0123", "postcode"),
    ("postcode=90000", "postcode"),
    ("radius_km=10", "query"),  # a radius needs a place
    ("postcode=9000&radius_km=500", "radius_km"),
    ("postcode=9000&radius_km=0", "radius_km"),
    ("price_min=-1", "price_min"),
    ("price_min=10&price_max=5", "query"),
    ("duration_min_hours=8&duration_max_hours=2", "query"),
    ("start_from=2026-13-01", "start_from"),
    ("start_from=2027-01-01&start_to=2026-01-01", "query"),
    ("sort=bogus", "sort"),
    ("sort=distance", "query"),
    ("free=maybe", "free"),
    ("free=1", "free"),  # strictly true/false, as documented
    ("upcoming_only=yes", "upcoming_only"),
    ("start_to=0", "start_to"),  # not a Unix time
    ("start_from=1603-05-14", "start_from"),  # outside what the engines can store
    ("start_to=2300-01-01", "start_to"),
    ("radius_km=inf&postcode=9000", "radius_km"),
    ("price_max=1e400", "price_max"),
    ("duration_max_hours=1e400", "duration_max_hours"),
    ("start_from=9999-12-31", "start_from"),
    ("page=1.5", "page"),  # not a whole number (1.0 is one, as in JSON Schema)
    ("facets=colour", "facets"),
    ("providers=", "providers"),
    ("unknown=1", "unknown"),
    ("q=a&q=b", "q"),
    ("page_size=5&page_size=6", "page_size"),
]


@pytest.mark.parametrize(("query", "field"), BAD_SEARCH)
def test_bad_search_parameters_are_400_with_the_field_named(client, query, field):
    response = client.get(f"/api/v1/search?{query}")
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "invalid_parameters"
    assert field in body["fields"], body
    assert all(isinstance(m, str) and m for m in body["fields"][field])


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/suggest", "q"),
        ("/api/v1/suggest?q=", "q"),
        ("/api/v1/suggest?q=" + "y" * 201, "q"),
        ("/api/v1/suggest?q=la&limit=0", "limit"),
        ("/api/v1/suggest?q=la&limit=21", "limit"),
        ("/api/v1/taxonomy/concepts", "q"),
        ("/api/v1/taxonomy/concepts?q=las&limit=51", "limit"),
        ("/api/v1/export?format=xml", "format"),
        ("/api/v1/export?source=NOT+A+KEY", "source"),
        ("/api/v1/sources?x=1", "x"),
        ("/api/v1/health?verbose=1", "verbose"),
    ],
)
def test_bad_parameters_elsewhere_are_400(client, path, field):
    response = client.get(path)
    assert response.status_code == 400
    assert field in response.get_json()["fields"]


@pytest.mark.parametrize(
    ("offer_id", "status"),
    [
        ("not-an-id", 400),
        ("VDAB-0123456789abcdef", 400),
        ("vdab-0123456789abcdeg", 400),
        ("vdab-0123456789abcdef", 404),
    ],
)
def test_offer_ids_are_checked(client, offer_id, status):
    response = client.get(f"/api/v1/offers/{offer_id}")
    assert response.status_code == status
    assert response.is_json and response.get_json()["error"]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=lassen",
        "q=Excel&page_size=5",
        "q=" + "z" * 200,
        "sources=cevora&sources=syntra",
        "delivery_modes=online_live",
        "schedules=evening",
        "languages=fr",
        "funding_schemes=opleidingscheques",
        "free=true",
        "price_min=50&price_max=400",
        "postcode=9000&radius_km=25",
        "postcode=9000&radius_km=25&sort=distance",
        "sort=start_date",
        "sort=price",
        "upcoming_only=true",
        "page=2&page_size=10",
        "page=2.0&page_size=10.0",  # JSON Schema integers: 2.0 is the integer 2
        "page=50&page_size=20",
        "facets=provider&facets=source",
        'q=title:x " * NEAR( OR',
    ],
)
def test_good_search_parameters_are_200(client, query):
    response = client.get(f"/api/v1/search?{query}")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["page_size"] >= len(body["results"])
    assert body["pages"] * body["page_size"] <= 1000 + body["page_size"]


def test_an_empty_radius_is_widened_and_says_so(client):
    body = client.get("/api/v1/search?postcode=3600&radius_km=5").get_json()
    assert body["total"] > 0
    assert "verruimd" in body["location_note"]
    assert all(r["distance_km"] is not None and r["distance_km"] > 5 for r in body["results"])
    page = client.get("/?postcode=3600&radius_km=5").get_data(as_text=True)
    assert 'class="note" role="status"' in page and "verruimd" in page


@pytest.mark.parametrize(
    ("query", "check"),
    [
        ("sources=cevora", lambda r: r["source"] == "cevora"),
        ("free=true", lambda r: r["price"]["free"]),
        ("delivery_modes=online_live", lambda r: "online_live" in r["delivery_modes"]),
        (
            "funding_schemes=kmo_portefeuille",
            lambda r: "kmo_portefeuille" in {f["scheme"] for f in r["funding"]},
        ),
        ("postcode=9000&radius_km=10", lambda r: r["distance_km"] <= 10),
    ],
)
def test_filters_filter(client, query, check):
    body = client.get(f"/api/v1/search?{query}&page_size=50").get_json()
    assert body["results"], body
    assert all(check(r) for r in body["results"])


def test_paging_walks_through_every_result_once(client):
    seen: list[str] = []
    first = client.get("/api/v1/search?page_size=7&sort=start_date").get_json()
    for page in range(1, first["pages"] + 1):
        body = client.get(f"/api/v1/search?page_size=7&sort=start_date&page={page}").get_json()
        seen += [r["id"] for r in body["results"]]
    assert len(seen) == len(set(seen)) == first["total"]
