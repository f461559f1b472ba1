"""The cost model's invariants on every demo offer, walked through the API: the demo catalogue
is crawled from the shipped fixture sites (the offline crawl the crawler tests use), clustered
and indexed, then every offer is asked what it costs profiles of six joint committees in each
of the four statuses; the search's "free for me" and "my cost" are checked against the offers'
own estimates, and the sessions are checked to be told honestly."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from flask import Flask
from flask.testing import FlaskClient

from catalogue.store import OfferStatus, open_store
from core.settings import Settings
from crawlers.registry import all_sources
from crawlers.runner import crawl_offline
from dedup import recompute_clusters
from index.course_runs import course_runs
from tests.web.conftest import CLIENT_IP, build_index
from web import create_app

COMMITTEES = ["200", "111", "118", "124", "149.01", "302"]
STATUSES = ["employee", "job_seeker", "self_employed", "employer"]
PROFILES = [{"status": s, "joint_committee": pc} for s in STATUSES for pc in COMMITTEES]
CENT = Decimal("0.01")


@pytest.fixture(scope="module")
def demo_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    data_dir = tmp_path_factory.mktemp("demo-costs")
    settings = Settings(
        data_dir=data_dir,
        user_agent="LeeraanbodTest/1.0 (+https://example.org/bot)",
        web_rate_limit="100000/minute",
        web_engine_timeout=2.0,
    )
    reports = crawl_offline(all_sources(offline=True), app=settings, timeout=300)
    assert all(r.outcome == "good" for r in reports), [(r.source, r.message) for r in reports]
    store = open_store(settings.store_url)
    try:
        recompute_clusters(store)
        build_index(settings, list(course_runs(store, date.today())))
    finally:
        store.close()
    return settings


@pytest.fixture(scope="module")
def demo_app(demo_settings: Settings) -> Iterator[Flask]:
    app = create_app({"TESTING": True, "SETTINGS": demo_settings})
    yield app
    app.extensions["leeraanbod"].close()


@pytest.fixture
def demo(demo_app: Flask) -> FlaskClient:
    client = demo_app.test_client()
    client.environ_base.update({"REMOTE_ADDR": CLIENT_IP})
    return client


@pytest.fixture(scope="module")
def offer_ids(demo_settings: Settings) -> list[str]:
    store = open_store(demo_settings.store_url)
    try:
        return [s.offer.id for s in store.iter_offers(None, statuses=[OfferStatus.ACTIVE])]
    finally:
        store.close()


def _get(client: FlaskClient, path: str, **params: str) -> dict:
    response = client.get(f"{path}?{urlencode(params)}")
    assert response.status_code == 200, (path, params, response.get_json())
    return response.get_json()


def _eur(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(CENT)


def check_cost(cost: dict, where: str) -> None:
    """The invariants of one answer of the API's cost block."""
    person, employer = _eur(cost["cost_to_person"]), _eur(cost["cost_to_employer"])
    price = _eur(cost["price_eur"])
    if cost["access"] != "open":
        assert (person, employer, cost["my_cost"]) == (None, None, None), where
        assert not cost["free"] and not cost["schemes"], where
        assert cost["offer_kind"] == "fund_course" and cost["fund"], where
        return
    assert person is None or person >= 0, where
    assert employer is None or employer >= 0, where
    subsidies = [_eur(s["subsidy_eur"]) for s in cost["schemes"] if s["subsidy_eur"] is not None]
    assert all(s >= 0 for s in subsidies), where
    if price is not None:
        # the parts add up to the price, never more (no euro counted twice)
        assert person + employer + sum(subsidies, Decimal(0)) == price, (where, cost)
    billed = person if cost["billed"] == "person" else employer
    assert cost["free"] == (billed is not None and billed <= 0), where
    if billed == 0 and price != 0:
        assert cost["schemes"], (where, "€ 0 that no scheme pays")
    if cost["status"] != "employer" and cost["my_cost"] is not None:
        # premiums and wage compensation to the employer never lower the worker's cost
        assert _eur(cost["my_cost"]) == person, where
    for step in cost["next_steps"]:
        assert step["text"] and "{" not in step["text"] and step["url"].startswith("https://")


def test_every_demo_offer_adds_up_for_every_profile(demo, offer_ids) -> None:
    assert len(offer_ids) >= 40
    answers = 0
    for offer_id in offer_ids:
        for profile in PROFILES:
            detail = _get(demo, f"/api/v1/offers/{offer_id}", **profile)
            check_cost(detail["cost"], f"{offer_id} {profile}")
            answers += 1
    assert answers == len(offer_ids) * len(PROFILES)


def test_a_funds_course_is_not_free_for_another_committee(demo, offer_ids) -> None:
    cevora = [i for i in offer_ids if i.startswith("cevora-")]
    assert cevora
    for offer_id in cevora:
        other = _get(demo, f"/api/v1/offers/{offer_id}", status="employee", joint_committee="111")
        assert other["cost"]["my_cost"] != 0 and not other["cost"]["free"]
        assert other["cost"]["access"] in ("not_open", "ask_provider", "open")
        member = _get(demo, f"/api/v1/offers/{offer_id}", status="employee", joint_committee="200")
        assert member["cost"]["free"] and member["cost"]["my_cost"] == 0
        assert [s["fund"] for s in member["cost"]["schemes"]] == ["Cevora"]
        page = demo.get(f"/aanbod/{offer_id}?status=employee&joint_committee=111")
        html = page.get_data(as_text=True)
        assert "Niet open voor jou" in html and "Jouw kost" not in html
        assert "PC 111 – paritair comité voor de metaal-, machine- en elektrische bouw" in html


@pytest.mark.parametrize(
    "profile", PROFILES[::5], ids=lambda p: f"{p['status']}-{p['joint_committee']}"
)
def test_search_free_for_me_and_my_cost_agree_with_the_offers(demo, profile) -> None:
    answer = _get(demo, "/api/v1/search", page_size="50", sort="my_cost", **profile)
    found = answer["results"]
    assert found and answer["total"] == len(found)  # every course run on one page
    for result in found:
        costs = [
            _get(demo, f"/api/v1/offers/{v['offer_id']}", **profile)["cost"]
            for v in result["available_via"]
        ]
        assert result["free_for_me"] == any(c["free"] for c in costs), result["id"]
    flags = [r["free_for_me"] for r in found]
    assert flags == sorted(flags, reverse=True)  # free for me first
    only_free = _get(demo, "/api/v1/search", page_size="50", free_for_me="true", **profile)
    assert {r["id"] for r in only_free["results"]} == {r["id"] for r in found if r["free_for_me"]}


def test_the_financing_list_and_the_cost_box_name_the_same_schemes(demo, offer_ids) -> None:
    for offer_id in offer_ids:
        profile = {"status": "employee", "joint_committee": "200", "education_level": "medium"}
        cost = _get(demo, f"/api/v1/offers/{offer_id}", **profile)["cost"]
        html = demo.get(f"/aanbod/{offer_id}?{urlencode(profile)}").get_data(as_text=True)
        funding = html[html.index('id="h-funding"') : html.index('id="h-cost"')]
        box = html[html.index('id="h-cost"') :]
        for scheme in cost["schemes"]:
            assert scheme["label"] in funding and scheme["label"] in box, (offer_id, scheme)
        if not cost["schemes"] and cost["access"] == "open":
            assert "Geen tegemoetkoming gevonden" in funding
        for step in cost["next_steps"]:
            assert step["url"] in box


def test_sessions_are_told_honestly(demo, offer_ids) -> None:
    today = date.today()
    for offer_id in offer_ids:
        detail = _get(demo, f"/api/v1/offers/{offer_id}")
        starts = [
            date.fromisoformat(s["start_date"])
            for s in detail["sessions"]
            if s["start_date"] and s["state"] not in ("cancelled", "past", "running")
        ]
        if starts:
            assert detail["next_start"] == min(starts).isoformat()
        else:
            assert detail["next_start"] is None
        for session in detail["sessions"]:
            last = session["end_date"] or session["start_date"]
            if last and date.fromisoformat(last) < today and session["state"] != "cancelled":
                assert session["state"] == "past", (offer_id, session)
        html = demo.get(f"/aanbod/{offer_id}").get_data(as_text=True)
        if detail["next_start"] is None and not any(
            s["state"] in ("open", "planned", "full") for s in detail["sessions"]
        ):
            assert "Geen geplande data – vraag de aanbieder." in html
    # the API shows every offer, with or without a planned date; the pages only upcoming ones
    everything = _get(demo, "/api/v1/search", page_size="50")["results"]
    upcoming = _get(demo, "/api/v1/search", page_size="50", upcoming_only="true")["results"]
    assert len(upcoming) < len(everything)
    for result in upcoming:
        start = (result["next_session"] or {}).get("start_date")
        assert result["next_session"] and (start is None or start >= today.isoformat())
    page = demo.get("/").get_data(as_text=True)
    assert page.count('class="hit"') == min(len(upcoming), 20)


def test_an_unknown_joint_committee_is_refused_naming_it(demo, offer_ids) -> None:
    response = demo.get(f"/api/v1/offers/{offer_ids[0]}?status=employee&joint_committee=999")
    assert response.status_code == 400
    assert "999" in response.get_json()["fields"]["joint_committee"][0]
    response = demo.get("/api/v1/sme?joint_committee=999")
    assert response.status_code == 400 and "joint_committee" in response.get_json()["fields"]
    page = demo.get("/?status=employee&joint_committee=999")
    assert page.status_code == 400 and "999" in page.get_data(as_text=True)
