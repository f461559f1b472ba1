#!/usr/bin/env python3
"""Pairwise precision and recall of deduplication on the labelled sets (the tuning sets and the
held-out sets), at the configured threshold and optionally over a sweep; then the held-out
sets pooled: the clean relisting set (relist_heldout3.yaml), the relisting sets already seen
and the earlier ones apart.

Usage: .venv/bin/python scripts/eval_dedup.py [--sweep] [--errors] [--file SET.yaml ...]"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dedup.evaluation import evaluate, load_labelled, missing_listing
from dedup.similarity import THRESHOLD

FILES = Path(__file__).resolve().parents[1] / "tests" / "dedup" / "files"
DEFAULT_SETS = [
    FILES / f"{name}.yaml"
    for name in (
        *("labelled", "heldout", "heldout2", "heldout3", "heldout4"),
        *("relist_tuning", "relist_heldout", "relist_heldout2", "relist_heldout3"),
        "relist_heldout4",
    )
]


def report(path: Path, sweep: bool, errors: bool) -> tuple[int, int, int, int, int]:
    labelled = load_labelled(path)
    ids = sorted(labelled.entity)
    positives = sum(
        1
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
        if labelled.entity[a] == labelled.entity[b]
    )
    print(
        f"{path.name}: {len(labelled.offers)} listings, "
        f"{len(set(labelled.entity.values()))} course runs, {positives} positive pairs, "
        f"{len(labelled.hard_negatives)} named hard negatives, "
        f"{len(ids) * (len(ids) - 1) // 2} pairs in all"
    )
    thresholds = [THRESHOLD]
    if sweep:
        thresholds = sorted({THRESHOLD, *(round(0.60 + 0.025 * i, 3) for i in range(15))})
    print("threshold  precision  recall  tp  fp  fn")
    result = (0, 0, 0)
    for threshold in thresholds:
        m = evaluate(labelled, threshold)
        mark = " <- configured" if threshold == THRESHOLD else ""
        print(
            f"{threshold:9.3f}  {m.precision:9.3f}  {m.recall:6.3f}  {m.true_positive:2d}"
            f"  {m.false_positive:2d}  {m.false_negative:2d}{mark}"
        )
        if threshold == THRESHOLD:
            result = (m.true_positive, m.false_positive, m.false_negative)
            print(
                f"  review list: {m.missed_in_review} of the {m.false_negative} missed pairs, "
                f"and {m.negatives_in_review} pairs of two runs (to be refused)"
            )
            if errors:
                for line in m.errors:
                    print("   ", line)
    missing = missing_listing(labelled, THRESHOLD)
    print(
        f"  missing listing: {missing.wrong} of {missing.scenarios} relistings join another "
        f"run when the provider's own listing is dropped ({missing.rate:.3f}; "
        f"{missing.wrong_pairs} wrong pairs)"
    )
    if errors:
        for line in missing.errors:
            print("   ", line)
    print()
    return (*result, missing.scenarios, missing.wrong)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--file", type=Path, action="append", help="default: every set")
    parser.add_argument("--sweep", action="store_true", help="also try thresholds 0.60-0.95")
    parser.add_argument("--errors", action="store_true", help="list the wrong pairs")
    args = parser.parse_args()
    clean, seen, earlier = (
        "relistings, clean (relist_heldout4)",
        "relistings, seen (relist_heldout, relist_heldout2, relist_heldout3: tuning data)",
        "earlier (heldout*)",
    )
    pooled = {clean: [0] * 5, seen: [0] * 5, earlier: [0] * 5}
    total = [0, 0]
    for path in args.file or DEFAULT_SETS:
        counts = report(path, args.sweep, args.errors)
        kind = (
            clean
            if path.name == "relist_heldout4.yaml"
            else seen
            if path.name.startswith("relist_heldout")
            else earlier
            if path.name.startswith("heldout")
            else None
        )
        if kind:
            pooled[kind] = [a + b for a, b in zip(pooled[kind], counts, strict=True)]
        total = [total[0] + counts[3], total[1] + counts[4]]
    for kind, (tp, fp, fn, scenarios, wrong) in pooled.items():
        if tp + fn:
            precision = tp / (tp + fp) if tp + fp else 1.0
            print(
                f"held-out sets pooled, {kind}, at {THRESHOLD}: precision {precision:.3f}, "
                f"recall {tp / (tp + fn):.3f} (tp {tp}, fp {fp}, fn {fn}); missing listing: "
                f"{wrong} of {scenarios} wrong"
            )
    print(f"missing listing, every set: {total[1]} of {total[0]} relistings join another run")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
