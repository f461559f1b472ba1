"""Grouping a connected set of offers into clusters, deterministically.

Linked pairs are merged strongest first (strong keys, then by score, then by id); two clusters
merge only if no pair across them conflicts or has other providers (without a strong key), and
no two offers of one source would end up together without a strong key between them: a chain
of look-alikes never carries a course to another provider, date or level. A coordinator's
decision counts as a strong key (confirmed) or a conflict (refused). The result depends
only on the offers of the set, so re-clustering one connected set (incremental) gives what a
full recompute gives.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterable, Mapping
from datetime import datetime

from dedup.features import OfferFeatures
from dedup.similarity import PairScore, kept_apart_cheaply

Pair = tuple[str, str]


def cluster_id_for(members: Iterable[OfferFeatures]) -> str:
    """Named after the member seen first (then the smallest id): stable while it stays."""
    anchor = min(members, key=lambda f: (f.first_seen or datetime.max, f.id))
    return "cl-" + hashlib.sha256(anchor.id.encode()).hexdigest()[:16]


def _may_join(
    left: list[str],
    right: list[str],
    pair: Callable[[str, str], PairScore],
    feats,
    decided: Collection[Pair] = (),
) -> bool:
    for x in left:
        for y in right:
            key = (x, y) if x < y else (y, x)
            if key not in decided and kept_apart_cheaply(feats[x], feats[y]):
                return False  # as compare() would say, without scoring the pair
            result = pair(x, y)
            if result.keeps_apart:
                return False
            if feats[x].source == feats[y].source and not result.strong:
                return False
    return True


def group(
    feats: Mapping[str, OfferFeatures],
    edges: Mapping[Pair, PairScore],
    pair: Callable[[str, str], PairScore],
    decided: Collection[Pair] = (),
) -> dict[str, str]:
    """offer id -> cluster id for every offer in ``feats``; ``edges`` are the linked pairs
    (keys sorted), ``pair`` scores any two offers (for the constraints), ``decided`` are the
    pairs a coordinator decided (``pair`` gives the decision; no cheap guess overrides it)."""
    parent = {i: i for i in feats}
    members = {i: [i] for i in feats}

    def find(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    order = sorted(edges.items(), key=lambda e: (not e[1].strong, -e[1].score, e[0]))
    for (a, b), _ in order:
        ra, rb = find(a), find(b)
        if ra == rb or not _may_join(members[ra], members[rb], pair, feats, decided):
            continue
        keep, gone = sorted((ra, rb))
        parent[gone] = keep
        members[keep] = sorted(members[keep] + members.pop(gone))
    result = {}
    for root, ids in members.items():
        if find(root) != root:
            continue
        cid = cluster_id_for(feats[i] for i in ids)
        result.update(dict.fromkeys(ids, cid))
    return result
