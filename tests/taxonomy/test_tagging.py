"""Tagger behaviour, on the bundled layer alone and with the real ESCO import loaded."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalogue.model import Competence, CompetenceMethod
from taxonomy.core import Taxonomy
from taxonomy.tagging import FALLBACK_FIELD, tag_offer
from tests.factories import make_offer

EVAL_FILE = Path(__file__).parent / "files" / "eval_offers.yaml"


def _scores(taxonomy: Taxonomy, title: str, description: str = "", lang: str = "nl"):
    results = taxonomy.tagger.tag(title, description, lang, min_score=0.0)
    return {r.concept_id: r for r in results}


@pytest.fixture(params=["flemish", "esco"])
def taxonomy(request: pytest.FixtureRequest) -> Taxonomy:
    """Every behaviour must hold on a fresh machine and with ESCO imported."""
    return request.getfixturevalue(f"{request.param}_taxonomy")


@pytest.mark.parametrize(
    ("title", "description", "expected"),
    [
        # compounds: known whole words and splits into known parts
        ("Laswerk voor beginners", "", "vl:lassen"),
        ("Heftruckchauffeur", "", "vl:heftruckchauffeur"),
        ("Veiligheidscoördinator", "", "vl:veiligheidscoordinator"),
        ("TIG-lasopleiding", "", "vl:lassen-tig"),
        ("Reachtruckcursus", "", "vl:reachtruck"),
        ("Boekhoudsoftware in de praktijk", "", "vl:boekhouden"),
        # multi-word labels and inflections
        ("Rijbewijs CE", "", "vl:rijbewijs-ce"),
        ("Lassen met beklede elektrode", "", "vl:lassen-elektrode"),
        ("Werken op hoogte", "", "vl:werken-op-hoogte"),
        ("Vakbekwaamheid Code 95 (35 uur)", "", "vl:code95"),
        # abbreviations, case-sensitive
        ("VCA VOL", "", "vl:vca-vol"),
        ("BA4 elektrische veiligheid", "", "vl:ba4"),
        ("ADR basis", "", "vl:adr"),
        ("HEV-attest voor technici", "", "vl:hev"),
        ("Nederlands NT2 B1", "", "vl:nt2-b1"),
        ("EPB-verslaggever", "", "vl:epb"),
        # accent folding both ways
        ("Veiligheidscoordinator", "", "vl:veiligheidscoordinator"),
        ("Soudage à l'électrode enrobée", "", "vl:lassen-elektrode"),
    ],
)
def test_finds_the_concept(taxonomy: Taxonomy, title: str, description: str, expected: str):
    lang = "fr" if "Soudage" in title else "nl"
    results = taxonomy.tagger.tag(title, description, lang)
    assert expected in [r.concept_id for r in results][:6], [
        (r.concept_id, r.score) for r in results
    ]


@pytest.mark.parametrize("text", ["Wij vca-certificeren", "De adr van de klant", "hev"])
def test_short_abbreviations_are_case_sensitive(taxonomy: Taxonomy, text: str) -> None:
    found = _scores(taxonomy, text)
    assert not {"vl:vca", "vl:adr", "vl:hev"} & set(found)


def test_the_longest_match_wins(taxonomy: Taxonomy) -> None:
    found = _scores(taxonomy, "VCA VOL")
    assert "vl:vca-vol" in found
    assert "vl:vca" not in found  # 'VCA' lies inside 'VCA VOL'


@pytest.mark.parametrize(
    ("description", "concept"),
    [
        ("Geen voorkennis Excel vereist.", "vl:excel"),
        ("Voorkennis: Nederlands B1 en basiskennis boekhouden.", "vl:boekhouden"),
        ("Toelatingsvoorwaarden: in het bezit zijn van een VCA-attest.", "vl:vca"),
        ("Prérequis : connaissances de base en Excel.", "vl:excel"),
        ("Daarna kan je doorstromen naar de opleiding boekhouden.", "vl:boekhouden"),
    ],
)
def test_incidental_mentions_score_low(taxonomy: Taxonomy, description: str, concept: str):
    lang = "fr" if "Prérequis" in description else "nl"
    title = "Gestion d'équipe" if lang == "fr" else "Leidinggeven aan een team"
    found = _scores(taxonomy, title, description, lang)
    assert concept in found
    assert found[concept].score < 0.2
    assert "incidental" in found[concept].evidence
    main = found["vl:leidinggeven"].score
    assert main > 3 * found[concept].score
    plain = _scores(taxonomy, "Leidinggeven aan een team", "We oefenen met Excel.")
    assert plain["vl:excel"].score >= 0.4


def test_the_title_weighs_more_than_the_description(taxonomy: Taxonomy) -> None:
    in_title = _scores(taxonomy, "Excel", "Een cursus.")["vl:excel"].score
    in_description = _scores(taxonomy, "Een cursus", "Excel.")["vl:excel"].score
    assert in_title > in_description


def test_an_occupation_lifts_its_essential_skills(taxonomy: Taxonomy) -> None:
    found = _scores(taxonomy, "Opleiding tot lasser")
    assert found["vl:lasser"].method == CompetenceMethod.LABEL
    welding = found["vl:lassen"]
    assert welding.method == CompetenceMethod.OCCUPATION
    assert "lasser" in welding.evidence
    assert welding.score >= 0.3
    assert found["vl:lassen-tig"].score < found["vl:lasser"].score


def test_evidence_names_the_label_and_the_field(taxonomy: Taxonomy) -> None:
    found = _scores(taxonomy, "Cursus heftruck", "Je behaalt een heftruckattest.")
    evidence = found["vl:heftruck"].evidence
    assert 'title: "heftruck"' in evidence
    assert 'description: "heftruckattest"' in evidence


def test_tagging_is_deterministic(taxonomy: Taxonomy) -> None:
    text = ("Lasser TIG en MIG/MAG", "Met VCA basisveiligheid en technisch tekenen.")
    first = [(r.concept_id, r.score) for r in taxonomy.tagger.tag(*text)]
    for _ in range(3):
        assert [(r.concept_id, r.score) for r in taxonomy.tagger.tag(*text)] == first


@pytest.mark.parametrize(
    ("query", "concept"),
    [
        ("welding", "vl:lassen"),
        ("soudage", "vl:lassen"),
        ("lassen", "vl:lassen"),
        ("chariot élévateur", "vl:heftruck"),
        ("forklift", "vl:heftruck"),
        ("comptabilité", "vl:boekhouden"),
        ("bookkeeping", "vl:boekhouden"),
        ("néerlandais", "vl:nederlands"),
        ("vca", "vl:vca"),
        ("ba4 opleiding", "vl:ba4"),
        ("I want to become a welder", "vl:lasser"),
        ("je veux devenir soudeur", "vl:lasser"),
    ],
)
def test_queries_in_any_language_reach_the_shared_concept(
    taxonomy: Taxonomy, query: str, concept: str
) -> None:
    concepts = [cid for cid, _ in taxonomy.tagger.analyse_query(query)]
    assert concepts[0] == concept or concept in concepts[:3], concepts


def test_a_dutch_offer_and_a_foreign_query_share_a_concept(esco_taxonomy: Taxonomy) -> None:
    offer = {r.concept_id for r in esco_taxonomy.tagger.tag("Lasopleiding", "Leer lassen.")}
    for query in ("welding", "soudage"):
        assert offer & {cid for cid, _ in esco_taxonomy.tagger.analyse_query(query)}


def test_esco_concepts_are_found_through_the_flemish_layer(esco_taxonomy: Taxonomy) -> None:
    found = _scores(esco_taxonomy, "MIG/MAG-lassen")
    esco_mag = "esco:skill/60ff3eac-7d4d-4e51-87b8-74c3b5d62498"
    assert esco_mag in found and found[esco_mag].score >= 0.5


# ---------------------------------------------------------------- offers
def test_tag_offer_fills_competences_and_fields(flemish_taxonomy: Taxonomy) -> None:
    offer = make_offer(title="Lasser MIG/MAG", description="Je leert lassen met MIG/MAG.")
    tagged = tag_offer(offer, flemish_taxonomy)
    assert tagged is not offer and offer.competences == []
    ids = [c.concept_id for c in tagged.competences]
    assert "vl:lassen-mig-mag" in ids and "vl:lasser" in ids
    assert all(isinstance(c, Competence) and 0 <= c.score <= 1 for c in tagged.competences)
    assert tagged.fields_of_education == ["0715"]
    assert tagged.id == offer.id


def test_tag_offer_keeps_the_sources_competences(flemish_taxonomy: Taxonomy) -> None:
    given_by_source = {
        "concept_id": "http://data.europa.eu/esco/skill/60ff3eac-7d4d-4e51-87b8-74c3b5d62498",
        "score": 1.0,
        "method": "source",
    }
    stale = {"concept_id": "vl:excel", "score": 0.9, "method": "label"}
    offer = make_offer(competences=[given_by_source, stale], fields_of_education=["0715"])
    tagged = tag_offer(offer, flemish_taxonomy)
    assert tagged.competences[0].concept_id == "esco:skill/60ff3eac-7d4d-4e51-87b8-74c3b5d62498"
    assert tagged.competences[0].method == CompetenceMethod.SOURCE
    assert "vl:excel" not in [c.concept_id for c in tagged.competences]  # re-tagged, not kept
    assert tagged.fields_of_education[0] == "0715"


def test_an_offer_about_nothing_known_gets_the_unknown_field(flemish_taxonomy: Taxonomy):
    tagged = tag_offer(make_offer(title="Xylofoon", description="Qwerty."), flemish_taxonomy)
    assert tagged.competences == []
    assert tagged.fields_of_education == [FALLBACK_FIELD]


@settings(max_examples=60, deadline=None)
@given(
    title=st.text(min_size=1, max_size=80).filter(lambda s: s.strip()),
    description=st.text(max_size=300),
)
def test_every_tagged_offer_has_a_field_of_education(
    flemish_taxonomy: Taxonomy, title: str, description: str
) -> None:
    results = flemish_taxonomy.tagger.tag(title, description)
    fields = flemish_taxonomy.tagger.fields_of_education(results)
    assert fields and all(f.isdigit() and 2 <= len(f) <= 4 for f in fields)


@pytest.mark.parametrize(
    ("description", "concept"),
    [
        ("Doelgroep: magazijnmedewerkers zonder ervaring.", "vl:magazijnmedewerker"),
        ("Prijs: 350 euro excl. btw, terugbetaalbaar via het sectorfonds.", "vl:btw"),
        ("Taal: Nederlands.", "vl:nederlands"),
        ("Een opleiding voor niet-elektriciens.", "vl:elektricien"),
    ],
)
def test_headings_for_audience_price_and_language_are_incidental(
    taxonomy: Taxonomy, description: str, concept: str
) -> None:
    found = _scores(taxonomy, "Heftruck basis", description)
    # the mention itself weighs little (a forklift course may still point to warehouse
    # workers through the forklift skill: that evidence is the occupation index's)
    assert found[concept].hits and all(h.incidental for h in found[concept].hits)
    assert max(h.weight for h in found[concept].hits) < 0.2
    if found[concept].method.value == "label" and "needs skills" not in found[concept].evidence:
        assert found[concept].score < 0.2


def test_generic_one_word_labels_of_imported_schemes_do_not_tag(esco_taxonomy: Taxonomy):
    # ESCO and Competent carry one-word labels such as 'werkster', 'medewerker', 'helpende'
    found = esco_taxonomy.tagger.tag(
        "Cursus", "Je gaat werken als medewerker en je helpt collega's. Je ontvangt een attest."
    )
    assert [r.concept_id for r in found if not r.concept_id.startswith("vl:")] == []


def test_a_query_for_an_occupation_also_reaches_its_skills(taxonomy: Taxonomy) -> None:
    concepts = dict(taxonomy.tagger.analyse_query("ik wil lasser worden"))
    assert "vl:lasser" in concepts and "vl:lassen" in concepts


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=400))
def test_any_query_text_is_analysed_without_error(flemish_taxonomy: Taxonomy, text: str):
    result = flemish_taxonomy.tagger.analyse_query(text + ' " * NEAR( OR title: \x00')
    assert all(0 < score <= 1 for _, score in result)


def test_a_compound_part_alone_does_not_tag_an_imported_concept(esco_taxonomy: Taxonomy):
    # 'weerstand' splits into 'weer' + 'stand'; ESCO's occupation 'stand-in' must not follow
    found = esco_taxonomy.tagger.tag("Elektriciteit", "Spanning, stroom en weerstand.")
    labels = {esco_taxonomy.label(r.concept_id) for r in found}
    assert "stand-in" not in labels


def test_tagging_from_many_threads_gives_the_same_results(esco_taxonomy: Taxonomy) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from taxonomy.evaluation import load_offers

    texts = [
        (o["title"], o.get("description", ""), o.get("lang", "nl")) for o in load_offers(EVAL_FILE)
    ]

    def run(item: tuple[str, str, str]) -> list[tuple[str, float]]:
        return [(r.concept_id, r.score) for r in esco_taxonomy.tagger.tag(*item)]

    sequential = [run(t) for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(run, texts * 2)) == sequential * 2


def test_an_offer_without_a_language_is_read_in_the_language_it_is_written_in(
    flemish_taxonomy: Taxonomy,
) -> None:
    offer = make_offer(
        languages=[],
        title="Formation de cariste",
        description="Vous apprenez la conduite du chariot élévateur avec une attestation.",
    )
    ids = [c.concept_id for c in tag_offer(offer, flemish_taxonomy).competences]
    assert "vl:heftruck" in ids


def test_a_bilingual_offer_is_read_in_both_languages(flemish_taxonomy: Taxonomy) -> None:
    offer = make_offer(
        languages=["nl", "fr"],
        title="Heftruck / Chariot élévateur",
        description="Opleiding reachtruck. Formation soudage MIG/MAG.",
    )
    ids = [c.concept_id for c in tag_offer(offer, flemish_taxonomy).competences]
    assert {"vl:heftruck", "vl:reachtruck", "vl:lassen-mig-mag"} <= set(ids)


def test_fold_strips_every_combining_mark_and_keeps_ascii_as_is() -> None:
    from core.analysis import fold, fold_case_kept

    assert fold("Coördinator Sécurité") == "coordinator securite"
    assert fold_case_kept("Coördinator Sécurité") == "Coordinator Securite"
    assert fold("ﬁets Ǆ") == "fiets dz"  # compatibility forms decomposed, as before
    assert fold("VCA-basis") == "vca-basis"
    assert fold_case_kept("VCA-basis") == "VCA-basis"
