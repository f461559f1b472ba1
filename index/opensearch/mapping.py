"""The Elasticsearch/OpenSearch index settings and mapping: the same analysis as tantivy's
(``index.tantivy.schema``) in Lucene's terms, for the engine-neutral document
(``index.documents.build_document``)."""

from __future__ import annotations

from typing import Any

from index.plan import TYPO_FIELD
from index.vocabulary import Vocabulary

# Lucene's ``dutch`` stemmer is the old Snowball (Porter) Dutch; ``dutch_kp`` (Kraaij-Pohlmann)
# gives the same stems as tantivy's ``dutch`` (the newer Snowball algorithm), so both engines
# conflate the same words: 'cursussen' -> 'cursus' (Porter: 'cursuss'). Lucene 10 may drop
# ``dutch_kp``: then the rebuild falls back to ``dutch`` (STEMMER_FALLBACK).
STEMMER = "dutch_kp"
PLAIN_ANALYZER = "nl_plain"
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
            # a part of 3 letters is found inside too many words: 'las' in 'belastingen'
            # made 'lassen' find bookkeeping (tantivy splits only whole-word compounds)
            "min_subword_size": 4,
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
                    # without compounds or synonyms: the title's compound parts (split already,
                    # index.query_words) and every query (index.opensearch.dsl), whose
                    # synonyms the plan chooses, bounded, as it does for tantivy
                    PLAIN_ANALYZER: {
                        "tokenizer": "standard",
                        "filter": [*nl_chain[:3], "nl_stem"],
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
                "title_parts": {
                    "type": "text",
                    "analyzer": PLAIN_ANALYZER,
                    "search_analyzer": "nl_search",
                },
                "description_parts": {
                    "type": "text",
                    "analyzer": PLAIN_ANALYZER,
                    "search_analyzer": "nl_search",
                },
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
