from __future__ import annotations

from reports.access import access
from reports.filters import OfferFilter


def _offers(catalogue):
    return [s.offer for s in catalogue.store.iter_offers()]


def test_share_per_criterion(catalogue) -> None:
    report = access(_offers(catalogue))
    got = {r["criterion"]: (r["offers"], r["total"], r["share"]) for r in report.table().rows}
    assert got == {
        "free": (2, 6, 0.3333),  # O1, O4; O6 has no price at all: unknown is not free
        "evening_or_weekend": (3, 6, 0.5),  # O2 evening, O3 weekend, O5 evening
        "online": (1, 6, 0.1667),  # O3; O5 is blended, which does not count
        "nt2_support": (1, 6, 0.1667),  # O4
        "job_seekers": (2, 6, 0.3333),  # O1 by VDAB funding, O4 by target group
        "no_secondary_diploma": (2, 6, 0.3333),  # O1 stated, O4 level 2; O2 asks a bachelor
    }


def test_share_per_province(catalogue) -> None:
    report = access(_offers(catalogue))
    rows = {(r["province"], r["criterion"]): r for r in report.table("by_province").rows}
    ov = {c: rows[("Oost-Vlaanderen", c)]["share"] for c in ("free", "online", "nt2_support")}
    assert ov == {"free": 1.0, "online": 0.0, "nt2_support": 0.5}
    assert rows[("Brussel", "free")]["total"] == 0
    assert rows[("Brussel", "free")]["share"] is None


def test_fund_filter(catalogue) -> None:
    report = access(_offers(catalogue), OfferFilter.parse(fund="Cevora"))
    got = {r["criterion"]: r["offers"] for r in report.table().rows}
    assert report.table().rows[0]["total"] == 2
    assert got == {
        "free": 1,
        "evening_or_weekend": 1,
        "online": 1,
        "nt2_support": 1,
        "job_seekers": 1,
        "no_secondary_diploma": 1,
    }
