"""The document builder: one course run (or a lone ``Offer``) -> the engine-neutral index
document.

Both engines index exactly this dict (tantivy flattens it into fields, Elasticsearch/OpenSearch
takes it as ``_source`` with the sessions nested), so a filter means the same in both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from catalogue.model import Offer, PriceUnit, SessionStatus
from core.analysis import fold_words
from funding import free_for_everyone, offer_rule_ids
from funding.schema import Rule
from index.geo import Gazetteer, gazetteer
from index.query_words import compound_parts
from index.vocabulary import Vocabulary

ANY_DAY = date(2199, 12, 31)  # the start of an undated self-paced run: any day

NO_PRICE_SORT = 1e9  # offers without a known price sort after every priced one
NO_DATE_SORT = date(9999, 12, 31)
SUGGEST_MAX_INPUTS = 12


def isced_with_broader(codes: list[str]) -> list[str]:
    """'0715' -> '07', '071', '0715': a filter on a broad field finds the narrow ones."""
    out: set[str] = set()
    for code in codes:
        for n in range(2, len(code) + 1):
            out.add(code[:n])
    return sorted(out)


def lowest_price(offer: Offer) -> Decimal | None:
    """Lowest known price in EUR for the whole course: totals as they are, unit prices times
    the course's duration in that unit when it is known."""
    prices = list(offer.prices) + [p for s in offer.sessions for p in s.prices]
    duration = offer.duration
    candidates: list[Decimal] = []
    for p in prices:
        if p.unit == PriceUnit.TOTAL:
            candidates.append(p.amount)
        elif duration is None:
            continue
        elif p.unit == PriceUnit.PER_HOUR and duration.approx_hours():
            candidates.append(p.amount * Decimal(str(duration.approx_hours())))
        elif p.unit == PriceUnit.PER_DAY and duration.days:
            candidates.append(p.amount * Decimal(str(duration.days)))
        elif p.unit == PriceUnit.PER_TEACHING_PERIOD and duration.teaching_periods:
            candidates.append(p.amount * duration.teaching_periods)
    return min(candidates).quantize(Decimal("0.01")) if candidates else None


@dataclass(frozen=True)
class CourseRun:
    """One course run to index as one document: the live listings of a duplicate cluster
    (``dedup``), the representative listing first (``index.course_runs``)."""

    cluster_id: str
    offers: tuple[Offer, ...]

    @property
    def representative(self) -> Offer:
        return self.offers[0]


# what the engines index: a course run, or an offer on its own (a cluster of one)
Indexable = Offer | CourseRun


def as_course_run(item: Indexable) -> CourseRun:
    """An offer on its own is a cluster of one, with its own id as the cluster id."""
    if isinstance(item, CourseRun):
        return item
    return CourseRun(cluster_id=item.id or "", offers=(item,))


def item_id(item: Indexable) -> str:
    """The id a bulk error is reported under: the (representative) offer's id."""
    return str(as_course_run(item).representative.id)


def suggest_inputs(title: str) -> list[str]:
    """The title from each word on, so 'mag' suggests 'Lasser MIG/MAG' too."""
    words = title.split()
    return [" ".join(words[i:]) for i in range(min(len(words), SUGGEST_MAX_INPUTS))]


def dutch_parts(text: str, offer: Offer, vocabulary: Vocabulary) -> str:
    """The parts of the compounds of a Dutch offer's text ('schoonmaaktechnieken' ->
    'schoonmaak technieken'); nothing for an offer in other languages only."""
    if offer.languages and "nl" not in offer.languages:
        return ""
    return compound_parts(text, vocabulary.compound_set)


def title_with_parts(offer: Offer, vocabulary: Vocabulary) -> str:
    """The title and the parts of its Dutch compounds ('Booglassen met …' + 'boog lassen'):
    the whole title too, so that the field's length norm is a title's, not a few words'."""
    parts = dutch_parts(offer.title, offer, vocabulary)
    return f"{offer.title} {parts}" if parts else offer.title


def build_document(
    item: Indexable,
    vocabulary: Vocabulary,
    today: date,
    places: Gazetteer | None = None,
    rules: Sequence[Rule] | None = None,
) -> dict[str, Any]:
    """The representative's text, sessions and place; from every listing of the run: the
    sources, the lowest price, free when one listing is, funding schemes, joint committees and
    funding rules (``funding.offer_rule_ids``), and the ``available_via`` list."""
    places = places or gazetteer()
    run = as_course_run(item)
    offer = run.representative
    live_sessions = [s for s in offer.sessions if s.status != SessionStatus.CANCELLED]
    sessions = []
    municipalities: set[str] = set()
    postcodes: set[str] = set()
    provinces: set[str] = set()
    points: list[dict[str, float]] = []
    for s in live_sessions:
        loc = s.location
        place = (
            places.locate(loc.postcode, loc.municipality)
            if loc is not None and loc.country == "BE"
            else None
        )
        if place:
            municipalities.add(place.id)
            provinces.add(place.province)
            points.append({"lat": place.lat, "lon": place.lon})
        if loc and loc.postcode:
            postcodes.add(loc.postcode)
        if loc and loc.province and not place:
            provinces.add(loc.province.value)
        sessions.append(
            {
                "start_date": s.start_date.isoformat() if s.start_date else None,
                "end_date": s.end_date.isoformat() if s.end_date else None,
                "municipality_id": place.id if place else None,
                "municipality": place.nl if place else (loc.municipality if loc else None),
                "postcode": loc.postcode if loc else None,
                "delivery_mode": s.delivery_mode.value,
                "schedules": [x.value for x in s.schedule],
            }
        )
    upcoming = offer.upcoming_sessions(today)
    next_start = next((s.start_date for s in upcoming if s.start_date), None)
    listing_prices = [lowest_price(o) for o in run.offers]
    known_prices = [p for p in listing_prices if p is not None]
    price = min(known_prices) if known_prices else None
    concept_ids = vocabulary.with_ancestors(c.concept_id for c in offer.competences)
    funding = [f for o in run.offers for f in o.funding]
    funding_schemes = sorted({f.scheme.value for f in funding})
    joint_committees = sorted({jc for f in funding for jc in f.joint_committees})
    funding_rules = sorted({r for o in run.offers for r in offer_rule_ids(o, today, rules)})
    hours = offer.duration.approx_hours() if offer.duration else None
    nxt = upcoming[0] if upcoming else None
    next_session = None
    if nxt is not None:
        nloc = nxt.location
        nplace = (
            places.locate(nloc.postcode, nloc.municipality)
            if nloc and nloc.country == "BE"
            else None
        )
        next_session = {
            "start_date": nxt.start_date.isoformat() if nxt.start_date else None,
            "end_date": nxt.end_date.isoformat() if nxt.end_date else None,
            "municipality": nplace.nl if nplace else (nloc.municipality if nloc else None),
            "postcode": nloc.postcode if nloc else None,
            "delivery_mode": nxt.delivery_mode.value,
        }
    return {
        "id": offer.id,
        "cluster_id": run.cluster_id,
        "source": offer.source,
        "sources": sorted({o.source for o in run.offers}),
        "listing_count": len(run.offers),
        "available_via": [
            {
                "offer_id": o.id,
                "source": o.source,
                "url": o.url,
                "price": float(p) if p is not None else None,
            }
            for o, p in zip(run.offers, listing_prices, strict=True)
        ],
        "funding_rules": funding_rules,
        "url": offer.url,
        "title": offer.title,
        "description": offer.description,
        "provider": offer.provider.name,
        "concepts": sorted(concept_ids),
        "concept_labels": sorted(
            {vocabulary.concept_names[c] for c in concept_ids if c in vocabulary.concept_names}
        ),
        "fields_of_education": isced_with_broader(offer.fields_of_education),
        "funding_schemes": funding_schemes,
        "joint_committees": joint_committees,
        "level": offer.level.value if offer.level else None,
        "languages": sorted(set(offer.languages)),
        "delivery_modes": sorted({s.delivery_mode.value for s in live_sessions}),
        "schedules": sorted({x.value for s in live_sessions for x in s.schedule}),
        "price_min": float(price) if price is not None else None,
        # free for everyone (a fund's course free for its members only is not)
        "free": any(free_for_everyone(o, today, rules) for o in run.offers),
        "hours": hours,
        "sessions": sessions,
        "start_dates": sorted({s.start_date.isoformat() for s in live_sessions if s.start_date}),
        # the first day of every session (upcoming_only: one starts on or after the query's
        # day); an undated self-paced run starts any day (``Session.is_upcoming``)
        "session_last_days": sorted(
            {
                (s.start_date or ANY_DAY).isoformat()
                for s in live_sessions
                if s.start_date or s.is_upcoming(today)
            }
        ),
        "next_start": next_start.isoformat() if next_start else None,
        "municipalities": sorted(municipalities),
        "postcodes": sorted(postcodes),
        "provinces": sorted(provinces),
        "locations": points,
        "suggest": {
            "title": suggest_inputs(offer.title),
            "provider": [offer.provider.name],
            "concept": sorted(
                {vocabulary.concept_names[c] for c in concept_ids if c in vocabulary.concept_names}
            ),
        },
        "title_folded": fold_words(offer.title),
        # index-side decompounding (Dutch titles): 'Booglassen' is found by 'lassen'
        "title_parts": title_with_parts(offer, vocabulary),
        "description_parts": dutch_parts(offer.description, offer, vocabulary),
        "next_session": next_session,
        "indexed_on": today.isoformat(),
        "offer_json": offer.model_dump_json(exclude_none=True),
    }
