"""Precision and recall at k of the tagger against labelled offers (see docs/taxonomy.md)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from taxonomy.core import Taxonomy

KS = (1, 3, 5, 10)
SCHEMES = ("flemish", "esco", "isced-f", "occupation")


def occupation_ranking(taxonomy: Taxonomy, results: list[Any]) -> list[str]:
    """The ESCO occupations of tag results, best first; a Flemish occupation counts as the
    ESCO occupation it names."""
    ranked: list[str] = []
    for result in results:
        concept = taxonomy.concepts[result.concept_id]
        if concept.type != "occupation":
            continue
        ids = (
            [concept.id]
            if concept.scheme == "esco"
            else sorted(
                o
                for o in taxonomy.equivalents.get(concept.id, ())
                if o.startswith("esco:occupation/")
            )
        )
        ranked.extend(i for i in ids if i not in ranked)
    return ranked


def load_offers(path: Path) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def at_k(ranked: list[str], gold: set[str], k: int) -> tuple[float, float]:
    """(precision, recall) of the first k: precision over the returned items (≤ k)."""
    top = ranked[:k]
    hits = len(set(top) & gold)
    return (hits / len(top) if top else 0.0, hits / len(gold) if gold else 0.0)


def evaluate(
    taxonomy: Taxonomy,
    offers: list[dict[str, Any]],
    on_miss: Callable[[str, str, list[str], list[str]], None] | None = None,
) -> dict[str, dict[str, float]]:
    """Mean P@k and R@k per scheme, with ``n`` the number of offers that have gold for it."""
    tagger = taxonomy.tagger
    sums: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    counted: dict[str, int] = defaultdict(int)
    has_esco = taxonomy.has_scheme("esco")
    for offer in offers:
        results = tagger.tag(offer["title"], offer.get("description", ""), offer.get("lang", "nl"))
        ranked = [r.concept_id for r in results]
        rankings = {
            "flemish": [c for c in ranked if c.startswith("vl:")],
            "esco": [c for c in ranked if c.startswith("esco:")],
            "isced-f": tagger.fields_of_education(results),
            "occupation": occupation_ranking(taxonomy, results),
        }
        golds = {
            "flemish": {f"vl:{g}" for g in offer["gold"].get("flemish", [])},
            "esco": set(offer["gold"].get("esco", [])),
            "isced-f": set(offer["gold"].get("isced", [])),
            "occupation": set(offer["gold"].get("occupations", [])),
        }
        for scheme, gold in golds.items():
            if not gold or (scheme in ("esco", "occupation") and not has_esco):
                continue
            counted[scheme] += 1
            for k in KS:
                p, r = at_k(rankings[scheme], gold, k)
                sums[scheme][f"P@{k}"] += p
                sums[scheme][f"R@{k}"] += r
            top = rankings[scheme][:5]
            if on_miss and set(top) != gold:
                on_miss(
                    offer["id"], scheme, sorted(gold - set(top)), [c for c in top if c not in gold]
                )
    return {
        scheme: {m: v / counted[scheme] for m, v in metrics.items()} | {"n": counted[scheme]}
        for scheme, metrics in sums.items()
    }
