"""The SME answers are computed once per committee, size, language and day, and again only
when the store or the index changes (``index.sme.AnswerCache`` through ``sme_response``);
through the real app, store and tantivy index."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask

from catalogue.model import Offer
from catalogue.store import open_store
from dedup import recompute_clusters
from index.course_runs import course_runs
from index.sme import full_scan_sme_view
from tests.factories import make_offer
from tests.web.conftest import build_index, make_settings
from web import create_app
from web.pages import SME_PAGES
from web.presenters import SME_CACHE


def course(sid: str, title: str, price: str, **kw: Any) -> Offer:
    start = (date.today() + timedelta(days=30)).isoformat()
    data: dict[str, Any] = {
        "source": "syntra-ab",
        "source_id": sid,
        "url": f"https://www.syntra-ab.example/{sid}",
        "identifiers": [],
        "title": title,
        "provider": {"name": "Syntra AB"},
        "prices": [{"amount": price, "unit": "total"}],
        "duration": {"hours": 8},
        "sessions": [{"start_date": start, "delivery_mode": "classroom"}],
        "funding": [{"scheme": "sector_fund", "joint_committees": ["124"]}],
        "fields_of_education": ["0732"],
    }
    data.update(kw)
    return make_offer(**data)


CATALOGUE = [
    course("m1", "Metselen", "500"),
    course("m2", "Tegelzetten", "300"),
    course("x1", "Excel", "200", funding=[], fields_of_education=["0611"]),
]


@pytest.fixture
def app(tmp_path) -> Iterator[Flask]:
    settings = make_settings(tmp_path)
    store = open_store(settings.store_url)
    store.upsert_offers(CATALOGUE)
    recompute_clusters(store)
    build_index(settings, list(course_runs(store, date.today())))
    store.close()
    app = create_app({"TESTING": True, "SETTINGS": settings})
    yield app
    app.extensions["leeraanbod"].close()


def costs(app: Flask, query: str = "joint_committee=124") -> dict[str, float]:
    body = app.test_client().get(f"/api/v1/sme?{query}").get_json()
    return {c["title"]: c["employer_cost"] for a in body["areas"] for c in a["courses"]}


def test_a_repeated_request_is_answered_from_the_cache(app: Flask) -> None:
    first = costs(app)
    assert first == {"Tegelzetten": 300 - 8 * 22, "Metselen": 500 - 8 * 22}
    cache = app.extensions[SME_CACHE]
    assert cache.stats() == {"size": 1, "weight": 2, "hits": 0, "misses": 1}
    assert costs(app) == first
    assert cache.stats()["hits"] == 1 and cache.stats()["misses"] == 1
    costs(app, "joint_committee=124&company_size=small")  # another key
    assert cache.stats()["misses"] == 2
    client = app.test_client()
    page = client.get("/kmo?joint_committee=124")  # the page shares the answers
    assert page.status_code == 200 and "Tegelzetten" in page.get_data(as_text=True)
    assert cache.stats()["misses"] == 2


def test_a_store_change_is_seen_at_once(app: Flask) -> None:
    costs(app)
    store = app.extensions["leeraanbod"].store
    store.upsert_offers([course("m2", "Tegelzetten", "450")])  # a crawl changed the price
    assert costs(app)["Tegelzetten"] == 450 - 8 * 22
    store.mark_gone(CATALOGUE[0].id or "", 410)
    assert "Metselen" not in costs(app)
    assert app.extensions[SME_CACHE].stats()["misses"] == 3


def test_an_index_change_is_seen_at_once(app: Flask) -> None:
    services = app.extensions["leeraanbod"]
    assert "Voegen" not in costs(app)
    extra = course("v1", "Voegen", "100")
    # the store first (the crawl), then the index (the update after it)
    services.store.upsert_offers([extra])
    assert "Voegen" not in costs(app)  # not indexed yet: as in search
    services.index.bulk_index([extra])
    assert costs(app)["Voegen"] == 100 - 8 * 22


def test_the_answer_is_the_full_scans(app: Flask) -> None:
    services = app.extensions["leeraanbod"]
    body = app.test_client().get("/api/v1/sme?joint_committee=124").get_json()
    full = full_scan_sme_view(services.store, "124", date.today())
    assert [(a["area"], [c["offer_id"] for c in a["courses"]]) for a in body["areas"]] == [
        (g.area, [o.offer_id for o in g.offers]) for g in full
    ]


def test_the_page_is_rendered_once_per_answer(app: Flask) -> None:
    client = app.test_client()
    first = client.get("/kmo?joint_committee=124").get_data(as_text=True)
    pages = app.extensions[SME_PAGES]
    assert len(pages) == 1 and pages.stats()["hits"] == 0
    assert client.get("/kmo?joint_committee=124").get_data(as_text=True) == first
    assert pages.stats()["hits"] == 1
    french = client.get("/kmo?joint_committee=124&lang=fr").get_data(as_text=True)
    assert french != first and len(pages) == 2
    app.extensions["leeraanbod"].store.upsert_offers([course("m2", "Tegelzetten", "450")])
    again = client.get("/kmo?joint_committee=124").get_data(as_text=True)
    assert again != first and "450" in again  # a new answer: rendered again
