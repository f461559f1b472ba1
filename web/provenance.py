"""Provenance: every source that lists an offer ("beschikbaar via …").

The cross-source duplicate clusters (``dedup``) say which listings are the same
course; an offer not clustered yet is a cluster of one: its own listing. Each listing says
why it was linked: the evidence codes (``linked_by``) and the same in words
(``linked_because``, ``dedup.explain``).
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING

from flask_babel import get_locale

from catalogue.store.base import StoredOffer
from dedup import cluster_view
from dedup.explain import explain
from web.schemas import ProvenanceEntry

if TYPE_CHECKING:
    from web.services import Services

log = logging.getLogger(__name__)


def own_entry(stored: StoredOffer) -> ProvenanceEntry:
    offer = stored.offer
    return ProvenanceEntry(
        source=offer.source,
        source_id=offer.source_id,
        offer_id=offer.id or "",
        url=offer.url,
        provider=offer.provider.name,
        last_seen=stored.last_seen,
    )


def provenance_for(stored: StoredOffer, svc: Services, today: date) -> list[ProvenanceEntry]:
    """The offer's own listing first, then every other live listing of its cluster."""
    entries = [own_entry(stored)]
    try:
        view = cluster_view(svc.store, stored.offer.id or "", today)
    except Exception as exc:  # provenance is extra information; never fail the offer page
        log.warning("duplicate clusters unavailable: %s", type(exc).__name__)
        return entries
    if view is None:
        return entries
    locale = get_locale()
    lang = locale.language if locale is not None else "nl"
    for listing in view.available_via:
        if listing.offer_id == stored.offer.id:
            entries[0].linked_by = listing.linked_by
            entries[0].linked_because = explain(listing.linked_by, lang)
            continue
        other = svc.store.get_offer(listing.offer_id)
        entries.append(
            ProvenanceEntry(
                source=listing.source,
                source_id=other.offer.source_id if other else "",
                offer_id=listing.offer_id,
                url=listing.url,
                provider=listing.provider,
                last_seen=other.last_seen if other else None,
                linked_by=listing.linked_by,
                linked_because=explain(listing.linked_by, lang),
            )
        )
    return entries
