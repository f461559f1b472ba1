#!/usr/bin/env python3
"""Precision and recall at k of the tagger on the labelled offers, per scheme.

    .venv/bin/python scripts/eval_tagger.py                   # + the bundled ESCO snapshot
    .venv/bin/python scripts/eval_tagger.py --flemish-only    # the bundled Flemish layer only
    .venv/bin/python scripts/eval_tagger.py --import-shared   # ESCO/ISCED-F/VDAB imported
    .venv/bin/python scripts/eval_tagger.py --store var/taxonomy.sqlite3 --show-misses

P@k is the share of the first k concepts (or fewer, when the tagger returns fewer) that
are gold; R@k is the share of gold concepts found among the first k. For ISCED-F the ranked
list is the offer's fields_of_education; for occupations the ESCO occupations among the
concepts (a Flemish occupation counts as the ESCO occupation it names).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
EVAL_FILE = ROOT / "tests" / "taxonomy" / "files" / "eval_offers.yaml"

from taxonomy.bundled import install_snapshot  # noqa: E402
from taxonomy.core import build_taxonomy  # noqa: E402
from taxonomy.evaluation import KS, SCHEMES, evaluate, load_offers  # noqa: E402
from taxonomy.importing.run import import_all  # noqa: E402

SHARED = ROOT.parent / "shared" / "taxonomy"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="an imported taxonomy.sqlite3")
    parser.add_argument("--import-shared", action="store_true", help=f"import {SHARED} first")
    parser.add_argument("--flemish-only", action="store_true", help="no ESCO at all")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    offers = load_offers(EVAL_FILE)
    store = args.store
    if args.import_shared:
        store = Path(tempfile.mkdtemp(prefix="leeraanbod-taxonomy-")) / "taxonomy.sqlite3"
        import_all(store, SHARED)
    elif store is None and not args.flemish_only:
        store = Path(tempfile.mkdtemp(prefix="leeraanbod-taxonomy-")) / "taxonomy.sqlite3"
        install_snapshot(store)
    taxonomy = build_taxonomy(store)
    schemes = ",".join(sorted({c.scheme for c in taxonomy}))
    print(f"{len(offers)} labelled offers; taxonomy: {len(taxonomy)} concepts ({schemes})")

    def show(offer_id: str, scheme: str, missing: list[str], extra: list[str]) -> None:
        print(f"  {offer_id:14} {scheme:8} missing {missing} extra {extra}")

    results = evaluate(taxonomy, offers, show if args.show_misses else None)
    columns = [f"P@{k}" for k in KS] + [f"R@{k}" for k in KS]
    print(f"{'scheme':10}{'n':>4}  " + "  ".join(f"{c:>5}" for c in columns))
    for scheme in SCHEMES:
        if scheme in results:
            row = results[scheme]
            values = "  ".join(f"{row[c]:5.2f}" for c in columns)
            print(f"{scheme:10}{int(row['n']):>4}  {values}")


if __name__ == "__main__":
    try:
        main()
    finally:  # the temporary store of --import-shared / the benchmark import
        for leftover in Path(tempfile.gettempdir()).glob("leeraanbod-taxonomy-*"):
            shutil.rmtree(leftover, ignore_errors=True)
