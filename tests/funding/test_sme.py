from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from catalogue.model import CompanySize, error_fields
from catalogue.synthetic import generate_offers
from funding import Profile, estimate, offer_rule_ids, sme_rule_ids, sme_view
from tests.factories import make_offer

TODAY = date(2026, 11, 27)


def course(source_id, title, *, source="cevora", provider="Cevora", fields=(), price="300", **kw):
    return make_offer(
        source=source,
        source_id=source_id,
        url=f"https://www.{source}.be/opleiding/{source_id}",
        identifiers=[],
        title=title,
        provider={"name": provider},
        fields_of_education=list(fields),
        prices=[{"amount": price}],
        **kw,
    )


OFFERS = [
    course("1", "Excel voor gevorderden", fields=["0611"]),
    course("2", "Power BI", fields=["0613"]),
    course("3", "Boekhouden voor niet-boekhouders", fields=["0411"]),
    course(
        "4",
        "Onderhandelen",
        competences=[{"concept_id": "esco:negotiate", "score": 0.9, "method": "label"}],
    ),
    course("5", "Metselen", source="constructiv", provider="Constructiv", fields=["0732"]),
    course(
        "6",
        "Python",
        source="syntra",
        provider="Syntra",
        fields=["0613"],
        price="800",
        funding=[{"scheme": "sector_fund", "joint_committees": ["200"], "percentage": 50}],
    ),
]


def test_sme_view_lists_the_funds_offers_by_area_with_the_employer_cost() -> None:
    groups = sme_view(OFFERS, "200", TODAY, concept_name={"esco:negotiate": "onderhandelen"}.get)
    assert [(g.area, g.name) for g in groups] == [
        ("isced:04", "Bedrijfskunde, administratie en recht"),
        ("isced:06", "Informatie- en communicatietechnologie"),
        ("concept:esco:negotiate", "onderhandelen"),
    ]
    ict = groups[1].offers
    assert [o.title for o in ict] == ["Excel voor gevorderden", "Power BI", "Python"]
    # the Syntra course states the fund pays 50 %: the source's figure wins over "free"
    assert [o.employer_cost for o in ict] == [0, 0, Decimal("400.00")]
    assert ict[2].explanations == [
        "Cevora betaalt volgens de aanbieder 50 % van de prijs, hier € 400,00."
    ]
    assert "Metselen" not in {o.title for g in groups for o in g.offers}


def test_sme_view_for_construction_holds_only_construction() -> None:
    groups = sme_view(OFFERS, "124", TODAY)
    assert [[o.title for o in g.offers] for g in groups] == [["Metselen"]]
    assert groups[0].name == "Techniek, industrie en bouw"


def test_sme_view_rejects_a_bad_joint_committee_by_name() -> None:
    with pytest.raises(ValidationError) as caught:
        sme_view(OFFERS, "2x0", TODAY)
    assert error_fields(caught.value) == ["joint_committee"]


def test_sme_view_shows_a_course_run_once_with_its_other_listings() -> None:
    cevora = course("1", "Excel voor gevorderden", fields=["0611"])
    provider = course(
        "9",
        "Excel gevorderden",
        source="syntra",
        provider="Syntra",
        fields=["0611"],
        funding=[{"scheme": "sector_fund", "joint_committees": ["200"], "percentage": 50}],
    )
    clusters = {cevora.id: "cl-1", provider.id: "cl-1"}
    [group] = sme_view([provider, cevora], "200", TODAY, clusters=clusters)
    assert [(o.offer_id, o.employer_cost, o.also_via) for o in group.offers] == [
        (cevora.id, 0, [provider.id])
    ]
    [group] = sme_view([provider, cevora], "200", TODAY)
    assert len(group.offers) == 2


# ------------------------------------------------------------------ the candidates' rule
SYNTHETIC = [*generate_offers(300, seed=5, today=TODAY), *OFFERS]


@pytest.mark.parametrize("committee", ["200", "124", "112", "149.01", "118", "111", "330"])
@pytest.mark.parametrize("size", [None, CompanySize.SMALL, CompanySize.LARGE])
def test_what_sme_view_lists_meets_an_sme_rule_or_names_the_committee(committee, size) -> None:
    """The premise of ``index.sme``: the index's ``funding_rules`` and ``joint_committees``
    are enough to find every offer the view lists."""
    rules = set(sme_rule_ids(committee, TODAY, size))
    listed = {o.offer_id for g in sme_view(SYNTHETIC, committee, TODAY, size) for o in g.offers}
    candidates = {
        o.id
        for o in SYNTHETIC
        if rules & set(offer_rule_ids(o, TODAY))
        or any(committee in f.joint_committees for f in o.funding)
    }
    assert listed <= candidates
    if committee != "330":
        assert listed


def test_sme_rule_ids_are_the_sector_funds_for_the_committees_employers() -> None:
    assert sme_rule_ids("124", TODAY) == ["constructiv-courses", "constructiv-hourly-premium"]
    assert sme_rule_ids("200", TODAY) == ["cevora-pc200"]  # not the job seekers' rule
    assert sme_rule_ids("330", TODAY) == []
    assert sme_rule_ids("200", date(2023, 12, 31)) == []  # before the rules were in force
    with pytest.raises(ValidationError) as exc:
        sme_rule_ids("20", TODAY)
    assert error_fields(exc.value) == ["joint_committee"]


def test_an_estimate_without_maybe_differs_only_in_maybe() -> None:
    profiles = [
        Profile(status="employer", joint_committee="200", company_size="small"),
        Profile(status="employee", joint_committee="124"),
        Profile(status="employee"),  # maybe: the rules that need the committee
    ]
    some_maybe = False
    for offer in SYNTHETIC[:120]:
        for profile in profiles:
            full = estimate(profile, offer, TODAY)
            lean = estimate(profile, offer, TODAY, with_maybe=False)
            assert lean.maybe == []
            assert lean.model_dump(exclude={"maybe"}) == full.model_dump(exclude={"maybe"})
            some_maybe = some_maybe or bool(full.maybe)
    assert some_maybe
