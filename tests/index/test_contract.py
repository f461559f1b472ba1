"""One contract, both engines: the same corpus must give the same answers in tantivy and in a
live OpenSearch node."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from catalogue.model import Offer
from funding import free_for_everyone
from index.base import SearchIndex
from index.geo import gazetteer
from index.search_query import MAX_RESULT_DEPTH, FacetField, SearchQuery
from index.vocabulary import default_vocabulary
from tests.index import oracle
from tests.index.corpus import TODAY, by_title


def search_ids(engine: SearchIndex, **params: object) -> list[str]:
    params.setdefault("page_size", 50)
    return [h.id for h in engine.search(SearchQuery(**params)).hits]  # type: ignore[arg-type]


def titles(engine: SearchIndex, **params: object) -> list[str]:
    params.setdefault("page_size", 50)
    return [h.title for h in engine.search(SearchQuery(**params)).hits]  # type: ignore[arg-type]


# ---------------------------------------------------------------- relevance and analysis
def test_title_match_ranks_before_description_match(engine: SearchIndex) -> None:
    found = titles(engine, q="lassen")
    assert found[0] == "Lassen voor beginners"
    assert set(found) == {
        "Lassen voor beginners",
        "Lasser MIG/MAG",
        "Metaalbewerking: draaien en frezen",
    }
    assert found[-1] == "Metaalbewerking: draaien en frezen"  # only its description says it


def test_dutch_stemming_plural_finds_singular(engine: SearchIndex) -> None:
    found = titles(engine, q="opleidingen verpleegkunde")
    assert found == ["Opleiding verpleegkunde: bijscholing wondzorg"]
    # the same (Kraaij-Pohlmann) stems in both engines: Porter would leave 'cursuss'
    # ('cursussen' itself need not match: every offer is a course, see query_words)
    assert "Oude cursus boekhouden" in titles(engine, q="cursussen boekhouden")


def test_exact_word_outranks_a_stem_sibling(engine: SearchIndex) -> None:
    # 'veiligheid' and 'veilingen' share the stem 'veil'; the exact word ranks first
    found = titles(engine, q="veiligheid")
    assert found[0] == "Veiligheid op de werf (VCA)"
    assert titles(engine, q="veilingen")[0] == "Online veilingen organiseren"


def test_accents_fold_both_ways(engine: SearchIndex) -> None:
    assert titles(engine, q="cafe") == ["Een café uitbaten: horeca starten"]
    assert titles(engine, q="CAFÉ") == ["Een café uitbaten: horeca starten"]
    hit = engine.search(SearchQuery(q="cafe")).hits[0]
    assert hit.highlights["title"] == ["Een <mark>café</mark> uitbaten: horeca starten"]
    # the text match ranks first; the concept 'néerlandais' (= Nederlands) brings the other
    assert titles(engine, q="neerlandais") == [
        "Cours de néerlandais",
        "Nederlands voor anderstaligen",
    ]


def test_compound_word_and_synonym(engine: SearchIndex) -> None:
    assert titles(engine, q="chauffeur") == ["Heftruckchauffeur"]
    assert titles(engine, q="vorkheftruck") == ["Heftruckchauffeur"]


def test_stop_words_need_not_match(engine: SearchIndex) -> None:
    assert titles(engine, q="lassen voor de") == titles(engine, q="lassen")


def test_typo_tolerance_finds_the_intended_word(engine: SearchIndex) -> None:
    # the word is corrected to one that finds offers, and the answer says so
    typo = engine.search(SearchQuery(q="veiligheit"))
    assert typo.corrected_q == "veiligheid"
    assert titles(engine, q="veiligheit") == titles(engine, q="veiligheid")
    assert titles(engine, q="veiligheit")[0] == "Veiligheid op de werf (VCA)"
    assert titles(engine, q="boekhoudingg")[0] == "Boekhouding voor kmo's"
    one_wrong = engine.search(SearchQuery(q="lassen beginnrs"))  # one word wrong
    # the one offer with both words first; fewer than 3 such: other welding courses follow
    assert one_wrong.hits[0].title == "Lassen voor beginners"
    assert one_wrong.corrected_q == "lassen beginners"
    assert engine.search(SearchQuery(q="lassen")).corrected_q is None


def test_typo_tolerance_does_not_misfire(engine: SearchIndex, offers: list[Offer]) -> None:
    # enough exact hits: no fuzzy expansion ('kipper' is one edit from 'kapper')
    kapper = titles(engine, q="kapper")
    assert len(kapper) == 3 and all("Kapper" in t for t in kapper)
    # short words are never fuzzy
    assert titles(engine, q="bal") == []
    # names are never fuzzy: a misspelt provider finds nothing
    assert titles(engine, q="Cevoar") == []
    assert set(titles(engine, q="Cevora")) == {
        o.title for o in offers if "Cevora" in o.provider.name
    }


def test_cross_lingual_concept_search_includes_narrower(engine: SearchIndex) -> None:
    welding = {"Lasser MIG/MAG", "Lassen voor beginners"}  # MIG/MAG is narrower than welding
    assert welding <= set(titles(engine, q="welding")) == set(titles(engine, q="lassen"))
    assert welding <= set(titles(engine, q="soudage")) == set(titles(engine, q="lassen"))
    assert titles(engine, q="comptabilité")[0] == "Boekhouding voor kmo's"


def test_user_text_is_never_query_syntax(engine: SearchIndex) -> None:
    # 'title' is a word like any other (no offer has it: the plan is relaxed to 'Lasser')
    assert search_ids(engine, q="title:Lasser") == search_ids(engine, q="title Lasser")
    assert engine.search(SearchQuery(q="title:Lasser")).relaxed
    # OR is a word, no operator: as if it were not there (no offer has both, so relaxed)
    assert search_ids(engine, q="Lasser OR Kapper") == search_ids(engine, q="Lasser Kapper")
    assert search_ids(engine, q='"Lasser') == search_ids(engine, q="Lasser")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.text(
        alphabet=st.sampled_from(list('"*NEAR( OR title:\x00~^\\/[]{}-+!&|lasn ')),
        max_size=60,
    )
)
def test_hostile_text_never_raises(engine: SearchIndex, q: str) -> None:
    results = engine.search(SearchQuery(q=q))
    assert results.total >= 0
    engine.suggest(q)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=200))
def test_any_unicode_text_never_raises(engine: SearchIndex, q: str) -> None:
    assert engine.search(SearchQuery(q=q, page_size=5)).total >= 0
    engine.suggest(q)


# ---------------------------------------------------------------- filters
FILTER_CASES = [
    ({"providers": ["Syntra West"]}, lambda o: o.provider.name == "Syntra West"),
    ({"sources": ["cevora"]}, lambda o: o.source == "cevora"),
    (
        {"delivery_modes": ["online_self_paced"]},
        lambda o: any(s.delivery_mode == "online_self_paced" for s in oracle.live(o)),
    ),
    ({"schedules": ["weekend"]}, lambda o: any("weekend" in s.schedule for s in oracle.live(o))),
    ({"languages": ["fr"]}, lambda o: "fr" in o.languages),
    (
        {"funding_schemes": ["opleidingscheques"]},
        lambda o: any(f.scheme == "opleidingscheques" for f in o.funding),
    ),
    (
        {"joint_committees": ["124"]},
        lambda o: any("124" in f.joint_committees for f in o.funding),
    ),
    ({"levels": [6]}, lambda o: o.level is not None and o.level.value == 6),
    (  # a broad ISCED-F field finds the detailed codes under it
        {"fields_of_education": ["07"]},
        lambda o: any(c.startswith("07") for c in o.fields_of_education),
    ),
    (  # a broad concept finds offers tagged with a narrower one
        {"concepts": ["skill:welding"]},
        lambda o: any("welding" in c.concept_id for c in o.competences),
    ),
    ({"provinces": ["Limburg"]}, lambda o: "Limburg" in oracle.provinces(o)),
    (
        {"price_min": Decimal("100"), "price_max": Decimal("500")},
        lambda o: oracle.price(o) is not None and 100 <= oracle.price(o) <= 500,
    ),
    # free for everyone: € 0 and not a fund's course free for its members only
    ({"free": True}, lambda o: free_for_everyone(o, TODAY)),
    (
        {"duration_min_hours": 50, "duration_max_hours": 130},
        lambda o: o.duration is not None and 50 <= o.duration.approx_hours() <= 130,
    ),
    (
        {"start_from": TODAY + timedelta(days=30), "start_to": TODAY + timedelta(days=45)},
        lambda o: any(
            s.start_date
            and TODAY + timedelta(days=30) <= s.start_date <= TODAY + timedelta(days=45)
            for s in oracle.live(o)
        ),
    ),
    ({"upcoming_only": True}, lambda o: bool(o.upcoming_sessions(TODAY))),
]


@pytest.mark.parametrize(
    ("params", "keep"), FILTER_CASES, ids=[next(iter(p)) for p, _ in FILTER_CASES]
)
def test_every_filter(engine: SearchIndex, offers: list[Offer], params: dict, keep) -> None:
    expected = oracle.ids(offers, keep)
    assert expected, "the corpus must exercise the filter"
    assert expected != {o.id for o in offers}, "the filter must exclude something"
    found = engine.search(SearchQuery(page_size=50, **params))
    assert {h.id for h in found.hits} == expected
    assert found.total == len(expected)


def test_filters_combine_with_text(engine: SearchIndex) -> None:
    # Educam's € 0 course is free for its joint committees only: not free for everyone
    assert titles(engine, q="lassen", free=True) == ["Lasser MIG/MAG"]
    assert titles(engine, q="lassen", sources=["syntra"]) == ["Lassen voor beginners"]


def test_unknown_filter_value_is_a_validation_error() -> None:
    with pytest.raises(ValidationError):
        SearchQuery(delivery_modes=["by_pigeon"])  # type: ignore[list-item]
    with pytest.raises(ValidationError):
        SearchQuery(price_min=Decimal("500"), price_max=Decimal("100"))
    with pytest.raises(ValidationError):
        SearchQuery(radius_km=10)


# ---------------------------------------------------------------- facets
def test_facet_counts_are_exact_and_drop_their_own_filter(
    engine: SearchIndex, offers: list[Offer]
) -> None:
    result = engine.search(SearchQuery(sources=["syntra"], page_size=1))
    syntra = [o for o in offers if o.source == "syntra"]
    facets = {f: {c.value: c.count for c in counts} for f, counts in result.facets.items()}
    assert set(facets) == set(FacetField)
    # the source facet ignores the source filter: every source with its full count
    assert facets[FacetField.SOURCE] == oracle.counts(offers, lambda o: [o.source])
    # every other facet counts the filtered set
    assert facets[FacetField.PROVIDER] == oracle.counts(syntra, lambda o: [o.provider.name])
    assert facets[FacetField.FUNDING_SCHEME] == oracle.counts(
        syntra, lambda o: [f.scheme.value for f in o.funding]
    )
    assert facets[FacetField.LEVEL] == oracle.counts(
        syntra, lambda o: [str(o.level.value)] if o.level else []
    )
    assert facets[FacetField.PROVINCE] == oracle.counts(syntra, oracle.provinces)
    assert facets[FacetField.SCHEDULE] == oracle.counts(
        syntra, lambda o: [x.value for s in oracle.live(o) for x in s.schedule]
    )


def test_facets_with_text_and_radius(engine: SearchIndex, offers: list[Offer]) -> None:
    result = engine.search(SearchQuery(q="kapper", postcode="8000", radius_km=5))
    assert result.total == 3
    assert {c.value: c.count for c in result.facets[FacetField.PROVIDER]} == {
        "Syntra West": 2,
        "VDAB": 1,
    }


# ---------------------------------------------------------------- geo
def test_radius_boundary_is_exact(engine: SearchIndex, offers: list[Offer]) -> None:
    g = gazetteer()
    gent, lochristi = g.for_postcode("9000"), g.for_postcode("9080")
    assert gent and lochristi
    radius = next(d for p, d in g.within(gent, 50) if p.id == lochristi.id)  # 9.567... km

    def within(limit: float) -> set[str]:
        return oracle.ids(
            offers, lambda o: (d := oracle.nearest_km(o, "9000")) is not None and d <= limit
        )

    inside = within(radius)
    assert any(lochristi.id in oracle.municipality_ids(o) for o in offers if o.id in inside)
    found = engine.search(SearchQuery(postcode="9000", radius_km=radius, page_size=50))
    assert {h.id for h in found.hits} == inside  # the boundary municipality is in
    assert found.total == len(inside)
    assert found.location_note is None
    just_short = engine.search(SearchQuery(postcode="9000", radius_km=radius - 0.01, page_size=50))
    assert {h.id for h in just_short.hits} == within(radius - 0.01)
    assert just_short.total < found.total  # ... and 10 m less leaves it out
    # facet counts follow the radius set exactly
    provinces = {c.value: c.count for c in found.facets[FacetField.PROVINCE]}
    assert provinces == {"Oost-Vlaanderen": len(inside)}


def test_municipality_by_name_without_radius(engine: SearchIndex, offers: list[Offer]) -> None:
    destelbergen = gazetteer().for_name("Destelbergen")
    assert destelbergen
    expected = oracle.ids(offers, lambda o: destelbergen.id in oracle.municipality_ids(o))
    assert set(search_ids(engine, municipality="destelbergen")) == expected


def test_sort_by_distance(engine: SearchIndex, offers: list[Offer]) -> None:
    result = engine.search(
        SearchQuery(postcode="9000", radius_km=30, sort="distance", page_size=50)
    )
    distances = [h.distance_km for h in result.hits]
    assert distances == sorted(distances)
    assert len(result.hits) == result.total > 10
    by_id = {o.id: o for o in offers}
    for hit in result.hits:
        assert hit.distance_km == round(oracle.nearest_km(by_id[hit.id], "9000"), 1)
    # page 2 continues where page 1 stopped
    first = search_ids(engine, postcode="9000", radius_km=30, sort="distance", page_size=7)
    second = search_ids(engine, postcode="9000", radius_km=30, sort="distance", page_size=7, page=2)
    assert first + second == [h.id for h in result.hits][:14]


def test_empty_radius_widens_and_says_so(engine: SearchIndex) -> None:
    result = engine.search(SearchQuery(q="kapper", postcode="3500", radius_km=5))
    assert result.total == 3
    assert result.location_note and "verruimd" in result.location_note


def test_unknown_place_is_an_error(engine: SearchIndex) -> None:
    with pytest.raises(ValueError, match="unknown postcode"):
        engine.search(SearchQuery(municipality="Atlantis"))


# ---------------------------------------------------------------- sorting, paging
def test_sort_by_start_date(engine: SearchIndex, offers: list[Offer]) -> None:
    by_id = {o.id: o for o in offers}
    found = search_ids(engine, sort="start_date")
    starts = [oracle.next_start(by_id[i], TODAY) for i in found]
    known = [s for s in starts if s is not None]
    assert known == sorted(known)
    assert starts[: len(known)] == known  # offers without an upcoming start come last


def test_relevance_without_text_orders_by_start(engine: SearchIndex, offers: list[Offer]) -> None:
    by_id = {o.id: o for o in offers}
    starts = [oracle.next_start(by_id[i], TODAY) for i in search_ids(engine)]
    known = [s for s in starts if s is not None]
    assert known == sorted(known) and starts[: len(known)] == known


def test_sort_by_price(engine: SearchIndex, offers: list[Offer]) -> None:
    by_id = {o.id: o for o in offers}
    found = search_ids(engine, sort="price")
    prices = [oracle.price(by_id[i]) for i in found]
    known = [p for p in prices if p is not None]
    assert known == sorted(known) and prices[: len(known)] == known
    assert prices[-1] is None  # unknown price last


def test_pagination_and_its_cap(engine: SearchIndex, offers: list[Offer]) -> None:
    whole = search_ids(engine, sort="price", page_size=15)
    pages = [search_ids(engine, sort="price", page_size=5, page=p) for p in (1, 2, 3)]
    assert [i for page in pages for i in page] == whole
    beyond = SearchQuery(page=len(offers) // 10 + 2, page_size=10)
    assert engine.search(beyond).hits == []
    assert engine.search(beyond).total == len(offers)
    with pytest.raises(ValidationError):
        SearchQuery(page=MAX_RESULT_DEPTH // 20 + 1, page_size=20)


# ---------------------------------------------------------------- hits, highlights, suggest
def test_hit_fields(engine: SearchIndex, offers: list[Offer]) -> None:
    offer = by_title(offers, "Python programmeren")
    hit = engine.search(SearchQuery(q="python")).hits[0]
    assert hit.id == offer.id and hit.provider == "Syntra AB" and hit.source == "syntra"
    assert hit.price_min == Decimal("395") and not hit.free
    assert hit.next_session and hit.next_session.start_date == TODAY + timedelta(days=20)
    assert set(hit.delivery_modes) == {"classroom", "online_live"}
    assert hit.funding_schemes == ["opleidingscheques"]


def test_highlights_escape_text_and_only_add_mark(engine: SearchIndex) -> None:
    hit = engine.search(SearchQuery(q="lassen")).hits[1]  # Lasser MIG/MAG
    assert hit.title == "Lasser MIG/MAG"
    fragments = [f for fs in hit.highlights.values() for f in fs]
    assert any("<mark>" in f for f in fragments)
    for fragment in fragments:
        without = re.sub(r"</?mark>", "", fragment)
        assert "<" not in without and ">" not in without
        originals = (
            "Lasser MIG/MAG",
            "Je leert lassen met het MIG/MAG-procédé in ons opleidingscentrum.",
        )
        assert any(html.unescape(without) in text for text in originals)


def test_suggest(engine: SearchIndex) -> None:
    def found(prefix: str, kind: str = "title", limit: int = 8) -> set[str]:
        return {s.text for s in engine.suggest(prefix, limit) if s.kind == kind}

    assert found("las") == {"Lasser MIG/MAG", "Lassen voor beginners"}
    assert found("las", "concept") == {"lassen"}  # the concept's Dutch label
    assert "Lasser MIG/MAG" in found("mig")  # a later word of the title
    assert found("kipp") == {"Kipper bedienen op de bouwplaats"}
    syntras = {"Syntra AB", "Syntra Midden-Vlaanderen", "Syntra West", "Syntra Limburg"}
    assert len(found("synt", "provider")) == 2 and found("synt", "provider") <= syntras
    assert found("syntra w", "provider") == {"Syntra West"}
    assert engine.suggest("k") == []
    assert len(engine.suggest("ka", limit=2)) == 2


def test_get_and_stats(engine: SearchIndex, offers: list[Offer]) -> None:
    offer = offers[0]
    assert engine.get(offer.id) == offer
    assert engine.get("does-not-exist") is None
    stats = engine.stats()
    assert stats.documents == len(offers)
    assert stats.per_source == oracle.counts(offers, lambda o: [o.source])
    assert stats.name


def test_vocabulary_is_the_hook(engine: SearchIndex) -> None:
    # the default vocabulary knows 'welding' only as a label; without labels it finds nothing
    vocabulary = default_vocabulary()
    assert vocabulary.concepts_for("welding") == {"skill:welding"}


def test_highlighted_title_keeps_its_last_character(engine: SearchIndex) -> None:
    # tantivy cut its fragment after the last word: '… werf (VCA' lost its ')'
    hit = engine.search(SearchQuery(q="werf")).hits[0]
    assert hit.highlights["title"] == ["Veiligheid op de <mark>werf</mark> (VCA)"]
