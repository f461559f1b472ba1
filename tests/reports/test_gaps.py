from __future__ import annotations

from reports.filters import OfferFilter
from reports.gaps import gaps
from reports.shortage import ShortageEntry
from tests.reports.catalogue import BOEKHOUDER, LASSER, SAFETY, VOCABULARY


def _offers(catalogue):
    return [s.offer for s in catalogue.store.iter_offers()]


SHORTAGE = [ShortageEntry(LASSER, (LASSER,), 3.0), ShortageEntry("OP-5", (BOEKHOUDER,), 2.0)]
COLUMNS = (
    "region",
    "essential_skills",
    "skills_missing",
    "skills_thin",
    "skills_covered",
    "offers",
    "coverage_share",
    "gap_score",
)


def _by(report, occupation):
    return {
        r["region"]: tuple(r[c] for c in COLUMNS[1:])
        for r in report.table().rows
        if r["occupation"] == occupation
    }


def test_gaps_per_region(catalogue) -> None:
    report = gaps(_offers(catalogue), SHORTAGE, VOCABULARY, few=2)
    lasser = _by(report, LASSER)
    assert lasser["all"] == (4, 1, 3, 0, 2, 0.0, 3.0)  # each technique in one offer, safety in none
    assert lasser["Antwerpen"] == (4, 3, 1, 0, 1, 0.0, 3.0)
    assert lasser["Oost-Vlaanderen"] == (4, 2, 2, 0, 1, 0.0, 3.0)
    assert lasser["Brussel"] == (4, 4, 0, 0, 0, 0.0, 3.0)
    boekhouder = _by(report, BOEKHOUDER)
    assert boekhouder["all"] == (2, 0, 1, 1, 3, 0.5, 1.0)  # bookkeeping in 3 offers, VAT in 1
    assert boekhouder["online"] == (2, 1, 1, 0, 1, 0.0, 2.0)  # O3 online
    assert boekhouder["West-Vlaanderen"] == (2, 0, 2, 0, 1, 0.0, 2.0)
    assert boekhouder["Vlaams-Brabant"] == (2, 1, 1, 0, 1, 0.0, 2.0)
    regions = [
        "all",
        "Antwerpen",
        "Brussel",
        "Limburg",
        "Oost-Vlaanderen",
        "Vlaams-Brabant",
        "West-Vlaanderen",
        "online",
    ]
    assert list(lasser) == regions
    # highest gap first; the covered bookkeeping of "all" comes last
    scores = [r["gap_score"] for r in report.table().rows]
    assert scores == sorted(scores, reverse=True)
    last = report.table().rows[-1]
    assert (last["occupation"], last["region"], last["reference"]) == (BOEKHOUDER, "all", "OP-5")


def test_skill_detail(catalogue) -> None:
    report = gaps(_offers(catalogue), SHORTAGE, VOCABULARY, few=2)
    detail = {
        (r["occupation"], r["region"], r["skill"]): (r["offers"], r["status"])
        for r in report.table("skills").rows
    }
    assert detail[(LASSER, "all", SAFETY)] == (0, "missing")
    assert detail[(BOEKHOUDER, "all", "skill:boekhouden")] == (3, "covered")
    assert detail[(BOEKHOUDER, "all", "skill:btw")] == (1, "thin")
    assert len(detail) == (4 + 2) * 8


def test_few_changes_thin_into_covered(catalogue) -> None:
    report = gaps(_offers(catalogue), SHORTAGE, VOCABULARY, few=1)
    assert _by(report, LASSER)["all"] == (4, 1, 0, 3, 2, 0.75, 0.75)


def test_province_filter_gives_one_region(catalogue) -> None:
    report = gaps(_offers(catalogue), SHORTAGE, VOCABULARY, OfferFilter.parse(province="Limburg"))
    assert {r["region"] for r in report.table().rows} == {"Limburg"}
    assert _by(report, LASSER)["Limburg"][:2] == (4, 3)


def test_occupation_without_known_skills_is_noted_not_hidden(catalogue) -> None:
    unknown = "http://data.europa.eu/esco/occupation/45037d43-a8f5-4f46-b332-b2935bc305f4"
    report = gaps(_offers(catalogue), [ShortageEntry(unknown, (unknown,))], VOCABULARY)
    assert report.table().rows == []
    assert report.notes == [f"{unknown}: no essential skills known, left out"]
