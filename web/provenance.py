"""Provenance: every source that lists an offer ("available via …").

Until cross-source duplicate clusters exist (``funding`` branch), an offer's provenance is its
own listing; with clusters it is every member of the offer's cluster, its own source first.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING

from catalogue.store.base import StoredOffer
from web.schemas import ProvenanceEntry

if TYPE_CHECKING:
    from web.services import Services

log = logging.getLogger(__name__)


def entry(stored: StoredOffer) -> ProvenanceEntry:
    offer = stored.offer
    return ProvenanceEntry(
        source=offer.source,
        source_id=offer.source_id,
        offer_id=offer.id or "",
        url=offer.url,
        provider=offer.provider.name,
        last_seen=stored.last_seen,
    )


def provenance_for(stored: StoredOffer, svc: Services) -> list[ProvenanceEntry]:
    entries = [entry(stored)]
    seen = {stored.offer.id}
    for other_id in cluster_members(stored, svc):
        if other_id in seen:
            continue
        other = svc.store.get_offer(other_id)
        if other is not None:
            entries.append(entry(other))
            seen.add(other_id)
    return entries


def cluster_members(stored: StoredOffer, svc: Services) -> list[str]:
    """Ids of the offers in the same duplicate cluster, when the dedup module is installed."""
    try:
        dedup = importlib.import_module("funding.dedup")
    except ImportError:
        return []
    finder = getattr(dedup, "cluster_members", None)
    if finder is None:
        return []
    try:
        return list(finder(svc.store, stored.offer.id))
    except Exception as exc:  # provenance is extra information; never fail the offer page
        log.warning("duplicate clusters unavailable: %s", type(exc).__name__)
        return []
