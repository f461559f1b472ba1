"""The labelled set: the whole pipeline meets the targets and keeps every named hard negative
apart. (The numbers for docs/dedup.md come from scripts/eval_dedup.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from dedup import THRESHOLD, compare, features_of
from dedup.evaluation import evaluate, is_relisting, load_labelled, missing_listing

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


# (set, precision floor, recall floor): the figures measured on 2026-12-02 (docs/dedup.md),
# rounded down. The third round put precision first (docs/dedup.md): the run's competition
# links only with real title evidence, so the recall the second round's slot links gave on the
# seen sets (relist_tuning 1.0, relist_heldout2 1.0, relist_heldout3 0.609 at P 0.977) was
# given back for precision 1.0 and a missing-listing rate near the old matcher's.
FLOORS = [
    ("heldout", 0.99, 0.84),
    ("heldout2", 0.99, 1.0),
    ("heldout3", 0.99, 1.0),
    ("heldout4", 0.99, 0.96),
    ("relist_tuning", 0.99, 0.90),
    ("relist_heldout", 0.99, 0.96),
    ("relist_heldout2", 0.99, 0.85),
    ("relist_heldout3", 0.99, 0.65),
    ("relist_heldout4", 0.99, 0.28),  # the third round's clean set: P 1.000, R 0.288
]


@pytest.mark.parametrize(("name", "precision", "recall"), FLOORS)
def test_the_labelled_sets_keep_their_measured_figures(
    name: str, precision: float, recall: float
) -> None:
    """Precision and recall never fall below what docs/dedup.md records for each set."""
    metrics = evaluate(load_labelled(FILES / f"{name}.yaml"), THRESHOLD)
    assert metrics.precision >= precision, metrics.errors
    assert metrics.recall >= recall, metrics.errors


# (set, the most relistings that may join another run when the provider's own listing of
# their run is dropped): the "missing listing" measurement (docs/dedup.md, third round);
# only ever lowered.
# Second round (slot links from title 0.25): 3, 2, 7, 4, 14 = 30 of 175; old matcher 7.
MISSING_CEILINGS = [
    ("labelled", 3),
    ("relist_tuning", 0),
    ("relist_heldout", 4),
    ("relist_heldout2", 0),
    ("relist_heldout3", 2),
    ("relist_heldout4", 0),
]


@pytest.mark.parametrize(("name", "ceiling"), MISSING_CEILINGS)
def test_a_missing_provider_listing_does_not_make_wrong_links(name: str, ceiling: int) -> None:
    """A fund's relisting of a run its provider does not publish stays out of the provider's
    other courses of that day (at most ``ceiling`` relistings go wrong)."""
    missing = missing_listing(load_labelled(FILES / f"{name}.yaml"), THRESHOLD)
    assert missing.scenarios >= 20
    assert missing.wrong <= ceiling, missing.errors


def test_relistings_are_told_from_the_providers_own_listings() -> None:
    labelled = load_labelled(FILES / "relist_heldout3.yaml")
    kinds = {labelled.key[o.id or ""]: is_relisting(o) for o in labelled.offers}
    assert kinds["tf-zaag"] and kinds["vdab-zaag"] and kinds["odb-cnc"] and kinds["cev-drone"]
    assert not kinds["gk-zaag"] and not kinds["cvomj-cnc"] and not kinds["sf-drone"]


def test_the_relisting_sets_have_enough_labelled_pairs() -> None:
    """Issue 23: at least 200 labelled pairs of relistings (positives and named hard
    negatives), most of them held out."""
    counts = {}
    for name in (
        *("relist_tuning", "relist_heldout", "relist_heldout2", "relist_heldout3"),
        "relist_heldout4",
    ):
        labelled = load_labelled(FILES / f"{name}.yaml")
        entities = list(labelled.entity.values())
        positives = sum(entities.count(e) * (entities.count(e) - 1) // 2 for e in set(entities))
        counts[name] = positives + len(labelled.hard_negatives)
        sources = {o.source for o in labelled.offers}
        assert {"vdab", "odb", "cevora"} <= sources  # VDAB, ODB and a fund against providers
    assert sum(counts.values()) >= 200
    assert counts["relist_heldout"] + counts["relist_heldout2"] >= 150
    assert counts["relist_heldout3"] >= 120  # the second round's clean set: 60+ and 60+
    assert counts["relist_heldout4"] >= 120  # the third round's


SETS = [
    load_labelled(FILES / f"{name}.yaml")
    for name in (
        *("labelled", "heldout", "heldout2", "heldout3", "heldout4"),
        *("relist_tuning", "relist_heldout", "relist_heldout2", "relist_heldout3"),
        "relist_heldout4",
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
