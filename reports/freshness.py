"""Freshness and health of each source: last good crawl, stale share, failed runs and
validation error rates over time.

``stale_share`` = stale / (active + stale) offers (the catalogue's current state: the store
keeps no history of statuses); ``expired`` = active or stale offers whose sessions are all
past (listed, but nothing left to book); ``degraded_fields`` = the fields whose share dropped
sharply in the source's last run (drift), ``degraded_runs`` = runs judged degraded.
``error_rate`` = items rejected / (items valid + items rejected) over finished runs.
A run still running, or started after ``now``, counts nowhere.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from catalogue.runs import CrawlRun, RunOutcome
from catalogue.store import SourceStatus
from reports.periods import period_of
from reports.table import Report, Table, share

TITLE = {
    "nl": "Actualiteit en gezondheid van de bronnen",
    "fr": "Fraîcheur et santé des sources",
    "en": "Freshness and health of the sources",
}


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def freshness(
    statuses: Iterable[SourceStatus],
    runs: Iterable[CrawlRun],
    now: datetime,
    period: str = "day",
) -> Report:
    status_of = {s.source: s for s in statuses}
    # as of ``now``: runs started later do not exist yet (a report for a past day)
    finished = [r for r in runs if r.outcome != RunOutcome.RUNNING and r.started_at <= now]
    by_source: dict[str, list[CrawlRun]] = defaultdict(list)
    for run in sorted(finished, key=lambda r: r.id):
        by_source[run.source].append(run)

    sources = Table(
        "sources",
        {"nl": "Bronnen", "fr": "Sources", "en": "Sources"},
        [
            "source",
            "active",
            "stale",
            "retired",
            "stale_share",
            "expired",
            "expired_share",
            "degraded_fields",
            "last_good_run",
            "days_since_good_run",
            "last_run",
            "last_outcome",
            "runs",
            "failed_runs",
            "failed_share",
            "degraded_runs",
            "items_valid",
            "items_rejected",
            "error_rate",
        ],
    )
    for source in sorted(set(status_of) | set(by_source)):
        status = status_of.get(source, SourceStatus(source=source))
        source_runs = by_source.get(source, [])
        failed = sum(1 for r in source_runs if r.outcome == RunOutcome.FAILED)
        valid = sum(r.items_valid for r in source_runs)
        rejected = sum(r.items_rejected for r in source_runs)
        good = [r for r in source_runs if r.outcome == RunOutcome.GOOD]
        last_good = max((r.finished_at for r in good if r.finished_at), default=None)
        if last_good is None and status.last_good_run and status.last_good_run <= now:
            last_good = status.last_good_run
        last = source_runs[-1] if source_runs else None
        sources.add(
            source=source,
            active=status.active,
            stale=status.stale,
            retired=status.retired,
            stale_share=share(status.stale, status.active + status.stale),
            expired=status.expired,
            expired_share=share(status.expired, status.active + status.stale),
            degraded_fields=", ".join(status.degraded_fields) or None,
            last_good_run=_iso(last_good),
            days_since_good_run=(now - last_good).days if last_good else None,
            last_run=_iso(last.started_at) if last else _iso(status.last_run),
            last_outcome=last.outcome.value if last else status.last_outcome,
            runs=len(source_runs),
            failed_runs=failed,
            failed_share=share(failed, len(source_runs)),
            degraded_runs=sum(1 for r in source_runs if r.outcome == RunOutcome.DEGRADED),
            items_valid=valid,
            items_rejected=rejected,
            error_rate=share(rejected, valid + rejected),
        )

    over_time = Table(
        "error_rates",
        {
            "nl": "Validatiefouten door de tijd",
            "fr": "Erreurs de validation dans le temps",
            "en": "Validation errors over time",
        },
        ["period", "source", "runs", "failed_runs", "items_valid", "items_rejected", "error_rate"],
    )
    buckets: dict[tuple[str, str], list[CrawlRun]] = defaultdict(list)
    for run in finished:
        buckets[(period_of(run.started_at, period), run.source)].append(run)
    for key in sorted(buckets):
        group = buckets[key]
        valid = sum(r.items_valid for r in group)
        rejected = sum(r.items_rejected for r in group)
        over_time.add(
            period=key[0],
            source=key[1],
            runs=len(group),
            failed_runs=sum(1 for r in group if r.outcome == RunOutcome.FAILED),
            items_valid=valid,
            items_rejected=rejected,
            error_rate=share(rejected, valid + rejected),
        )

    reasons = Table(
        "reject_reasons",
        {
            "nl": "Redenen van afwijzing",
            "fr": "Motifs de rejet",
            "en": "Reject reasons",
        },
        ["source", "reason", "items"],
    )
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for run in finished:
        for reason, n in run.rejected_reasons.items():
            counts[(run.source, reason)] += n
    for (source, reason), n in sorted(counts.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1])):
        reasons.add(source=source, reason=reason, items=n)

    runs_table = Table(
        "runs",
        {"nl": "Crawlruns", "fr": "Exécutions du crawl", "en": "Crawl runs"},
        [
            "run_id",
            "source",
            "started_at",
            "finished_at",
            "outcome",
            "items_valid",
            "items_rejected",
            "error_rate",
            "message",
        ],
    )
    for run in sorted(finished, key=lambda r: r.id, reverse=True):
        runs_table.add(
            run_id=run.id,
            source=run.source,
            started_at=_iso(run.started_at),
            finished_at=_iso(run.finished_at),
            outcome=run.outcome.value,
            items_valid=run.items_valid,
            items_rejected=run.items_rejected,
            error_rate=share(run.items_rejected, run.items_valid + run.items_rejected),
            message=run.message,
        )
    return Report(
        name="freshness",
        title=TITLE,
        parameters={"now": now.isoformat(), "period": period},
        tables=[sources, over_time, reasons, runs_table],
    )
