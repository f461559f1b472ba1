"""Measuring deduplication on a labelled set (``tests/dedup/files/labelled.yaml``): every pair
of listings is labelled by whether their ``entity`` is the same; the full pipeline (store,
blocking, scoring, clustering) runs and pairwise precision and recall are counted."""

from __future__ import annotations

import itertools
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from catalogue.model import Offer
from catalogue.store.sqlite import SQLiteStore
from dedup.service import recompute_clusters
from dedup.similarity import THRESHOLD


@dataclass
class LabelledSet:
    offers: list[Offer]
    entity: dict[str, str]  # offer id -> true entity
    key: dict[str, str]  # offer id -> the listing's key in the file
    hard_negatives: list[tuple[str, str, str]]  # offer ids and why


@dataclass
class Metrics:
    threshold: float
    pairs: int = 0
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    missed_in_review: int = 0  # missed pairs a coordinator finds on the review list
    negatives_in_review: int = 0  # pairs of two runs on the review list (to be refused)
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positive + self.false_negative
        return self.true_positive / wanted if wanted else 1.0


def _place(text: str | None, address: str | None = None) -> dict[str, Any]:
    if not text:
        return {"location": {"address": address}} if address else {}
    if text == "online":
        return {"delivery_mode": "online_live"}
    first, _, rest = text.partition(" ")
    if first.isdigit():
        location = {"postcode": first, "municipality": rest or None}
    else:
        location = {"municipality": text}
    return {"location": {**location, "address": address} if address else location}


def offer_from_row(row: dict[str, Any]) -> Offer:
    """One listing of a labelled set. Fields: k key, s source, p provider, t title, d start
    dates, de the (first) run's end date, l place, a street address, sch schedule, h hours,
    pr price in euro, odb / vdab / pc (the provider's course code) identifiers, lang, desc."""
    place = _place(row.get("l"), row.get("a"))
    if row.get("sch"):
        place = {**place, "schedule": [row["sch"]]}
    sessions = [{"start_date": d, **place} for d in row.get("d", [])] or ([place] if place else [])
    if row.get("de") and sessions:
        sessions[0] = {**sessions[0], "end_date": row["de"]}
    identifiers = [
        {"scheme": scheme, "value": str(row[scheme])}
        for scheme in ("odb", "vdab")
        if row.get(scheme)
    ]
    if row.get("pc"):
        identifiers.append({"scheme": "other", "value": str(row["pc"])})
    return Offer.model_validate(
        {
            "source": row["s"],
            "source_id": row["k"],
            "url": f"https://www.{row['s']}.be/opleiding/{row['k']}",
            "identifiers": identifiers,
            "title": row["t"],
            "description": row.get("desc", ""),
            "provider": {"name": row["p"]},
            "languages": [row.get("lang", "nl")],
            "sessions": sessions,
            "duration": {"hours": row["h"]} if row.get("h") else None,
            "prices": [{"amount": str(row["pr"])}] if row.get("pr") is not None else [],
        }
    )


def load_labelled(path: str | Path) -> LabelledSet:
    data = yaml.safe_load(Path(path).read_text("utf-8"))
    offers, entity, key = [], {}, {}
    by_key: dict[str, str] = {}
    for row in data["offers"]:
        offer = offer_from_row(row)
        offers.append(offer)
        entity[offer.id or ""] = row["e"]
        key[offer.id or ""] = row["k"]
        by_key[row["k"]] = offer.id or ""
    hard = [(by_key[a], by_key[b], why) for a, b, why in data.get("hard_negatives", [])]
    return LabelledSet(offers, entity, key, hard)


def evaluate(labelled: LabelledSet, threshold: float = THRESHOLD) -> Metrics:
    """Cluster the labelled offers in a fresh store and count pairs."""
    with tempfile.TemporaryDirectory() as folder:
        store = SQLiteStore(Path(folder) / "eval.sqlite3")
        store.migrate()
        store.upsert_offers(labelled.offers)
        recompute_clusters(store, threshold)
        clusters = store.all_clusters()
        review = {(p.offer_a, p.offer_b) for p in store.review_pairs(10**6)}
        store.close()
    metrics = Metrics(threshold)
    ids = sorted(labelled.entity)
    for a, b in itertools.combinations(ids, 2):
        metrics.pairs += 1
        same = labelled.entity[a] == labelled.entity[b]
        predicted = clusters[a] == clusters[b]
        if same and predicted:
            metrics.true_positive += 1
        elif predicted:
            metrics.false_positive += 1
            metrics.errors.append(f"merged   {labelled.key[a]} ~ {labelled.key[b]}")
        elif same:
            metrics.false_negative += 1
            listed = (a, b) in review
            metrics.missed_in_review += listed
            note = " (on the review list)" if listed else ""
            metrics.errors.append(f"missed   {labelled.key[a]} ~ {labelled.key[b]}{note}")
        elif (a, b) in review:
            metrics.negatives_in_review += 1
    return metrics
