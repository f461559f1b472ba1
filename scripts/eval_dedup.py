#!/usr/bin/env python3
"""Precision and recall of deduplication on the labelled set, at the configured threshold and
over a sweep (to tune it). Usage: .venv/bin/python scripts/eval_dedup.py [--sweep] [--errors]"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from catalogue.dedup.evaluation import evaluate, load_labelled
from catalogue.dedup.similarity import THRESHOLD

DEFAULT_SET = Path(__file__).resolve().parents[1] / "tests" / "dedup" / "files" / "labelled.yaml"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--file", type=Path, default=DEFAULT_SET)
    parser.add_argument("--sweep", action="store_true", help="also try thresholds 0.60-0.95")
    parser.add_argument("--errors", action="store_true", help="list the wrong pairs")
    args = parser.parse_args()
    labelled = load_labelled(args.file)
    positives = sum(
        1
        for i, a in enumerate(sorted(labelled.entity))
        for b in sorted(labelled.entity)[i + 1 :]
        if labelled.entity[a] == labelled.entity[b]
    )
    print(
        f"{len(labelled.offers)} listings, {len(set(labelled.entity.values()))} course runs, "
        f"{positives} positive pairs, {len(labelled.hard_negatives)} named hard negatives"
    )
    thresholds = [THRESHOLD]
    if args.sweep:
        thresholds = sorted({THRESHOLD, *(round(0.60 + 0.025 * i, 3) for i in range(15))})
    print("threshold  precision  recall  tp  fp  fn")
    for threshold in thresholds:
        m = evaluate(labelled, threshold)
        mark = " <- configured" if threshold == THRESHOLD else ""
        print(
            f"{threshold:9.3f}  {m.precision:9.3f}  {m.recall:6.3f}  {m.true_positive:2d}"
            f"  {m.false_positive:2d}  {m.false_negative:2d}{mark}"
        )
        if args.errors and threshold == THRESHOLD:
            for line in m.errors:
                print("   ", line)
    hard = evaluate(labelled, THRESHOLD)
    return 0 if hard.precision >= 0.95 and hard.recall >= 0.95 else 1


if __name__ == "__main__":
    raise SystemExit(main())
