"""The bundled Flemish layer: size, languages, and cross-references that really exist."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.analysis import LANGUAGES
from taxonomy.core import Taxonomy
from taxonomy.flemish import FlemishLayerError, load_flemish
from taxonomy.model import ConceptType


def test_the_layer_has_at_least_150_concepts_with_labels_in_three_languages() -> None:
    concepts = load_flemish()
    assert len(concepts) >= 150
    for concept in concepts:
        assert set(concept.preferred) == set(LANGUAGES), concept.id
        assert concept.isced, f"{concept.id} has no ISCED-F code"


def test_the_layer_covers_the_named_training_concepts(flemish_taxonomy: Taxonomy) -> None:
    for cid in (
        "vl:vca-basis", "vl:vca-vol", "vl:ba4", "vl:ba5", "vl:heftruck", "vl:reachtruck",
        "vl:rijbewijs-c", "vl:rijbewijs-ce", "vl:code95", "vl:adr", "vl:hev", "vl:nt2-b1",
        "vl:lassen-mig-mag", "vl:lassen-tig", "vl:lassen-elektrode", "vl:epb", "vl:excel",
        "vl:boekhouden", "vl:leidinggeven",
    ):  # fmt: skip
        assert cid in flemish_taxonomy, cid
    occupations = [c for c in flemish_taxonomy if c.type == ConceptType.OCCUPATION]
    assert len(occupations) >= 20
    assert all(c.essential for c in occupations)


def test_every_reference_resolves(flemish_taxonomy: Taxonomy) -> None:
    for concept in flemish_taxonomy:
        for ref in (*concept.broader, *concept.essential):
            assert ref in flemish_taxonomy, (concept.id, ref)


def test_esco_uris_and_iscedf_codes_exist_in_the_shipped_snapshot(
    flemish_taxonomy: Taxonomy, esco_taxonomy: Taxonomy
) -> None:
    codes = {c.code for c in esco_taxonomy if c.scheme == "isced-f"}
    with_esco = [c for c in flemish_taxonomy if c.esco_uri]
    assert len(with_esco) >= 60
    for concept in with_esco:
        target = esco_taxonomy.get(concept.esco_uri)
        assert target is not None and target.scheme == "esco", (concept.id, concept.esco_uri)
        if concept.type == "occupation":  # an occupation names an occupation
            assert target.type == "occupation", (concept.id, concept.esco_uri)
    for concept in flemish_taxonomy:
        for code in concept.isced:
            assert code in codes, (concept.id, code)
        for occupation in concept.related:  # a skill's own ESCO occupations
            assert esco_taxonomy.get(occupation).type == "occupation", (concept.id, occupation)


def test_a_broken_reference_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "layer.yaml"
    path.write_text(
        "- {id: a, isced: '0715', broader: [nope], nl: [a], fr: [a], en: [a]}\n", "utf-8"
    )
    with pytest.raises(FlemishLayerError, match="vl:nope"):
        load_flemish(path)
