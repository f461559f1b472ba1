"""Elasticsearch/OpenSearch JSON bodies (mapping and search), built by pure functions from the
same plan, filters and constants as tantivy (``index.queries``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from index.queries import (
    BOOST_CONCEPT_LABELS,
    BOOST_CONCEPT_MATCH,
    BOOST_DESCRIPTION,
    BOOST_PROVIDER,
    BOOST_TITLE,
    BOOST_TITLE_EXACT,
    FACET_FIELDS,
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
from index.query import FacetField, SearchQuery, SortOrder
from index.vocabulary import Vocabulary

SNIPPET_CHARS = 180
TYPO_CHECK_AGG = "_typo_check"
SOURCE_FIELDS = [
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
]


# Lucene's ``dutch`` stemmer is the old Snowball (Porter) Dutch; ``dutch_kp`` (Kraaij-Pohlmann)
# gives the same stems as tantivy's ``dutch`` (the newer Snowball algorithm), so both engines
# conflate the same words: 'cursussen' -> 'cursus' (Porter: 'cursuss'). Lucene 10 may drop
# ``dutch_kp``: then the rebuild falls back to ``dutch`` (STEMMER_FALLBACK).
STEMMER = "dutch_kp"
STEMMER_FALLBACK = "dutch"


def index_body(
    vocabulary: Vocabulary, *, shards: int = 1, stemmer: str = STEMMER
) -> dict[str, Any]:
    """Settings and mapping: Dutch analysis with compound splitting, a synonym graph at search
    time, an exact (unstemmed, folded) subfield for typo tolerance, completion suggestions,
    geo points and nested sessions. Loading settings: no replicas, no refresh."""
    synonyms = [", ".join(sorted(group)) for group in vocabulary.synonyms]
    filters: dict[str, Any] = {
        "nl_stop": {"type": "stop", "stopwords": "_dutch_"},
        "nl_stem": {"type": "stemmer", "language": stemmer},
        "nl_synonyms": {
            "type": "synonym_graph",
            "synonyms": synonyms or ["leeraanbod, leeraanbod"],
        },
    }
    nl_chain = ["lowercase", "asciifolding", "nl_stop"]
    if vocabulary.compound_words:
        filters["nl_compounds"] = {
            "type": "dictionary_decompounder",
            "word_list": vocabulary.compound_words,
            "only_longest_match": True,
        }
        nl_chain.append("nl_compounds")
    keyword = {"type": "keyword"}
    return {
        "settings": {
            "number_of_shards": shards,
            "number_of_replicas": 0,
            "refresh_interval": "-1",
            "analysis": {
                "filter": filters,
                "analyzer": {
                    "nl": {"tokenizer": "standard", "filter": [*nl_chain, "nl_stem"]},
                    # no decompounding at search time: the decompounder keeps the word and
                    # adds its parts as alternatives, so 'lasopleiding' (a synonym of
                    # 'lassen') would match every 'opleiding'; the parts are in the index
                    "nl_search": {
                        "tokenizer": "standard",
                        "filter": [
                            "lowercase",
                            "asciifolding",
                            "nl_synonyms",
                            "nl_stop",
                            "nl_stem",
                        ],
                    },
                    "nl_exact": {"tokenizer": "standard", "filter": ["lowercase", "asciifolding"]},
                    "suggest": {"tokenizer": "standard", "filter": ["lowercase", "asciifolding"]},
                },
            },
        },
        "mappings": {
            "dynamic": "strict",
            "properties": {
                "id": keyword,
                "cluster_id": keyword,
                "source": keyword,
                "sources": keyword,
                "listing_count": {"type": "integer"},
                "available_via": {"type": "object", "enabled": False},
                "funding_rules": keyword,
                "url": {"type": "keyword", "index": False},
                "title": {
                    "type": "text",
                    "analyzer": "nl",
                    "search_analyzer": "nl_search",
                    "copy_to": TYPO_FIELD,
                    "fields": {"exact": {"type": "text", "analyzer": "nl_exact"}},
                },
                "description": {
                    "type": "text",
                    "analyzer": "nl",
                    "search_analyzer": "nl_search",
                    "copy_to": TYPO_FIELD,
                },
                TYPO_FIELD: {"type": "text", "analyzer": "nl_exact"},
                "provider": {
                    "type": "keyword",
                    "fields": {"text": {"type": "text", "analyzer": "nl_exact"}},
                },
                "concepts": keyword,
                "concept_labels": {
                    "type": "text",
                    "analyzer": "nl",
                    "search_analyzer": "nl_search",
                },
                "fields_of_education": keyword,
                "funding_schemes": keyword,
                "joint_committees": keyword,
                "level": keyword,
                "languages": keyword,
                "delivery_modes": keyword,
                "schedules": keyword,
                "price_min": {"type": "double"},
                "free": {"type": "boolean"},
                "hours": {"type": "double"},
                "sessions": {
                    "type": "nested",
                    "properties": {
                        "start_date": {"type": "date"},
                        "end_date": {"type": "date"},
                        "municipality_id": keyword,
                        "municipality": keyword,
                        "postcode": keyword,
                        "delivery_mode": keyword,
                        "schedules": keyword,
                    },
                },
                "start_dates": {"type": "date"},
                "session_last_days": {"type": "date"},
                "next_start": {"type": "date"},
                "sort_start": {"type": "integer"},
                "sort_price": {"type": "double"},
                "municipalities": keyword,
                "postcodes": keyword,
                "provinces": keyword,
                "locations": {"type": "geo_point"},
                "suggest": {
                    "properties": {
                        kind: {"type": "completion", "analyzer": "suggest"}
                        for kind in ("title", "provider", "concept")
                    }
                },
                "title_folded": {"type": "keyword", "index": False},
                "next_session": {"type": "object", "enabled": False},
                "indexed_on": {"type": "date"},
                "offer_json": {"type": "keyword", "index": False, "doc_values": False},
            },
        },
    }


def unit_clause(unit: Unit, *, fuzzy: bool) -> dict[str, Any]:
    """One unit: any field may match all its words (the search analyzer expands synonyms);
    a concept named by the unit matches too; fuzzy on the exact field when asked."""
    text = unit.text

    def match(field: str, boost: float) -> dict[str, Any]:
        return {"match": {field: {"query": text, "operator": "and", "boost": boost}}}

    alternatives = [
        match("title", BOOST_TITLE),
        match("description", BOOST_DESCRIPTION),
        match("concept_labels", BOOST_CONCEPT_LABELS),
        match("provider.text", BOOST_PROVIDER),
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
    if fuzzy and len(unit.words) == 1 and typo_distance(unit.words[0]):
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
    return {"bool": {"must": [best], "should": [match("title.exact", BOOST_TITLE_EXACT)]}}


def text_clause(plan: TextPlan, *, fuzzy: bool) -> dict[str, Any] | None:
    if plan.empty:
        return None
    units = [unit_clause(u, fuzzy=fuzzy) for u in plan.units]
    return units[0] if len(units) == 1 else {"bool": {"must": units}}


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
        "_source": SOURCE_FIELDS,
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
