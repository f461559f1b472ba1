"""The pure parts of profile-aware search: filters and bodies decided in ``index.plan`` and
``index.opensearch.dsl`` before any engine sees them."""

from __future__ import annotations

import json
from datetime import date

import pytest
from pydantic import ValidationError

from index.opensearch.dsl import filter_clause, search_body
from index.plan import (
    FREE_FOR_ME_KEY,
    AnyOf,
    Flag,
    Terms,
    build_filters,
    free_for_me,
    plan_text,
    profile_aware,
)
from index.search_query import SearchQuery, SortOrder
from index.vocabulary import default_vocabulary

TODAY = date(2026, 11, 2)


def test_free_for_me_is_free_or_a_shared_rule() -> None:
    query = SearchQuery(free_for_me=True, free_for_rules=["vdab-job-seekers", "cevora-job-seekers"])
    flt = build_filters(query, None, TODAY)[FREE_FOR_ME_KEY]
    assert flt == AnyOf(
        (Flag("free", True), Terms("funding_rules", ("cevora-job-seekers", "vdab-job-seekers")))
    )
    assert filter_clause(flt) == {
        "bool": {
            "should": [
                {"term": {"free": True}},
                {"terms": {"funding_rules": ["cevora-job-seekers", "vdab-job-seekers"]}},
            ],
            "minimum_should_match": 1,
        }
    }


def test_free_for_me_without_rules_is_free_for_everyone() -> None:
    flt = build_filters(SearchQuery(free_for_me=True), None, TODAY)[FREE_FOR_ME_KEY]
    assert flt == AnyOf((Flag("free", True),))


def test_rules_alone_do_not_filter() -> None:
    query = SearchQuery(free_for_rules=["cevora-pc200"])
    assert FREE_FOR_ME_KEY not in build_filters(query, None, TODAY)
    assert profile_aware(query) and not profile_aware(SearchQuery())
    assert free_for_me(False, ["cevora-pc200", "opleidingscheques"], query)
    assert not free_for_me(False, ["opleidingscheques"], query)
    assert free_for_me(True, [], query)


def test_my_cost_body_orders_free_first_then_price_and_keeps_the_text_as_a_filter() -> None:
    query = SearchQuery(q="lassen", sort=SortOrder.MY_COST, free_for_rules=["educam-automotive"])
    plan = plan_text(query.q, default_vocabulary())
    body = search_body(query, plan, build_filters(query, None, TODAY), None)
    assert body["sort"] == [{"_score": "desc"}, {"sort_price": "asc"}]
    bool_q = body["query"]["bool"]
    assert bool_q["must"] == [{"match_all": {}}]
    assert '"lassen"' in json.dumps(bool_q["filter"])  # the text still filters
    assert '"lassen"' not in json.dumps(bool_q["must"] + bool_q["should"])  # and does not score
    assert bool_q["should"][0]["constant_score"]["boost"] == 1.0


def test_rule_ids_are_validated() -> None:
    with pytest.raises(ValidationError):
        SearchQuery(free_for_rules=[""])
    with pytest.raises(ValidationError):
        SearchQuery(free_for_rules=["r"] * 101)
