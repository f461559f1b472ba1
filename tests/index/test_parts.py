"""The pure parts: places, vocabulary, document builder, query planning, highlighting."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from index.documents import build_document, isced_with_broader, lowest_price, suggest_inputs
from index.geo import distance_km, gazetteer
from index.plan import (
    build_filters,
    highlight_html,
    merge_suggestions,
    plan_text,
    resolve_location,
    typo_distance,
    widened_radii,
)
from index.search_query import SearchQuery
from index.vocabulary import Vocabulary, default_vocabulary
from taxonomy.core import Taxonomy
from taxonomy.model import Concept
from tests.factories import make_offer


def test_every_postcode_and_municipality_resolves() -> None:
    g = gazetteer()
    assert len(g.places) == 565
    assert all(-90 <= p.lat <= 90 and p.postcodes for p in g.places)
    gent = g.for_postcode("9000")
    assert gent and gent.nl == "Gent" and gent.province == "Oost-Vlaanderen"
    assert g.for_postcode("9032") is gent  # a deelgemeente's postcode
    assert g.for_name("GAND") is gent and g.for_name("gent") is gent
    assert g.for_name("sint niklaas") is g.for_name("Sint-Niklaas")
    assert g.for_postcode("1541").nl == "Pajottegem"  # merged in 2025
    assert g.for_postcode("3500").province == "Limburg"
    assert g.for_postcode("1000").province == "Brussel"
    assert g.for_postcode("0999") is None


def test_distances_are_plausible() -> None:
    g = gazetteer()
    gent, antwerpen, brugge = (g.for_name(n) for n in ("Gent", "Antwerpen", "Brugge"))
    assert 48 < distance_km(gent.lat, gent.lon, antwerpen.lat, antwerpen.lon) < 55
    assert 35 < distance_km(gent.lat, gent.lon, brugge.lat, brugge.lon) < 45
    around = g.within(gent, 10)
    assert around[0] == (gent, 0.0)
    assert [d for _, d in around] == sorted(d for _, d in around)


def test_radius_boundary_is_inclusive() -> None:
    g = gazetteer()
    gent = g.for_postcode("9000")
    lochristi_km = next(d for p, d in g.within(gent, 20) if p.nl == "Lochristi")
    query = SearchQuery(postcode="9000", radius_km=lochristi_km)
    location = resolve_location(query, g)
    assert g.for_name("Lochristi").id in location.distances
    shorter = resolve_location(query, g, radius_km=lochristi_km - 0.001)
    assert g.for_name("Lochristi").id not in shorter.distances


def test_widened_radii() -> None:
    assert widened_radii(10) == [20, 40, 200]
    assert widened_radii(150) == [200]
    assert widened_radii(200) == []


def test_vocabulary_concepts_synonyms_and_ancestors() -> None:
    v = default_vocabulary()
    assert v.concepts_for("Cours de soudage à Gand") == {"skill:welding"}
    assert v.concepts_for("MIG/MAG welding") >= {"skill:mig-mag-welding"}
    assert v.with_ancestors(["skill:mig-mag-welding"]) == {
        "skill:mig-mag-welding",
        "skill:welding",
        "skill:metalworking",
    }
    assert v.synonyms_for("een vorkheftruck besturen") == {"vorkheftruck": {"heftruck"}}
    assert "heftruck" in v.compound_words


def test_plan_groups_known_phrases_and_drops_stop_words() -> None:
    plan = plan_text("een VCA opleiding voor veiligheid checklist aannemers", default_vocabulary())
    # 'opleiding' is a word every offer shares: dropped when others remain
    assert [u.text for u in plan.units] == ["vca", "veiligheid checklist aannemers"]
    assert plan.units[0].synonyms == {"veiligheid checklist aannemers"}
    assert plan_text("de het een", default_vocabulary()).empty
    assert plan_text('title:x "* NEAR(\x00', default_vocabulary()).words == ("title", "x", "near")


@pytest.mark.parametrize(
    ("word", "distance"),
    [("bal", 0), ("kapr", 0), ("kappr", 1), ("veiligh", 1), ("metselaar", 2), ("12345", 0)],
)
def test_typo_distance_grows_with_word_length(word: str, distance: int) -> None:
    assert typo_distance(word) == distance


def test_highlight_escapes_everything_but_mark() -> None:
    html = highlight_html("<b>R&D</b> lassen", [(11, 17)])
    assert html == "&lt;b&gt;R&amp;D&lt;/b&gt; <mark>lassen</mark>"


def test_filters_are_keyed_by_facet() -> None:
    q = SearchQuery(sources=["vdab"], free=True, upcoming_only=True, levels=[3])
    filters = build_filters(q, None, date(2026, 11, 2))
    assert set(filters) == {"source", "free", "upcoming", "level"}
    assert filters["level"].values == ("3",)


def test_document_builder() -> None:
    offer = make_offer(
        fields_of_education=["0715"],
        competences=[{"concept_id": "skill:mig-mag-welding", "score": 1, "method": "label"}],
        funding=[{"scheme": "sector_fund", "joint_committees": ["111.00"]}],
        prices=[{"amount": "12.50", "unit": "per_hour"}],
        duration={"hours": 8},
        sessions=[
            {"start_date": "2026-12-01", "location": {"postcode": "9032"}},
            {"start_date": "2026-12-05", "status": "cancelled", "location": {"postcode": "2000"}},
            {"start_date": "2026-01-01", "location": {"postcode": "3500"}},
        ],
    )
    doc = build_document(offer, default_vocabulary(), date(2026, 11, 2))
    assert doc["fields_of_education"] == ["07", "071", "0715"]
    assert doc["concepts"] == ["skill:metalworking", "skill:mig-mag-welding", "skill:welding"]
    assert doc["price_min"] == 100.0 and doc["free"] is False
    g = gazetteer()
    assert doc["municipalities"] == sorted([g.for_postcode("9032").id, g.for_postcode("3500").id])
    assert doc["provinces"] == ["Limburg", "Oost-Vlaanderen"]  # the cancelled session is out
    assert doc["next_start"] == "2026-12-01"
    assert doc["start_dates"] == ["2026-01-01", "2026-12-01"]
    assert doc["next_session"]["municipality"] == "Gent"
    assert doc["joint_committees"] == ["111.00"]


def test_lowest_price_and_suggest_inputs() -> None:
    assert lowest_price(make_offer(prices=[])) is None
    assert lowest_price(make_offer(prices=[{"amount": "300"}, {"amount": "250"}])) == Decimal(
        "250.00"
    )
    assert suggest_inputs("Lasser MIG/MAG") == ["Lasser MIG/MAG", "MIG/MAG"]


def test_merge_suggestions_caps_concepts_and_providers() -> None:
    found = {"concept": ["a", "b", "c"], "provider": ["p"], "title": ["t1", "t2", "t3"]}
    assert merge_suggestions(found, 5) == [
        ("concept", "a"),
        ("concept", "b"),
        ("provider", "p"),
        ("title", "t1"),
        ("title", "t2"),
    ]
    assert merge_suggestions(found, 1) == [("concept", "a")]
    assert isced_with_broader(["0411", "0413"]) == ["04", "041", "0411", "0413"]


def test_vocabulary_from_the_taxonomy() -> None:
    """Every label of every language (abbreviations too), broader concepts, Dutch names, and
    the Flemish layer's synonym sets and compound words."""
    concepts = [
        Concept(
            "vl:lassen",
            "flemish",
            "skill",
            preferred={"nl": "lassen", "fr": "soudage", "en": "welding"},
        ),
        Concept(
            "vl:tig",
            "flemish",
            "skill",
            preferred={"nl": "TIG-lassen", "fr": "soudage TIG"},
            alternative={"nl": ["wolfraaminertgaslassen"]},
            abbreviations=["TIG"],
            broader=["vl:lassen"],
        ),
    ]
    v = Vocabulary.from_taxonomy(Taxonomy(concepts))
    assert v.concepts_for("cours de soudage") == {"vl:lassen"}
    assert v.concepts_for("tig") == {"vl:tig"}
    assert v.concept_names == {"vl:lassen": "lassen", "vl:tig": "TIG-lassen"}
    assert v.with_ancestors(["vl:tig"]) == {"vl:tig", "vl:lassen"}
    assert v.synonyms_for("welding") == {"welding": {"lassen", "soudage"}}
    assert "lassen" in v.compound_words
    assert v.fingerprint() != default_vocabulary().fingerprint()


def test_clean_text_drops_characters_engines_reserve() -> None:
    from index.plan import clean_text

    assert clean_text("las\x1fser\x00 mig\u200b  mag\n") == "las ser mig mag"


def test_places_abroad_are_not_taken_for_belgian_ones() -> None:
    offer = make_offer(
        sessions=[
            {"start_date": "2026-12-01", "location": {"country": "NL", "postcode": "4811"}},
        ]
    )
    doc = build_document(offer, default_vocabulary(), date(2026, 11, 2))
    assert doc["municipalities"] == [] and doc["provinces"] == []
    assert doc["postcodes"] == ["4811"]


def test_opensearch_counts_every_hit_as_tantivy_does() -> None:
    # a capped count (OpenSearch's default is 10,000) made the engines disagree at 1M offers
    from index.opensearch.dsl import search_body
    from index.plan import build_filters, plan_text

    query = SearchQuery(q="lassen")
    plan = plan_text(query.q, default_vocabulary())
    body = search_body(query, plan, build_filters(query, None, date(2026, 11, 27)), None)
    assert body["track_total_hits"] is True


def test_the_vocabulary_keeps_its_read_only_maps_compact() -> None:
    """Shared by every serving process: the label, broader and essential maps hold tuples
    (a set of one id takes four times the memory), merged under the folded label, and the
    lookups answer as before."""
    vocabulary = Vocabulary(
        concept_labels={"Lassen": {"b"}, "lassen": {"a"}, "soudage": {"a"}},
        broader={"a": {"top"}},
        essential={"occ": {"a", "b"}},
    )
    assert vocabulary.concept_labels == {"lassen": ("a", "b"), "soudage": ("a",)}
    assert all(isinstance(v, tuple) for v in vocabulary.broader.values())
    assert vocabulary.concepts_for("cursus Lassen") == {"a", "b"}
    assert vocabulary.concepts_for_label("soudage") == frozenset({"a"})
    assert vocabulary.with_ancestors(["a"]) == {"a", "top"}
    assert vocabulary.essential_skills(["occ"]) == {"a", "b"}
