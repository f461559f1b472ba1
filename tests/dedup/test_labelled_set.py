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


@pytest.mark.parametrize("name", ["heldout", "heldout2", "heldout3", "heldout4"])
def test_the_held_out_sets_stay_precise(name: str) -> None:
    """Not tuned on: precision must hold; recall (0.85-1.0) is reported in docs/dedup.md."""
    metrics = evaluate(load_labelled(FILES / f"{name}.yaml"), THRESHOLD)
    assert metrics.precision >= 0.95, metrics.errors
    assert metrics.recall >= 0.80, metrics.errors


SETS = [
    load_labelled(FILES / f"{name}.yaml")
    for name in ("labelled", "heldout", "heldout2", "heldout3", "heldout4")
]
OFFERS = {o.id: o for s in SETS for o in s.offers}
# hard negatives that score above the threshold as a pair and are kept apart only by
# clustering (none since the matcher of 2026-12-02: 'cev-gdpr~wk-nis2' and
# 'con-hoog~vdab-verreiker' of heldout4.yaml were, before)
PAIRWISE_LINKED: set[str] = set()


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
