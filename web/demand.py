"""The hook of the search API and the search page: ``note_search(query, total)``.

``init_demand(app, settings)`` (called by ``web.create_app``) gives the app a ``DemandLog``
unless ``LEERAANBOD_DEMAND_LOG=off``. Only the first page of a text search is counted (paging
through results is not another search), with the kinds of filters it used — never their values,
never the searcher's funding profile, address, user agent or time.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, current_app

from demand.log import DemandLog
from demand.store import demand_store
from index.search_query import SearchQuery

log = logging.getLogger(__name__)
EXTENSION = "leeraanbod.demand"

# SearchQuery fields -> the filter kind recorded. Left out on purpose: anything that follows
# from who is asking (free_for_rules, free_for_me, joint_committees, sort) and paging.
FILTER_KINDS: dict[str, str] = {
    "providers": "provider",
    "sources": "source",
    "delivery_modes": "delivery_mode",
    "schedules": "schedule",
    "languages": "language",
    "funding_schemes": "funding_scheme",
    "levels": "level",
    "fields_of_education": "field_of_education",
    "concepts": "concept",
    "provinces": "province",
    "price_min": "price",
    "price_max": "price",
    "free": "free",
    "duration_min_hours": "duration",
    "duration_max_hours": "duration",
    "start_from": "start_date",
    "start_to": "start_date",
    "upcoming_only": "upcoming",
    "postcode": "location",
    "municipality": "location",
}


def init_demand(app: Flask, settings: Any) -> None:
    if not settings.demand_log:
        return
    app.extensions[EXTENSION] = DemandLog(
        demand_store(settings), flush_seconds=settings.demand_flush_seconds
    )


def demand_log(app: Flask | None = None) -> DemandLog | None:
    return (app or current_app).extensions.get(EXTENSION)


def filter_kinds(query: SearchQuery) -> set[str]:
    def used(value: object) -> bool:  # a price or duration of 0 is a filter too
        return value is not None and value is not False and value != []

    return {kind for name, kind in FILTER_KINDS.items() if used(getattr(query, name))}


def note_search(query: SearchQuery, total: int) -> None:
    """Count a text search that found ``total`` results; never raises into the request."""
    found = demand_log()
    if found is None or not query.q or query.page != 1:
        return
    try:
        found.record(query.q, total, filter_kinds(query))
    except Exception:  # statistics must never fail a search
        log.exception("demand log: could not count a search")
