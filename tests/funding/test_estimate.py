"""Realistic cases with the amounts worked out by hand from the packaged rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from funding import Profile, estimate, is_free_for
from tests.factories import make_offer

TODAY = date(2026, 11, 27)
ODB = [{"scheme": "odb", "value": "ODB-0002141"}]


def offer(**overrides):
    data = {
        "source": "syntra-ab",
        "source_id": "excel-1",
        "url": "https://www.syntra-ab.be/opleidingen/excel",
        "identifiers": [],
        "title": "Excel voor gevorderden",
        "provider": {"name": "Syntra AB"},
        "prices": [{"amount": "1000", "unit": "total"}],
        "duration": {"hours": 20},
        "sessions": [{"start_date": "2027-01-11", "end_date": "2027-02-15"}],
    }
    data.update(overrides)
    return make_offer(**data)


def test_cevora_course_is_free_for_a_pc200_employee_and_the_employer() -> None:
    course = offer(source="cevora", provider={"name": "Cevora"}, prices=[{"amount": "450"}])
    result = estimate(Profile(status="employee", joint_committee="200"), course, TODAY)
    assert result.price_eur == Decimal("450.00")
    assert result.cost_to_person == 0 and result.cost_to_employer == 0
    assert [a.rule_id for a in result.applied] == ["cevora-pc200"]
    assert result.explanations("nl") == [
        "Gratis via Cevora voor werknemers en werkgevers uit PC 200."
    ]
    assert "CP 200" in result.explanations("fr")[0]
    assert is_free_for(Profile(status="employee", joint_committee="200"), course, TODAY)


def test_cevora_course_is_not_free_for_another_joint_committee() -> None:
    course = offer(source="cevora", provider={"name": "Cevora"}, prices=[{"amount": "450"}])
    profile = Profile(status="employee", joint_committee="124", education_level="high")
    assert estimate(profile, course, TODAY).cost_to_person == Decimal("450.00")
    assert not is_free_for(profile, course, TODAY)


def test_opleidingscheques_pay_half_up_to_the_yearly_cap() -> None:
    profile = Profile(status="employee", education_level="medium")
    cheap = estimate(profile, offer(identifiers=ODB, prices=[{"amount": "200"}]), TODAY)
    dear = estimate(profile, offer(identifiers=ODB), TODAY)
    assert cheap.cost_to_person == Decimal("100.00")
    assert dear.cost_to_person == Decimal("875.00")  # 1000 - cap 125
    assert "€ 125,00" in dear.explanations()[0]


def test_opleidingscheques_need_a_recognised_course_and_a_low_or_medium_diploma() -> None:
    assert (
        estimate(
            Profile(status="employee", education_level="medium"), offer(), TODAY
        ).cost_to_person
        == 1000
    )
    graduate = Profile(status="employee", education_level="high")
    assert estimate(graduate, offer(identifiers=ODB), TODAY).cost_to_person == 1000


@pytest.mark.parametrize(
    ("staff", "employer_cost"), [(12, "700.00"), (49, "700.00"), (50, "800.00"), (250, "1000")]
)
def test_kmo_portefeuille_by_company_size(staff: int, employer_cost: str) -> None:
    course = offer(provider={"name": "Syntra AB", "kmo_portefeuille_number": "DV.O101767"})
    result = estimate(Profile(status="employer", staff_count=staff), course, TODAY)
    assert result.cost_to_employer == Decimal(employer_cost)
    assert result.cost_to_person == 0  # the employer is billed: the worker pays nothing


def test_kmo_portefeuille_needs_a_registered_provider() -> None:
    result = estimate(Profile(status="employer", staff_count=12), offer(), TODAY)
    assert result.cost_to_employer == Decimal("1000.00") and result.applied == []


def test_a_self_employed_person_gets_the_kmo_portefeuille_on_their_own_cost() -> None:
    course = offer(provider={"name": "Syntra AB", "kmo_portefeuille_number": "DV.O101767"})
    result = estimate(Profile(status="self_employed", company_size="small"), course, TODAY)
    assert result.cost_to_person == Decimal("700.00") and result.cost_to_employer == 0


def test_vdab_course_is_free_for_a_job_seeker_only() -> None:
    course = offer(
        source="vdab",
        identifiers=[{"scheme": "vdab", "value": "750417"}],
        provider={"name": "VDAB"},
        prices=[],
    )
    assert is_free_for(Profile(status="job_seeker"), course, TODAY)
    result = estimate(Profile(status="employee", education_level="high"), course, TODAY)
    assert result.cost_to_person is None and result.price_basis == "prijs onbekend"
    assert not is_free_for(Profile(status="employee"), course, TODAY)


def test_educam_list_price_per_day_is_used_when_the_offer_states_no_price() -> None:
    course = offer(source="educam", provider={"name": "Educam"}, prices=[], duration={"days": 2})
    covered = estimate(Profile(status="employee", joint_committee="112"), course, TODAY)
    other = estimate(Profile(status="employee", joint_committee="200"), course, TODAY)
    assert covered.price_eur == other.price_eur == Decimal("500.00")
    assert other.price_basis == "lijstprijs van het fonds: € 250,00 per dag × 2 dagen"
    assert other.price_basis_i18n["fr"] == "prix catalogue du fonds: € 250,00 par jour × 2 jours"
    assert other.price_basis_i18n["en"] == "the fund's list price: € 250,00 per day × 2 days"
    assert covered.cost_to_person == 0 and other.cost_to_person == Decimal("500.00")


def test_constructiv_premium_per_hour_lowers_the_employer_cost() -> None:
    course = offer(
        funding=[{"scheme": "sector_fund", "joint_committees": ["124"]}],  # an outside provider
        duration={"hours": 16},
        prices=[{"amount": "600"}],
    )
    result = estimate(Profile(status="employer", joint_committee="124"), course, TODAY)
    assert result.premiums_to_employer == Decimal("352.00")  # 16 h × € 22
    assert result.net_cost_to_employer == Decimal("248.00")
    assert result.my_cost == Decimal("248.00")
    assert [a.rule_id for a in result.applied] == ["constructiv-hourly-premium"]


def test_constructivs_own_course_is_free_and_earns_the_premium_too() -> None:
    course = offer(source="constructiv", provider={"name": "Constructiv"}, duration={"hours": 8})
    result = estimate(Profile(status="employer", joint_committee="124"), course, TODAY)
    assert result.cost_to_employer == 0
    assert result.net_cost_to_employer == Decimal("-176.00")  # the training pays the employer


def test_price_per_day_times_duration_is_the_basis() -> None:
    course = offer(prices=[{"amount": "300", "unit": "per_day"}], duration={"days": 3})
    result = estimate(Profile(status="job_seeker"), course, TODAY)
    assert result.price_eur == Decimal("900.00")
    assert result.price_basis == "€ 300,00 per dag × 3 dagen"
    unknown = estimate(
        Profile(status="job_seeker"),
        offer(duration=None, prices=[{"amount": "300", "unit": "per_day"}]),
        TODAY,
    )
    assert unknown.price_eur is None
    assert unknown.price_basis_i18n == {
        "nl": "€ 300,00 per dag, duur onbekend",
        "fr": "€ 300,00 par jour, durée inconnue",
        "en": "€ 300,00 per day, duration unknown",
    }


def test_the_next_sessions_own_price_wins_and_the_public_price_before_members() -> None:
    course = offer(
        prices=[
            {"amount": "800", "audience": "member"},
            {"amount": "950", "audience": "non_member"},
        ],
        sessions=[
            {"start_date": "2026-01-12", "prices": [{"amount": "10"}]},  # past
            {"start_date": "2027-03-01", "prices": [{"amount": "990"}]},
        ],
    )
    assert estimate(Profile(status="job_seeker"), course, TODAY).price_eur == Decimal("990.00")
    course = offer(
        prices=[
            {"amount": "800", "audience": "member"},
            {"amount": "950", "audience": "non_member"},
        ]
    )
    assert estimate(Profile(status="job_seeker"), course, TODAY).price_eur == Decimal("950.00")


def test_vlaams_opleidingsverlof_gives_hours_up_to_the_maximum() -> None:
    long_course = offer(identifiers=ODB, duration={"hours": 200})
    result = estimate(Profile(status="employee", education_level="high"), long_course, TODAY)
    assert result.paid_leave_hours == 125
    assert {a.rule_id for a in result.applied} == {
        "vlaams-opleidingsverlof",
        "vlaams-opleidingskrediet",
    }
    public = Profile(status="employee", education_level="high", private_sector=False)
    assert estimate(public, long_course, TODAY).paid_leave_hours is None


def test_a_source_stated_funding_option_without_a_rule_is_passed_on_when_it_fits() -> None:
    course = offer(
        funding=[
            {
                "scheme": "other",
                "fund": "Provincie",
                "worker_statuses": ["job_seeker"],
                "percentage": 50,
            },
            {"scheme": "other", "fund": "Stad Gent", "worker_statuses": ["employee"]},
        ]
    )
    result = estimate(Profile(status="job_seeker"), course, TODAY)
    assert [o.fund for o in result.declared] == ["Provincie"]
    assert result.cost_to_person == Decimal("1000.00")  # not applied: no rule backs it


def test_the_estimate_is_deterministic() -> None:
    course = offer(identifiers=ODB, provider={"name": "X", "kmo_portefeuille_number": "DV.O101767"})
    profile = Profile(
        status="employee", joint_committee="200", education_level="low", staff_count=20
    )
    assert estimate(profile, course, TODAY) == estimate(profile, course, TODAY)


def test_rules_that_need_more_about_the_profile_are_named() -> None:
    result = estimate(Profile(status="employee"), offer(identifiers=ODB), TODAY)
    assert [(m.rule_id, m.missing) for m in result.maybe] == [
        ("opleidingscheques", ["education_level"])
    ]
    told = estimate(
        Profile(status="employee", education_level="high"), offer(identifiers=ODB), TODAY
    )
    assert told.maybe == []
    cevora = offer(source="cevora", provider={"name": "Cevora"})
    employer = estimate(Profile(status="employer"), cevora, TODAY)
    assert [(m.rule_id, m.missing) for m in employer.maybe] == [
        ("cevora-pc200", ["joint_committee"])
    ]


def test_a_free_course_still_names_the_scheme_that_makes_it_free() -> None:
    course = offer(source="cevora", provider={"name": "Cevora"}, prices=[{"amount": "0"}])
    result = estimate(Profile(status="employee", joint_committee="200"), course, TODAY)
    assert result.schemes == ["sector_fund"] and result.free
    data = result.model_dump(mode="json")
    assert data["free"] is True and data["my_cost"] == "0.00" and data["schemes"] == ["sector_fund"]


def test_a_declared_share_equal_to_the_rule_keeps_the_rules_own_line() -> None:
    crawled = offer(
        source="cevora",
        provider={"name": "Cevora"},
        funding=[
            {
                "scheme": "sector_fund",
                "fund": "Cevora",
                "joint_committees": ["200"],
                "worker_statuses": ["employee", "job_seeker"],
                "percentage": 100,
            }
        ],
    )
    result = estimate(Profile(status="employee", joint_committee="200"), crawled, TODAY)
    assert result.explanations() == ["Gratis via Cevora voor werknemers en werkgevers uit PC 200."]
    assert result.declared == []


def test_facets_for_a_free_for_me_filter() -> None:
    from funding import free_rule_ids, offer_rule_ids

    course = offer(source="cevora", provider={"name": "Cevora"}, identifiers=ODB)
    assert offer_rule_ids(course, TODAY) == [
        "cevora-job-seekers",
        "cevora-pc200",
        "full:cevora-job-seekers",
        "full:cevora-pc200",
        "opleidingscheques",
        "vlaams-opleidingskrediet",
        "vlaams-opleidingsverlof",
    ]
    assert free_rule_ids(Profile(status="employee", joint_committee="200"), TODAY) == [
        "full:cevora-pc200"
    ]
    assert free_rule_ids(Profile(status="job_seeker"), TODAY) == [
        "full:cevora-job-seekers",
        "full:vdab-job-seekers",
    ]
    # partial schemes never make an offer free
    assert free_rule_ids(Profile(status="employer", company_size="small"), TODAY) == []


def test_the_cheapest_way_to_take_one_course_run_comes_first() -> None:
    from funding import rank_listings

    provider = offer(source="syntra-ab", source_id="x", prices=[{"amount": "450"}])
    fund = offer(
        source="cevora", source_id="c", provider={"name": "Cevora"}, prices=[{"amount": "450"}]
    )
    unknown = offer(source="vdab", source_id="v", prices=[])
    ranked = rank_listings(
        Profile(status="employee", joint_committee="200"), [unknown, provider, fund], TODAY
    )
    assert [(o.source, e.my_cost) for o, e in ranked] == [
        ("cevora", Decimal("0.00")),
        ("syntra-ab", Decimal("450.00")),
        ("vdab", None),
    ]


@pytest.mark.parametrize(
    ("duration", "employer_cost"),
    [({"hours": 8}, Decimal("204.00")), (None, Decimal("300.00"))],  # no hours: share unknown
)
def test_a_fund_amount_per_hour_counts_the_courses_hours(duration, employer_cost) -> None:
    # "€ 12 per opleidingsuur" (crawlers.spiders.mixins): 8 hours is € 96 off the price, not € 12
    crawled = offer(
        source="syntra",
        provider={"name": "Syntra"},
        prices=[{"amount": "300"}],
        duration=duration,
        funding=[
            {
                "scheme": "sector_fund",
                "fund": "Cevora",
                "joint_committees": ["200"],
                "amount": "12",
                "amount_unit": "per_hour",
            }
        ],
    )
    result = estimate(Profile(status="employer", joint_committee="200"), crawled, TODAY)
    assert result.net_cost_to_employer == employer_cost
    if duration:
        assert result.explanations() == [
            "Cevora betaalt volgens de aanbieder € 12,00 per uur van de prijs, hier € 96,00."
        ]
