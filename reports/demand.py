"""Vraag zonder aanbod (unmet demand): what people search for and do not find.

Computed from the demand log (``demand.store``), never from single searches: per query the
text searches of the period (days ``start``..``end``, UTC) and how many found nothing. Only
queries searched at least ``min_count`` times in the period are listed (the store applies the
threshold; ``LEERAANBOD_DEMAND_MIN_COUNT``, default 5); totals count every search.

For each query without results the taxonomy hint says what to do:
``concept_known`` — the whole query is a concept label or synonym the search knows: the
concept is known, there is no offer (with these words); ``partly_known`` — some words name a
concept; ``unknown_term`` — no concept: a synonym may be needed (edX added "GFA" after it was
searched 360 times a year without results).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol

from demand.store import DemandData
from reports.periods import period_of
from reports.table import Report, Table, share
from reports.vocabulary import MappingVocabulary, Vocabulary

TITLE = {
    "nl": "Vraag zonder aanbod: zoekvragen zonder resultaat",
    "fr": "Demande sans offre : recherches sans résultat",
    "en": "Unmet demand: searches without results",
}
DEFAULT_DAYS = 30
MAX_CONCEPTS = 5  # concept ids listed per query

HINT_KNOWN = "concept_known"
HINT_PARTLY = "partly_known"
HINT_UNKNOWN = "unknown_term"


class TermLookup(Protocol):
    """What the search knows of words (``index.vocabulary.Vocabulary``)."""

    def concepts_for(self, text: str) -> set[str]:
        """Concepts whose label or synonym occurs in the text."""
        ...

    def concepts_for_label(self, phrase: str) -> frozenset[str]:
        """Concepts labelled exactly the phrase (or a synonym of it)."""
        ...


def taxonomy_hint(query: str, terms: TermLookup | None) -> tuple[str | None, list[str]]:
    """(hint, concept ids) for a folded query; no hint without a vocabulary."""
    if terms is None:
        return None, []
    exact = terms.concepts_for_label(query)
    if exact:
        return HINT_KNOWN, sorted(exact)
    partly = terms.concepts_for(query)
    if partly:
        return HINT_PARTLY, sorted(partly)
    return HINT_UNKNOWN, []


def demand(
    data: DemandData,
    terms: TermLookup | None = None,
    vocabulary: Vocabulary | None = None,
    period: str = "week",
) -> Report:
    vocabulary = vocabulary or MappingVocabulary()

    unmet = Table(
        "unmet",
        {
            "nl": "Zoekvragen zonder resultaat",
            "fr": "Recherches sans résultat",
            "en": "Searches without results",
        },
        [
            "query",
            "zero_result_searches",
            "searches",
            "zero_result_share",
            "days",
            "last_day",
            "hint",
            "concepts",
            "concept_label",
        ],
    )
    for q in sorted(data.queries, key=lambda q: (-q.zero_results, -q.searches, q.query)):
        if not q.zero_results:
            continue
        hint, concepts = taxonomy_hint(q.query, terms)
        unmet.add(
            query=q.query,
            zero_result_searches=q.zero_results,
            searches=q.searches,
            zero_result_share=share(q.zero_results, q.searches),
            days=q.days,
            last_day=q.last_day.isoformat(),
            hint=hint,
            concepts=";".join(concepts[:MAX_CONCEPTS]) or None,
            concept_label=vocabulary.label(concepts[0]) if concepts else None,
        )

    top = Table(
        "top_queries",
        {"nl": "Meest gezocht", "fr": "Recherches les plus fréquentes", "en": "Top searches"},
        ["query", "searches", "zero_result_searches", "zero_result_share", "days", "last_day"],
    )
    for q in sorted(data.queries, key=lambda q: (-q.searches, q.query)):
        top.add(
            query=q.query,
            searches=q.searches,
            zero_result_searches=q.zero_results,
            zero_result_share=share(q.zero_results, q.searches),
            days=q.days,
            last_day=q.last_day.isoformat(),
        )

    by_period = Table(
        "by_period",
        {
            "nl": "Zoekopdrachten per periode",
            "fr": "Recherches par période",
            "en": "Searches per period",
        },
        ["period", "searches", "zero_result_searches", "zero_result_share"],
    )
    per_period: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for day, (n, zero) in sorted(data.days.items()):
        totals = per_period[period_of(datetime.combine(day, time(), UTC), period)]
        totals[0] += n
        totals[1] += zero
    for label, (n, zero) in per_period.items():
        by_period.add(
            period=label, searches=n, zero_result_searches=zero, zero_result_share=share(zero, n)
        )

    filters = Table(
        "filters",
        {
            "nl": "Gebruikte filters bij tekstzoekvragen",
            "fr": "Filtres utilisés avec une recherche texte",
            "en": "Filters used with text searches",
        },
        ["filter_kind", "searches", "zero_result_searches", "zero_result_share"],
    )
    kinds = sorted(
        (name.removeprefix("filter:"), n)
        for name, n in data.counts.items()
        if name.startswith("filter:")
    )
    for kind, n in sorted(kinds, key=lambda kv: (-kv[1], kv[0])):
        zero = data.counts.get(f"filter_zero:{kind}", 0)
        filters.add(
            filter_kind=kind,
            searches=n,
            zero_result_searches=zero,
            zero_result_share=share(zero, n),
        )

    dropped = Table(
        "dropped",
        {
            "nl": "Niet bewaarde zoekvragen (mogelijk persoonsgegevens)",
            "fr": "Recherches non conservées (données personnelles possibles)",
            "en": "Searches not kept (possibly personal data)",
        },
        ["reason", "searches", "share"],
    )
    reasons = {
        name.removeprefix("dropped:"): n
        for name, n in data.counts.items()
        if name.startswith("dropped:")
    }
    everything = data.searches + sum(reasons.values())
    for reason, n in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])):
        dropped.add(reason=reason, searches=n, share=share(n, everything))

    listed = sum(q.searches for q in data.queries)
    return Report(
        name="demand",
        title=TITLE,
        parameters={
            "start": data.start.isoformat(),
            "end": data.end.isoformat(),
            "days": (data.end - data.start).days + 1,
            "min_count": data.min_count,
            "period": period,
            "searches": data.searches,
            "zero_result_searches": data.zero_results,
            "zero_result_share": share(data.zero_results, data.searches),
            "searches_listed": listed,
        },
        tables=[unmet, top, by_period, filters, dropped],
        notes=[
            f"only queries searched at least {data.min_count} times from {data.start} to "
            f"{data.end} are listed ({listed} of {data.searches} text searches)"
        ],
    )


def window(today: date, days: int) -> tuple[date, date]:
    """The ``days`` days ending with ``today``."""
    if days < 1:
        raise ValueError("days must be at least 1")
    return today - timedelta(days=days - 1), today
