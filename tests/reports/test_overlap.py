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


def test_the_report_reads_the_stores_clusters(catalogue) -> None:
    from reports.registry import ReportRequest, run_report
    from tests.reports.catalogue import NOW

    catalogue.store.set_clusters({k: (v, "test") for k, v in catalogue.clusters.items()})
    from_store = run_report("overlap", catalogue.store, ReportRequest(now=NOW))
    given = overlap(_offers(catalogue), catalogue.clusters)
    for table in given.tables:
        assert from_store.table(table.name).rows == table.rows


def test_with_the_real_deduplication(store) -> None:
    """Two sources list the same ODB course: `recompute_clusters` links them, the report
    counts the pair; a third offer stays exclusive."""
    from catalogue.runs import RunStats
    from dedup import recompute_clusters
    from reports.registry import ReportRequest, run_report
    from tests.factories import make_offer

    def listing(source: str, source_id: str, **extra):
        data = {
            "source": source,
            "source_id": source_id,
            "url": f"https://www.{source}.be/opleiding/{source_id}",
            "identifiers": [{"scheme": "odb", "value": "ODB-0002141"}],
            "title": "Excel voor gevorderden",
            "provider": {"name": "Syntra AB"},
        }
        data.update(extra)
        return make_offer(**data)

    offers = [
        listing("opleidingsdatabank", "ODB-0002141"),
        listing("syntra_ab", "excel-2"),
        listing("syntra_ab", "lassen-1", identifiers=[], title="Lassen TIG"),
    ]
    for source in ("opleidingsdatabank", "syntra_ab"):
        run = store.start_run(source)
        batch = [o for o in offers if o.source == source]
        store.upsert_offers(batch, run)
        store.finish_run(run, RunStats(pages=1, items_seen=len(batch)))
    recompute_clusters(store)
    report = run_report("overlap", store, ReportRequest())
    assert [(r["source_a"], r["source_b"], r["shared_clusters"]) for r in report.table().rows] == [
        ("opleidingsdatabank", "syntra_ab", 1)
    ]
    syntra = next(r for r in report.table("sources").rows if r["source"] == "syntra_ab")
    assert (syntra["offers"], syntra["exclusive_offers"]) == (2, 1)
