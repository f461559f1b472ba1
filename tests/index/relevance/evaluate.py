"""Evaluate an engine on the benchmark: recall@10, nDCG@10 and the zero-result rate per
query class (``judgements.KINDS``), over the demo and the larger catalogue.

recall@10 = relevant offers in the first 10 / min(relevant offers, 10); nDCG@10 with the grades
as gains (2^grade - 1) and the ideal order of every judged offer; the zero-result rate is the
share of queries with relevant offers that found nothing. Queries without relevant offers in
a catalogue are counted apart (``no_relevant``).
"""

from __future__ import annotations

import math
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from catalogue.model import Offer
from index.base import SearchIndex
from index.search_query import SearchQuery
from index.vocabulary import Vocabulary
from tests.index.relevance.catalogue import (
    DEMO_TOPICS,
    TODAY,
    demo_offers,
    large_offers,
    municipality_of,
    topic_of_large,
)
from tests.index.relevance.judgements import KINDS, QUERIES, Judged

K = 10


@dataclass
class Catalogue:
    name: str
    offers: list[Offer]
    topic: dict[str, str]  # offer id -> topic
    place: dict[str, str | None]  # offer id -> municipality

    def grades(self, judged: Judged) -> dict[str, int]:
        out: dict[str, int] = {}
        for offer_id, topic in self.topic.items():
            grade = judged.grades.get(topic, 0)
            if grade and judged.place is not None and self.place.get(offer_id) != judged.place:
                grade = 1
            if grade:
                out[offer_id] = grade
        return out


def catalogues(tag: Callable[[Offer], Offer] | None = None) -> list[Catalogue]:
    """The demo (tagged as the demo stores it) and the larger catalogue (tagged by ``tag``)."""
    demo = list(demo_offers())
    large = large_offers()
    if tag is not None:
        large = [tag(o) for o in large]
    return [
        Catalogue(
            "demo",
            demo,
            {o.id: DEMO_TOPICS[o.id] for o in demo if o.id in DEMO_TOPICS},
            {o.id: municipality_of(o) for o in demo},
        ),
        Catalogue(
            "large",
            large,
            {o.id: topic_of_large(o) for o in large},
            {o.id: municipality_of(o) for o in large},
        ),
    ]


@dataclass
class Outcome:
    judged: Judged
    relevant: int
    found: int
    recall: float
    ndcg: float
    top: list[str] = field(default_factory=list)


def dcg(gains: Iterable[int]) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(gains))


def score(judged: Judged, grades: dict[str, int], hit_ids: list[str], total: int) -> Outcome:
    top = hit_ids[:K]
    relevant = len(grades)
    if not relevant:
        return Outcome(judged, 0, total, 0.0, 0.0, top)
    recall = sum(1 for h in top if h in grades) / min(relevant, K)
    ideal = dcg(sorted(grades.values(), reverse=True)[:K])
    ndcg = dcg(grades.get(h, 0) for h in top) / ideal
    return Outcome(judged, relevant, total, recall, ndcg, top)


def run_queries(
    engine: SearchIndex, catalogue: Catalogue, queries: Sequence[Judged] = QUERIES
) -> list[Outcome]:
    """Every judged query on an engine that holds ``catalogue``'s offers (ids = offer ids)."""
    outcomes = []
    for judged in queries:
        results = engine.search(SearchQuery(q=judged.q, page_size=K, facets=[]))
        ids = [h.id for h in results.hits]
        outcomes.append(score(judged, catalogue.grades(judged), ids, results.total))
    return outcomes


@dataclass
class Row:
    kind: str
    n: int
    recall: float
    ndcg: float
    zero: float


def summarise(outcomes: list[Outcome]) -> tuple[list[Row], int]:
    """Per class and overall (``all``), over queries with relevant offers; and how many
    queries had none."""
    rows = []
    judged = [o for o in outcomes if o.relevant]
    for kind in (*KINDS, "all"):
        mine = [o for o in judged if kind == "all" or o.judged.kind == kind]
        if not mine:
            continue
        n = len(mine)
        rows.append(
            Row(
                kind,
                n,
                sum(o.recall for o in mine) / n,
                sum(o.ndcg for o in mine) / n,
                sum(1 for o in mine if o.found == 0) / n,
            )
        )
    return rows, len(outcomes) - len(judged)


def tantivy_engine(directory: Path, vocabulary: Vocabulary) -> SearchIndex:
    from index.tantivy import TantivyIndex

    return TantivyIndex(directory, vocabulary, today=lambda: TODAY)


def opensearch_engine(url: str, vocabulary: Vocabulary) -> SearchIndex:
    from index.opensearch import OpenSearchIndex

    alias = f"relevance-{uuid.uuid4().hex[:10]}"
    return OpenSearchIndex.connect(
        url, alias, vocabulary=vocabulary, today=lambda: TODAY, replicas=0, timeout=60.0
    )


def drop(engine: SearchIndex) -> None:
    from index.opensearch import OpenSearchIndex

    if isinstance(engine, OpenSearchIndex):
        engine.adapter.request("DELETE", f"/{engine.alias}-*", params={"expand_wildcards": "all"})
    engine.close()


def evaluate(
    kind: str,
    catalogue: Catalogue,
    vocabulary: Vocabulary,
    url: str | None = None,
    queries: Sequence[Judged] = QUERIES,
) -> list[Outcome]:
    """Index ``catalogue`` in a fresh engine of ``kind`` and run every judged query."""
    tmp = Path(tempfile.mkdtemp(prefix="leeraanbod-relevance-"))
    engine = (
        tantivy_engine(tmp, vocabulary)
        if kind == "tantivy"
        else opensearch_engine(url or "", vocabulary)
    )
    try:
        result = engine.rebuild(catalogue.offers, force=True)
        if result.bulk.errors:
            raise RuntimeError(f"offers not indexed: {result.bulk.errors}")
        return run_queries(engine, catalogue, queries)
    finally:
        drop(engine)
        shutil.rmtree(tmp, ignore_errors=True)
