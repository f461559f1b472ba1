"""One search hit from a stored document, the same for both engines.

Both engines store the fields in ``HIT_FIELDS`` with every document (tantivy as one JSON blob,
Elasticsearch/OpenSearch as the ``_source`` fields a search returns) and turn them into a
``SearchHit`` with ``hit_fields``; only the score and the highlights are the engine's own.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from index.plan import Location, free_for_me, profile_aware
from index.search_query import SearchHit, SearchQuery

# the document fields (``index.documents.build_document``) a hit is made of
HIT_FIELDS = (
    "id",
    "title",
    "provider",
    "source",
    "url",
    "next_session",
    "price_min",
    "free",
    "funding_schemes",
    "delivery_modes",
    "municipalities",
    "cluster_id",
    "sources",
    "listing_count",
    "available_via",
    "funding_rules",
)
# one validation for a page of hits (pydantic's core), not one per hit and nested model
HITS = TypeAdapter(list[SearchHit])


def hit_fields(
    stored: dict[str, Any],
    score: float,
    highlights: dict[str, list[str]],
    location: Location | None,
    query: SearchQuery,
) -> dict[str, Any]:
    """``SearchHit``'s fields from a document's stored ``HIT_FIELDS``: the distance to the
    nearest of its municipalities in ``location``, and whether it is free for the searcher
    (only when the query is profile-aware)."""
    distance = None
    if location is not None:
        known = [location.distances[m] for m in stored["municipalities"] if m in location.distances]
        distance = round(min(known), 1) if known else None
    return {
        "id": stored["id"],
        "title": stored["title"],
        "provider": stored["provider"],
        "source": stored["source"],
        "url": stored["url"],
        "score": score,
        "next_session": stored.get("next_session") or None,
        "price_min": stored["price_min"],
        "free": stored["free"],
        "funding_schemes": stored["funding_schemes"],
        "delivery_modes": stored["delivery_modes"],
        "distance_km": distance,
        "highlights": highlights,
        "cluster_id": stored["cluster_id"],
        "sources": stored["sources"],
        "listing_count": stored["listing_count"],
        "available_via": stored["available_via"],
        "free_for_me": (
            free_for_me(stored["free"], stored["funding_rules"], query)
            if profile_aware(query)
            else None
        ),
    }
