from __future__ import annotations

from reports.filters import OfferFilter
from reports.overlap import overlap


def _offers(catalogue):
    return [s.offer for s in catalogue.store.iter_offers()]


def test_pairs_and_exclusive_offers(catalogue) -> None:
    report = overlap(_offers(catalogue), catalogue.clusters)
    assert [
        (r["source_a"], r["source_b"], r["shared_clusters"], r["offers"])
        for r in report.table("pairs").rows
    ] == [("cevora", "syntra", 1, 3), ("cevora", "vdab", 1, 2)]
    sources = {r["source"]: r for r in report.table("sources").rows}
    assert {s: (r["offers"], r["clusters"], r["shared_clusters"]) for s, r in sources.items()} == {
        "cevora": (2, 2, 2),
        "syntra": (2, 1, 1),
        "vdab": (2, 2, 1),
    }
    assert sources["vdab"]["exclusive_offers"] == 1  # O2 only vdab lists
    assert sources["vdab"]["exclusive_share"] == 0.5
    assert sources["syntra"]["exclusive_offers"] == 0
    shared = report.table("shared_clusters").rows
    assert [(r["cluster"], r["sources"], r["offers"]) for r in shared] == [
        ("c1", "cevora;syntra", 3),
        ("c2", "cevora;vdab", 2),
    ]
    assert report.notes == []


def test_without_clusters_every_offer_is_exclusive(catalogue) -> None:
    report = overlap(_offers(catalogue))
    assert report.table("pairs").rows == []
    assert all(r["exclusive_share"] == 1.0 for r in report.table("sources").rows)
    assert report.notes


def test_province_filter(catalogue) -> None:
    report = overlap(
        _offers(catalogue), catalogue.clusters, OfferFilter.parse(province="oost-vlaanderen")
    )
    assert [(r["source_a"], r["source_b"]) for r in report.table("pairs").rows] == [
        ("cevora", "vdab")
    ]
