"""The reports over the project's real taxonomy: the bundled Flemish layer and the bundled
ESCO snapshot (with the Competent crosswalk), with offers tagged by the real tagger."""

from __future__ import annotations

import pytest

from reports.gaps import gaps
from reports.shortage import EXAMPLE, read_shortage_list
from reports.vocabulary import MappingVocabulary, TaxonomyVocabulary
from taxonomy.core import build_taxonomy
from taxonomy.tagging import tag_offer
from tests.factories import make_offer
from tests.reports.catalogue import LASSER

HEFTRUCK_CHAUFFEUR = "http://data.europa.eu/esco/occupation/eeac6251-1974-42f5-91ed-513c6c883755"
HEFTRUCK_CHAUFFEUR_ID = "esco:occupation/eeac6251-1974-42f5-91ed-513c6c883755"


@pytest.fixture(scope="module")
def taxonomy():
    return build_taxonomy(None)


@pytest.fixture
def vocabulary(taxonomy) -> TaxonomyVocabulary:
    return TaxonomyVocabulary(taxonomy)


def test_groups_are_the_nearest_group_concepts(vocabulary) -> None:
    assert vocabulary.groups("vl:lassen-tig") == ["vl:sector-metaal"]  # via vl:lassen
    assert vocabulary.groups("vl:sector-metaal") == []
    assert vocabulary.groups("skill:unknown") == []


def test_esco_uris_stand_for_their_flemish_concepts(vocabulary) -> None:
    assert vocabulary.is_occupation(LASSER)
    assert vocabulary.is_occupation("vl:lasser")
    assert not vocabulary.is_occupation("vl:lassen")
    assert vocabulary.label(LASSER) == "lasser"
    assert vocabulary.essential_skills(LASSER) == {
        "vl:lassen",
        "vl:lassen-mig-mag",
        "vl:lassen-tig",
        "vl:lassen-elektrode",
        "vl:plaatbewerking",
        "vl:technisch-tekenen",
    }


def test_narrower_and_equivalent_skills_count(vocabulary) -> None:
    matches = vocabulary.skill_matches("vl:lassen")
    assert {"vl:lassen", "vl:lassen-tig", "vl:lassen-mig-mag"} <= matches
    # lassen-tig names an ESCO skill: an offer carrying that URI counts too
    assert "http://data.europa.eu/esco/skill/a51adea8-bf02-488a-a0d8-b0961caca5b0" in matches
    assert "vl:plaatbewerking" not in matches


def test_competent_codes_through_the_crosswalk(esco_taxonomy) -> None:
    vocabulary = TaxonomyVocabulary(esco_taxonomy)
    # the crosswalk names the ESCO occupation by its compact id; its URI stands for the same
    assert vocabulary.resolve_occupation("OP-388") == [HEFTRUCK_CHAUFFEUR_ID]
    skills = vocabulary.essential_skills(HEFTRUCK_CHAUFFEUR)
    assert skills == vocabulary.essential_skills(HEFTRUCK_CHAUFFEUR_ID)
    # the Flemish layer's skills of the forklift driver, and ESCO's essential skills besides
    assert skills is not None and len(skills) > 4
    assert {"vl:heftruck", "vl:reachtruck", "vl:magazijnbeheer", "vl:veiligheid"} <= skills
    assert vocabulary.label("0715") == esco_taxonomy.get("isced-f:0715").label("nl")


def test_gaps_on_tagged_offers_with_the_shipped_shortage_list(taxonomy, esco_taxonomy) -> None:
    vocabulary = TaxonomyVocabulary(esco_taxonomy)
    shortage = read_shortage_list(EXAMPLE, vocabulary)
    assert shortage.problems == []

    def offer(source_id: str, title: str, postcode: str):
        return tag_offer(
            make_offer(
                source="syntra",
                source_id=source_id,
                identifiers=[],
                title=title,
                description="",
                fields_of_education=[],
                sessions=[{"start_date": "2026-12-01", "location": {"postcode": postcode}}],
            ),
            taxonomy,
        )

    offers = [
        offer("1", "TIG-lassen voor beginners", "2000"),  # Antwerpen
        offer("2", "Heftruckattest", "9000"),  # Gent
    ]
    concepts = {c.concept_id for c in offers[0].competences}
    assert "vl:lassen-tig" in concepts  # the real tagger found it
    report = gaps(offers, shortage.entries, vocabulary, few=1)
    rows = {(r["occupation_label"], r["region"]): r for r in report.table().rows}
    welder = rows[("lasser", "Antwerpen")]
    # the welder's essential skills: the Flemish layer's six and ESCO's; lassen-tig and its
    # broader lassen are taught here, most others are not
    essential = vocabulary.essential_skills(LASSER)
    assert essential is not None and len(essential) > 6
    assert (welder["essential_skills"], welder["offers"]) == (len(essential), 1)
    assert 2 <= welder["skills_covered"] < len(essential)
    assert rows[("lasser", "Oost-Vlaanderen")]["skills_covered"] == 0
    forklift = rows[("heftruckchauffeur", "Oost-Vlaanderen")]
    assert forklift["skills_covered"] >= 1
    assert forklift["reference"] == "OP-388"


def test_mapping_vocabulary_matches_only_the_skill_itself() -> None:
    assert MappingVocabulary().skill_matches("skill:x") == {"skill:x"}
