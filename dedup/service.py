"""Clusters in the catalogue store: kept up to date as crawls arrive, and read by search and the
offer page.

``update_clusters(store, ids)`` after upserting (or retiring) offers re-clusters exactly the
connected sets those offers touch; ``recompute_clusters(store)`` does every set. Both use the
same code on the same data, so an incremental update ends where a full recompute ends.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, timedelta

from pydantic import BaseModel, Field

from catalogue.model import FundingOption, Offer, Price, Session, SessionStatus
from catalogue.store.base import CatalogueStore, OfferStatus, StoredOffer
from catalogue.store.review import Decision
from dedup.blocking import BLOCK_LIMIT, block_keys, is_strong
from dedup.cluster import Pair, group
from dedup.evidence import DATE_TOLERANCE_DAYS
from dedup.features import OfferFeatures, features_of
from dedup.similarity import (
    MATCHER_VERSION,
    THRESHOLD,
    PairScore,
    compare,
    may_link,
)
from dedup.slots import slot_links, slot_review

LIVE = (OfferStatus.ACTIVE, OfferStatus.STALE)
CONFIRMED = "confirmed"  # the reason of a pair a coordinator confirmed
REFUSED = "conflict: refused by a coordinator"
TOLERANCE = timedelta(days=DATE_TOLERANCE_DAYS)


class DedupStats(BaseModel):
    offers: int = 0  # offers (re)clustered
    clusters: int = 0  # clusters among them
    merged: int = 0  # offers in a cluster with at least one other offer
    removed: int = 0  # retired or unknown offers taken out of clustering
    review: int = 0  # uncertain pairs among them waiting for a coordinator


def _far_apart(a: OfferFeatures, b: OfferFeatures) -> bool:
    """A cheap first look: every start date of one is well before every start of the other."""
    if not a.starts or not b.starts:
        return False
    return min(a.starts) - max(b.starts) > TOLERANCE or min(b.starts) - max(a.starts) > TOLERANCE


class _Graph:
    """Features and pair scores, read from the store on demand and kept for one update."""

    def __init__(self, store: CatalogueStore, threshold: float) -> None:
        self.store = store
        self.threshold = threshold
        self.feats: dict[str, OfferFeatures | None] = {}
        self.scores: dict[Pair, PairScore] = {}
        self.linked: dict[str, list[str]] = {}
        # key -> source -> offer ids, when every live offer's keys are in memory (a full
        # recompute): no query per key, and a source's own listings are not candidates
        self.blocks: dict[str, dict[str, list[str]]] | None = None
        # the coordinators' decisions (respected by every recompute), the confirmed partners
        # of each offer, and the uncertain pairs met on the way (for the review list)
        self.decisions = store.decisions()
        self.confirmed: dict[str, list[str]] = {}
        for (a, b), decision in sorted(self.decisions.items()):
            if decision == Decision.CONFIRMED:
                self.confirmed.setdefault(a, []).append(b)
                self.confirmed.setdefault(b, []).append(a)
        self.review: dict[Pair, PairScore] = {}

    def _candidates(self, feat: OfferFeatures) -> set[str]:
        candidates: set[str] = set()
        for key in sorted(block_keys(feat)):
            strong = is_strong(key)
            if self.blocks is None:
                ids = self.store.offers_with_key(key, BLOCK_LIMIT + 1)
                if len(ids) > BLOCK_LIMIT and not strong:
                    continue
                candidates.update(ids)
                continue
            by_source = self.blocks.get(key, {})
            if strong:  # what the store would answer: the first BLOCK_LIMIT + 1 ids
                candidates.update(
                    sorted(i for ids in by_source.values() for i in ids)[: BLOCK_LIMIT + 1]
                )
            elif sum(map(len, by_source.values())) <= BLOCK_LIMIT:
                # two listings of one source link by a strong key only (found above)
                for source, ids in by_source.items():
                    if source != feat.source:
                        candidates.update(ids)
        candidates.discard(feat.id)
        return candidates

    def load(self, offer_id: str) -> OfferFeatures | None:
        if offer_id not in self.feats:
            stored = self.store.get_offer(offer_id)
            live = stored is not None and stored.status in LIVE
            self.feats[offer_id] = (
                features_of(stored.offer, stored.first_seen) if live and stored else None
            )
        return self.feats[offer_id]

    def pair(self, a: str, b: str) -> PairScore:
        key = (a, b) if a < b else (b, a)
        if key not in self.scores:
            fa, fb = self.load(key[0]), self.load(key[1])
            assert fa is not None and fb is not None
            self.scores[key] = decided(compare(fa, fb, self.threshold), self.decisions.get(key))
            if self.scores[key].review:
                self.review[key] = self.scores[key]
        return self.scores[key]

    def neighbours(self, offer_id: str) -> list[str]:
        if offer_id not in self.linked:
            self.linked[offer_id] = self._neighbours(offer_id)
        return self.linked[offer_id]

    def _neighbours(self, offer_id: str) -> list[str]:
        feat = self.load(offer_id)
        if feat is None:
            return []
        candidates = self._candidates(feat)
        candidates.update(i for i in self.confirmed.get(offer_id, ()) if self.load(i))
        linked = []
        for other_id in sorted(candidates):
            other = self.load(other_id)
            key = (offer_id, other_id) if offer_id < other_id else (other_id, offer_id)
            if other is None or (
                key not in self.decisions and (not may_link(feat, other) or _far_apart(feat, other))
            ):
                continue
            result = self.pair(offer_id, other_id)
            if result.linked or result.slot:  # a run's one course is decided per set
                linked.append(other_id)
        return linked

    def component(self, start: str, seen: set[str]) -> list[str]:
        todo, found = [start], []
        seen.add(start)
        while todo:
            current = todo.pop()
            found.append(current)
            for other in self.neighbours(current):
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
        return sorted(found)


def decided(score: PairScore, decision: Decision | None) -> PairScore:
    """A pair's score as a coordinator decided it: confirmed pairs are linked (as strongly as
    an identifier), refused pairs kept apart; undecided pairs as scored."""
    if decision == Decision.CONFIRMED:
        evidence = score.reason if not score.keeps_apart else ""
        return PairScore(1.0, True, True, f"{CONFIRMED}|{evidence}".rstrip("|"))
    if decision == Decision.REFUSED:
        return PairScore(0.0, False, False, REFUSED)
    return score


def _recluster(graph: _Graph, seeds: Iterable[str], stats: DedupStats) -> None:
    seen: set[str] = set()
    review: dict[Pair, tuple[float, str]] = {}
    scope: list[str] = []
    assignments: dict[str, tuple[str, str | None]] = {}
    for seed in sorted(set(seeds)):
        if seed in seen or graph.load(seed) is None:
            continue
        ids = graph.component(seed, seen)
        feats = {i: graph.feats[i] for i in ids}
        pairs = {}
        for a in ids:
            for b in graph.neighbours(a):
                if a < b:
                    pairs[(a, b)] = graph.pair(a, b)
        found = slot_links(feats, pairs)
        for key, result in slot_review(feats, pairs, found).items():
            graph.review[key] = result  # the run's weak or tied candidates: a coordinator decides
        for key, result in found.items():
            graph.scores[key] = pairs[key] = result
        edges = {key: result for key, result in pairs.items() if result.linked}
        clusters = group(feats, edges, graph.pair, graph.decisions)  # type: ignore[arg-type]
        scope.extend(ids)
        for offer_id, cluster in clusters.items():
            mates = [m for m in ids if clusters[m] == cluster and m != offer_id]
            why = min(
                (graph.pair(offer_id, m) for m in mates if graph.pair(offer_id, m).linked),
                key=lambda p: (not p.strong, -p.score, p.reason),
                default=None,
            )
            assignments[offer_id] = (cluster, why.reason if why else None)
        stats.offers += len(ids)
        sizes: dict[str, int] = {}
        for cluster in clusters.values():
            sizes[cluster] = sizes.get(cluster, 0) + 1
        stats.clusters += len(sizes)
        stats.merged += sum(n for n in sizes.values() if n > 1)
    graph.store.set_clusters(assignments)
    # uncertain pairs of the re-clustered offers that did not end up together anyway (the
    # other offer of a pair may lie outside them: its cluster is read back)
    cluster_of = {i: c for i, (c, _) in assignments.items()}
    outside = {i for pair in graph.review for i in pair if i not in cluster_of}
    cluster_of.update(graph.store.get_clusters(outside))
    for (a, b), result in sorted(graph.review.items()):
        if cluster_of.get(a, a) != cluster_of.get(b, b):
            review[(a, b)] = (result.score, result.reason)
    graph.store.set_review_pairs(review, scope)
    stats.review = len(review)


def update_clusters(
    store: CatalogueStore, offer_ids: Iterable[str], threshold: float = THRESHOLD
) -> DedupStats:
    """Re-cluster after these offers were inserted, changed or retired (call it after
    ``upsert_offers`` and after ``finish_run`` / ``mark_gone`` with the ids they touched).
    Live offers without a cluster yet are always included. Clusters made by another matcher
    version (``MATCHER_VERSION``: other features, keys or scores) are recomputed in full, since
    stored keys of another version would not find this version's duplicates."""
    if store.dedup_version() != MATCHER_VERSION:
        return recompute_clusters(store, threshold)
    graph = _Graph(store, threshold)
    # offers that never got a cluster (stored before dedup ran, or upserted without a call
    # here) are taken along, so that their keys are known before anything is compared; and
    # retired offers still in a cluster (retired by a run's judgement), so that they leave it
    changed = sorted(
        set(offer_ids) | set(store.unclustered_offers()) | set(store.retired_in_clusters())
    )
    stats = DedupStats()
    keys, gone = {}, []
    for offer_id in changed:
        feat = graph.load(offer_id)
        keys[offer_id] = block_keys(feat) if feat else frozenset()
        if feat is None:
            gone.append(offer_id)
    old = store.get_clusters(changed)
    seeds = set(changed)
    for cluster in sorted(set(old.values())):
        seeds.update(store.cluster_members(cluster))
    # cluster mates retired meanwhile (by a run nobody told us about) leave as well
    for offer_id in sorted(seeds - set(changed)):
        if graph.load(offer_id) is None:
            gone.append(offer_id)
            keys[offer_id] = frozenset()
    store.set_dedup_keys(keys)
    store.set_clusters({}, remove=gone)
    store.set_review_pairs({}, gone)
    stats.removed = len(gone)
    _recluster(graph, seeds - set(gone), stats)
    return stats


def recompute_clusters(store: CatalogueStore, threshold: float = THRESHOLD) -> DedupStats:
    """Cluster the whole catalogue (active and stale offers) from scratch."""
    graph = _Graph(store, threshold)
    store.clear_dedup_keys()
    batch: dict[str, frozenset[str]] = {}
    live: list[str] = []
    graph.blocks = {}
    for stored in store.iter_offers(statuses=LIVE):
        offer_id = stored.offer.id or ""
        feat = features_of(stored.offer, stored.first_seen)
        graph.feats[offer_id] = feat
        batch[offer_id] = keys = block_keys(feat)
        for key in keys:
            graph.blocks.setdefault(key, {}).setdefault(feat.source, []).append(offer_id)
        live.append(offer_id)
        if len(batch) >= 1000:
            store.set_dedup_keys(batch)
            batch = {}
    store.set_dedup_keys(batch)
    stats = DedupStats()
    old = set(store.all_clusters())
    gone = sorted(old - set(live))
    store.set_clusters({}, remove=gone)
    store.clear_review_pairs()
    stats.removed = len(gone)
    _recluster(graph, live, stats)
    store.set_dedup_version(MATCHER_VERSION)
    return stats


def cluster_ids(store: CatalogueStore, offer_ids: Iterable[str]) -> dict[str, str]:
    """offer id -> cluster id, for the indexer (an unclustered offer is its own cluster: its
    id is returned unchanged under the key)."""
    ids = list(offer_ids)
    found = store.get_clusters(ids)
    return {i: found.get(i, i) for i in ids}


# --------------------------------------------------------------------------- reading
class Listing(BaseModel):
    """One way to take the course: a source with its own link, price, funding and session."""

    offer_id: str
    source: str
    provider: str
    title: str
    url: str
    registration_url: str
    prices: list[Price] = Field(default_factory=list)
    funding: list[FundingOption] = Field(default_factory=list)
    next_session: Session | None = None
    status: OfferStatus
    linked_by: str | None = None


class ClusterView(BaseModel):
    cluster_id: str
    representative_id: str  # the listing to show in search results
    session: Session | None = None  # the run to show: current, else soonest upcoming
    available_via: list[Listing]  # the representative first, then by source


def _current(session: Session, today: date) -> bool:
    if session.status == SessionStatus.CANCELLED or session.start_date is None:
        return False
    end = session.end_date or session.start_date
    return session.start_date <= today <= end


def _shown_session(offer: Offer, today: date) -> tuple[int, date, Session | None]:
    """(rank, date, session): 0 = a run is going on now, 1 = upcoming, 2 = neither."""
    current = [s for s in offer.sessions if _current(s, today)]
    if current:
        best = min(current, key=lambda s: s.start_date or date.min)
        return 0, best.start_date or date.min, best
    upcoming = offer.next_session(today)
    if upcoming is not None:
        return 1, upcoming.start_date or date.max, upcoming
    return 2, date.max, None


def representative(offers: Sequence[Offer], today: date) -> tuple[Offer, Session | None]:
    """The listing and run to show for a cluster: a run going on now, else the soonest
    upcoming; between equals the listing that states a price and a registration link, then the
    smallest id."""
    if not offers:
        raise ValueError("a cluster has at least one offer")

    def rank(offer: Offer) -> tuple:
        order, when, _ = _shown_session(offer, today)
        richer = bool(offer.prices or any(s.prices for s in offer.sessions))
        return (order, when, not richer, offer.registration_url is None, offer.id or "")

    best = min(offers, key=rank)
    return best, _shown_session(best, today)[2]


def _listing(stored: StoredOffer, today: date, linked_by: str | None) -> Listing:
    offer = stored.offer
    session = offer.next_session(today)
    registration = (session.registration_url if session else None) or offer.registration_url
    return Listing(
        offer_id=offer.id or "",
        source=offer.source,
        provider=offer.provider.name,
        title=offer.title,
        url=offer.url,
        registration_url=registration or offer.url,
        prices=(session.prices if session and session.prices else offer.prices),
        funding=offer.funding,
        next_session=session,
        status=stored.status,
        linked_by=linked_by,
    )


def cluster_view(
    store: CatalogueStore, offer_or_cluster_id: str, today: date
) -> ClusterView | None:
    """Everything the offer page needs about the cluster of an offer (or a cluster id): the
    representative listing and run, and every listing it is available via. ``None`` when the
    id is unknown. An offer not yet clustered is shown as a cluster of one."""
    if offer_or_cluster_id.startswith("cl-"):
        cluster_id = offer_or_cluster_id
        ids = store.cluster_members(cluster_id)
    else:
        cluster_id = store.get_clusters([offer_or_cluster_id]).get(offer_or_cluster_id, "")
        ids = store.cluster_members(cluster_id) if cluster_id else [offer_or_cluster_id]
        cluster_id = cluster_id or offer_or_cluster_id
    stored = [s for s in (store.get_offer(i) for i in ids) if s and s.status in LIVE]
    if not stored:
        return None
    best, session = representative([s.offer for s in stored], today)
    reasons = store.cluster_reasons(ids)
    listings = [_listing(s, today, reasons.get(s.offer.id or "")) for s in stored]
    listings.sort(key=lambda item: (item.offer_id != best.id, item.source, item.offer_id))
    return ClusterView(
        cluster_id=cluster_id,
        representative_id=best.id or "",
        session=session,
        available_via=listings,
    )


def iter_cluster_views(store: CatalogueStore, today: date) -> Iterator[ClusterView]:
    """Every cluster once, in cluster id order, then live offers not clustered yet (each on its
    own): what an indexer needs to index one document per course run."""
    for cluster_id in sorted(set(store.all_clusters().values())):
        view = cluster_view(store, cluster_id, today)
        if view is not None:
            yield view
    for offer_id in store.unclustered_offers():
        view = cluster_view(store, offer_id, today)
        if view is not None:
            yield view
