"""The title rules for reworded titles of one course run (stems, derivations, compounds, elided
compounds, abbreviations of the taxonomy, level compounds): each links a reworded pair, and
the gates still keep the same wording at another provider, date or level apart. Also the
lexicon: built once, and the rules degrade gracefully without the taxonomy."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

import taxonomy
import taxonomy.flemish
from catalogue.model import Offer
from dedup import compare, features_of
from dedup.blocking import block_keys
from dedup.evaluation import offer_from_row
from dedup.features import title_terms, title_words
from dedup.lexicon import EMPTY, clear_lexicon, get_lexicon
from dedup.similarity import OTHER_PROVIDER, same_term, title_similarity

_count = iter(range(10_000))


def listing(title: str, **row: Any) -> Offer:
    """A listing like the labelled sets' rows: a provider's course at 9000 Gent on 3 March,
    seen by VDAB unless said otherwise."""
    data = {"s": "vdab", "p": "Syntra Midden-Vlaanderen", "d": ["2027-03-03"], "l": "9000 Gent"}
    data.update(row)
    return offer_from_row({"k": f"x{next(_count)}", "t": title, **data})


def linked(a: Offer, b: Offer) -> bool:
    return compare(features_of(a), features_of(b)).linked


def term(word: str):
    (found,) = title_terms(word)
    return found


@pytest.fixture
def fresh_lexicon() -> Iterator[None]:
    clear_lexicon()
    yield
    clear_lexicon()


# --- a derivation: one root for the noun in -atie and the verb in -eren


def test_a_derivation_links_a_reworded_title() -> None:
    assert same_term(term("installatie"), term("installeren"), get_lexicon())
    provider = listing("Installatie van laadpalen", s="syntra-mv")
    assert linked(provider, listing("Laadpalen installeren"))


def test_a_derivation_does_not_cross_a_provider_or_a_date() -> None:
    provider = listing("Installatie van laadpalen", s="syntra-mv")
    elsewhere = listing("Laadpalen installeren", p="Elektro Peeters")
    later = listing("Laadpalen installeren", d=["2027-04-14"])
    assert compare(features_of(provider), features_of(elsewhere)).reason == OTHER_PROVIDER
    assert not linked(provider, later)


# --- one stem (Snowball, PyStemmer), but not two words the stemmer happens to merge


def test_one_stem_is_one_word() -> None:
    lexicon = get_lexicon()
    assert same_term(term("planning"), term("plannen"), lexicon)
    assert same_term(term("laadpalen"), term("laadpaal"), lexicon)
    # the Dutch stemmer gives both 'beleid'; they do not start alike
    assert term("begeleiding").stem == term("beleid").stem
    assert not same_term(term("begeleiding"), term("beleid"), lexicon)


def test_a_stem_links_a_reworded_title_but_not_another_level() -> None:
    provider = listing("Planning van onderhoudswerken - basis", s="syntra-mv")
    assert linked(provider, listing("Onderhoudswerken plannen (basis)"))
    assert not linked(provider, listing("Onderhoudswerken plannen - gevorderden"))


# --- a compound and its part, when the rest is a word of the taxonomy


def test_a_compound_matches_its_part() -> None:
    lexicon = get_lexicon()
    assert same_term(term("werkvloer"), term("werk"), lexicon)
    assert same_term(term("dakisolatie"), term("isolatie"), lexicon)
    # the rest must be a taxonomy word
    assert not same_term(term("werk"), term("werkqxyz"), lexicon)


def test_a_compound_links_a_reworded_title_but_not_another_provider() -> None:
    provider = listing("Hygiëne op de werkvloer", s="syntra-mv")
    assert linked(provider, listing("Hygiëne op het werk"))
    other = listing("Hygiëne op het werk", p="Alimento")
    assert not linked(provider, other)


# --- an elided compound: 'dak- en gevelisolatie' is 'dakisolatie en gevelisolatie'


def test_an_elided_head_borrows_the_tail_of_the_next_compound() -> None:
    dak, gevel = title_terms("Dak- en gevelisolatie")
    assert (dak.word, dak.donor) == ("dak", "gevelisolatie")
    assert gevel.donor == ""
    lexicon = get_lexicon()
    assert same_term(dak, term("dakisolatie"), lexicon)
    assert same_term(dak, term("dakisolaties"), lexicon)
    assert not same_term(dak, term("dakwerken"), lexicon)  # another compound of 'dak'
    assert title_words("MIG/MAG-lassen") == ("mig", "mag", "lassen")  # a hyphen inside a word


def test_an_elided_compound_links_a_reworded_title_but_not_another_date() -> None:
    provider = listing("Dak- en gevelisolatie", s="syntra-mv")
    assert linked(provider, listing("Dakisolatie en gevelisolatie"))
    assert not linked(provider, listing("Dakisolatie en gevelisolatie", d=["2027-05-05"]))


# --- an abbreviation and a synonym term of its concept (the Flemish layer's synonym sets)


def test_an_abbreviation_matches_the_synonyms_of_its_concept() -> None:
    lexicon = get_lexicon()
    assert same_term(term("avg"), term("gdpr"), lexicon)
    assert same_term(term("privacywetgeving"), term("gdpr"), lexicon)
    assert not same_term(term("privacywetgeving"), term("nis2"), lexicon)
    # two terms of a concept without an abbreviation between them are not made one word
    assert not same_term(term("tiltechnieken"), term("persoonsverzorging"), lexicon)


def test_a_synonym_links_a_reworded_title_but_not_another_provider() -> None:
    provider = listing("AVG voor HR-medewerkers", p="Wolters Kluwer", s="wolters-kluwer")
    fund = listing("GDPR voor HR-medewerkers", p="Wolters Kluwer Belgium", s="cevora")
    other = listing("GDPR voor HR-medewerkers", p="Unizo", s="unizo")
    assert linked(provider, fund)
    assert not linked(provider, other)
    # no title word in common: the concept makes them candidates
    short, other_short = listing("AVG voor HR"), listing("GDPR voor HR", s="cevora")
    assert block_keys(features_of(short)) & block_keys(features_of(other_short))


# --- a level word in a compound is a level: 'basiscursus' is 'basis'


def test_a_level_compound_is_a_level_marker() -> None:
    assert title_words("Barista basiscursus") == ("barista", "basis")
    assert title_words("Opfrissingscursus heftruck") == ("opfrissing", "heftruck")
    basic = features_of(listing("Latte art basiscursus"))
    advanced = features_of(listing("Latte art voor gevorderden", s="horeca-vlaanderen"))
    assert compare(basic, advanced).reason == "conflict: level or language"


# --- the known misses of the earlier held-out sets that the rules now link


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("EHBO op het werk", "Eerste hulp op de werkvloer"),
        ("Installatie van zonnepanelen (PV)", "Zonnepanelen installeren"),
        ("Til- en transfertechnieken in de zorg", "Tiltechnieken en transfers in de zorg"),
    ],
)
def test_reworded_titles_of_the_held_out_sets(a: str, b: str) -> None:
    assert linked(listing(a, s="provider"), listing(b))


# --- the lexicon: once per process, and graceful without the taxonomy


def test_the_lexicon_is_built_once(fresh_lexicon: None, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = taxonomy.load_taxonomy
    monkeypatch.setattr(taxonomy, "load_taxonomy", lambda: calls.append(1) or real())
    for title in ("Hygiëne op de werkvloer", "Hygiëne op het werk", "AVG voor HR"):
        features_of(listing(title))
    assert calls == [1]
    assert get_lexicon() is get_lexicon()


def test_without_the_taxonomy_the_bundled_layer_is_used(
    fresh_lexicon: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> None:
        raise OSError("taxonomy store unreadable")

    monkeypatch.setattr(taxonomy, "load_taxonomy", broken)
    assert get_lexicon().source == "flemish layer"
    assert linked(listing("Hygiëne op de werkvloer", s="syntra-mv"), listing("Hygiëne op het werk"))


def test_without_any_lexicon_titles_are_compared_on_stems(
    fresh_lexicon: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> None:
        raise OSError("no taxonomy here")

    monkeypatch.setattr(taxonomy, "load_taxonomy", broken)
    monkeypatch.setattr(taxonomy.flemish, "load_flemish", broken)
    lexicon = get_lexicon()
    assert lexicon is EMPTY
    provider = listing("Installatie van laadpalen", s="syntra-mv")
    assert linked(provider, listing("Laadpalen installeren"))  # stems need no lexicon
    assert linked(listing("Dak- en gevelisolatie", s="syntra-mv"), listing("Dakisolatie"))
    # compounds and synonyms need the taxonomy's words: no longer one word, nothing breaks
    assert not same_term(term("werkvloer"), term("werk"), lexicon)
    assert not same_term(term("avg"), term("gdpr"), lexicon)
    a, b = features_of(listing("AVG voor HR")), features_of(listing("GDPR voor HR", s="cevora"))
    assert 0 < title_similarity(a, b, lexicon) < 1
