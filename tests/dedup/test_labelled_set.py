"""The labelled set: the whole pipeline meets the targets and keeps every named hard negative
apart. (The numbers for docs/dedup.md come from scripts/eval_dedup.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from dedup import THRESHOLD, compare, features_of
from dedup.evaluation import evaluate, load_labelled

FILES = Path(__file__).parent / "files"


@pytest.fixture(scope="module")
def labelled():
    return load_labelled(FILES / "labelled.yaml")


def test_the_labelled_set_has_enough_pairs_of_each_kind(labelled) -> None:
    entities = list(labelled.entity.values())
    positives = sum(entities.count(e) * (entities.count(e) - 1) // 2 for e in set(entities))
    assert positives + len(labelled.hard_negatives) >= 100
    reasons = " ".join(why for *_, why in labelled.hard_negatives)
    for kind in ("same title at another provider", "other dates", "other level", "same source"):
        assert kind in reasons


def test_precision_and_recall_meet_the_target(labelled) -> None:
    metrics = evaluate(labelled, THRESHOLD)
    assert metrics.precision >= 0.95, metrics.errors
    assert metrics.recall >= 0.95, metrics.errors


@pytest.mark.parametrize(
    "name", ["heldout", "heldout2", "heldout3", "heldout4", "relist_heldout", "relist_heldout2"]
)
def test_the_held_out_sets_stay_precise(name: str) -> None:
    """Not tuned on: precision must hold; recall (0.85-1.0) is reported in docs/dedup.md."""
    metrics = evaluate(load_labelled(FILES / f"{name}.yaml"), THRESHOLD)
    assert metrics.precision >= 0.99, metrics.errors
    assert metrics.recall >= 0.80, metrics.errors


def test_the_relisting_sets_have_enough_labelled_pairs() -> None:
    """Issue 23: at least 200 labelled pairs of relistings (positives and named hard
    negatives), most of them held out."""
    counts = {}
    for name in ("relist_tuning", "relist_heldout", "relist_heldout2"):
        labelled = load_labelled(FILES / f"{name}.yaml")
        entities = list(labelled.entity.values())
        positives = sum(entities.count(e) * (entities.count(e) - 1) // 2 for e in set(entities))
        counts[name] = positives + len(labelled.hard_negatives)
        sources = {o.source for o in labelled.offers}
        assert {"vdab", "odb", "cevora"} <= sources  # VDAB, ODB and a fund against providers
    assert sum(counts.values()) >= 200
    assert counts["relist_heldout"] + counts["relist_heldout2"] >= 150


SETS = [
    load_labelled(FILES / f"{name}.yaml")
    for name in (
        *("labelled", "heldout", "heldout2", "heldout3", "heldout4"),
        *("relist_tuning", "relist_heldout", "relist_heldout2"),
    )
]
OFFERS = {o.id: o for s in SETS for o in s.offers}
# hard negatives that score above the threshold as a pair and are kept apart only by
# clustering (each listing's real duplicate is of the other's source). heldout4.yaml's
# 'cev-gdpr~wk-nis2' and 'con-hoog~vdab-verreiker' were, before the matcher of 2026-12-02;
# relist_heldout.yaml's are the same provider's other course on the same day and place, with
# a title naming the same concept ('Torenkraan' / 'Mobiele kraan'; 'Basis projectmanagement'
# / 'Agile projectmanagement met Scrum'): see docs/dedup.md, limitations.
PAIRWISE_LINKED = {"con-kraan~ct-kraan-mob", "vdab-pm~pmi-agile", "cev-pm~pmi-agile"}


@pytest.mark.parametrize(
    ("a", "b", "why"),
    [
        pytest.param(
            a,
            b,
            why,
            id=f"{s.key[a]}~{s.key[b]}",
            marks=[pytest.mark.xfail(strict=True, reason="linked pairwise")]
            if f"{s.key[a]}~{s.key[b]}" in PAIRWISE_LINKED
            else [],
        )
        for s in SETS
        for a, b, why in s.hard_negatives
    ],
)
def test_no_named_hard_negative_pair_is_linked(a: str, b: str, why: str) -> None:
    result = compare(features_of(OFFERS[a]), features_of(OFFERS[b]))
    assert not result.linked, f"{why}: {result}"
