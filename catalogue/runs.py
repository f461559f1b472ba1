"""Crawl-run bookkeeping types and the rule that judges a run before it may change the
store's view of its source (zero items, too many rejects, or far fewer items than usual)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

MAX_REJECT_SHARE = 0.05
MIN_SHARE_OF_USUAL = 0.70
USUAL_WINDOW = 5  # the last N good runs make "usual"


class RunOutcome(StrEnum):
    RUNNING = "running"
    GOOD = "good"
    FAILED = "failed"


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


class CrawlRun(RunStats):
    id: int
    source: str
    started_at: datetime
    finished_at: datetime | None = None
    outcome: RunOutcome = RunOutcome.RUNNING
    message: str | None = None


class RunResult(BaseModel):
    run_id: int
    outcome: RunOutcome
    message: str
    marked_stale: int = 0
    retired: int = 0


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
