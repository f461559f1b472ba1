"""Every report by name, and how to compute it from the catalogue store.

``run_report(name, store, request)`` is what the CLI, the API and the dashboard call; each
report itself is a pure function of offers and runs (see the module of its name).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Protocol

from catalogue.model import Offer
from catalogue.runs import CrawlRun
from catalogue.store import CatalogueStore, OfferStatus, SourceStatus, StoredOffer
from demand.store import DEFAULT_MIN_COUNT, DemandData, DemandStore
from reports.access import TITLE as ACCESS_TITLE
from reports.access import access
from reports.coverage import TITLE as COVERAGE_TITLE
from reports.coverage import coverage
from reports.demand import DEFAULT_DAYS, TermLookup, demand, window
from reports.demand import TITLE as DEMAND_TITLE
from reports.filters import OfferFilter
from reports.freshness import TITLE as FRESHNESS_TITLE
from reports.freshness import freshness
from reports.gaps import DEFAULT_FEW, gaps
from reports.gaps import TITLE as GAPS_TITLE
from reports.overlap import TITLE as OVERLAP_TITLE
from reports.overlap import overlap
from reports.shortage import EXAMPLE, ShortageList, read_shortage_list
from reports.table import Report, Title
from reports.trends import TITLE as TRENDS_TITLE
from reports.trends import trends
from reports.vocabulary import MappingVocabulary, Vocabulary


@dataclass
class ReportRequest:
    """Everything a report may be asked for; each report reads what it needs."""

    filters: OfferFilter = field(default_factory=OfferFilter)
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    period: str | None = None  # day | week | month (freshness: day, trends: week)
    granularity: str = "province"  # coverage: province | municipality
    vocabulary: Vocabulary = field(default_factory=MappingVocabulary)
    shortage: ShortageList | None = None  # gaps; the shipped example when None
    few: int = DEFAULT_FEW
    clusters: Mapping[str, str] | None = None  # overlap: offer id -> cluster id; None: the store's
    demand: DemandStore | None = None  # demand: the search demand log; None: none kept
    terms: TermLookup | None = None  # demand: what the search knows of words (taxonomy hint)
    days: int = DEFAULT_DAYS  # demand: the days up to today

    @property
    def today(self) -> date:
        return self.now.astimezone(UTC).date()


class CatalogueReader:
    """What the reports read from the store. Streaming by default (one report, little
    memory); with ``keep=True`` a snapshot read once and shared by several reports (the
    dashboard computes six)."""

    def __init__(self, store: CatalogueStore, keep: bool = False) -> None:
        self.store = store
        self.keep = keep
        self._kept: dict[str, Any] = {}

    def _read(self, name: str, read: Callable[[], Any]) -> Any:
        if not self.keep:
            return read()
        if name not in self._kept:
            self._kept[name] = read()
        return self._kept[name]

    def stored(self) -> Iterable[StoredOffer]:
        """Every offer, retired ones too."""
        return self._read(
            "stored", lambda: list(self.store.iter_offers(statuses=list(OfferStatus)))
        )

    def offers(self) -> Iterable[Offer]:
        """The live offers (active and stale)."""
        if self.keep:
            return [s.offer for s in self.stored() if s.status != OfferStatus.RETIRED]
        return (s.offer for s in self.store.iter_offers())

    def runs(self) -> list[CrawlRun]:
        return self._read("runs", self.store.all_runs)

    def statuses(self) -> list[SourceStatus]:
        return self._read("statuses", self.store.source_statuses)

    def clusters(self) -> dict[str, str]:
        return self._read("clusters", self.store.all_clusters)

    def review(self) -> list[tuple[str, str, str]]:
        """The deduplication's reviewed links: (offer, offer, pending|confirmed|refused)."""

        def read() -> list[tuple[str, str, str]]:
            pending = [(p.offer_a, p.offer_b, "pending") for p in self.store.review_pairs(2**62)]
            decided = [(a, b, str(d)) for (a, b), d in sorted(self.store.decisions().items())]
            return pending + decided

        return self._read("review", read)


def _coverage(data: CatalogueReader, request: ReportRequest) -> Report:
    return coverage(
        data.offers(), request.today, request.vocabulary, request.filters, request.granularity
    )


def _gaps(data: CatalogueReader, request: ReportRequest) -> Report:
    shortage = request.shortage or read_shortage_list(EXAMPLE, request.vocabulary)
    report = gaps(
        data.offers(),
        shortage.entries,
        request.vocabulary,
        request.filters,
        few=request.few,
        today=request.today,
    )
    report.notes[:0] = [f"shortage list: {problem}" for problem in shortage.problems]
    return report


def _access(data: CatalogueReader, request: ReportRequest) -> Report:
    return access(data.offers(), request.filters)


def _overlap(data: CatalogueReader, request: ReportRequest) -> Report:
    # the cross-source deduplication's clusters (dedup), unless some are given
    clusters = request.clusters if request.clusters is not None else data.clusters()
    review = data.review() if request.clusters is None else None
    return overlap(data.offers(), clusters, request.filters, review)


def _freshness(data: CatalogueReader, request: ReportRequest) -> Report:
    statuses = data.statuses()
    runs = data.runs()
    if request.filters:
        # a fund's or a province's sources: those listing at least one offer the filter keeps
        wanted = {o.source for o in data.offers() if request.filters.keeps(o)}
        statuses = [s for s in statuses if s.source in wanted]
        runs = [r for r in runs if r.source in wanted]
    report = freshness(statuses, runs, request.now, request.period or "day")
    report.parameters = {**report.parameters, **request.filters.as_parameters()}
    return report


def _trends(data: CatalogueReader, request: ReportRequest) -> Report:
    stored = list(data.stored())
    runs = data.runs()
    if request.filters:
        wanted = {s.offer.source for s in stored if request.filters.keeps(s.offer)}
        runs = [r for r in runs if r.source in wanted]
    return trends(stored, runs, request.now, request.period or "week", request.filters)


def _demand(data: CatalogueReader, request: ReportRequest) -> Report:
    start, end = window(request.today, request.days)
    if request.demand is None:
        found = DemandData(start=start, end=end, min_count=DEFAULT_MIN_COUNT)
    else:
        found = request.demand.published(start, end)
    report = demand(found, request.terms, request.vocabulary, request.period or "week")
    if request.demand is None:
        report.notes.append("no search demand log (LEERAANBOD_DEMAND_LOG)")
    if request.filters:
        report.notes.append("the fund and province filters do not apply to searches")
    return report


@dataclass(frozen=True)
class ReportSpec:
    name: str
    title: Title
    build: Callable[[CatalogueReader, ReportRequest], Report]
    tables: tuple[str, ...]  # the names of its tables, the first one the main table
    # what the report reads besides the catalogue: "shortage" (the shortage list), "demand"
    # (the search demand log), "terms" (what the search knows of words); see ``with_inputs``
    inputs: frozenset[str] = frozenset()


class InputSource(Protocol):
    """Where a caller (the CLI, the web app) gets a report's extra inputs from."""

    def shortage(self) -> ShortageList | None: ...
    def demand(self) -> DemandStore | None: ...
    def terms(self) -> TermLookup | None: ...


def with_inputs(name: str, request: ReportRequest, source: InputSource) -> ReportRequest:
    """``request`` with the inputs report ``name`` declares, taken from ``source``."""
    inputs = REPORTS[name].inputs if name in REPORTS else frozenset()
    if "shortage" in inputs:
        request.shortage = source.shortage()
    if "demand" in inputs:
        request.demand = source.demand()
    if "terms" in inputs:
        request.terms = source.terms()
    return request


REPORTS: dict[str, ReportSpec] = {
    spec.name: spec
    for spec in (
        ReportSpec(
            "coverage",
            COVERAGE_TITLE,
            _coverage,
            (
                "cells",
                "by_province",
                "by_delivery_mode",
                "by_fund",
                "by_funding_scheme",
                "by_field_of_education",
                "by_competence_group",
                "by_occupation",
            ),
        ),
        ReportSpec("gaps", GAPS_TITLE, _gaps, ("occupations", "skills"), frozenset({"shortage"})),
        ReportSpec("access", ACCESS_TITLE, _access, ("criteria", "by_province")),
        ReportSpec(
            "overlap", OVERLAP_TITLE, _overlap, ("pairs", "sources", "shared_clusters", "review")
        ),
        ReportSpec(
            "freshness",
            FRESHNESS_TITLE,
            _freshness,
            ("sources", "error_rates", "reject_reasons", "runs"),
        ),
        ReportSpec("trends", TRENDS_TITLE, _trends, ("catalogue", "by_source", "crawls")),
        ReportSpec(
            "demand",
            DEMAND_TITLE,
            _demand,
            ("unmet", "top_queries", "by_period", "filters", "dropped"),
            frozenset({"demand", "terms"}),
        ),
    )
}


def run_report(
    name: str, source: CatalogueStore | CatalogueReader, request: ReportRequest | None = None
) -> Report:
    """Report ``name`` from a store (read as it goes) or a ``CatalogueReader`` snapshot."""
    spec = REPORTS.get(name)
    if spec is None:
        raise KeyError(f"unknown report {name!r}; reports: {', '.join(REPORTS)}")
    data = source if isinstance(source, CatalogueReader) else CatalogueReader(source)
    return spec.build(data, request or ReportRequest())


def read_clusters(path: Path) -> dict[str, str]:
    """A cluster mapping from a CSV with columns ``offer_id`` and ``cluster_id``."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"offer_id", "cluster_id"} - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path}: the cluster file needs columns offer_id and cluster_id")
        return {row["offer_id"]: row["cluster_id"] for row in reader if row["offer_id"]}
