"""The dashboard's first answer: a handful of numbers over the filtered offers and the sources
(how much there is, how much of it can still be booked, what is stale or expired, where the
gaps are, which sources fail)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from catalogue.model import Offer
from reports.filters import OfferFilter
from reports.gaps import ALL
from reports.table import Report, share

DEGRADED_DAYS = 7  # a source without a good crawl for this long is degraded
DEGRADED_ERROR_RATE = 0.2  # … or one that rejects this share of what it crawls


@dataclass
class Summary:
    offers: int = 0
    upcoming: int = 0  # offers with a session still ahead (or running)
    expired: int = 0  # offers whose every known session is over
    undated: int = 0  # offers without any dated session
    stale: int = 0  # offers the last crawls missed (kept, not yet retired)
    gaps: int = 0  # shortage occupations with an essential skill nobody teaches
    occupations: int = 0
    sources: int = 0
    failing: list[str] = field(default_factory=list)
    degraded: list[str] = field(default_factory=list)

    @property
    def upcoming_share(self) -> float | None:
        return share(self.upcoming, self.offers)


def summarize(
    offers: Iterable[Offer], filters: OfferFilter, today: date, freshness: Report, gaps: Report
) -> Summary:
    found = Summary()
    for offer in offers:
        if not filters.keeps(offer):
            continue
        found.offers += 1
        sessions = [s for s in filters.sessions(offer) if s.start_date or s.end_date]
        if any(s.is_upcoming(today) for s in sessions):
            found.upcoming += 1
        elif sessions:
            found.expired += 1
        else:
            found.undated += 1
    for row in freshness.table("sources").rows:
        found.sources += 1
        found.stale += int(row["stale"] or 0)
        days = row["days_since_good_run"]
        if row["last_outcome"] == "failed":
            found.failing.append(str(row["source"]))
        elif (
            days is None
            or float(days) > DEGRADED_DAYS
            or float(row["error_rate"] or 0) > DEGRADED_ERROR_RATE
        ):
            found.degraded.append(str(row["source"]))
    region = str(gaps.parameters.get("province") or ALL)
    for row in gaps.table("occupations").rows:
        if row["region"] == region:
            found.occupations += 1
            found.gaps += 1 if float(row["skills_missing"] or 0) > 0 else 0
    return found
