"""Crawl-run bookkeeping types and the rules that judge a run before it may change the
store's view of its source (zero items, too many rejects, or far fewer items than usual) and
that mark it *degraded* when a field its items usually carry drops sharply (drift)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from catalogue.model import Offer

MAX_REJECT_SHARE = 0.05
MIN_SHARE_OF_USUAL = 0.70
USUAL_WINDOW = 5  # the last N good runs make "usual"
# drift: a field carried by at least DRIFT_MIN_USUAL of the items of recent good runs that
# falls below DRIFT_KEEP of that share marks the run degraded; judged only on runs that parsed
# at least DRIFT_MIN_ITEMS pages in full (an incremental run may parse a handful)
DRIFT_MIN_USUAL = 0.5
DRIFT_KEEP = 0.5
DRIFT_MIN_ITEMS = 3


class RunOutcome(StrEnum):
    RUNNING = "running"
    GOOD = "good"
    DEGRADED = "degraded"  # stored like a good run, but a field dropped sharply (drift)
    FAILED = "failed"
    ABANDONED = "abandoned"  # left running by a process that died; closed by the next run


# the outcomes whose offers count as seen (unseen ones age towards retirement)
STORING_OUTCOMES = (RunOutcome.GOOD, RunOutcome.DEGRADED)

# the fields whose coverage drift detection follows, and how an offer carries each
TRACKED_FIELDS = (
    "description",
    "price",
    "duration",
    "sessions",
    "start_date",
    "location",
    "languages",
    "certificate",
    "registration_url",
    "funding",
    "identifiers",
)


def offer_fields(offer: Offer) -> set[str]:
    """The tracked fields ``offer`` carries (a price on the offer or on any session counts)."""
    sessions = offer.sessions
    present = {
        "description": bool(offer.description),
        "price": bool(offer.prices) or any(s.prices for s in sessions),
        "duration": offer.duration is not None,
        "sessions": bool(sessions),
        "start_date": any(s.start_date for s in sessions),
        "location": any(s.location for s in sessions),
        "languages": bool(offer.languages),
        "certificate": bool(offer.certificate),
        "registration_url": bool(offer.registration_url)
        or any(s.registration_url for s in sessions),
        "funding": bool(offer.funding),
        "identifiers": bool(offer.identifiers),
    }
    return {name for name, carried in present.items() if carried}


class RunStats(BaseModel):
    """What a crawler reports at the end of a run."""

    pages: int = Field(default=0, ge=0)
    items_seen: int = Field(default=0, ge=0)
    items_valid: int = Field(default=0, ge=0)
    items_rejected: int = Field(default=0, ge=0)
    rejected_reasons: dict[str, int] = Field(default_factory=dict)
    # a run that saw part of the source on purpose (e.g. a sitemap past its cap): judged as
    # usual, but it ages no unseen offer; ``notes`` say why (kept in the run's message)
    partial: bool = False
    notes: list[str] = Field(default_factory=list)
    # incremental crawling and drift: items parsed from pages fetched in full, how many of them
    # carried each tracked field, pages answered 304, pages skipped by sitemap lastmod
    items_parsed: int = Field(default=0, ge=0)
    field_counts: dict[str, int] = Field(default_factory=dict)
    not_modified: int = Field(default=0, ge=0)
    unchanged_by_sitemap: int = Field(default=0, ge=0)
    incremental: bool = False

    def details(self) -> dict[str, Any]:
        """What the store keeps in the run's ``details`` column."""
        return self.model_dump(
            include={
                "items_parsed",
                "field_counts",
                "not_modified",
                "unchanged_by_sitemap",
                "incremental",
            }
        )


class CrawlRun(RunStats):
    id: int
    source: str
    started_at: datetime
    finished_at: datetime | None = None
    outcome: RunOutcome = RunOutcome.RUNNING
    message: str | None = None
    degraded_fields: list[str] = Field(default_factory=list)

    def coverage(self) -> dict[str, float]:
        """Share of the run's fully parsed items that carried each tracked field."""
        if not self.items_parsed:
            return {}
        return {f: self.field_counts.get(f, 0) / self.items_parsed for f in TRACKED_FIELDS}


class RunResult(BaseModel):
    run_id: int
    outcome: RunOutcome
    message: str
    marked_stale: int = 0
    retired: int = 0
    seen: int = 0  # offers seen by the run: parsed, or on pages unchanged since last time
    degraded_fields: list[str] = Field(default_factory=list)


def judge_run(valid: int, rejected: int, usual_counts: list[int]) -> tuple[RunOutcome, str]:
    """Good, or failed with the reason. ``usual_counts``: valid items of recent good runs."""
    if valid == 0:
        return RunOutcome.FAILED, "zero valid items (layout change or empty source?)"
    total = valid + rejected
    if rejected / total > MAX_REJECT_SHARE:
        return (
            RunOutcome.FAILED,
            f"{rejected} of {total} items failed validation (more than {MAX_REJECT_SHARE:.0%})",
        )
    if usual_counts:
        mean = sum(usual_counts) / len(usual_counts)
        if valid < MIN_SHARE_OF_USUAL * mean:
            return (
                RunOutcome.FAILED,
                f"{valid} valid items, below {MIN_SHARE_OF_USUAL:.0%} of the usual {mean:.0f}",
            )
    return RunOutcome.GOOD, f"{valid} valid items, {rejected} rejected"


def judge_drift(
    items_parsed: int, field_counts: dict[str, int], usual: Iterable[dict[str, float]]
) -> list[tuple[str, float, float]]:
    """(field, share now, usual share) for every tracked field that dropped sharply compared
    with ``usual`` (the coverage of recent good runs); empty when nothing did or the run
    parsed too few items to tell."""
    usual = [u for u in usual if u]
    if items_parsed < DRIFT_MIN_ITEMS or not usual:
        return []
    dropped = []
    for name in TRACKED_FIELDS:
        before = sum(u.get(name, 0.0) for u in usual) / len(usual)
        now = field_counts.get(name, 0) / items_parsed
        if before >= DRIFT_MIN_USUAL and now < DRIFT_KEEP * before:
            dropped.append((name, now, before))
    return dropped


def drift_message(dropped: list[tuple[str, float, float]]) -> str:
    return "degraded: " + "; ".join(
        f"{name} on {now:.0%} of items (usually {before:.0%})" for name, now, before in dropped
    )
