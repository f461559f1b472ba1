"""Provider names and places as a person reads them (dedup/providers.py, dedup/places.py): the
ways a fund names who gives the course, a name joined or split over a generic word, a name by
its initials, and the municipalities merged in 2019 and 2025 by their former names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dedup import compare, features_of
from dedup.evaluation import offer_from_row
from dedup.places import MERGED, fold, municipality_key
from dedup.providers import organiser_in, provider_of, provider_similarity


@pytest.mark.parametrize(
    ("text", "organiser"),
    [
        ("Opleidingsverstrekker: GroenKracht Opleidingen vzw. Gratis voor PC 145.", "GroenKracht"),
        ("In het atelier. Aanbieder: Cacao Atelier Vandamme bv.", "Cacao Atelier Vandamme"),
        ("Deze workshop wordt gegeven door De Keyser Haarmode in hun salon te Dendermonde.", ""),
        ("Opleidingspartner: Bouwcampus Limburg. Gratis voor arbeiders.", "Bouwcampus Limburg"),
        ("Uitgevoerd door Trafiq Opleidingen (Lokeren). Telt voor code 95.", "Trafiq Opleidingen"),
        ("Lesgever: Preventa vzw.", "Preventa"),
        ("Constructiv (uitvoering: Asbestos Safety Center)", "Asbestos Safety Center"),
        ("Formation organisée par Technifutur, à Liège.", "Technifutur"),
        ("A course delivered by Kwanto IT Training.", "Kwanto IT Training"),
    ],
)
def test_a_fund_names_the_organiser_in_many_words(text: str, organiser: str) -> None:
    found = organiser_in(text)
    assert found is not None
    assert found.startswith(organiser or "De Keyser Haarmode")
    if not organiser:
        assert found == "De Keyser Haarmode"  # not '… in hun salon te Dendermonde'


@pytest.mark.parametrize(
    "text",
    ["Prijs: 300 euro voor leden.", "Doelgroep: arbeiders uit PC 124.", "Leer lassen in 3 dagen."],
)
def test_other_words_with_a_colon_name_no_organiser(text: str) -> None:
    assert organiser_in(text) is None


def test_a_fund_naming_its_lesgever_is_that_provider() -> None:
    fund = provider_of("Sociaal Fonds Transport en Logistiek", "Lesgever: Preventa vzw.")
    assert not fund.unknown and fund.organiser_named
    assert provider_similarity(fund, provider_of("Preventa")) == 1.0
    assert provider_similarity(fund, provider_of("Prevento")) is not None
    assert provider_of("Sociaal Fonds Transport en Logistiek", "Prijs: 0 euro.").unknown


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("DataSchool", "Data School"),
        ("SecurAcademy nv", "Secur Academy"),
        ("Steigerschool", "Steiger School bv"),
        ("DigitalMind", "Digital Mind"),
    ],
)
def test_a_name_joined_or_split_over_a_generic_word_is_one_provider(a: str, b: str) -> None:
    assert provider_similarity(provider_of(a), provider_of(b)) == 1.0


@pytest.mark.parametrize(
    ("short", "long"),
    [("FTP bv", "Financial Training Partners"), ("BTC nv", "Belgian Tile Center")],
)
def test_initials_of_every_word_of_the_name_are_the_provider(short: str, long: str) -> None:
    assert provider_similarity(provider_of(short), provider_of(long)) >= 0.8


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("CVO Gent", "CVO Brussel"),  # only generic words and towns left: not one name
        ("ProSafe", "FireSafe"),
        ("BTC nv", "Brussels Training"),  # two initials of three
        ("FTP", "Financial Partners Training Group"),  # not every word
    ],
)
def test_other_providers_stay_other(a: str, b: str) -> None:
    assert provider_similarity(provider_of(a), provider_of(b)) < 0.6


WORD = st.text(alphabet="bcdfghklmnprstvz", min_size=3, max_size=7).map(str.capitalize)


@given(st.lists(WORD, min_size=2, max_size=3), st.sampled_from(["", "Academy", "School"]))
def test_a_name_written_as_one_word_is_the_same_provider(words: list[str], generic) -> None:
    split = " ".join([*words, generic]).strip()
    joined = "".join([*words, generic])
    assert provider_similarity(provider_of(split), provider_of(joined)) == 1.0


@pytest.mark.parametrize(("former", "merged"), sorted(MERGED.items()))
def test_a_merged_municipality_is_found_by_its_former_name(former: str, merged: str) -> None:
    assert municipality_key(None, former) == fold(merged)


def test_the_former_name_meets_the_new_one_and_its_postcodes() -> None:
    assert municipality_key(None, "Merelbeke") == municipality_key("9090", "Melle")
    assert municipality_key(None, "Ham") == municipality_key(None, "Tessenderlo-Ham")
    assert municipality_key(None, "Kortessem") == municipality_key("3500", None) == "hasselt"
    assert municipality_key(None, "Tielt") == "tielt"  # a current name stays itself
    assert municipality_key(None, "Sint-Niklaas") == "sint niklaas"  # no merger, no parts


def test_a_relisting_naming_the_former_town_is_the_same_run() -> None:
    run = {"d": ["2027-01-19"], "h": 12, "sch": "evening"}
    own = offer_from_row(
        {"k": "a", "s": "slager", "p": "Slagersschool", "t": "Worsten maken", "l": "9820 Merelbeke"}
        | run
    )
    fund = offer_from_row(
        {"k": "b", "s": "vdab", "p": "Slagersschool", "t": "Worsten maken", "l": "Merelbeke-Melle"}
        | run
    )
    result = compare(features_of(own), features_of(fund))
    assert not result.conflict and result.linked, result
