"""Source overlap: which sources publish the same offer, and what only one source lists.

Offers are grouped in *clusters* of the same course published by different sources (the
cross-source deduplication's clusters; an offer in no cluster is a cluster of its own). Two
sources *share* a cluster when each has at least one offer in it. A cluster is *exclusive* to a
source when only that source has offers in it; its offers are the offers only that source lists.

The *review* table counts, per pair of sources, the uncertain links waiting for a coordinator
and the links coordinators confirmed or refused (``dedup.review``): how much of the overlap
rests on a person's judgement.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from itertools import combinations

from catalogue.model import Offer
from reports.filters import OfferFilter
from reports.table import Report, Table, share

TITLE = {
    "nl": "Overlap tussen bronnen",
    "fr": "Chevauchement entre sources",
    "en": "Overlap between sources",
}
MAX_TITLES = 3


REVIEW_STATES = ("pending", "confirmed", "refused")


def overlap(
    offers: Iterable[Offer],
    clusters: Mapping[str, str] | None = None,
    filters: OfferFilter | None = None,
    review: Iterable[tuple[str, str, str]] | None = None,
) -> Report:
    """``clusters``: offer id → cluster id (offers missing from it stand alone); ``review``:
    (offer id, offer id, 'pending' | 'confirmed' | 'refused') for the reviewed links."""
    filters = filters or OfferFilter()
    clusters = clusters or {}
    members: dict[str, list[Offer]] = defaultdict(list)
    source_of: dict[str, str] = {}
    for offer in offers:
        if filters.keeps(offer):
            members[clusters.get(str(offer.id), f"offer:{offer.id}")].append(offer)
            source_of[str(offer.id)] = offer.source

    sources_of = {cid: sorted({o.source for o in group}) for cid, group in members.items()}
    per_source_offers: dict[str, int] = defaultdict(int)
    per_source_clusters: dict[str, int] = defaultdict(int)
    per_source_shared: dict[str, int] = defaultdict(int)
    exclusive_clusters: dict[str, int] = defaultdict(int)
    exclusive_offers: dict[str, int] = defaultdict(int)
    pair_clusters: dict[tuple[str, str], int] = defaultdict(int)
    pair_offers: dict[tuple[str, str], int] = defaultdict(int)
    for cid, group in members.items():
        sources = sources_of[cid]
        for source in sources:
            per_source_clusters[source] += 1
        for offer in group:
            per_source_offers[offer.source] += 1
        if len(sources) == 1:
            exclusive_clusters[sources[0]] += 1
            exclusive_offers[sources[0]] += len(group)
            continue
        for source in sources:
            per_source_shared[source] += 1
        for a, b in combinations(sources, 2):
            pair_clusters[(a, b)] += 1
            pair_offers[(a, b)] += sum(1 for o in group if o.source in (a, b))

    pairs = Table(
        "pairs",
        {
            "nl": "Gedeelde clusters per paar bronnen",
            "fr": "Clusters partagés par paire de sources",
            "en": "Shared clusters per pair of sources",
        },
        ["source_a", "source_b", "shared_clusters", "offers"],
    )
    for (a, b), n in sorted(pair_clusters.items(), key=lambda kv: (-kv[1], kv[0])):
        pairs.add(source_a=a, source_b=b, shared_clusters=n, offers=pair_offers[(a, b)])

    sources_table = Table(
        "sources",
        {
            "nl": "Exclusief aanbod per bron",
            "fr": "Offre exclusive par source",
            "en": "Exclusive offers per source",
        },
        [
            "source",
            "offers",
            "clusters",
            "shared_clusters",
            "exclusive_clusters",
            "exclusive_offers",
            "exclusive_share",
        ],
    )
    for source in sorted(per_source_offers):
        sources_table.add(
            source=source,
            offers=per_source_offers[source],
            clusters=per_source_clusters[source],
            shared_clusters=per_source_shared[source],
            exclusive_clusters=exclusive_clusters[source],
            exclusive_offers=exclusive_offers[source],
            exclusive_share=share(exclusive_offers[source], per_source_offers[source]),
        )

    shared = Table(
        "shared_clusters",
        {
            "nl": "Aanbod dat meerdere bronnen publiceren",
            "fr": "Offres publiées par plusieurs sources",
            "en": "Offers published by several sources",
        },
        ["cluster", "sources", "source_count", "offers", "titles"],
    )
    multi = [cid for cid, s in sources_of.items() if len(s) > 1]
    for cid in sorted(multi, key=lambda c: (-len(sources_of[c]), -len(members[c]), c)):
        titles = sorted({o.title for o in members[cid]})[:MAX_TITLES]
        shared.add(
            cluster=cid,
            sources=";".join(sources_of[cid]),
            source_count=len(sources_of[cid]),
            offers=len(members[cid]),
            titles=" | ".join(titles),
        )

    notes = [] if clusters else ["no clusters given: every offer stands alone"]
    return Report(
        name="overlap",
        title=TITLE,
        parameters=filters.as_parameters(),
        tables=[pairs, sources_table, shared, _review_table(review or (), source_of)],
        notes=notes,
    )


def _review_table(review: Iterable[tuple[str, str, str]], source_of: Mapping[str, str]) -> Table:
    """Reviewed links per pair of sources (both listings live and kept by the filters)."""
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(REVIEW_STATES, 0)
    )
    for a, b, state in review:
        if a in source_of and b in source_of and state in REVIEW_STATES:
            x, y = sorted((source_of[a], source_of[b]))
            counts[(x, y)][state] += 1
    table = Table(
        "review",
        {
            "nl": "Onzekere koppelingen en beslissingen van coördinatoren",
            "fr": "Liens incertains et décisions des coordinateurs",
            "en": "Uncertain links and coordinators' decisions",
        },
        ["source_a", "source_b", *REVIEW_STATES],
    )
    for (a, b), row in sorted(counts.items(), key=lambda kv: (-sum(kv[1].values()), kv[0])):
        table.add(source_a=a, source_b=b, **row)
    return table
