"""Measuring deduplication on a labelled set (``tests/dedup/files/labelled.yaml``): every pair
of listings is labelled by whether their ``entity`` is the same; the full pipeline (store,
blocking, scoring, clustering) runs and pairwise precision and recall are counted.

``missing_listing`` measures what happens when a provider's own listing of a run is missing
from the catalogue (a fund relists a run its provider does not publish): the relistings of
that run must then not join another course of the provider (or anything else)."""

from __future__ import annotations

import itertools
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from catalogue.model import Offer
from catalogue.store.sqlite import SQLiteStore
from dedup.providers import provider_of
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


def _cluster(
    offers: list[Offer], threshold: float, folder: str | Path, name: str = "eval"
) -> tuple[dict[str, str], set[tuple[str, str]]]:
    """Cluster offers in a fresh SQLite store: (offer id -> cluster id, review pairs)."""
    store = SQLiteStore(Path(folder) / f"{name}.sqlite3")
    store.migrate()
    store.upsert_offers(offers)
    recompute_clusters(store, threshold)
    clusters = store.all_clusters()
    review = {(p.offer_a, p.offer_b) for p in store.review_pairs(10**6)}
    store.close()
    return clusters, review


def evaluate(labelled: LabelledSet, threshold: float = THRESHOLD) -> Metrics:
    """Cluster the labelled offers in a fresh store and count pairs."""
    with tempfile.TemporaryDirectory() as folder:
        clusters, review = _cluster(labelled.offers, threshold, folder)
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


# sources that list other providers' courses: VDAB, the opleidingsdatabank, course portals;
# a sector fund is recognised by its name (``provider_of(...).unknown`` or a named organiser)
RELISTING_SOURCES = frozenset({"vdab", "odb", "leerwinkel", "cursuszoeker"})
NEARBY_DAYS = 14  # offers further from the run than this cannot be in its connected set


def is_relisting(offer: Offer) -> bool:
    """A listing by someone other than the provider itself (VDAB, ODB, a portal, a fund)."""
    if offer.source in RELISTING_SOURCES or provider_of(offer.source.replace("-", " ")).unknown:
        return True
    named = provider_of(offer.provider.name, offer.description or "")
    return named.unknown or named.organiser_named


@dataclass
class MissingListing:
    """Each run's relistings with the provider's own listing(s) of the run taken out."""

    scenarios: int = 0  # (run, relisting) pairs whose provider listing was dropped
    wrong: int = 0  # scenarios in which the relisting joined another run's listing
    wrong_pairs: int = 0  # pairs of different runs those clusters put together
    errors: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.wrong / self.scenarios if self.scenarios else 0.0


def _starts(offer: Offer) -> list:
    return [s.start_date for s in offer.sessions if s.start_date]


def missing_listing(labelled: LabelledSet, threshold: float = THRESHOLD) -> MissingListing:
    """For every run listed by its provider and relisted elsewhere: drop the provider's own
    listing(s) of the run, cluster the rest (the offers near the run's dates: those are the
    only ones its connected set can hold), and count the relistings that then join a listing
    of another run. This is the case the run's competition ('one run, one course') is weakest
    in: the provider's other course on that day, place and hours has no rival left."""
    result = MissingListing()
    by_entity: dict[str, list[Offer]] = {}
    for offer in labelled.offers:
        by_entity.setdefault(labelled.entity[offer.id or ""], []).append(offer)
    with tempfile.TemporaryDirectory() as folder:
        for n, (entity, offers) in enumerate(sorted(by_entity.items())):
            own = [o for o in offers if not is_relisting(o)]
            relisted = [o for o in offers if is_relisting(o)]
            if not own or not relisted:
                continue
            days = [d for o in relisted for d in _starts(o)]
            dropped = {o.id for o in own}

            def near(offer: Offer, days: list = days) -> bool:
                starts = _starts(offer)
                return (
                    not starts
                    or not days
                    or any(abs((a - b).days) <= NEARBY_DAYS for a in starts for b in days)
                )

            rest = [o for o in labelled.offers if o.id not in dropped and near(o)]
            clusters, _ = _cluster(rest, threshold, folder, f"missing{n}")
            for offer in relisted:
                mates = [
                    o
                    for o in rest
                    if o.id != offer.id
                    and clusters.get(o.id or "") == clusters.get(offer.id or "", "-")
                    and labelled.entity[o.id or ""] != entity
                ]
                result.scenarios += 1
                result.wrong += bool(mates)
                result.wrong_pairs += len(mates)
                for mate in mates:
                    result.errors.append(
                        f"without {'/'.join(labelled.key[o.id or ''] for o in own)}: "
                        f"{labelled.key[offer.id or '']} ~ {labelled.key[mate.id or '']}"
                    )
    return result
