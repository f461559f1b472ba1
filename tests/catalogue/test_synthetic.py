from __future__ import annotations

from collections import Counter

from catalogue.model import Offer
from catalogue.synthetic import flemish_places, generate_offer_data, generate_offers, query_terms


def test_same_seed_same_catalogue_other_seed_other_catalogue() -> None:
    first = [o.content_hash for o in generate_offers(200, seed=7)]
    again = [o.content_hash for o in generate_offers(200, seed=7)]
    other = [o.content_hash for o in generate_offers(200, seed=8)]
    assert first == again
    assert first != other


def test_offers_are_varied_and_located_in_flanders() -> None:
    offers = list(generate_offers(2000))
    assert len({o.id for o in offers}) == 2000
    assert len(Counter(o.title for o in offers)) > 100
    assert len({o.source for o in offers}) >= 8
    provinces = {
        s.location.province.value for o in offers for s in o.sessions if s.location is not None
    }
    assert provinces == {
        "Antwerpen",
        "Limburg",
        "Oost-Vlaanderen",
        "Vlaams-Brabant",
        "West-Vlaanderen",
    }
    assert any(o.is_free() for o in offers) and not all(o.is_free() for o in offers)


def test_places_cover_the_flemish_municipalities() -> None:
    places = flemish_places()
    municipalities = {m for _, m, _ in places}
    assert len(municipalities) > 280  # Flanders has 285-300 municipalities (mergers)
    assert ("9000", "Gent", "Oost-Vlaanderen") in places
    assert all(1000 <= int(pc) <= 9999 for pc, _, _ in places)


def test_raw_data_is_what_the_offers_validate_from() -> None:
    raw = list(generate_offer_data(300, seed=3))
    offers = list(generate_offers(300, seed=3))
    assert [Offer.model_validate(d) for d in raw] == offers
    assert all(isinstance(d, dict) and "id" not in d for d in raw)  # as a spider yields them


def test_every_query_term_finds_offers() -> None:
    offers = list(generate_offers(3000))
    titles = [o.title.lower() for o in offers]
    terms = query_terms()
    assert len(terms) >= 40
    for term in terms:
        assert any(term in t for t in titles), term
