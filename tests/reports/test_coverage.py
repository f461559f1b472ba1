from __future__ import annotations

import pytest

from catalogue.model import Province
from reports.coverage import coverage
from reports.filters import OfferFilter
from tests.reports.catalogue import LASSER, TODAY, VOCABULARY


def _offers(catalogue):
    return [s.offer for s in catalogue.store.iter_offers()]


def _rows(report, table, *columns):
    return [tuple(row[c] for c in columns) for row in report.table(table).rows]


OV, WV, VB = "Oost-Vlaanderen", "West-Vlaanderen", "Vlaams-Brabant"


def test_summaries_count_offers_and_upcoming_sessions(catalogue) -> None:
    report = coverage(_offers(catalogue), TODAY, VOCABULARY)
    cols = ("offers", "upcoming_sessions")
    assert _rows(report, "by_province", "province", *cols) == [
        ("Antwerpen", 1, 1),
        ("Limburg", 1, 1),  # Hasselt: postcode 3500 only, province from Statbel's tables
        (OV, 2, 2),  # O1 (one upcoming, one past session) and O4
        (VB, 1, 0),  # O3's only Leuven session is cancelled
        (WV, 1, 0),  # O5 ran in the spring
        (None, 2, 1),  # O3 online (upcoming) and O6 without sessions
    ]
    assert _rows(report, "by_delivery_mode", "delivery_mode", *cols) == [
        ("blended", 1, 0),
        ("classroom", 4, 4),
        ("online_live", 1, 1),
        (None, 1, 0),
    ]
    assert _rows(report, "by_fund", "fund", *cols) == [
        ("Cevora", 2, 2),  # O3 online, O4 in Gent
        ("Constructiv", 1, 2),  # O2 in Antwerpen and Hasselt
        (None, 3, 1),  # O1 (VDAB, upcoming in Gent), O5 (KMO-portefeuille), O6
    ]
    assert _rows(report, "by_funding_scheme", "funding_scheme", *cols) == [
        ("kmo_portefeuille", 1, 0),
        ("none", 1, 0),
        ("opleidingscheques", 1, 1),
        ("sector_fund", 3, 4),
        ("vdab", 1, 1),
    ]
    assert _rows(report, "by_field_of_education", "field_of_education", "label", *cols) == [
        ("0231", None, 1, 1),
        ("0411", None, 3, 1),
        ("0715", "mechanica en metaalbewerking", 2, 3),
    ]
    assert _rows(report, "by_competence_group", "competence_group", *cols) == [
        ("group:financieel", 3, 1),
        ("group:lassen", 2, 3),
        ("group:technisch-tekenen", 1, 1),
        (None, 1, 1),  # O4's Dutch skill has no group
    ]
    assert _rows(report, "by_occupation", "occupation", "label", *cols) == [
        (LASSER, "lasser", 2, 3),
        (None, None, 4, 2),
    ]


def test_cells_cross_subject_place_mode_and_funding(catalogue) -> None:
    report = coverage(_offers(catalogue), TODAY, VOCABULARY)
    cells = [r for r in report.table("cells").rows if r["axis"] == "field_of_education"]
    got = [
        (
            r["subject"],
            r["province"],
            r["municipality"],
            r["delivery_mode"],
            r["funding_scheme"],
            r["offers"],
            r["upcoming_sessions"],
        )
        for r in cells
    ]
    assert got == [
        ("0231", OV, None, "classroom", "sector_fund", 1, 1),
        ("0411", VB, None, "classroom", "opleidingscheques", 1, 0),
        ("0411", VB, None, "classroom", "sector_fund", 1, 0),
        ("0411", WV, None, "blended", "kmo_portefeuille", 1, 0),
        ("0411", None, None, "online_live", "opleidingscheques", 1, 1),
        ("0411", None, None, "online_live", "sector_fund", 1, 1),
        ("0411", None, None, None, "none", 1, 0),
        ("0715", "Antwerpen", None, "classroom", "sector_fund", 1, 1),
        ("0715", "Limburg", None, "classroom", "sector_fund", 1, 1),
        ("0715", OV, None, "classroom", "vdab", 1, 1),
    ]
    # every axis sees the same six offers
    for axis in ("field_of_education", "competence_group", "occupation"):
        rows = [r for r in report.table("cells").rows if r["axis"] == axis]
        assert sum(r["upcoming_sessions"] for r in rows if r["funding_scheme"] != "none") >= 5


def test_municipality_granularity_names_the_place(catalogue) -> None:
    report = coverage(_offers(catalogue), TODAY, VOCABULARY, granularity="municipality")
    places = {
        (r["province"], r["municipality"])
        for r in report.table("cells").rows
        if r["axis"] == "occupation" and r["subject"] == LASSER
    }
    assert places == {(OV, "Gent"), ("Antwerpen", "Antwerpen"), ("Limburg", "Hasselt")}


def test_province_filter_keeps_only_sessions_there(catalogue) -> None:
    report = coverage(_offers(catalogue), TODAY, VOCABULARY, OfferFilter(province=Province.LIMBURG))
    assert _rows(report, "by_province", "province", "offers", "upcoming_sessions") == [
        ("Limburg", 1, 1)
    ]
    assert report.parameters["province"] == "Limburg"


def test_fund_filter_matches_the_fund_name_in_any_case(catalogue) -> None:
    report = coverage(_offers(catalogue), TODAY, VOCABULARY, OfferFilter.parse(fund="cevora"))
    assert _rows(report, "by_field_of_education", "field_of_education", "offers") == [
        ("0231", 1),
        ("0411", 1),
    ]


def test_unknown_granularity_and_province_are_clear_errors(catalogue) -> None:
    with pytest.raises(ValueError, match="granularity"):
        coverage([], TODAY, granularity="street")
    with pytest.raises(ValueError, match="Oost-Vlaanderen"):
        OfferFilter.parse(province="Gent")
