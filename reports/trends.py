"""Trends: the catalogue and the crawls over time, per period (day, ISO week or month).

``offers`` is the number of offers in the catalogue at the end of a period: first seen before
that moment and not retired by then (an offer retired and later seen again counts from its
first appearance, as the store keeps only its latest retirement). ``new_offers`` and
``retired_offers`` count first sightings and retirements within the period. For crawls:
runs, good and failed runs, and the valid items of the period's last good run per source.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from catalogue.runs import CrawlRun, RunOutcome
from catalogue.store import StoredOffer
from reports.filters import OfferFilter
from reports.periods import period_of, periods
from reports.table import Cell, Report, Table

TITLE = {
    "nl": "Evolutie van het aanbod",
    "fr": "Évolution de l'offre",
    "en": "Trends of the offer",
}


def trends(
    offers: Iterable[StoredOffer],
    runs: Iterable[CrawlRun],
    now: datetime,
    period: str = "week",
    filters: OfferFilter | None = None,
) -> Report:
    filters = filters or OfferFilter()
    # as of ``now``: what was first seen or crawled later does not exist yet
    kept = [s for s in offers if s.first_seen <= now and filters.keeps(s.offer)]
    finished = [r for r in runs if r.outcome != RunOutcome.RUNNING and r.started_at <= now]
    moments = [s.first_seen for s in kept] + [r.started_at for r in finished]
    spans = periods(min(moments), now, period) if moments else []

    catalogue = Table(
        "catalogue",
        {"nl": "Aanbod door de tijd", "fr": "Offre dans le temps", "en": "Offers over time"},
        ["period", "offers", "new_offers", "retired_offers"],
    )
    by_source = Table(
        "by_source",
        {
            "nl": "Aanbod per bron door de tijd",
            "fr": "Offre par source dans le temps",
            "en": "Offers per source over time",
        },
        ["period", "source", "offers", "new_offers", "retired_offers"],
    )
    # per source: sorted first sightings and retirements; counts by bisection
    seen: dict[str, list[datetime]] = defaultdict(list)
    gone: dict[str, list[datetime]] = defaultdict(list)
    for stored in kept:
        seen[stored.offer.source].append(stored.first_seen)
        if stored.retired_at is not None:
            gone[stored.offer.source].append(stored.retired_at)
    for moments_of in (seen, gone):
        for values in moments_of.values():
            values.sort()
    for name, start, end in spans:
        totals = [0, 0, 0]
        for source in sorted(seen):
            first, retired = seen[source], gone.get(source, [])
            counts = [
                bisect_left(first, end) - bisect_left(retired, end),
                bisect_left(first, end) - bisect_left(first, start),
                bisect_left(retired, end) - bisect_left(retired, start),
            ]
            by_source.add(
                period=name,
                source=source,
                offers=counts[0],
                new_offers=counts[1],
                retired_offers=counts[2],
            )
            totals = [a + b for a, b in zip(totals, counts, strict=True)]
        catalogue.add(period=name, offers=totals[0], new_offers=totals[1], retired_offers=totals[2])

    crawls = Table(
        "crawls",
        {"nl": "Crawls door de tijd", "fr": "Crawls dans le temps", "en": "Crawls over time"},
        ["period", "source", "runs", "good_runs", "failed_runs", "last_good_items"],
    )
    buckets: dict[tuple[str, str], list[CrawlRun]] = defaultdict(list)
    for run in sorted(finished, key=lambda r: r.id):
        buckets[(period_of(run.started_at, period), run.source)].append(run)
    for key in sorted(buckets):
        group = buckets[key]
        good = [r for r in group if r.outcome == RunOutcome.GOOD]
        last_good: Cell = good[-1].items_valid if good else None
        crawls.add(
            period=key[0],
            source=key[1],
            runs=len(group),
            good_runs=len(good),
            failed_runs=len(group) - len(good),
            last_good_items=last_good,
        )
    return Report(
        name="trends",
        title=TITLE,
        parameters={"now": now.isoformat(), "period": period, **filters.as_parameters()},
        tables=[catalogue, by_source, crawls],
    )
