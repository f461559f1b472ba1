"""Index-side decompounding (``index.query_words.compound_parts``): the parts of a Dutch
title's compounds, as words, for the title-parts field both engines search."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from core.analysis import fold_words
from index.query_words import GENERIC_WORDS, compound_parts


def test_compounds_of_a_title_give_their_parts() -> None:
    assert compound_parts("Booglassen met beklede elektrode") == "boog lassen"
    assert compound_parts("Pijplassen in alle posities") == "pijp lassen"
    assert compound_parts("Lasopleiding: halfautomatisch lassen") == "las half automatisch"


def test_ordinary_words_and_foreign_words_stay_whole() -> None:
    assert compound_parts("Lassen voor beginners") == ""
    assert compound_parts("Fotovoltaïsche installaties") == ""  # not foto+vol+tai+scheen


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abcdeghijklmnoprstuvwz ", max_size=60))
def test_every_part_comes_from_the_text(text: str) -> None:
    """Whatever the text: each part is inside one of its words, never a course's generic
    word, and a word gives at most three parts."""
    parts = compound_parts(text).split()
    folded = fold_words(text).split()
    # a verb stem is written as its infinitive (metsel -> metselen)
    assert all(any(p in w or p[:-1] in w or p[:-2] in w for w in folded) for p in parts)
    assert not set(parts) & GENERIC_WORDS
    assert len(parts) <= 3 * len(folded)
