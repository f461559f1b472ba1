"""Every report by name, and how to compute it from the catalogue store.

``run_report(name, store, request)`` is what the CLI, the API and the dashboard call; each
report itself is a pure function of offers and runs (see the module of its name).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from catalogue.store import CatalogueStore, OfferStatus
from reports.access import TITLE as ACCESS_TITLE
from reports.access import access
from reports.coverage import TITLE as COVERAGE_TITLE
from reports.coverage import coverage
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

    @property
    def today(self) -> date:
        return self.now.astimezone(UTC).date()


def _offers(store: CatalogueStore):
    return (stored.offer for stored in store.iter_offers())


def _coverage(store: CatalogueStore, request: ReportRequest) -> Report:
    return coverage(
        _offers(store), request.today, request.vocabulary, request.filters, request.granularity
    )


def _gaps(store: CatalogueStore, request: ReportRequest) -> Report:
    shortage = request.shortage or read_shortage_list(EXAMPLE, request.vocabulary)
    report = gaps(
        _offers(store),
        shortage.entries,
        request.vocabulary,
        request.filters,
        few=request.few,
        today=request.today,
    )
    report.notes[:0] = [f"shortage list: {problem}" for problem in shortage.problems]
    return report


def _access(store: CatalogueStore, request: ReportRequest) -> Report:
    return access(_offers(store), request.filters)


def _overlap(store: CatalogueStore, request: ReportRequest) -> Report:
    # the cross-source deduplication's clusters (catalogue.dedup), unless some are given
    clusters = request.clusters if request.clusters is not None else store.all_clusters()
    return overlap(_offers(store), clusters, request.filters)


def _freshness(store: CatalogueStore, request: ReportRequest) -> Report:
    statuses = store.source_statuses()
    runs = store.all_runs()
    if request.filters:
        # a fund's or a province's sources: those listing at least one offer the filter keeps
        wanted = {o.source for o in _offers(store) if request.filters.keeps(o)}
        statuses = [s for s in statuses if s.source in wanted]
        runs = [r for r in runs if r.source in wanted]
    report = freshness(statuses, runs, request.now, request.period or "day")
    report.parameters |= request.filters.as_parameters()
    return report


def _trends(store: CatalogueStore, request: ReportRequest) -> Report:
    offers = store.iter_offers(statuses=list(OfferStatus))
    runs = store.all_runs()
    if request.filters:
        kept = list(offers)
        wanted = {s.offer.source for s in kept if request.filters.keeps(s.offer)}
        runs = [r for r in runs if r.source in wanted]
        offers = iter(kept)
    return trends(offers, runs, request.now, request.period or "week", request.filters)


@dataclass(frozen=True)
class ReportSpec:
    name: str
    title: Title
    build: Callable[[CatalogueStore, ReportRequest], Report]
    tables: tuple[str, ...]  # the names of its tables, the first one the main table


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
                "by_funding_scheme",
                "by_field_of_education",
                "by_competence_group",
                "by_occupation",
            ),
        ),
        ReportSpec("gaps", GAPS_TITLE, _gaps, ("occupations", "skills")),
        ReportSpec("access", ACCESS_TITLE, _access, ("criteria", "by_province")),
        ReportSpec("overlap", OVERLAP_TITLE, _overlap, ("pairs", "sources", "shared_clusters")),
        ReportSpec(
            "freshness",
            FRESHNESS_TITLE,
            _freshness,
            ("sources", "error_rates", "reject_reasons", "runs"),
        ),
        ReportSpec("trends", TRENDS_TITLE, _trends, ("catalogue", "by_source", "crawls")),
    )
}


def run_report(name: str, store: CatalogueStore, request: ReportRequest | None = None) -> Report:
    spec = REPORTS.get(name)
    if spec is None:
        raise KeyError(f"unknown report {name!r}; reports: {', '.join(REPORTS)}")
    return spec.build(store, request or ReportRequest())


def read_clusters(path: Path) -> dict[str, str]:
    """A cluster mapping from a CSV with columns ``offer_id`` and ``cluster_id``."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"offer_id", "cluster_id"} - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path}: the cluster file needs columns offer_id and cluster_id")
        return {row["offer_id"]: row["cluster_id"] for row in reader if row["offer_id"]}
