"""The coordinators' review of uncertain links: pairs of listings the matcher scored between
``REVIEW_THRESHOLD`` and ``THRESHOLD`` wait on a list (filled by every recompute or update,
``dedup.service``); a coordinator confirms the link or refuses it. The decision is stored
(``catalogue.store.review``), the clusters around the pair are recomputed at once, and every
later recompute respects it (``dedup.service.decided``).
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel

from catalogue.store.base import CatalogueStore, StoredOffer
from catalogue.store.review import Decision, ReviewPair, ordered
from dedup.explain import explain
from dedup.features import features_of
from dedup.service import DedupStats, update_clusters
from dedup.similarity import compare


class ReviewError(ValueError):
    """A decision that cannot be taken (an unknown offer, one offer twice)."""


class ListingSummary(BaseModel):
    offer_id: str
    source: str
    title: str
    provider: str
    url: str
    start: date | None = None
    end: date | None = None
    place: str | None = None
    hours: float | None = None
    status: str


class ReviewItem(BaseModel):
    offer_a: ListingSummary
    offer_b: ListingSummary
    score: float
    reason: str
    explanation: str | None
    found_at: datetime
    decision: Decision | None = None


def _summary(stored: StoredOffer) -> ListingSummary:
    offer = stored.offer
    session = next((s for s in offer.sessions if s.start_date), None) or (
        offer.sessions[0] if offer.sessions else None
    )
    location = session.location if session else None
    place = None
    if location is not None:
        parts = (location.address, location.postcode, location.municipality)
        place = " ".join(p for p in parts if p)
    elif session is not None and session.delivery_mode.value.startswith("online"):
        place = "online"
    return ListingSummary(
        offer_id=offer.id or "",
        source=offer.source,
        title=offer.title,
        provider=offer.provider.name,
        url=offer.url,
        start=session.start_date if session else None,
        end=session.end_date if session else None,
        place=place or None,
        hours=offer.duration.hours if offer.duration else None,
        status=stored.status.value,
    )


def _item(store: CatalogueStore, pair: ReviewPair, lang: str) -> ReviewItem | None:
    a, b = store.get_offer(pair.offer_a), store.get_offer(pair.offer_b)
    if a is None or b is None:
        return None
    return ReviewItem(
        offer_a=_summary(a),
        offer_b=_summary(b),
        score=pair.score,
        reason=pair.reason,
        explanation=explain(pair.reason, lang),
        found_at=pair.found_at,
        decision=pair.decision,
    )


def review_list(
    store: CatalogueStore, limit: int = 50, offset: int = 0, lang: str = "nl"
) -> list[ReviewItem]:
    """The waiting pairs, the most likely first, with both listings and why they may be one."""
    items = (_item(store, p, lang) for p in store.review_pairs(limit, offset))
    return [i for i in items if i is not None]


def recent_decisions(store: CatalogueStore, limit: int = 20, lang: str = "nl") -> list[ReviewItem]:
    items = (_item(store, p, lang) for p in store.decided_pairs(limit))
    return [i for i in items if i is not None]


def decide(store: CatalogueStore, a: str, b: str, decision: Decision | str) -> DedupStats:
    """Confirm or refuse the link between two listings, then re-cluster around them."""
    try:
        decision = Decision(decision)
    except ValueError:
        raise ReviewError(f"decision {decision!r}: expected 'confirmed' or 'refused'") from None
    try:
        x, y = ordered(a, b)
    except ValueError as exc:
        raise ReviewError(str(exc)) from None
    offers = {i: store.get_offer(i) for i in (x, y)}
    unknown = [i for i, stored in offers.items() if stored is None]
    if unknown:
        raise ReviewError(f"unknown offer {', '.join(unknown)}: nothing decided")
    pending = store.review_pair(x, y)
    if pending is not None:
        score, reason = pending.score, pending.reason
    else:
        sx, sy = offers[x], offers[y]
        assert sx is not None and sy is not None
        result = compare(features_of(sx.offer, sx.first_seen), features_of(sy.offer, sy.first_seen))
        score, reason = result.score, result.reason
    store.decide_pair(x, y, decision, score, reason)
    return update_clusters(store, [x, y])
