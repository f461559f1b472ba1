"""A crawl keeps the cross-source duplicate clusters current: the offline crawl of every source
(real spiders, pipelines and SQLite store on 127.0.0.1) must leave a course listed by its
provider (Syntra AB) and by the opleidingsdatabank (same ODB number) in one cluster."""

from __future__ import annotations

from catalogue.model import IdentifierScheme
from catalogue.store import open_store
from dedup import cluster_ids, cluster_view
from tests.crawlers.conftest import TODAY, Crawled

ODB_NUMBER = "ODB-0004512"  # "Boekhouder" at Syntra AB and in the opleidingsdatabank


def test_two_sources_listing_one_course_form_one_cluster(crawled: Crawled) -> None:
    listing = [
        offer
        for source in crawled.reports
        for offer in crawled.offers(source).values()
        if any(
            i.scheme == IdentifierScheme.ODB and i.value == ODB_NUMBER for i in offer.identifiers
        )
    ]
    assert {o.source for o in listing} >= {"syntra-ab", "odb"}, [o.source for o in listing]
    store = open_store(crawled.store_url)
    try:
        clusters = cluster_ids(store, [o.id or "" for o in listing])
        assert len(set(clusters.values())) == 1 and next(iter(clusters.values())).startswith("cl-")
        view = cluster_view(store, next(iter(clusters.values())), TODAY)
        assert view is not None
        assert {v.offer_id for v in view.available_via} == {o.id for o in listing}
        # linked by the strong key, not by look-alike titles
        assert any((v.linked_by or "").startswith("odb:") for v in view.available_via)
    finally:
        store.close()


def test_every_crawled_offer_is_clustered(crawled: Crawled) -> None:
    store = open_store(crawled.store_url)
    try:
        assert store.unclustered_offers() == []  # every run clustered what it wrote
    finally:
        store.close()
    for source, report in crawled.reports.items():
        assert "leeraanbod/dedup_error" not in report.stats, source
        assert report.stats.get("leeraanbod/clustered_offers", 0) >= report.items_valid, source
