"""The labelled set is well-formed, and the tagger keeps its recorded quality on it."""

from __future__ import annotations

from pathlib import Path

from taxonomy.core import Taxonomy
from taxonomy.evaluation import at_k, evaluate, load_offers

EVAL_FILE = Path(__file__).parent / "files" / "eval_offers.yaml"


def test_the_labelled_set_is_large_varied_and_refers_to_real_concepts(
    flemish_taxonomy: Taxonomy,
) -> None:
    offers = load_offers(EVAL_FILE)
    assert len(offers) >= 60
    assert len({o["id"] for o in offers}) == len(offers)
    assert {o.get("lang", "nl") for o in offers} == {"nl", "fr", "en"}
    assert len({o["id"].split("-")[0] for o in offers}) >= 12  # sectors
    for offer in offers:
        assert offer["gold"]["flemish"] and offer["gold"]["isced"], offer["id"]
        for concept in offer["gold"]["flemish"]:
            assert f"vl:{concept}" in flemish_taxonomy, (offer["id"], concept)


def test_at_k() -> None:
    assert at_k(["a", "b", "c"], {"a", "c", "d"}, 1) == (1.0, 1 / 3)
    assert at_k(["x"], {"a"}, 3) == (0.0, 0.0)
    assert at_k([], {"a"}, 3) == (0.0, 0.0)


def test_quality_does_not_regress_on_a_fresh_machine(flemish_taxonomy: Taxonomy) -> None:
    results = evaluate(flemish_taxonomy, load_offers(EVAL_FILE))
    assert results["flemish"]["P@1"] >= 0.9
    assert results["flemish"]["R@5"] >= 0.9
    assert results["isced-f"]["P@1"] >= 0.9


def test_quality_does_not_regress_with_esco(esco_taxonomy: Taxonomy) -> None:
    results = evaluate(esco_taxonomy, load_offers(EVAL_FILE))
    assert results["flemish"]["P@1"] >= 0.9
    assert results["esco"]["R@5"] >= 0.8
    assert results["isced-f"]["P@1"] >= 0.85
    # occupations through labels and the occupation–skill relations (docs/taxonomy.md)
    assert results["occupation"]["n"] >= 60
    assert results["occupation"]["P@1"] >= 0.8
    assert results["occupation"]["R@5"] >= 0.9


def test_occupation_gold_labels_are_real_esco_occupations(esco_taxonomy: Taxonomy) -> None:
    labelled = [o for o in load_offers(EVAL_FILE) if o["gold"].get("occupations")]
    assert len(labelled) >= 60
    for offer in labelled:
        for occupation in offer["gold"]["occupations"]:
            concept = esco_taxonomy.get(occupation)
            assert concept is not None and concept.type == "occupation", (offer["id"], occupation)
