"""The query plan (``index.plan``) as Elasticsearch/OpenSearch query DSL: the JSON bodies of a
search, a suggestion, the course-run listing and the generation check, built by pure functions
from the same plan, filters and constants as tantivy's (``index.tantivy.translate``). The
index settings and mapping are in ``index.opensearch.mapping``."""

from __future__ import annotations

from datetime import date
from typing import Any

from index.hits import HIT_FIELDS
from index.opensearch.mapping import PLAIN_ANALYZER
from index.plan import (
    BOOST_CONCEPT_LABELS,
    BOOST_CONCEPT_MATCH,
    BOOST_DESCRIPTION,
    BOOST_FULL_MATCH,
    BOOST_LANGUAGE,
    BOOST_PLACE,
    BOOST_PROVIDER,
    BOOST_SYNONYM,
    BOOST_TITLE,
    BOOST_TITLE_EXACT,
    BOOST_TITLE_PARTS,
    FACET_FIELDS,
    SNIPPET_CHARS,
    TIE_BREAKER,
    TRACK_TOTAL_HITS,
    TYPO_FIELD,
    AnyOf,
    Filter,
    Flag,
    Location,
    Terms,
    TextPlan,
    Unit,
    effective_sort,
    free_for_me_filter,
    typo_distance,
)
from index.search_query import FacetField, SearchQuery, SortOrder

TYPO_CHECK_AGG = "_typo_check"


def unit_clause(unit: Unit, *, fuzzy: bool) -> dict[str, Any]:
    """One unit: any field may match all its words, or the plan's synonyms (bounded, as
    tantivy searches them: the mapping's synonym graph would expand every alternative label
    of the taxonomy); a concept named by the unit matches too; fuzzy on the exact field."""
    text = unit.text

    def match(field: str, boost: float, query: str = text, plain: bool = True) -> dict:
        body: dict[str, Any] = {"query": query, "operator": "and", "boost": boost}
        if plain:
            body["analyzer"] = PLAIN_ANALYZER
        return {"match": {field: body}}

    alternatives = [
        match("title", BOOST_TITLE),
        match("title_parts", BOOST_TITLE_PARTS),
        match("description", BOOST_DESCRIPTION),
        match("description_parts", BOOST_DESCRIPTION),
        match("concept_labels", BOOST_CONCEPT_LABELS),
        match("provider.text", BOOST_PROVIDER, plain=False),
    ]
    if unit.concepts:
        alternatives.append(
            {
                "constant_score": {
                    "filter": {"terms": {"concepts": sorted(unit.concepts)}},
                    "boost": BOOST_CONCEPT_MATCH,
                }
            }
        )
    for synonym in sorted(unit.synonyms):
        # stemmed, without the index analyser's compounds (they would split 'lasopleiding'
        # into parts that match everywhere) or the synonym graph (past the clause limit)
        alternatives.append(match("title", BOOST_TITLE * BOOST_SYNONYM, synonym))
        alternatives.append(match("description", BOOST_DESCRIPTION * BOOST_SYNONYM, synonym))
        parts = match("description_parts", BOOST_DESCRIPTION * BOOST_SYNONYM, synonym)
        alternatives.append(parts)
    if (fuzzy or unit.fuzzy) and len(unit.words) == 1 and typo_distance(unit.words[0]):
        alternatives.append(
            {
                "fuzzy": {
                    TYPO_FIELD: {
                        "value": unit.words[0],
                        "fuzziness": typo_distance(unit.words[0]),
                        "prefix_length": 0,
                        "max_expansions": 50,
                        "transpositions": True,
                        "boost": BOOST_DESCRIPTION,
                    }
                }
            }
        )
    best = {"dis_max": {"queries": alternatives, "tie_breaker": TIE_BREAKER}}
    # the exact (unstemmed) title word is a bonus on top: it outranks a stem sibling
    bonus = match("title.exact", BOOST_TITLE_EXACT, plain=False)
    return {"bool": {"must": [best], "should": [bonus]}}


def text_clause(plan: TextPlan, *, fuzzy: bool = False) -> dict[str, Any] | None:
    """Every unit must match (relaxed: any, a full match above all); the place named in the
    text lifts the offers given there."""
    if plan.empty:
        return None
    units = [unit_clause(u, fuzzy=fuzzy) for u in plan.units]
    if len(units) == 1:
        core = units[0]
    elif plan.relaxed:
        full = {"bool": {"must": units, "boost": BOOST_FULL_MATCH}}
        core = {"bool": {"should": [full, *units], "minimum_should_match": 1}}
    else:
        core = {"bool": {"must": units}}
    lifts = []
    if plan.place is not None:
        here = {"terms": {"municipalities": [plan.place.id]}}
        lifts.append({"constant_score": {"filter": here, "boost": BOOST_PLACE}})
    if plan.language is not None:
        same = {"terms": {"languages": [plan.language]}}
        lifts.append({"constant_score": {"filter": same, "boost": BOOST_LANGUAGE}})
    if not lifts:
        return core
    return {"bool": {"must": [core], "should": lifts}}


def filter_clause(flt: Filter) -> dict[str, Any]:
    if isinstance(flt, Terms):
        return {"terms": {flt.field: list(flt.values)}}
    if isinstance(flt, Flag):
        return {"term": {flt.field: flt.value}}
    if isinstance(flt, AnyOf):
        options = [filter_clause(o) for o in flt.options]
        return {"bool": {"should": options, "minimum_should_match": 1}}
    bounds: dict[str, Any] = {}
    if flt.low is not None:
        bounds["gte"] = flt.low.isoformat() if isinstance(flt.low, date) else flt.low
    if flt.high is not None:
        bounds["lte"] = flt.high.isoformat() if isinstance(flt.high, date) else flt.high
    if flt.field == "start_dates":  # any (live) session starting in the range
        return {"nested": {"path": "sessions", "query": {"range": {"sessions.start_date": bounds}}}}
    return {"range": {flt.field: bounds}}


def search_body(
    query: SearchQuery,
    plan: TextPlan,
    filters: dict[str, Filter],
    location: Location | None,
    *,
    fuzzy: bool = False,
    typo_check: bool = False,
) -> dict[str, Any]:
    """Filters owned by a facet go to ``post_filter`` so each facet's aggregation can apply all
    the others (disjunctive faceting, the same counts as tantivy); the rest go in the query."""
    facet_keys = {f.value for f in FacetField}
    query_filters = [filter_clause(f) for k, f in filters.items() if k not in facet_keys]
    post = {k: filter_clause(f) for k, f in filters.items() if k in facet_keys}
    text = text_clause(plan, fuzzy=fuzzy)
    bool_q: dict[str, Any] = {"filter": query_filters}
    if text is not None:
        bool_q["must"] = [text]
    body: dict[str, Any] = {
        "query": {"bool": bool_q},
        "from": query.offset,
        "size": query.page_size,
        "track_total_hits": TRACK_TOTAL_HITS,
        "_source": list(HIT_FIELDS),
    }
    if post:
        body["post_filter"] = {"bool": {"filter": list(post.values())}}
    aggs: dict[str, Any] = {}
    for facet in query.facets:
        others = [clause for key, clause in post.items() if key != facet.value]
        terms = {"terms": {"field": FACET_FIELDS[facet], "size": 10_000}}
        aggs[facet.value] = {"filter": {"bool": {"filter": others}}, "aggs": {"values": terms}}
    if typo_check and text is not None:
        check = text_clause(plan, fuzzy=False)
        aggs[TYPO_CHECK_AGG] = {"global": {}, "aggs": {"text": {"filter": check}}}
    if aggs:
        body["aggs"] = aggs
    sort = effective_sort(query, plan)
    if sort == SortOrder.START_DATE:
        body["sort"] = [{"sort_start": "asc"}, "_score"]
    elif sort == SortOrder.PRICE:
        body["sort"] = [{"sort_price": "asc"}, "_score"]
    elif sort == SortOrder.MY_COST:
        # the score is 1 for an offer free for the searcher, 0 otherwise: then by price
        free = filter_clause(free_for_me_filter(query.free_for_rules))
        # (the text only filters: every hit scores 1 from match_all, plus 1 when free for me)
        bool_q["filter"] = bool_q["filter"] + bool_q.pop("must", [])
        bool_q["must"] = [{"match_all": {}}]
        bool_q["should"] = [{"constant_score": {"filter": free, "boost": 1.0}}]
        body["sort"] = [{"_score": "desc"}, {"sort_price": "asc"}]
    elif sort == SortOrder.DISTANCE and location is not None:
        centre = {"lat": location.place.lat, "lon": location.place.lon}
        body["sort"] = [
            {"_geo_distance": {"locations": centre, "order": "asc", "unit": "km", "mode": "min"}},
            "_score",
        ]
    if text is not None:
        body["highlight"] = {
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
            "encoder": "html",
            "fields": {
                "title": {"number_of_fragments": 0},
                "description": {"fragment_size": SNIPPET_CHARS, "number_of_fragments": 1},
            },
        }
    return body


def suggest_body(prefix: str, limit: int) -> dict[str, Any]:
    """One completion suggester per kind (titles, providers, concept labels)."""

    def completion(kind: str) -> dict[str, Any]:
        field = {"field": f"suggest.{kind}", "size": limit, "skip_duplicates": True}
        return {"prefix": prefix, "completion": field}

    return {
        "_source": ["title", "provider"],
        "suggest": {kind: completion(kind) for kind in ("title", "provider", "concept")},
    }


RUN_IDS_PAGE = 10_000  # composite aggregation buckets per request


def course_run_ids_body(flt: Filter, after: dict[str, Any] | None = None) -> dict[str, Any]:
    """Every cluster id of the documents matching ``flt``, a page of a composite aggregation
    (in key order; ``after`` is the previous page's ``after_key``)."""
    composite: dict[str, Any] = {
        "size": RUN_IDS_PAGE,
        "sources": [{"cluster_id": {"terms": {"field": "cluster_id"}}}],
    }
    if after is not None:
        composite["after"] = after
    return {
        "size": 0,
        "track_total_hits": False,
        "query": {"bool": {"filter": [filter_clause(flt)]}},
        "aggs": {"runs": {"composite": composite}},
    }


def generation_body() -> dict[str, Any]:
    """The live index's newest document by sequence number, and the document count: together
    with the concrete index name they change with every rebuild, update or delete. (New writes
    get higher sequence numbers, so count and newest number return to an earlier pair only
    when the documents are that pair's documents again.)"""
    return {
        "size": 1,
        "_source": False,
        "track_total_hits": True,
        "seq_no_primary_term": True,
        "sort": [{"_seq_no": "desc"}],
    }


# fields and the analyser the mapping gained with index-side compound parts (2026-12-02)
NEWER_FIELDS = frozenset({"title_parts", "description_parts"})


def for_older_mapping(body: Any) -> Any:
    """``body`` as an index built before :data:`NEWER_FIELDS` and ``PLAIN_ANALYZER`` can answer
    it: without clauses on those fields, and each match with its field's own search analyser.
    An upgrade then keeps answering (as the older version ranked) until the next rebuild."""
    if isinstance(body, list):
        return [for_older_mapping(v) for v in body if not _on_newer_field(v)]
    if isinstance(body, dict):
        return {
            k: for_older_mapping(v)
            for k, v in body.items()
            if not (k == "analyzer" and v == PLAIN_ANALYZER)
        }
    return body


def _on_newer_field(clause: Any) -> bool:
    if not isinstance(clause, dict) or len(clause) != 1:
        return False
    ((kind, inner),) = clause.items()
    return kind == "match" and isinstance(inner, dict) and bool(set(inner) & NEWER_FIELDS)
