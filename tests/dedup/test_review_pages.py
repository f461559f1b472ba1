"""The review page under /rapporten/dubbels/ (Flask's test client; the browser test walks
the same page in Chromium)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from catalogue.store import open_store
from dedup import recompute_clusters
from tests.dedup.review_data import uncertain_offers
from tests.web.conftest import make_settings
from web import create_app


def review_catalogue(data_dir: Path) -> dict[str, str]:
    """A catalogue with two uncertain pairs; key -> offer id."""
    offers = uncertain_offers()
    store = open_store(make_settings(data_dir).store_url)
    store.upsert_offers(offers.values())
    recompute_clusters(store)
    store.close()
    return {k: o.id or "" for k, o in offers.items()}


@pytest.fixture
def ids(tmp_path: Path) -> dict[str, str]:
    return review_catalogue(tmp_path)


@pytest.fixture
def app(tmp_path: Path, ids) -> Iterator[Flask]:
    app = create_app({"SETTINGS": make_settings(tmp_path), "TESTING": True})
    yield app
    app.extensions["leeraanbod"].close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def test_the_page_lists_the_pairs_with_why(client: FlaskClient, ids) -> None:
    page = client.get("/rapporten/dubbels/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count('class="review-pair"') == 2
    assert f'data-a="{min(ids["vdab-tel"], ids["cev-mail"])}"' in html
    assert "zelfde start 13/02" in html
    assert "Bevestigen: dezelfde opleiding" in html
    french = client.get("/rapporten/dubbels/?lang=fr").get_data(as_text=True)
    assert "Vérifier les doublons" in french and "même début 13/02" in french
    english = client.get("/rapporten/dubbels/?lang=en").get_data(as_text=True)
    assert "Review duplicates" in english and "same start 13/02" in english
    dashboard = client.get("/rapporten/").get_data(as_text=True)
    assert 'id="review-link"' in dashboard


def test_a_decision_from_the_page_is_stored(client: FlaskClient, app: Flask, ids) -> None:
    form = {"a": ids["sl-barista"], "b": ids["hor-barista"], "decision": "confirmed"}
    origin = {"Origin": "http://localhost"}
    answer = client.post("/rapporten/dubbels/beslissing", data=form, headers=origin)
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith("/rapporten/dubbels/?done=confirmed")
    page = client.get("/rapporten/dubbels/?done=confirmed").get_data(as_text=True)
    assert "Koppeling bevestigd." in page
    assert page.count('class="review-pair"') == 1
    store = app.extensions["leeraanbod"].store
    assert store.review_counts() == {"pending": 1, "confirmed": 1, "refused": 0}
    clusters = store.get_clusters([ids["sl-barista"], ids["hor-barista"]])
    assert clusters[ids["sl-barista"]] == clusters[ids["hor-barista"]]


@pytest.mark.parametrize(
    "headers", [{}, {"Origin": "https://evil.example"}, {"Referer": "https://evil.example/x"}]
)
def test_a_decision_from_another_site_is_refused(client: FlaskClient, ids, headers) -> None:
    form = {"a": ids["sl-barista"], "b": ids["hor-barista"], "decision": "refused"}
    assert (
        client.post("/rapporten/dubbels/beslissing", data=form, headers=headers).status_code == 403
    )


def test_a_bad_decision_is_a_400(client: FlaskClient, ids) -> None:
    origin = {"Origin": "http://localhost"}
    for form in (
        {"a": ids["sl-barista"], "b": "nope", "decision": "confirmed"},
        {"a": ids["sl-barista"], "b": ids["hor-barista"], "decision": "maybe"},
    ):
        assert (
            client.post("/rapporten/dubbels/beslissing", data=form, headers=origin).status_code
            == 400
        )
