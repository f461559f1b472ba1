"""The SME view (``funding.sme_view``) over a large catalogue without reading all of it.

``funding.sme_view`` decides per offer; run on every offer of the store it costs seconds per
10,000 offers. Only offers that meet a sector-fund rule applying to the committee's employers,
or that declare funding naming the committee, can be listed, and the search index already
knows both per course run (``funding_rules``, ``joint_committees``). So:

1. the rules: ``funding.sme_rule_ids(joint_committee, today, company_size)``;
2. the course runs: ``SearchIndex.course_run_ids(sme_candidates_filter(rules, committee))``
   (a filter both engines answer, ``index.plan``);
3. their listings from the store (cluster members, ``CatalogueStore.get_offers``), and
   ``sme_view`` on those alone, with the same cluster ids as before.

The answer is the full scan's answer whenever the index was built from the store's current
offers on a day the same rules were in force (the nightly rebuild; ``tests/index/test_sme.py``
checks the equality on both engines). An offer added to the store after the last index update
appears once the index has it, as in search.

:class:`AnswerCache` keeps answers per key (committee, company size, day, language, and the
index's ``generation()`` with the store's ``change_marker()``), so a repeated request costs a
dictionary look-up until the catalogue or the index changes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from datetime import date
from typing import Generic, TypeVar

from catalogue.model import CompanySize, Offer
from catalogue.store import CatalogueStore
from dedup import cluster_ids
from funding import SmeGroup, sme_rule_ids, sme_view
from funding.schema import Rule
from index.base import SearchIndex
from index.plan import Filter, sme_candidates_filter

CLUSTER_PREFIX = "cl-"  # dedup.cluster_id_for; other run ids are offer ids
T = TypeVar("T")


def sme_candidates(
    course_run_ids: Callable[[Filter], list[str]],
    store: CatalogueStore,
    joint_committee: str,
    today: date,
    company_size: CompanySize | None = None,
    rules: Sequence[Rule] | None = None,
) -> list[Offer]:
    """The live offers (active and stale, id order) of every course run the SME view of
    ``joint_committee`` may list: a superset of what it lists, read from the store.
    ``course_run_ids`` is an engine's ``SearchIndex.course_run_ids`` (or a guarded call of
    it: the web layer gives the engine a time limit, not the store reads after it)."""
    rule_ids = sme_rule_ids(joint_committee, today, company_size, rules)
    runs = course_run_ids(sme_candidates_filter(rule_ids, joint_committee))
    members = store.members_of_clusters(r for r in runs if r.startswith(CLUSTER_PREFIX))
    offer_ids: set[str] = set()
    for run in runs:
        offer_ids.update(members.get(run, [run]))
    return [stored.offer for stored in store.get_offers(offer_ids)]


def indexed_sme_view(
    index: SearchIndex | Callable[[Filter], list[str]],
    store: CatalogueStore,
    joint_committee: str,
    today: date,
    company_size: CompanySize | None = None,
    rules: Sequence[Rule] | None = None,
    concept_name: Callable[[str], str | None] | None = None,
) -> list[SmeGroup]:
    """``funding.sme_view`` of the whole store's live offers, one per course run, computed
    on the index's candidates only. ``index`` is the engine, or a function standing for its
    ``course_run_ids``. Raises a pydantic ``ValidationError`` naming
    ``joint_committee`` when it is not a valid committee number, ``NotImplementedError`` when
    the engine cannot list course runs by a filter, and what the engine raises when it is
    down (``SearchUnavailable``)."""
    runs = index.course_run_ids if isinstance(index, SearchIndex) else index
    offers = sme_candidates(runs, store, joint_committee, today, company_size, rules)
    return _grouped(offers, store, joint_committee, today, company_size, rules, concept_name)


def full_scan_sme_view(
    store: CatalogueStore,
    joint_committee: str,
    today: date,
    company_size: CompanySize | None = None,
    rules: Sequence[Rule] | None = None,
    concept_name: Callable[[str], str | None] | None = None,
) -> list[SmeGroup]:
    """The reference: ``sme_view`` over every live offer of the store (seconds per 10,000
    offers). For engines without ``course_run_ids``, tests and benchmarks."""
    offers = [s.offer for s in store.iter_offers()]  # active and stale
    return _grouped(offers, store, joint_committee, today, company_size, rules, concept_name)


def _grouped(
    offers: list[Offer],
    store: CatalogueStore,
    joint_committee: str,
    today: date,
    company_size: CompanySize | None,
    rules: Sequence[Rule] | None,
    concept_name: Callable[[str], str | None] | None,
) -> list[SmeGroup]:
    """``sme_view`` of these offers, one course run once (clusters from the store)."""
    clusters = cluster_ids(store, [o.id or "" for o in offers])
    return sme_view(
        offers,
        joint_committee,
        today,
        company_size,
        rules,
        concept_name=concept_name,
        clusters=clusters,
    )


class AnswerCache(Generic[T]):
    """A small thread-safe LRU of computed answers: at most ``size`` of them, and, with
    ``weigh`` (an answer's weight, e.g. its courses), at most ``max_weight`` together (the
    newest answer is kept even when it alone weighs more). ``get_or_compute`` computes a
    missing key once, however many threads ask for it at the same time (the others wait for
    it). ``cacheable=False`` (a marker the backend could not give) computes without keeping."""

    def __init__(
        self,
        size: int = 32,
        *,
        max_weight: int | None = None,
        weigh: Callable[[T], int] | None = None,
    ) -> None:
        if size < 1:
            raise ValueError("the cache needs room for at least one answer")
        self.size = size
        self.max_weight = max_weight
        self._weigh = weigh or (lambda _: 1)
        self._weights: dict[Hashable, int] = {}
        self.weight = 0
        self._items: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}
        self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Hashable) -> T | None:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                return self._items[key]
            return None

    def put(self, key: Hashable, value: T) -> None:
        weight = self._weigh(value)
        with self._lock:
            self.weight += weight - self._weights.get(key, 0)
            self._items[key] = value
            self._weights[key] = weight
            self._items.move_to_end(key)
            while len(self._items) > 1 and (
                len(self._items) > self.size
                or (self.max_weight is not None and self.weight > self.max_weight)
            ):
                old, _ = self._items.popitem(last=False)
                self.weight -= self._weights.pop(old)

    def get_or_compute(
        self, key: Hashable, compute: Callable[[], T], *, cacheable: bool = True
    ) -> T:
        if not cacheable:
            with self._lock:
                self.misses += 1
            return compute()
        found = self.get(key)
        if found is not None:
            return found
        with self._lock:
            key_lock = self._computing.setdefault(key, threading.Lock())
        with key_lock:
            found = self.get(key)  # computed by the thread this one waited for
            if found is not None:
                return found
            with self._lock:
                self.misses += 1
            try:
                value = compute()
                self.put(key, value)
            finally:
                with self._lock:
                    self._computing.pop(key, None)
            return value

    def stats(self) -> Mapping[str, int]:
        with self._lock:
            return {
                "size": len(self._items),
                "weight": self.weight,
                "hits": self.hits,
                "misses": self.misses,
            }
