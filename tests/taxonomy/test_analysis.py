"""Text analysis: folding, spans, stemming and decompounding."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from core.analysis import (
    Decompounder,
    abbreviation_key,
    analyse,
    analyse_label,
    fold,
    guess_language,
    raw_words,
    words,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Coördinator Sécurité", "coordinator securite"),
        ("ﬁnanciën", "financien"),
        ("VEILIGHEID", "veiligheid"),
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_words_keep_their_spans_even_when_folding_changes_length() -> None:
    text = "Coördinator ﬁnanciën en VCA"
    assert [(w, text[a:b]) for w, a, b in words(text)] == [
        ("coordinator", "Coördinator"),
        ("financien", "ﬁnanciën"),
        ("en", "en"),
        ("vca", "VCA"),
    ]
    assert [w for w, _, _ in raw_words(text)][-1] == "VCA"


@given(st.text(max_size=200))
@example("\u0f730")  # a mark that NFC decomposes: the span once pointed past the text
def test_spans_always_lie_in_the_text(text: str) -> None:
    for word, start, end in [*words(text), *raw_words(text)]:
        assert word and 0 <= start < end <= len(text)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("MIG/MAG-lassen", "lassen met MIG/MAG"),  # order differs: same tokens
        ("lassen", "las"),  # undoubled Dutch stem
        ("heftrucks", "heftruck"),
        ("veiligheidscoördinator", "Veiligheidscoordinator"),
    ],
)
def test_labels_that_meet(a: str, b: str) -> None:
    assert sorted(analyse_label(a, "nl").split()) == sorted(analyse_label(b, "nl").split())


def test_stop_words_are_dropped_and_other_languages_use_their_stemmer() -> None:
    assert analyse_label("werken op hoogte", "nl") == analyse_label("werken in de hoogte", "nl")
    assert analyse_label("soudage", "fr") == analyse_label("soudages", "fr")
    assert analyse_label("welding", "en") == analyse_label("weld", "en")


def test_abbreviation_keys_keep_case() -> None:
    assert abbreviation_key("MIG/MAG") == "MIG MAG"
    assert abbreviation_key("B-VCA") == "B VCA"


def test_decompounder_splits_only_into_known_words() -> None:
    decompounder = Decompounder(["las", "heftruck", "veilig", "regel", "coordinator"])
    assert decompounder.split("lasopleiding") == ("las", "opleid")
    assert decompounder.split("heftruckcursus") == ("heftruck", "cursus")
    assert decompounder.split("veiligheidsregels") is None  # 'veiligheid' is not known
    assert decompounder.split("lasagne") is None
    assert decompounder.split("heftruck") is None  # known words stay whole
    tokens = analyse("TIG-lasopleiding", "nl", decompounder)
    assert [t.term for t in tokens] == ["tig", "las", "opleid"]
    assert [t.part for t in tokens] == [False, True, True]
    assert {(t.start, t.end) for t in tokens[1:]} == {(4, 16)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Je leert de basis van het lassen met een elektrode.", "nl"),
        ("Vous apprenez la conduite du chariot élévateur avec une attestation.", "fr"),
        ("You will learn how to weld with the MIG process.", "en"),
        ("Excel", "nl"),  # too little to tell: the default
    ],
)
def test_guess_language(text: str, expected: str) -> None:
    assert guess_language(text) == expected
