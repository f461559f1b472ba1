"""Personal-looking queries are never kept; others are counted in the engine's folded form."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.analysis import fold_words
from demand.privacy import MAX_QUERY_CHARS, normalise_query
from index.plan import clean_text


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("jan.peeters@example.be", "email"),
        ("cursus lassen jan@x", "email"),
        ("0475 12 34 56", "number"),  # mobile number, grouped
        ("04 75 12 34 56", "number"),  # no run of four digits, but ten digits in all
        ("+32475123456", "number"),
        ("85.07.30-033.61", "number"),  # national register number
        ("85073003361", "number"),
        ("BE68 5390 0754 7034", "number"),  # IBAN
        ("lassen 9000 jan peeters", "number"),  # a postcode with a name
        ("ISO 9001", "number"),  # the price of the safe side: four digits are dropped
        ("12€34 jan", "number"),  # folding would join the digits
        ("https://www.syntra.be/lassen", "url"),
        ("www.cevora.be", "url"),
        ("opleiding op vdab.be", "url"),
        ("a" * (MAX_QUERY_CHARS + 1), "too_long"),
    ],
)
def test_personal_looking_queries_are_dropped_with_the_reason(query: str, reason: str) -> None:
    found = normalise_query(query)
    assert found.text is None
    assert found.dropped == reason


@pytest.mark.parametrize(
    ("query", "folded"),
    [
        ("Lassen", "lassen"),
        ("  LÁSSEN \t", "lassen"),
        ("Coördinator   Sécurité", "coordinator securite"),
        ("NT2 niveau 1", "nt2 niveau 1"),
        ("heftruck-chauffeur", "heftruck chauffeur"),
        ("excel 365", "excel 365"),  # three digits: a version, not a person
        ("GFA", "gfa"),
        ("a" * MAX_QUERY_CHARS, "a" * MAX_QUERY_CHARS),
    ],
)
def test_other_queries_are_folded_like_the_search_engine_folds(query: str, folded: str) -> None:
    assert normalise_query(query).text == folded
    assert normalise_query(query).dropped is None


@pytest.mark.parametrize("query", ["", "   ", "\x00\t", "!!!", "…"])
def test_no_text_is_neither_counted_nor_dropped(query: str) -> None:
    found = normalise_query(query)
    assert found.text is None and found.dropped is None


@given(st.text(max_size=150))
def test_whatever_is_typed_the_kept_form_carries_no_contact_or_number(text: str) -> None:
    found = normalise_query(text)
    if found.text is None:
        return
    assert "@" not in text and not re.search(r"\d{4}", text)
    assert len(found.text) <= MAX_QUERY_CHARS
    assert found.text == fold_words(clean_text(text)) and found.text == found.text.strip()
    assert not re.search(r"\d{4}", found.text)
