"""Occupations through the occupation–skill relations, on the shipped ESCO snapshot."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from taxonomy.core import Taxonomy
from taxonomy.evaluation import occupation_ranking
from taxonomy.occupations import MAX_INFERRED, specificity

WELDER = "esco:occupation/7aedaa07-3884-4c5b-88f9-80997b2aa54b"
ELECTRICIAN = "esco:occupation/4910419f-b4af-4f59-b544-9dbebc8a74f0"
CARE_ASSISTANT = "esco:occupation/87d0795a-d41f-47ee-979f-0ab7d73836e7"
TIG = "esco:skill/a51adea8-bf02-488a-a0d8-b0961caca5b0"
TEAMWORK_LIKE = "vl:klantgerichtheid"


def _occupations(taxonomy: Taxonomy, title: str, description: str = "", lang: str = "nl"):
    results = taxonomy.tagger.tag(title, description, lang)
    return occupation_ranking(taxonomy, results), {r.concept_id: r for r in results}


def test_a_tig_welding_course_points_to_welders_with_evidence(esco_taxonomy: Taxonomy) -> None:
    ranked, found = _occupations(esco_taxonomy, "TIG-lassen op roestvast staal")
    assert ranked[0] == WELDER
    welder = found[WELDER]
    assert welder.method.value == "occupation"
    assert "TIG-lassen (essential)" in welder.evidence
    assert 0.25 <= welder.score < found[TIG].score  # below the skill the text names


def test_an_opleiding_tot_zorgkundige_points_to_care_occupations(esco_taxonomy: Taxonomy) -> None:
    ranked, _ = _occupations(
        esco_taxonomy,
        "Opleiding tot zorgkundige",
        "Verzorging van bewoners, hygiëne en infectiepreventie, rapporteren aan de "
        "verpleegkundige.",
    )
    assert ranked[0] == CARE_ASSISTANT
    labels = {esco_taxonomy.label(o) for o in ranked[:5]}
    assert labels & {"verpleeghulp", "zorghulp", "algemeen verpleegkundige"}


def test_electrical_courses_point_to_electricians(esco_taxonomy: Taxonomy) -> None:
    for title in ("AREI: basis voor installateurs", "BA4/BA5 elektrische veiligheid"):
        ranked, _ = _occupations(esco_taxonomy, title)
        assert ELECTRICIAN in ranked[:3], (title, ranked)


def test_a_skill_mentioned_in_passing_names_no_occupation(esco_taxonomy: Taxonomy) -> None:
    ranked, _ = _occupations(
        esco_taxonomy,
        "Timemanagement en prioriteiten stellen",
        "Voor bedienden. Voorkennis: Excel. Wij werken klantgericht.",
    )
    assert ranked == []


def test_occupations_per_offer_are_bounded(esco_taxonomy: Taxonomy) -> None:
    _, found = _occupations(
        esco_taxonomy,
        "Veiligheid, communicatie, planning en teamwerk",
        "Problemen oplossen, rapporteren, klantgericht werken en samenwerken in een team.",
    )
    inferred = [
        r
        for r in found.values()
        if r.method.value == "occupation"
        and esco_taxonomy.concepts[r.concept_id].type == "occupation"
    ]
    assert len(inferred) <= 2 * MAX_INFERRED  # an ESCO occupation and its Flemish twin


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=1, max_value=5000), st.integers(min_value=1, max_value=5000))
def test_specificity_falls_with_the_number_of_occupations(a: int, b: int) -> None:
    assert 0 < specificity(max(a, b)) <= specificity(min(a, b)) <= 1


def test_an_occupation_query_expands_to_specific_essential_skills(
    esco_taxonomy: Taxonomy,
) -> None:
    expansions = esco_taxonomy.query_expansions()
    electrician = expansions["vl:elektricien"]
    assert {
        "vl:elektrische-installaties",
        "vl:laadpalen",
        "vl:zonnepanelen",
        "vl:ba4",
    } <= electrician
    assert electrician == expansions[ELECTRICIAN]  # twins share their skills
    assert TIG in expansions[WELDER]
    # generic skills many occupations need do not expand a query
    index = esco_taxonomy.occupation_index
    assert all(index.essential_count.get(s, 0) <= 60 for s in expansions[WELDER])
