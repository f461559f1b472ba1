from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from catalogue.model import error_fields
from funding import sme_view
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
