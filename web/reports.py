"""The reports in the web app: the API (``/api/v1/reports/NAME``, JSON or ``?format=csv``) and
the coordinators' dashboard (``/rapporten/``) with server-rendered SVG charts.

``register(app)`` adds both blueprints to the app of ``web.create_app``; the store and the
settings come from the app's ``web.services``. Parameters (``reports.params.ReportParams``)
are checked like every API parameter (``web.params``): an unknown or bad one is a 400 that
names it. A computed report is kept for ``LEERAANBOD_REPORTS_CACHE_SECONDS`` so that the
dashboard's charts do not recompute what its page just computed.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Flask, Response, abort, current_app, render_template, request
from flask_babel import get_locale
from markupsafe import Markup

from catalogue.model import Province
from catalogue.store import CatalogueStore
from demand.store import DemandStore, demand_store
from reports.charts import CHARTS, chart_spec, render_chart
from reports.demand import TermLookup
from reports.labels import column, percent, ui, value, visible_columns
from reports.params import PARAMS, ReportParams
from reports.registry import REPORTS, CatalogueReader, run_report, with_inputs
from reports.shortage import ShortageList, ShortageListError, read_shortage_list
from reports.summary import summarize
from reports.table import Report
from reports.vocabulary import ESCO_BASE, Vocabulary, load_vocabulary
from web.params import parse_args
from web.services import services

EXTENSION = "leeraanbod.reports"
MAX_PAGE_ROWS = 50  # the dashboard shows the first rows of a table; the CSV has them all
CACHE_ENTRIES = 64

api = Blueprint("reports_api", __name__, url_prefix="/api/v1/reports")
pages = Blueprint(
    "reports_pages",
    __name__,
    url_prefix="/rapporten",
)


class _State:
    """Per app: how to reach the store and the vocabulary, and recently computed reports."""

    def __init__(
        self,
        get_store: Callable[[], CatalogueStore] | None,
        vocabulary: Vocabulary | None,
        cache_seconds: float | None,
    ) -> None:
        self.get_store = get_store or (lambda: services().store)
        self.vocabulary = vocabulary
        self.cache_seconds = cache_seconds
        self.cache: OrderedDict[tuple, tuple[float, Report]] = OrderedDict()
        self.snapshot: tuple[float, CatalogueReader] | None = None
        self._shortage: ShortageList | None = None
        self._terms: TermLookup | None = None
        self.lock = threading.Lock()

    def seconds(self) -> float:
        if self.cache_seconds is None:
            return float(getattr(services().settings, "reports_cache_seconds", 60))
        return self.cache_seconds

    def data(self) -> CatalogueReader:
        """One read of the store, shared by every report computed within the cache time."""
        now = time.monotonic()
        with self.lock:
            if self.snapshot is None or now - self.snapshot[0] >= self.seconds():
                self.snapshot = (now, CatalogueReader(self.get_store(), keep=True))
            return self.snapshot[1]

    def shortage(self) -> ShortageList | None:
        """The configured shortage list (``LEERAANBOD_REPORTS_SHORTAGE_LIST``), read once;
        None: the shipped example. An unusable configured list is a 503 saying why."""
        path = getattr(services().settings, "reports_shortage_list", None)
        if path is None:
            return None
        if self._shortage is None:
            try:
                self._shortage = read_shortage_list(Path(path), self.get_vocabulary())
            except (OSError, ShortageListError) as exc:
                body = {"error": "shortage_list_unusable", "message": f"{path}: {exc}"}
                abort(Response(json.dumps(body), status=503, mimetype="application/json"))
        return self._shortage

    def demand(self) -> DemandStore:
        return demand_store(services().settings)

    def terms(self) -> TermLookup:
        """The search's vocabulary (the demand report's taxonomy hint), built once."""
        if self._terms is None:
            from index.vocabulary import load_vocabulary as load_terms

            self._terms = load_terms(services().settings)
        return self._terms

    def get_vocabulary(self) -> Vocabulary:
        if self.vocabulary is None:
            self.vocabulary = load_vocabulary(services().settings)
        return self.vocabulary


def register(
    app: Flask,
    get_store: Callable[[], CatalogueStore] | None = None,
    vocabulary: Vocabulary | None = None,
    cache_seconds: float | None = None,
) -> None:
    """Add the reports API and dashboard to ``app`` (made by ``web.create_app``)."""
    app.extensions[EXTENSION] = _State(get_store, vocabulary, cache_seconds)
    app.register_blueprint(api)
    app.register_blueprint(pages)


def _state() -> _State:
    return current_app.extensions[EXTENSION]


def _params(name: str | None = None) -> ReportParams:
    args = request.args.copy()
    if not request.path.startswith("/api/"):
        for key in [k for k in args if not args.get(k)]:
            args.poplist(key)  # on the dashboard, an empty form field means "no filter"
    return parse_args(PARAMS.get(name or "", ReportParams), args)


def _compute(name: str, params: ReportParams) -> Report:
    if name not in REPORTS:
        abort(404)
    state = _state()
    key = (name, params.cache_key())
    now = time.monotonic()
    with state.lock:
        hit = state.cache.get(key)
        if hit and now - hit[0] < state.seconds():
            return hit[1]
    report_request = with_inputs(name, params.request(state.get_vocabulary()), state)
    report = run_report(name, state.data(), report_request)
    with state.lock:
        state.cache[key] = (now, report)
        while len(state.cache) > CACHE_ENTRIES:
            state.cache.popitem(last=False)
    return report


def _lang(params: ReportParams | None = None) -> str:
    if params is not None and params.lang:
        return params.lang
    locale = get_locale()
    return locale.language if locale and locale.language in ("nl", "fr", "en") else "nl"


# ---------------------------------------------------------------------------- API
@api.get("")
def index() -> Response:
    from web.reports_openapi import ReportInfo, ReportList

    body = ReportList(
        reports=[
            ReportInfo(
                name=spec.name,
                title=spec.title,
                url=f"{api.url_prefix}/{spec.name}",
                tables=list(spec.tables),
            )
            for spec in REPORTS.values()
        ]
    )
    return Response(body.model_dump_json(), mimetype="application/json")


@api.get("/<name>")
def report_data(name: str) -> Response:
    if name not in REPORTS:
        abort(404)
    params = _params(name)
    report = _compute(name, params)
    if params.format == "json":
        return Response(report.to_json(), mimetype="application/json")
    try:
        table = report.table(params.table)
    except KeyError as exc:
        from web.params import ParamError

        raise ParamError({"table": [exc.args[0]]}) from None
    filename = f"leeraanbod-{report.name}-{table.name}.csv"
    return Response(
        table.to_csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# ---------------------------------------------------------------------------- pages
@pages.app_context_processor
def _words() -> dict[str, Any]:
    return {
        "reports_ui": ui,
        "reports_column": column,
        "reports_value": value,
        "reports_columns": visible_columns,
        "reports_percent": percent,
    }


@pages.app_template_filter("concept")
def _concept_cell(value: object) -> str | Markup:
    """A table cell: empty for None; an ESCO URI shortened to ``esco:occupation/7aedaa07…``,
    linking to ESCO (the CSV keeps the full URI)."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(ESCO_BASE):
        short = "esco:" + text.removeprefix(ESCO_BASE)
        short = short[: short.find("/") + 9] + "…" if "/" in short else short
        return Markup('<a href="{0}" title="{0}">{1}</a>').format(text, short)
    return text


def _query(params: ReportParams, **changes: str | None) -> str:
    """The page's parameters with ``changes``, as a query string (empty values left out)."""
    keep = params.model_dump(exclude={"format", "table"}, exclude_defaults=True, mode="json")
    keep.update(changes)
    return urlencode({k: v for k, v in keep.items() if v not in (None, "")})


def _funds() -> list[str]:
    found: dict[str, str] = {}
    for offer in _state().data().offers():
        for option in offer.funding:
            if option.fund:
                found.setdefault(option.fund.casefold(), option.fund)
    return sorted(found.values(), key=str.casefold)


@pages.get("/")
def dashboard() -> str:
    params = _params()
    reports = [_compute(name, params) for name in REPORTS]
    by_name = {r.name: r for r in reports}
    request_ = params.request(_state().get_vocabulary())
    summary = summarize(
        _state().data().offers(),
        request_.filters,
        request_.today,
        by_name["freshness"],
        by_name["gaps"],
    )
    return render_template(
        "reports/dashboard.html",
        reports=reports,
        summary=summary,
        charts=CHARTS,
        lang=_lang(params),
        funds=_funds(),
        provinces=[p.value for p in Province],
        selected=params.filters().as_parameters(),
        granularity=params.granularity,
        period=params.period,
        days=params.days,
        query=lambda **changes: _query(params, **changes),
        max_rows=MAX_PAGE_ROWS,
    )


@pages.get("/<name>/<chart>.svg")
def chart(name: str, chart: str) -> Response:
    params = _params()
    try:
        spec = chart_spec(name, chart)
    except KeyError:
        abort(404)
    report = _compute(name, params)
    response = Response(render_chart(report, spec, _lang(params)), mimetype="image/svg+xml")
    # the SVG carries its own styles; nothing in it may load or run anything else
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response
