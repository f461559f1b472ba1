"""Paging the SME answer (``per_area``, ``area``, ``page``): each area says its ``total``;
the pages of an area together are the area; the /kmo page links through them."""

from __future__ import annotations

from bs4 import BeautifulSoup
from flask import Flask

from tests.web.test_sme_cache import app, course  # noqa: F401 - the app fixture

URL = "/api/v1/sme?joint_committee=124"


def get(app: Flask, query: str = "") -> dict:  # noqa: F811
    response = app.test_client().get(URL + query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_every_area_says_its_total_and_the_pages_make_it_up(app: Flask) -> None:  # noqa: F811
    app.extensions["leeraanbod"].store.upsert_offers(
        [course(f"p{i}", f"Bekisting {i}", str(100 + i)) for i in range(5)]
    )
    app.extensions["leeraanbod"].index.bulk_index(
        [course(f"p{i}", f"Bekisting {i}", str(100 + i)) for i in range(5)]
    )
    full = get(app, "&per_area=1000")
    assert full["per_area"] == 1000 and full["page"] == 1 and full["area"] is None
    [area] = full["areas"]
    assert area["area"] == "isced:07" and area["total"] == len(area["courses"]) == 7
    paged = []
    for page in (1, 2, 3, 4):
        body = get(app, f"&per_area=2&page={page}&area=isced:07")
        assert [a["total"] for a in body["areas"]] == [7]
        assert body["area"] == "isced:07" and body["page"] == page
        paged += body["areas"][0]["courses"]
    assert paged == area["courses"]  # in the same order: by the employer's cost
    assert get(app, "&per_area=2&page=9")["areas"][0]["courses"] == []
    assert get(app, "&area=isced:99")["areas"] == []
    assert get(app)["per_area"] == 100  # the default


def test_bad_paging_parameters_are_a_400_naming_them(app: Flask) -> None:  # noqa: F811
    client = app.test_client()
    for query, field in (
        ("&per_area=0", "per_area"),
        ("&per_area=1001", "per_area"),
        ("&page=0", "page"),
        ("&page=two", "page"),
        ("&area=", "area"),
    ):
        response = client.get(URL + query)
        assert response.status_code == 400, query
        assert field in response.get_json()["fields"], query


def test_the_paging_parameters_are_documented(app: Flask) -> None:  # noqa: F811
    spec = app.test_client().get("/api/v1/openapi.json").get_json()
    params = {p["name"]: p for p in spec["paths"]["/api/v1/sme"]["get"]["parameters"]}
    assert {"joint_committee", "company_size", "area", "per_area", "page"} == set(params)
    assert params["per_area"]["schema"]["maximum"] == 1000
    area = spec["components"]["schemas"]["SmeArea"]
    assert "total" in area["properties"] and "total" in area["required"]


def test_the_page_links_to_an_areas_other_courses(app: Flask) -> None:  # noqa: F811
    client = app.test_client()
    soup = BeautifulSoup(client.get("/kmo?joint_committee=124&per_area=1").data, "html.parser")
    rows = soup.select("section.area tbody tr")
    assert len(rows) == 1
    assert "(2)" in soup.select_one("nav.areas").get_text()  # the area's total
    link = soup.select_one("section.area nav.pages a")
    assert link.get_text(strip=True) == "Alle 2 opleidingen in dit domein"
    soup = BeautifulSoup(client.get(link["href"]).data, "html.parser")
    assert len(soup.select("section.area tbody tr")) == 1
    nxt = soup.select_one("section.area nav.pages a[rel=next]")
    assert "page=2" in nxt["href"] and "area=isced%3A07" in nxt["href"]
    soup = BeautifulSoup(client.get(nxt["href"]).data, "html.parser")
    assert soup.select_one("section.area nav.pages a[rel=prev]") is not None
    assert soup.select_one("section.area nav.pages a[rel=next]") is None
    titles = {r.select_one("th").get_text(strip=True) for r in soup.select("tbody tr")}
    assert titles == {"Metselen"}  # the dearer of the two, on the second page
    french = client.get("/kmo?joint_committee=124&per_area=1&lang=fr").get_data(as_text=True)
    assert "Les 2 formations de ce domaine" in french
