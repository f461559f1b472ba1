"""What the index is built from: one :class:`~index.documents.CourseRun` per duplicate
cluster of the catalogue (``dedup.iter_cluster_views``), so search shows a course
run once, with every source it is available via.

``leeraanbod index rebuild`` indexes ``course_runs(store, today)``; the engines also accept
plain offers (each a cluster of one).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from catalogue.store import CatalogueStore
from dedup import iter_cluster_views
from index.documents import CourseRun


def course_runs(store: CatalogueStore, today: date) -> Iterator[CourseRun]:
    """Every cluster once (then live offers not clustered yet, each on its own), with its live
    listings, the representative as ``cluster_view`` chooses it first."""
    for view in iter_cluster_views(store, today):
        offers = []
        for listing in view.available_via:
            stored = store.get_offer(listing.offer_id)
            if stored is not None:
                offers.append(stored.offer)
        if offers and offers[0].id == view.representative_id:
            yield CourseRun(cluster_id=view.cluster_id, offers=tuple(offers))
