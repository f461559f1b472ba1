"""Search with a funding profile ("free for me", sort by my cost), one result per course run,
and the SME view — through the real app, store and index. Expected answers come from the
funding engine's full estimate (``funding.is_free_for``) of every listing of a run."""

from __future__ import annotations

from datetime import date

import pytest

from funding import Profile, offer_rule_ids
from tests.web.conftest import PC200, free_for


def results(client, query: str) -> list[dict]:
    response = client.get(f"/api/v1/search?page_size=50&{query}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()["results"]


@pytest.mark.parametrize(
    ("query", "profile"),
    [
        (PC200, Profile(status="employee", joint_committee="200")),
        ("status=job_seeker", Profile(status="job_seeker")),
        ("status=employee&joint_committee=124", Profile(status="employee", joint_committee="124")),
    ],
)
def test_free_for_me_is_what_the_estimate_calls_free(client, runs, query, profile) -> None:
    found = results(client, f"{query}&free_for_me=true")
    expected = {r.representative.id for r in runs if free_for(profile, r)}
    assert expected and {r["id"] for r in found} == expected
    assert all(r["free_for_me"] is True for r in found)


def test_a_profile_no_rule_favours_still_gets_an_answer_per_result(client) -> None:
    found = results(client, "status=employee&joint_committee=111&education_level=high")
    assert found and all(r["free_for_me"] is r["price"]["free"] for r in found)
    assert any(r["free_for_me"] for r in found) and not all(r["free_for_me"] for r in found)


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("free_for_me=true", {"free_for_me"}),
        ("sort=my_cost", {"sort"}),
        ("free_for_me=true&sort=my_cost&joint_committee=200", {"status"}),
    ],
)
def test_free_for_me_and_my_cost_need_a_profile(client, query, named) -> None:
    response = client.get(f"/api/v1/search?{query}")
    assert response.status_code == 400
    assert set(response.get_json()["fields"]) == named
    page = client.get(f"/?{query}")
    assert page.status_code == 400


def test_sort_by_my_cost_puts_free_for_me_first_then_price(client, runs) -> None:
    profile = Profile(status="employee", joint_committee="200")
    found = results(client, f"{PC200}&sort=my_cost")
    assert len(found) == len(runs)
    flags = [r["free_for_me"] for r in found]
    assert flags == sorted(flags, reverse=True) and True in flags and False in flags
    by_id = {r.representative.id: r for r in runs}
    assert flags == [free_for(profile, by_id[r["id"]]) for r in found]
    for part in (True, False):
        prices = [r["price"]["amount_min"] for r in found if r["free_for_me"] is part]
        known = [p for p in prices if p is not None]
        assert known == sorted(known)


def test_results_are_course_runs_with_every_listing(client, runs) -> None:
    found = results(client, "")
    assert len(found) == len(runs) < sum(len(r.offers) for r in runs)
    merged = [r for r in found if r["listing_count"] > 1]
    assert merged
    for result in merged:
        run = next(r for r in runs if r.representative.id == result["id"])
        assert result["sources"] == sorted({o.source for o in run.offers})
        assert [v["offer_id"] for v in result["available_via"]] == [o.id for o in run.offers]
    assert all(r["free_for_me"] is None for r in found)  # no profile, nothing asked


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=alien&free_for_me=true", "status"),
        ("status=employee&joint_committee=12", "joint_committee"),
        ("joint_committee=200&free_for_me=true", "status"),  # a profile needs its status
        ("status=employer&company_size=huge", "company_size"),
        ("status=employee&staff_count=-1", "staff_count"),
        ("free_for_me=perhaps", "free_for_me"),
        ("sort=cheapest_for_me", "sort"),
        ("free_for_rules=cevora-pc200", "free_for_rules"),  # rules come from the profile
    ],
)
def test_invalid_profile_is_a_400_naming_the_field(client, query, field) -> None:
    response = client.get(f"/api/v1/search?{query}")
    assert response.status_code == 400
    assert field in response.get_json()["fields"]


def test_search_page_takes_the_profile_too(client) -> None:
    response = client.get(f"/?{PC200}&free_for_me=true")
    assert response.status_code == 200
    assert client.get("/?status=alien&free_for_me=true").status_code == 400


# ------------------------------------------------------------------ SME view
def test_sme_view_lists_what_the_fund_pays_once_per_run(client, catalogue) -> None:
    response = client.get("/api/v1/sme?joint_committee=200&company_size=small")
    assert response.status_code == 200
    body = response.get_json()
    assert body["joint_committee"] == "200" and body["company_size"] == "small"
    courses = [c for area in body["areas"] for c in area["courses"]]
    funded = [
        s.offer.id
        for s in catalogue.iter_offers()
        if "cevora-pc200" in offer_rule_ids(s.offer, date.today())
    ]
    listed = [c["offer_id"] for c in courses] + [o for c in courses for o in c["also_via"]]
    assert sorted(listed) == sorted(funded)  # each funded listing once, as a course or an alias
    assert all("sector_fund" in c["schemes"] and c["employer_cost"] == 0 for c in courses)
    areas = [area["area"] for area in body["areas"]]
    assert len(areas) == len(set(areas)) >= 2


def test_sme_view_of_a_committee_nobody_funds_is_empty(client) -> None:
    body = client.get("/api/v1/sme?joint_committee=329.01").get_json()
    assert body["areas"] == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("", "joint_committee"),
        ("joint_committee=2000", "joint_committee"),
        ("joint_committee=200&company_size=huge", "company_size"),
        ("joint_committee=200&status=employee", "status"),  # not a parameter here
    ],
)
def test_sme_view_rejects_bad_parameters(client, query, field) -> None:
    response = client.get(f"/api/v1/sme?{query}")
    assert response.status_code == 400
    assert field in response.get_json()["fields"]
