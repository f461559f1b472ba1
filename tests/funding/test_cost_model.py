"""The cost model by hand, one case per status and offer kind, and the joint committees as
data (funding/data/joint_committees.yaml)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from funding import Access, OfferKind, Profile, estimate, free_for_everyone, load_rules
from funding.committees import check_committee, committee_label, committee_list, committees
from tests.funding.test_estimate import TODAY, offer

ROOT = Path(__file__).resolve().parents[2]
CEVORA = {"source": "cevora", "provider": {"name": "Cevora"}, "prices": [{"amount": "0"}]}


def test_an_employee_of_another_committee_is_not_offered_cevoras_free_course() -> None:
    member = estimate(Profile(status="employee", joint_committee="200"), offer(**CEVORA), TODAY)
    assert member.offer_kind == OfferKind.FUND_COURSE and member.free
    assert [(a.rule_id, a.subsidy_eur) for a in member.applied] == [("cevora-pc200", 0)]
    other = estimate(Profile(status="employee", joint_committee="111"), offer(**CEVORA), TODAY)
    assert other.access == Access.NOT_OPEN and other.fund == "Cevora"
    assert other.my_cost is None and not other.free and other.applied == []
    assert not free_for_everyone(offer(**CEVORA), TODAY)


def test_a_funds_course_without_a_price_for_others_is_ask_the_provider() -> None:
    course = offer(source="alimento", provider={"name": "Alimento"}, prices=[])
    result = estimate(Profile(status="employer", joint_committee="200"), course, TODAY)
    assert result.access == Access.ASK_PROVIDER and result.my_cost is None
    member = estimate(Profile(status="employer", joint_committee="118"), course, TODAY)
    assert member.free and member.cost_to_employer == 0


def test_a_funds_course_costs_others_the_price_it_states_for_them() -> None:
    course = offer(
        source="volta",
        provider={"name": "Volta"},
        prices=[{"amount": "320", "unit": "per_day", "audience": "non_member"}],
        duration={"days": 2, "hours": 14},
    )
    result = estimate(Profile(status="employee", joint_committee="200"), course, TODAY)
    assert (result.access, result.price_eur, result.cost_to_person) == (
        Access.OPEN,
        Decimal("640.00"),
        Decimal("640.00"),
    )


def test_educams_list_price_for_a_worker_of_another_committee() -> None:
    course = offer(source="educam", provider={"name": "Educam"}, prices=[], duration={"days": 2})
    result = estimate(Profile(status="employee", joint_committee="200"), course, TODAY)
    assert result.price_eur == Decimal("500.00") and result.cost_to_person == Decimal("500.00")
    assert result.price_basis.startswith("lijstprijs van het fonds")


def test_the_forklift_course_counts_no_euro_twice() -> None:
    """The issue's case: € 350, Alimento pays € 20 an hour (7.6 h): 152 + 198 = 350."""
    course = offer(
        source="alimento",
        provider={"name": "Alimento"},
        prices=[{"amount": "350"}],
        duration={"days": 1},
        funding=[
            {
                "scheme": "sector_fund",
                "fund": "Alimento",
                "joint_committees": ["118", "220"],
                "amount": "20",
                "amount_unit": "per_hour",
            }
        ],
    )
    for status, person, employer in (
        ("employee", "198.00", "0.00"),
        ("employer", "0.00", "198.00"),
    ):
        result = estimate(Profile(status=status, joint_committee="118"), course, TODAY)
        assert result.cost_to_person == Decimal(person)
        assert result.cost_to_employer == Decimal(employer)
        assert result.schemes_total == Decimal("152.00")


def test_company_training_bills_the_employer_not_the_worker() -> None:
    course = offer(
        offer_type="in_company",
        provider={"name": "Syntra AB", "kmo_portefeuille_number": "DV.O101767"},
    )
    worker = estimate(
        Profile(status="employee", company_size="small", education_level="low"), course, TODAY
    )
    assert worker.offer_kind == OfferKind.COMPANY and worker.billed == "employer"
    assert worker.cost_to_person == 0 and worker.cost_to_employer == Decimal("700.00")
    assert [a.rule_id for a in worker.applied] == ["kmo-portefeuille-small"]
    assert not worker.free  # the employer still pays € 700


def test_a_premium_to_the_employer_never_lowers_the_workers_cost() -> None:
    course = offer(funding=[{"scheme": "sector_fund", "joint_committees": ["124"]}])
    worker = estimate(Profile(status="employee", joint_committee="124"), course, TODAY)
    assert worker.cost_to_person == Decimal("1000.00") and worker.my_cost == Decimal("1000.00")
    assert worker.premiums_to_employer == Decimal("440.00")
    employer = estimate(Profile(status="employer", joint_committee="124"), course, TODAY)
    assert employer.cost_to_employer == Decimal("1000.00") and not employer.free
    assert employer.my_cost == Decimal("560.00")  # its net cost after the premium


def test_next_steps_say_what_to_do_before_the_start_with_the_official_link() -> None:
    course = offer(
        identifiers=[{"scheme": "odb", "value": "ODB-0002141"}],
        sessions=[{"start_date": "2027-03-01"}],
        prices=[{"amount": "200"}],
    )
    result = estimate(Profile(status="employee", education_level="medium"), course, TODAY)
    steps = {s.rule_id: s for s in result.next_steps}
    assert steps["opleidingscheques"].text["nl"].startswith("Bestel je opleidingscheques")
    assert "01/03/2027" in steps["opleidingscheques"].text["nl"]
    assert steps["opleidingscheques"].url == "https://www.vlaanderen.be/opleidingscheques"
    assert "werkgever" in steps["vlaams-opleidingsverlof"].text["nl"]
    assert all(set(s.text) == {"nl", "fr", "en"} for s in steps.values())


# ---------------------------------------------------------------- joint committees as data
def test_the_committee_list_states_its_source_and_date() -> None:
    found = committee_list()
    assert found.source_url.startswith("https://werk.belgie.be/")
    assert found.read_on.year >= 2026
    assert len(committees()) >= 100
    numbers = list(committees())
    assert numbers == sorted(numbers, key=lambda n: tuple(map(int, n.split("."))))


def test_every_committee_a_rule_or_a_crawler_names_is_on_the_list() -> None:
    named = {pc for rule in load_rules() for pc in rule.profile.joint_committees}
    crawled = yaml.safe_load((ROOT / "crawlers" / "data" / "sector_funds.yaml").read_text())

    def walk(node: object) -> None:
        if isinstance(node, dict):
            named.update(node.get("joint_committees") or [])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(crawled)
    assert named and named <= set(committees())


def test_committees_are_named_with_their_fund() -> None:
    assert committee_label("200") == (
        "PC 200 – aanvullend paritair comité voor de bedienden, Cevora"
    )
    assert committee_label("200", "fr").startswith("CP 200 – commission paritaire auxiliaire")
    assert committee_label("149.01").startswith("PSC 149.01") and "Volta" in committee_label(
        "149.01"
    )


@pytest.mark.parametrize("number", ["999", "200.99", "000"])
def test_an_unknown_committee_is_refused_naming_it(number: str) -> None:
    with pytest.raises(ValueError, match=re.escape(repr(number))):
        check_committee(number)
    with pytest.raises(ValidationError, match="joint_committee"):
        Profile(status="employee", joint_committee=number)


def test_the_docs_state_the_cost_model_per_status_and_offer_kind() -> None:
    docs = (ROOT / "docs" / "funding.md").read_text("utf-8")
    table = docs[docs.index("| status | open offer | company training | a fund's own course |") :]
    for status in ("employee", "job seeker", "self-employed", "employer"):
        assert f"| **{status}**" in table


def test_the_committee_list_and_the_crawlers_fund_table_agree() -> None:
    """Two files name a committee's sector fund (the crawlers' fund table and the committee
    list the pages and the 400s use): every committee a fund serves is known and names it."""
    from crawlers.funds import sector_funds

    known = committees()
    for entry in sector_funds().values():
        for number in entry["joint_committees"]:
            assert number in known, f"{entry['name']}: PC {number} is not on the committee list"
            assert known[number].fund == entry["name"], number
