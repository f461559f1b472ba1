"""Cross-source deduplication: offers from different sources that are the same course (and
the same session) form one cluster, shown once with every source it is available through.

:mod:`.features` normalises an offer into what matching needs (with the words and synonyms of
the taxonomy from :mod:`.lexicon`, loaded once per process), :mod:`.blocking` gives the keys
that make pairs candidates, :mod:`.similarity` scores a pair, :mod:`.cluster` groups a connected
set of offers, :mod:`.service` keeps the clusters in the catalogue store and answers the search
and offer pages (cluster id, representative run, 'available via').
"""

from __future__ import annotations

from dedup.cluster import cluster_id_for, group
from dedup.features import OfferFeatures, features_of
from dedup.service import (
    ClusterView,
    DedupStats,
    Listing,
    cluster_ids,
    cluster_view,
    iter_cluster_views,
    recompute_clusters,
    representative,
    update_clusters,
)
from dedup.similarity import MATCHER_VERSION, THRESHOLD, PairScore, compare

__all__ = [
    "MATCHER_VERSION",
    "THRESHOLD",
    "ClusterView",
    "DedupStats",
    "Listing",
    "OfferFeatures",
    "PairScore",
    "cluster_id_for",
    "cluster_ids",
    "cluster_view",
    "compare",
    "features_of",
    "group",
    "iter_cluster_views",
    "recompute_clusters",
    "representative",
    "update_clusters",
]
