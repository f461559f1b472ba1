"""The query plan: what both engines search for, decided by pure functions, with every field
name and boost in one place.

In the style of pypi/warehouse ``search/queries.py``: the engines only translate what these
functions decide (``index.tantivy.translate`` into tantivy queries, ``index.opensearch.dsl``
into Elasticsearch/OpenSearch JSON); the query model they start from is
``index.search_query.SearchQuery``. User text is data only: it is folded and split into words
here and reaches the engines as term/phrase queries (tantivy) or ``match`` with operators off
(Elasticsearch/OpenSearch), never as query-string syntax.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from core.analysis import STOPWORDS, fold_words
from index.geo import Gazetteer, Place
from index.query_words import (
    FOREIGN_WORDS,
    GENERIC_WORDS,
    curated_synonyms,
    expand_sector,
    lexicon,
    split_compound,
    word_forms,
)
from index.search_query import MAX_RADIUS_KM, FacetField, SearchQuery, SortOrder
from index.vocabulary import MAX_LABEL_WORDS as MAX_PHRASE_WORDS
from index.vocabulary import Vocabulary

# ---- text fields and their boosts (one place for both engines)
BOOST_TITLE = 4.0
BOOST_TITLE_PARTS = 4.0  # a part of a title's compound, as the title: 'Booglassen' is welding
BOOST_TITLE_EXACT = 2.0  # unstemmed, folded: the exact word outranks a stem sibling
BOOST_CONCEPT_LABELS = 2.0
BOOST_PROVIDER = 1.5
BOOST_DESCRIPTION = 1.0
BOOST_CONCEPT_MATCH = 3.0  # the query names a concept (any language) the offer is tagged with
BOOST_SYNONYM = 0.8  # a synonym counts a little less than the word itself
TIE_BREAKER = 0.2  # dis_max: best field plus a little of the others
BOOST_FULL_MATCH = 10.0  # relaxed: an offer matching every unit ranks above partial matches
BOOST_PLACE = 5.0  # the place named in the text ('lassen gent'): offers there first
BOOST_LANGUAGE = 4.0  # a Dutch query: Dutch offers before French or English ones as good

# ---- typo tolerance: fuzzy matching on the unstemmed title+description field, only when the
# text alone (filters aside: a typo is a property of the text) finds fewer than TYPO_MIN_HITS
# offers, never on names (providers, places), only for words of 5+ letters
TYPO_MIN_HITS = 3
TYPO_FIELD = "text_exact"


def typo_distance(word: str) -> int:
    """Edit distance allowed for a word: none up to 4 letters, 1 up to 8, 2 from 9."""
    if len(word) < 5 or word.isdigit():
        return 0
    return 1 if len(word) <= 8 else 2


# Dutch stop words (the Snowball list, as tantivy's and Lucene's ``_dutch_``): dropped from the
# query plan so that neither engine requires them to match
_SNOWBALL_DUTCH = """
    de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er maar
    om hem dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar
    haar naar heb hoe heeft hebben deze u want nog zal me zij nu ge geen omdat iets worden
    toch al waren veel meer doen toen moet ben zonder kan hun dus alles onder ja eens hier
    wie werd altijd doch wordt wezen kunnen ons zelf tegen na reeds wil kon niets uw iemand
    geweest andere
"""
DUTCH_STOP_WORDS = frozenset(_SNOWBALL_DUTCH.split())
# and the French and English function words of the analysis ('cours d'anglais', 'learn the …')
QUERY_STOP_WORDS = DUTCH_STOP_WORDS | (STOPWORDS - {"is", "are", "be", "a"})


# ---- facets and filters: FacetField -> the document field it counts and filters on
FACET_FIELDS: dict[FacetField, str] = {
    FacetField.PROVIDER: "provider",
    # every source that lists the course run (a cluster counts under each of its sources)
    FacetField.SOURCE: "sources",
    FacetField.DELIVERY_MODE: "delivery_modes",
    FacetField.SCHEDULE: "schedules",
    FacetField.LANGUAGE: "languages",
    FacetField.FUNDING_SCHEME: "funding_schemes",
    FacetField.JOINT_COMMITTEE: "joint_committees",
    FacetField.LEVEL: "level",
    FacetField.FIELD_OF_EDUCATION: "fields_of_education",
    FacetField.CONCEPT: "concepts",
    FacetField.PROVINCE: "provinces",
}
FACET_SIZE = 50  # values per facet, most frequent first
KEYWORD_FIELDS = (
    *FACET_FIELDS.values(),
    "municipalities",
    "postcodes",
    "id",
    "cluster_id",
    "funding_rules",
)
# the field the rebuild's per-source validation counts (both sides: live and new index)
SOURCE_COUNT_FIELD = FACET_FIELDS[FacetField.SOURCE]
# the same count on an index built before one document per course run (one per offer)
LEGACY_SOURCE_COUNT_FIELD = "source"

# ---- the searcher's funding profile: "free for me" is free for everyone, or a funding rule
# the offer meets (``funding_rules``, from ``funding.offer_rule_ids``) is one that makes it free
# for the searcher (``SearchQuery.free_for_rules``, from ``funding.free_rule_ids``)
FUNDING_RULES_FIELD = "funding_rules"
FREE_FOR_ME_KEY = "free_for_me"
LOCATION_KEY = "location"

# fallback radii when a postcode + radius search finds nothing
WIDEN_FACTORS = (2, 4)

# Result counts are exact, as tantivy's are (Elasticsearch/OpenSearch ``track_total_hits``).
# A cap (their default is 10,000) made OpenSearch report fewer geo hits than tantivy at 1M
# offers (90,923 vs 119,041 on average: every count above the cap became the cap). Exact
# counting costs little here: the facets aggregate over every matching document anyway.
TRACK_TOTAL_HITS: bool | int = True


@dataclass(frozen=True)
class Terms:
    """Match any of ``values`` in a keyword field."""

    field: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Range:
    """Numeric or date range, both ends inclusive; None is open."""

    field: str
    low: Any = None
    high: Any = None


@dataclass(frozen=True)
class Flag:
    field: str
    value: bool = True


@dataclass(frozen=True)
class AnyOf:
    """Match when any of ``options`` matches (no option: nothing matches)."""

    options: tuple[Terms | Range | Flag, ...]


Filter = Terms | Range | Flag | AnyOf


def free_for_me_filter(rules: list[str]) -> AnyOf:
    """Free for everyone, or meeting a rule that makes it free for the searcher."""
    options: list[Terms | Range | Flag] = [Flag("free", True)]
    if rules:
        options.append(Terms(FUNDING_RULES_FIELD, tuple(sorted(set(rules)))))
    return AnyOf(tuple(options))


def sme_candidates_filter(rule_ids: list[str], joint_committee: str) -> AnyOf:
    """The course runs the SME view of ``joint_committee`` may list: a listing meets a
    sector-fund rule that applies to the committee's employers (``funding.sme_rule_ids``), or
    declares funding naming the committee. A superset (any scheme's committees, every listing
    of the run): ``funding.sme_view`` decides on the offers themselves."""
    options: list[Terms | Range | Flag] = [
        Terms(FACET_FIELDS[FacetField.JOINT_COMMITTEE], (joint_committee,))
    ]
    if rule_ids:
        options.insert(0, Terms(FUNDING_RULES_FIELD, tuple(sorted(set(rule_ids)))))
    return AnyOf(tuple(options))


def profile_aware(query: SearchQuery) -> bool:
    """Whether hits say if they are free for the searcher."""
    return bool(query.free_for_rules) or query.free_for_me or query.sort == SortOrder.MY_COST


def free_for_me(free: bool, offer_rules: list[str], query: SearchQuery) -> bool:
    """The same decision as ``free_for_me_filter``, for one hit."""
    return free or bool(set(offer_rules) & set(query.free_for_rules))


@dataclass(frozen=True)
class Location:
    """A searched place resolved to the municipalities inside the radius (id -> km)."""

    place: Place
    radius_km: float | None
    distances: dict[str, float]

    @property
    def filter(self) -> Terms:
        return Terms("municipalities", tuple(sorted(self.distances)))


@dataclass(frozen=True)
class Unit:
    """One word, or a phrase the vocabulary knows, with its synonyms and concept ids. A unit
    matches when its words all match, or a synonym does, or the offer has one of its concepts.
    ``corrected`` is the word as typed when ``words`` is a spelling correction of it."""

    words: tuple[str, ...]
    synonyms: frozenset[str] = frozenset()  # folded phrases
    concepts: frozenset[str] = frozenset()
    corrected: str | None = None
    fuzzy: bool = False  # found nothing and no correction did: the engine tries typos

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class TextPlan:
    """What the engines search for: the folded words grouped into units; every unit must
    match (AND), each in any text field (best field wins, others add a little). ``place`` is a
    municipality named in the text ('lassen gent'): offers there rank first, the others follow.
    ``relaxed``: the units are alternatives (an offer matching more of them ranks higher)."""

    text: str
    units: tuple[Unit, ...] = ()
    place: Place | None = None
    relaxed: bool = False
    language: str | None = None  # the query's language when its words tell ('lassen': nl)

    @property
    def empty(self) -> bool:
        return not self.units

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(w for u in self.units for w in u.words)

    @property
    def corrections(self) -> dict[str, str]:
        """Typed word -> the correction searched for."""
        return {u.corrected: u.text for u in self.units if u.corrected}

    @property
    def corrected_text(self) -> str | None:
        """The query as searched, when a word of it was corrected ('Resultaten voor …')."""
        if not self.corrections:
            return None
        return " ".join(u.text for u in self.units)

    def with_unit(self, index: int, unit: Unit) -> TextPlan:
        units = list(self.units)
        units[index] = unit
        return replace(self, units=tuple(units))


def clean_text(text: str) -> str:
    """User text without control or format characters (engines reserve some: U+0000,
    U+001F in completion suggesters), whitespace collapsed."""
    kept = "".join(ch if unicodedata.category(ch)[0] not in "CZ" else " " for ch in text)
    return " ".join(kept.split())


def _place_words(words: list[str], places: Gazetteer | None) -> tuple[list[str], Place | None]:
    """A municipality named in the query (not its only word): taken out of the words."""
    if places is None or len(words) < 2:
        return words, None
    for n in (3, 2, 1):
        for i in range(len(words) - n + 1):
            name = " ".join(words[i : i + n])
            if len(name) < 3 or name in DUTCH_STOP_WORDS:
                continue
            place = places.by_name.get(name)
            rest = words[:i] + words[i + n :]
            if place is not None and any(w not in DUTCH_STOP_WORDS for w in rest):
                return rest, place
    return words, None


def _drop_generic(words: list[str]) -> list[str]:
    """Words every course shares ('opleiding', 'worden', 'course') when others remain."""
    kept = [w for w in words if w not in GENERIC_WORDS]
    meaningful = [w for w in kept if w not in DUTCH_STOP_WORDS]
    return kept if meaningful else words


def unit_for(words: tuple[str, ...], vocabulary: Vocabulary) -> Unit:
    """A unit with everything it may also match: the vocabulary's synonyms and concepts,
    curated everyday synonyms, the sector's occupations
    and a compound's parts."""
    phrase = " ".join(words)
    synonyms = set(vocabulary.synonyms_for(phrase).get(phrase, set()))
    synonyms |= curated_synonyms().get(phrase, frozenset())
    synonyms.update(expand_sector(phrase))
    preferred = set(curated_synonyms().get(phrase, frozenset())) | set(expand_sector(phrase))
    part_concepts: set[str] = set()
    if len(words) == 1:
        parts = split_compound(phrase, vocabulary.compound_set)
        if parts:
            meaningful = [p for p in parts if p not in GENERIC_WORDS]
            if meaningful:
                joined = "".join(meaningful)
                # the compound without its generic part stands for that word: its forms
                # (a singular the lexicon or the taxonomy's labels know), their synonyms
                # and the concepts so labelled (without their expansions: an occupation's
                # skills brought food safety into 'reachtruckopleiding')
                forms = set(word_forms(joined))
                forms.update(
                    joined[: -len(end)]
                    for end in ("s", "en")
                    if joined.endswith(end)
                    and len(joined) - len(end) >= MIN_SINGULAR  # not 'las' -> 'la'
                    and joined[: -len(end)] in vocabulary.label_words
                )
                for form in sorted(forms):
                    synonyms.add(form)
                    preferred.add(form)
                    synonyms |= curated_synonyms().get(form, frozenset())
                    synonyms.update(vocabulary.synonyms_for(form).get(form, set()))
                    part_concepts.update(vocabulary.concept_labels.get(form, ()))
                if len(meaningful) > 1:
                    synonyms.add(" ".join(meaningful))
    concepts = set(vocabulary.concepts_for_label(phrase)) | part_concepts
    for synonym in list(synonyms):  # labelled so, without the taxonomy's expansions
        concepts.update(vocabulary.concept_labels.get(synonym, ()))
    # (an occupation's skills come from the taxonomy's own query expansions: adding every
    # essential skill brought generic ones, 'veiligheidsmaatregelen', into 'lassen')
    synonyms.discard(phrase)
    # the curated and compound alternatives first, then the taxonomy's, shortest first: a
    # bounded query (a label with dozens of alternative labels would exceed clause limits)
    ranked = sorted(synonyms, key=lambda t: (t not in preferred, len(t.split()), len(t), t))
    return Unit(words, frozenset(ranked[:MAX_UNIT_SYNONYMS]), frozenset(concepts))


def plan_text(
    q: str, vocabulary: Vocabulary, max_words: int = 12, places: Gazetteer | None = None
) -> TextPlan:
    """Fold the text and group it into units, longest known phrase first; a place named in
    it (with ``places``) and words every course shares are taken out."""
    text = clean_text(q)
    words = fold_words(text).split()[:max_words]
    words, place = _place_words(words, places)
    words = _drop_generic(words)
    units: list[Unit] = []
    i = 0
    while i < len(words):
        for n in range(min(MAX_PHRASE_WORDS, len(words) - i), 0, -1):
            phrase = " ".join(words[i : i + n])
            known = (
                vocabulary.synonyms_for(phrase).get(phrase)
                or vocabulary.concepts_for_label(phrase)
                or phrase in curated_synonyms()
            )
            if n == 1 and not known and phrase in QUERY_STOP_WORDS:
                i += 1  # a stop word need not match
                break
            if n == 1 or known:
                units.append(unit_for(tuple(words[i : i + n]), vocabulary))
                i += n
                break
    return TextPlan(text=text, units=tuple(units), place=place, language=query_language(units))


def query_language(units: list[Unit]) -> str | None:
    """'nl' when every word is a Dutch word (the lexicon) and none a French or English one
    of the curated list ('lassen', 'heftruck attest'); None otherwise ('welding',
    'soudure': their offers in any language rank alike)."""
    words = [w for u in units for w in u.words if w not in GENERIC_WORDS]
    if not words:
        return None
    dutch = lexicon()
    return "nl" if all(w in dutch and w not in FOREIGN_WORDS for w in words) else None


MAX_UNIT_SYNONYMS = 12  # alternatives searched per unit
MIN_SINGULAR = 5  # letters of a compound part's singular taken from the taxonomy's labels
RELAX_BELOW = 3  # fewer offers than this match every unit: partial matches follow them


def relaxed(plan: TextPlan) -> TextPlan | None:
    """The plan with its units as alternatives (full matches first), when there are several
    to relax; the engines use it when fewer than ``RELAX_BELOW`` offers match them all."""
    if len(plan.units) < 2 or plan.relaxed:
        return None
    return replace(plan, relaxed=True)


class UnknownPlace(ValueError):
    """The postcode or municipality is not a Belgian one we know."""


def resolve_location(
    query: SearchQuery, places: Gazetteer, radius_km: float | None = None
) -> Location | None:
    """The municipalities the location filter keeps: the place's own municipality without a
    radius, else every municipality whose centre lies within the radius (inclusive)."""
    if query.postcode is None and query.municipality is None:
        return None
    place = places.resolve(query.postcode, query.municipality)
    if place is None:
        what = query.postcode or query.municipality
        raise UnknownPlace(f"unknown postcode or municipality: {what!r}")
    radius = radius_km if radius_km is not None else query.radius_km
    if radius is None:
        return Location(place, None, {place.id: 0.0})
    return Location(place, radius, {p.id: d for p, d in places.within(place, radius)})


def effective_sort(query: SearchQuery, plan: TextPlan) -> SortOrder:
    """Relevance without any text means nothing: then the next start date orders."""
    if query.sort == SortOrder.RELEVANCE and plan.empty:
        return SortOrder.START_DATE
    return query.sort


def widened_radii(radius_km: float) -> list[float]:
    """The radii tried, in order, when a radius search finds nothing: x2, x4, the maximum."""
    radii = [min(radius_km * f, MAX_RADIUS_KM) for f in WIDEN_FACTORS] + [MAX_RADIUS_KM]
    return sorted({r for r in radii if r > radius_km})


def widened_note(location: Location, radius: float) -> str:
    """What a search tells the searcher when it widened the radius to find something."""
    name = location.place.nl
    return (
        f"Geen aanbod binnen {location.radius_km:g} km van {name}; "
        f"de zoekstraal is verruimd tot {radius:g} km."
    )


def build_filters(query: SearchQuery, location: Location | None, today: date) -> dict[str, Filter]:
    """Every active filter keyed by its facet (or another name), so that facet counts can drop
    their own filter (disjunctive faceting: each facet counts as if its own choice were not
    made, the usual UX, so choosing one value does not hide the others)."""
    f: dict[str, Filter] = {}

    def terms(key: FacetField, values: list[Any]) -> None:
        if values:
            f[key.value] = Terms(FACET_FIELDS[key], tuple(str(v) for v in values))

    terms(FacetField.PROVIDER, query.providers)
    terms(FacetField.SOURCE, query.sources)
    terms(FacetField.DELIVERY_MODE, [m.value for m in query.delivery_modes])
    terms(FacetField.SCHEDULE, [s.value for s in query.schedules])
    terms(FacetField.LANGUAGE, query.languages)
    terms(FacetField.FUNDING_SCHEME, [s.value for s in query.funding_schemes])
    terms(FacetField.JOINT_COMMITTEE, query.joint_committees)
    terms(FacetField.LEVEL, query.levels)
    terms(FacetField.FIELD_OF_EDUCATION, query.fields_of_education)
    terms(FacetField.CONCEPT, query.concepts)
    terms(FacetField.PROVINCE, query.provinces)
    if query.free:
        f["free"] = Flag("free", True)
    if query.free_for_me:
        f[FREE_FOR_ME_KEY] = free_for_me_filter(query.free_for_rules)
    if query.price_min is not None or query.price_max is not None:
        low = float(query.price_min) if query.price_min is not None else None
        high = float(query.price_max) if query.price_max is not None else None
        f["price"] = Range("price_min", low, high)
    if query.duration_min_hours is not None or query.duration_max_hours is not None:
        f["duration"] = Range("hours", query.duration_min_hours, query.duration_max_hours)
    if query.start_from is not None or query.start_to is not None:
        f["start"] = Range("start_dates", query.start_from, query.start_to)
    if query.upcoming_only:
        f["upcoming"] = Range("session_last_days", today, None)
    if location is not None:
        f[LOCATION_KEY] = location.filter
    return f


def facet_filters(filters: dict[str, Filter], facet: FacetField) -> list[Filter]:
    """The filters a facet's counts apply: all but the facet's own."""
    return [flt for key, flt in filters.items() if key != facet.value]


SUGGEST_KINDS = ("concept", "provider", "title")
SUGGEST_MAX_PER_KIND = {"concept": 2, "provider": 2}  # titles fill the rest


def merge_suggestions(found: dict[str, list[str]], limit: int) -> list[tuple[str, str]]:
    """(kind, text): a couple of concepts and providers first, then titles up to ``limit``."""
    out: list[tuple[str, str]] = []
    for kind in SUGGEST_KINDS:
        room = limit - len(out)
        cap = SUGGEST_MAX_PER_KIND.get(kind, room)
        seen: set[str] = set()
        for text in found.get(kind, []):
            if len(seen) >= min(cap, room):
                break
            if text not in seen:
                seen.add(text)
                out.append((kind, text))
    return out


SNIPPET_CHARS = 180  # a description's highlighted fragment, both engines


def highlight_html(fragment: str, ranges: list[tuple[int, int]]) -> str:
    """Escape crawled text and wrap the matched ranges (character offsets) in <mark>."""
    from html import escape

    out: list[str] = []
    pos = 0
    for start, end in sorted(ranges):
        if start < pos:
            continue
        out.append(escape(fragment[pos:start]))
        out.append(f"<mark>{escape(fragment[start:end])}</mark>")
        pos = end
    out.append(escape(fragment[pos:]))
    return "".join(out)
