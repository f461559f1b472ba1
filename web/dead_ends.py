"""No dead ends: what a search that found nothing offers instead, each alternative counted
first so that only ones that do find offers are shown (issue 16).

- **broader concepts**: the taxonomy's broader and related concepts of what the words name
  ('TIG-lassen' -> 'lassen'), generic top nodes ('vaardigheden') left out;
- **online**: the same words and filters, online, wherever the searcher lives;
- **nearby places**: the place filter relaxed, to the municipalities around it
  (``NEARBY_KM``) and then to its province.

The spelling correction is the engine's (``corrected_q``: a word that finds nothing is
searched as the nearest word that does). Each alternative carries the search parameters to
change (``None``: leave the parameter out), which the page turns into a link.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import gettext as _

from catalogue.model import DeliveryMode
from index.geo import Gazetteer
from index.search_query import SearchQuery

NEARBY_KM = 15.0
MAX_CONCEPTS = 3  # broader or related concepts offered
CONCEPTS_TRIED = 8  # counted at most (one count each)
WORDS_LOOKED_UP = 3
MIN_WORD = 4
ONLINE = [DeliveryMode.ONLINE_LIVE, DeliveryMode.ONLINE_SELF_PACED]
NO_PLACE: dict[str, Any] = {"postcode": None, "municipality": None, "radius_km": None}

Counter = Callable[[SearchQuery], int]


def _count_query(query: SearchQuery, **changes: Any) -> SearchQuery:
    return query.model_copy(update={**changes, "page": 1, "page_size": 1, "facets": []})


def alternatives(
    query: SearchQuery,
    count: Counter,
    taxonomy: Any | None,
    places: Gazetteer,
    lang: str = "nl",
) -> list[dict[str, Any]]:
    """The alternatives to a search that found nothing, best first: nearby places (the
    searcher named a place), online, broader concepts."""
    found: list[dict[str, Any]] = []
    found += _nearby(query, count, places, lang)
    found += _online(query, count)
    if taxonomy is not None and query.q.strip():
        found += _broader(query, count, taxonomy, lang)
    return found


def _nearby(
    query: SearchQuery, count: Counter, places: Gazetteer, lang: str
) -> list[dict[str, Any]]:
    if query.postcode is None and query.municipality is None:
        return []
    place = places.resolve(query.postcode, query.municipality)
    if place is None:
        return []
    name = place.fr if lang == "fr" and place.fr else place.nl
    out = []
    if query.radius_km is None or query.radius_km < NEARBY_KM:
        n = count(_count_query(query, radius_km=NEARBY_KM))
        if n:
            out.append(
                {
                    "kind": "nearby",
                    "label": _("Binnen %(km)d km van %(place)s", km=int(NEARBY_KM), place=name),
                    "count": n,
                    "params": {"radius_km": NEARBY_KM},
                }
            )
    if place.province and place.province not in query.provinces:
        n = count(_count_query(query, **NO_PLACE, provinces=[place.province]))
        if n and (not out or n > out[0]["count"]):
            out.append(
                {
                    "kind": "province",
                    "label": _("In de provincie %(province)s", province=place.province),
                    "count": n,
                    "params": {**NO_PLACE, "provinces": [place.province]},
                }
            )
    return out


def _online(query: SearchQuery, count: Counter) -> list[dict[str, Any]]:
    if set(query.delivery_modes) and set(query.delivery_modes) <= set(ONLINE):
        return []  # online already
    n = count(_count_query(query, **NO_PLACE, provinces=[], delivery_modes=ONLINE))
    if not n:
        return []
    return [
        {
            "kind": "online",
            "label": _("Online, waar je ook woont"),
            "count": n,
            "params": {
                **NO_PLACE,
                "provinces": None,
                "delivery_modes": [m.value for m in ONLINE],
            },
        }
    ]


def _named_concepts(query: SearchQuery, taxonomy: Any, lang: str) -> list[str]:
    """Concepts whose label starts as the text does, else as its longer words do."""
    words = [w for w in query.q.split() if len(w) >= MIN_WORD][:WORDS_LOOKED_UP]
    named: list[str] = []
    for text in dict.fromkeys([query.q, *words]):
        for concept in taxonomy.search_concepts(text, lang=lang, limit=2):
            if concept.id not in named:
                named.append(concept.id)
    return named


def _generic(taxonomy: Any, concept_id: str) -> bool:
    """A top node of an imported scheme ('vaardigheden', 'kennis'): says nothing."""
    concept = taxonomy.get(concept_id)
    if concept is None or concept.scheme == "flemish":
        return concept is None
    return len(taxonomy.broader(concept_id, transitive=True)) <= 1 and bool(concept.narrower)


def _broader(query: SearchQuery, count: Counter, taxonomy: Any, lang: str) -> list[dict[str, Any]]:
    named = _named_concepts(query, taxonomy, lang)
    candidates: list[str] = []
    for cid in named:
        concept = taxonomy.get(cid)
        for other in [*taxonomy.broader(cid), *(concept.related if concept else [])]:
            if other not in candidates and other not in named and not _generic(taxonomy, other):
                candidates.append(other)
    out: list[dict[str, Any]] = []
    for cid in candidates[:CONCEPTS_TRIED]:
        n = count(_count_query(query, q="", concepts=[cid]))
        if n:
            out.append(
                {
                    "kind": "concept",
                    "label": taxonomy.label(cid, lang),
                    "count": n,
                    "params": {"q": None, "concepts": [cid]},
                }
            )
        if len(out) >= MAX_CONCEPTS:
            break
    return out
