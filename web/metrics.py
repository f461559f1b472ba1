"""``GET /metrics``: Prometheus text format (the official ``prometheus_client``).

Read from the catalogue store and the search index at scrape time: crawl runs by source and
outcome, items and rejects by reason, the age of each source's last good crawl, offers per
source and status (expired too), the live index's documents, size and age. Counted in this
process: requests and their latency by endpoint: the route template (``/api/v1/offers/<id>``),
never the raw path or query, so no search text and no identifier becomes a label. With several
serving processes each counts its own requests (scrape each, or sum in Prometheus).
"""

from __future__ import annotations

import time
from collections import Counter as Tally
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from flask import Blueprint, Flask, Response, g, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.exposition import generate_latest

from catalogue.runs import RunOutcome
from index.base import SearchUnavailable
from web.services import Services

bp = Blueprint("metrics", __name__)
EXTENSION = "leeraanbod_metrics"
PREFIX = "leeraanbod"


class CatalogueCollector:
    """Crawl and index figures, read when Prometheus scrapes."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def collect(self) -> Iterator[Metric]:
        yield from self._crawls()
        yield from self._index()

    def _crawls(self) -> Iterator[Metric]:
        store = self.services.store
        runs_by = CounterMetricFamily(
            f"{PREFIX}_crawl_runs", "Crawl runs by source and outcome", labels=["source", "outcome"]
        )
        items = CounterMetricFamily(
            f"{PREFIX}_crawl_items",
            "Items crawled by source and result",
            labels=["source", "result"],
        )
        rejects = CounterMetricFamily(
            f"{PREFIX}_crawl_rejects",
            "Rejected items by source and reason",
            labels=["source", "reason"],
        )
        runs: Tally[tuple[str, str]] = Tally()
        reasons: Tally[tuple[str, str]] = Tally()
        valid: Tally[str] = Tally()
        rejected: Tally[str] = Tally()
        for run in store.all_runs():
            runs[(run.source, run.outcome.value)] += 1
            if run.outcome != RunOutcome.RUNNING:
                valid[run.source] += run.items_valid
                rejected[run.source] += run.items_rejected
                for reason, n in run.rejected_reasons.items():
                    reasons[(run.source, reason)] += n
        for (source, outcome), n in sorted(runs.items()):
            runs_by.add_metric([source, outcome], n)
        for source in sorted(set(valid) | set(rejected)):
            items.add_metric([source, "valid"], valid[source])
            items.add_metric([source, "rejected"], rejected[source])
        for (source, reason), n in sorted(reasons.items()):
            rejects.add_metric([source, reason], n)
        yield from (runs_by, items, rejects)

        now = datetime.now(UTC)
        age = GaugeMetricFamily(
            f"{PREFIX}_source_last_good_crawl_age_seconds",
            "Seconds since the source's last good crawl finished",
            labels=["source"],
        )
        degraded = GaugeMetricFamily(
            f"{PREFIX}_source_degraded",
            "1 when the source's last run was degraded (a field dropped sharply)",
            labels=["source"],
        )
        offers = GaugeMetricFamily(
            f"{PREFIX}_offers", "Offers by source and status", labels=["source", "status"]
        )
        for status in store.source_statuses():
            if status.last_good_run:
                last = status.last_good_run
                last = last if last.tzinfo else last.replace(tzinfo=UTC)
                age.add_metric([status.source], (now - last).total_seconds())
            degraded.add_metric([status.source], float(status.last_outcome == "degraded"))
            for name in ("active", "stale", "retired", "expired"):
                offers.add_metric([status.source, name], getattr(status, name))
        yield from (age, degraded, offers)

    def _index(self) -> Iterator[Metric]:
        try:
            stats = self.services.index.stats()
        except (SearchUnavailable, NotImplementedError):
            return
        documents = GaugeMetricFamily(
            f"{PREFIX}_index_documents", "Documents in the live index", labels=["backend"]
        )
        documents.add_metric([stats.backend], stats.documents)
        yield documents
        if stats.size_bytes is not None:
            size = GaugeMetricFamily(
                f"{PREFIX}_index_size_bytes", "Size of the live index", labels=["backend"]
            )
            size.add_metric([stats.backend], stats.size_bytes)
            yield size
        built = _built_at(self.services.settings.index_dir, stats.name)
        if built is not None:
            age = GaugeMetricFamily(
                f"{PREFIX}_index_generation_age_seconds",
                "Seconds since the live index generation was built",
                labels=["backend"],
            )
            age.add_metric([stats.backend], time.time() - built)
            yield age


def _built_at(index_dir: Path, name: str | None) -> float | None:
    """When the live generation of a local (tantivy) index was written: its directory's
    ``meta.json`` under the index directory (cluster backends: unknown, no sample)."""
    if not name:
        return None
    for folder in (index_dir / "builds" / name, index_dir / name):
        for marker in (folder / "meta.json", folder):
            if marker.exists():
                return marker.stat().st_mtime
    return None


class Metrics:
    """One registry per app (tests build many apps): request counts, latency, the collector."""

    def __init__(self, services: Services) -> None:
        self.registry = CollectorRegistry(auto_describe=False)
        self.requests = Counter(
            f"{PREFIX}_http_requests",
            "HTTP requests by endpoint (route template), method and status",
            ["endpoint", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            f"{PREFIX}_http_request_duration_seconds",
            "HTTP request latency by endpoint (route template)",
            ["endpoint", "method"],
            registry=self.registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
        )
        self.registry.register(CatalogueCollector(services))


def _endpoint() -> str:
    rule = request.url_rule
    return rule.rule if rule is not None else "<unmatched>"


@bp.get("/metrics")
def metrics() -> Response:
    from flask import current_app

    registry = current_app.extensions[EXTENSION].registry
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)


def init_metrics(app: Flask, services: Services) -> None:
    state = Metrics(services)
    app.extensions[EXTENSION] = state

    @app.before_request
    def _start() -> None:
        g.metrics_started = time.perf_counter()

    @app.after_request
    def _count(response: Response) -> Response:
        started = g.pop("metrics_started", None)
        if started is not None:
            endpoint, method = _endpoint(), request.method
            state.requests.labels(endpoint, method, str(response.status_code)).inc()
            state.latency.labels(endpoint, method).observe(time.perf_counter() - started)
        return response

    app.register_blueprint(bp)
