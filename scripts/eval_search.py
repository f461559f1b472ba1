#!/usr/bin/env python3
"""Relevance of the search on the benchmark (tests/index/relevance): recall@10, nDCG@10 and
the zero-result rate per query class, tantivy and OpenSearch side by side, on the demo
catalogue and the larger one.

    .venv/bin/python scripts/eval_search.py                       # tantivy + OpenSearch
    .venv/bin/python scripts/eval_search.py --engines tantivy     # no node needed
    .venv/bin/python scripts/eval_search.py --show-misses         # the queries below 1.0
    .venv/bin/python scripts/eval_search.py --json figures.json   # for docs/relevance.md
    .venv/bin/python scripts/eval_search.py --queries heldout     # the held-out set

The taxonomy is the ESCO snapshot shipped in the package, installed into a temporary store
(or taken from --taxonomy-store); it tags the larger catalogue and gives the engines
their vocabulary, as ``leeraanbod demo`` does. OpenSearch: --opensearch-url, else
LEERAANBOD_OPENSEARCH_URL, else http://127.0.0.1:9250.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.vocabulary import Vocabulary  # noqa: E402
from taxonomy.bundled import install_snapshot  # noqa: E402
from taxonomy.core import build_taxonomy  # noqa: E402
from taxonomy.tagging import tag_offer  # noqa: E402
from tests.index.relevance.evaluate import catalogues, evaluate, summarise  # noqa: E402
from tests.index.relevance.judgements import QUERIES as MAIN  # noqa: E402
from tests.index.relevance.judgements_heldout import QUERIES as HELDOUT  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="tantivy,opensearch")
    parser.add_argument("--taxonomy-store", type=Path, help="an imported taxonomy.sqlite3")
    parser.add_argument("--opensearch-url", default=None)
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--json", type=Path, help="write the figures as JSON")
    parser.add_argument(
        "--queries",
        choices=["main", "heldout"],
        default="main",
        help="the judged queries: the main set (judgements.py) or the held-out one "
        "(judgements_heldout.py; measured at the start and end of a round, never tuned on)",
    )
    args = parser.parse_args()
    url = (
        args.opensearch_url
        or os.environ.get("LEERAANBOD_OPENSEARCH_URL")
        or "http://127.0.0.1:9250"
    )
    store = args.taxonomy_store
    if store is None:
        store = Path(tempfile.mkdtemp(prefix="leeraanbod-taxonomy-")) / "taxonomy.sqlite3"
        install_snapshot(store)
    taxonomy = build_taxonomy(store)
    vocabulary = Vocabulary.from_taxonomy(taxonomy)
    queries = HELDOUT if args.queries == "heldout" else MAIN
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    figures: dict[str, dict[str, dict[str, dict[str, float]]]] = {}
    for catalogue in catalogues(lambda o: tag_offer(o, taxonomy)):
        print(f"\n== {catalogue.name} catalogue: {len(catalogue.offers)} offers")
        table: dict[str, dict[str, dict[str, float]]] = {}
        unjudged = 0
        for engine in engines:
            outcomes = evaluate(engine, catalogue, vocabulary, url, queries)
            rows, unjudged = summarise(outcomes)
            table[engine] = {
                r.kind: {"n": r.n, "recall": r.recall, "ndcg": r.ndcg, "zero": r.zero} for r in rows
            }
            if args.show_misses:
                for o in outcomes:
                    if o.relevant and o.recall < 1.0:
                        print(
                            f"  [{engine}] {o.judged.kind:12} {o.judged.q!r}: recall "
                            f"{o.recall:.2f} ndcg {o.ndcg:.2f} found {o.found} top {o.top[:4]}"
                        )
        figures[catalogue.name] = table
        head = "".join(f"  {e:^26}" for e in engines)
        print(f"{'class':13}{'n':>4}{head}")
        sub = "".join(f"  {'R@10':>8}{'nDCG@10':>9}{'zero':>7}  " for _ in engines)
        print(f"{'':17}{sub}")
        for kind in table[engines[0]]:
            cells = ""
            for engine in engines:
                r = table[engine][kind]
                cells += f"  {r['recall']:8.3f}{r['ndcg']:9.3f}{r['zero']:7.1%}  "
            print(f"{kind:13}{int(table[engines[0]][kind]['n']):>4}{cells}")
        print(f"(queries without a relevant offer in this catalogue: {unjudged})")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    try:
        main()
    finally:
        for leftover in Path(tempfile.gettempdir()).glob("leeraanbod-taxonomy-*"):
            shutil.rmtree(leftover, ignore_errors=True)
