"""Properties of every estimate, on generated profiles and offers (hypothesis)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from catalogue.model import CompanySize, WorkerStatus
from funding import (
    EducationLevel,
    Profile,
    estimate,
    free_rule_ids,
    is_free_for,
    offer_rule_ids,
)
from tests.factories import make_offer

profiles = st.builds(
    Profile,
    status=st.sampled_from(WorkerStatus),
    joint_committee=st.sampled_from([None, "200", "124", "112", "149.01", "118", "207", "999"]),
    education_level=st.sampled_from([None, *EducationLevel]),
    company_size=st.sampled_from([None, *CompanySize]),
    private_sector=st.booleans(),
)


@st.composite
def offers(draw):
    source = draw(st.sampled_from(["cevora", "educam", "constructiv", "vdab", "syntra-ab"]))
    identifiers = []
    if draw(st.booleans()):
        identifiers.append({"scheme": "odb", "value": "ODB-0002141"})
    if draw(st.booleans()):
        identifiers.append({"scheme": "vdab", "value": "750417"})
    provider = {"name": draw(st.sampled_from(["Cevora", "Syntra AB", "Educam"]))}
    if draw(st.booleans()):
        provider["kmo_portefeuille_number"] = "DV.O101767"
    prices = []
    if draw(st.booleans()):
        amount = draw(st.decimals(min_value=0, max_value=5000, places=2))
        unit = draw(st.sampled_from(["total", "per_day", "per_hour"]))
        prices.append({"amount": str(amount), "unit": unit})
    funding = []
    if draw(st.booleans()):
        funding.append(
            {
                "scheme": "sector_fund",
                "joint_committees": [draw(st.sampled_from(["200", "124", "112"]))],
                "percentage": draw(st.none() | st.floats(min_value=0, max_value=100)),
            }
        )
    duration = draw(st.sampled_from([None, {"hours": 7}, {"days": 3}, {"hours": 300}]))
    return make_offer(
        source=source,
        source_id="p1",
        identifiers=identifiers,
        provider=provider,
        prices=prices,
        funding=funding,
        duration=duration,
    )


@settings(max_examples=300, deadline=None)
@given(profiles, offers(), st.dates(min_value=date(2018, 1, 1), max_value=date(2030, 12, 31)))
def test_costs_stay_between_zero_and_the_price(profile, offer, day) -> None:
    result = estimate(profile, offer, day)
    for cost in (result.cost_to_person, result.cost_to_employer):
        if cost is not None:
            assert cost >= 0
            if result.price_eur is not None:
                assert cost <= result.price_eur
    for applied in result.applied:
        assert applied.explanation["nl"] and "{" not in applied.explanation["nl"]
        if applied.subsidy_eur is not None and result.price_eur is not None:
            assert Decimal(0) <= applied.subsidy_eur <= result.price_eur
    assert result.premiums_to_employer >= 0
    assert estimate(profile, offer, day) == result
    assert is_free_for(profile, offer, day) == (result.my_cost is not None and result.my_cost <= 0)
    if profile.status == WorkerStatus.JOB_SEEKER:
        assert result.cost_to_employer is None
    if profile.status == WorkerStatus.EMPLOYER:
        assert result.cost_to_person is None


@settings(max_examples=300, deadline=None)
@given(profiles, offers())
def test_the_index_facets_agree_with_the_estimate(profile, offer) -> None:
    day = date(2026, 11, 27)
    shared = set(offer_rule_ids(offer, day)) & set(free_rule_ids(profile, day))
    result = estimate(profile, offer, day)
    declared_share = any(o.percentage is not None and o.percentage < 100 for o in offer.funding)
    if shared and not declared_share:
        assert result.free, (shared, result)
    if result.free and result.price_eur:
        assert shared, result
