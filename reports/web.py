"""The reports in the web app: the API (``/api/v1/reports/NAME``, JSON or ``?format=csv``) and
the coordinators' dashboard (``/rapporten``) with server-rendered SVG charts.

``register(app, get_store)`` adds both blueprints; ``get_store`` returns the catalogue store of
the current app (the web package passes its own). Query parameters, shared by API and pages:
``fund``, ``province``, ``period``, ``granularity``, ``few``, ``as_of`` (YYYY-MM-DD), ``table``
(CSV: which table) and ``lang`` (nl, fr, en).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from urllib.parse import urlencode

from flask import Blueprint, Flask, Response, abort, current_app, jsonify, render_template, request

from catalogue.model import Province
from catalogue.store import CatalogueStore
from leeraanbod.settings import get_settings
from reports.charts import CHARTS, chart_spec, render_chart
from reports.filters import OfferFilter
from reports.labels import column, ui
from reports.periods import PERIODS
from reports.registry import REPORTS, ReportRequest, run_report
from reports.table import Report
from reports.vocabulary import Vocabulary, load_vocabulary

EXTENSION = "leeraanbod.reports"
LANGUAGES = ("nl", "fr", "en")
MAX_PAGE_ROWS = 50  # the dashboard shows the first rows of a table; the CSV has them all

api = Blueprint("reports_api", __name__, url_prefix="/api/v1/reports")
pages = Blueprint(
    "reports_pages",
    __name__,
    url_prefix="/rapporten",
    template_folder="templates",
    static_folder="static",
)


class BadRequest(ValueError):
    pass


def register(
    app: Flask,
    get_store: Callable[[], CatalogueStore] | None = None,
    vocabulary: Vocabulary | None = None,
) -> None:
    """Add the reports API and dashboard to ``app``. Without ``get_store`` the store of the
    settings is opened; without ``vocabulary`` it is loaded from the taxonomy directory."""
    app.extensions[EXTENSION] = {"get_store": get_store, "vocabulary": vocabulary}
    app.register_blueprint(api)
    app.register_blueprint(pages)


def _state() -> dict:
    return current_app.extensions.setdefault(EXTENSION, {"get_store": None, "vocabulary": None})


def _store() -> CatalogueStore:
    state = _state()
    if state["get_store"] is None:
        from catalogue.store import open_store

        settings = get_settings()
        store = open_store(settings.store_url, settings.retire_after)
        state["get_store"] = lambda: store
    return state["get_store"]()


def _vocabulary() -> Vocabulary:
    state = _state()
    if state["vocabulary"] is None:
        state["vocabulary"] = load_vocabulary(get_settings())
    return state["vocabulary"]


def _request_from_args(args) -> ReportRequest:
    try:
        filters = OfferFilter.parse(args.get("fund"), args.get("province"))
    except ValueError as exc:
        raise BadRequest(str(exc)) from exc
    period = args.get("period") or None
    if period is not None and period not in PERIODS:
        raise BadRequest(f"period must be one of {', '.join(PERIODS)}")
    granularity = args.get("granularity") or "province"
    if granularity not in ("province", "municipality"):
        raise BadRequest("granularity must be province or municipality")
    few_text = args.get("few") or "3"
    if not few_text.isdigit() or not 1 <= int(few_text) <= 1000:
        raise BadRequest("few must be a whole number from 1 to 1000")
    report_request = ReportRequest(
        filters=filters,
        period=period,
        granularity=granularity,
        few=int(few_text),
        vocabulary=_vocabulary(),
    )
    as_of = args.get("as_of")
    if as_of:
        try:
            day = date.fromisoformat(as_of)
        except ValueError as exc:
            raise BadRequest("as_of must be a date, YYYY-MM-DD") from exc
        report_request.now = datetime.combine(day, time(), UTC)
    return report_request


def _error(status: int, message: str) -> Response:
    response = jsonify({"error": message})
    response.status_code = status
    return response


def _compute(name: str) -> Report:
    if name not in REPORTS:
        abort(_error(404, f"unknown report {name!r}; reports: {', '.join(REPORTS)}"))
    try:
        report_request = _request_from_args(request.args)
    except BadRequest as exc:
        abort(_error(400, str(exc)))
    return run_report(name, _store(), report_request)


def _lang() -> str:
    lang = request.args.get("lang", "nl")
    return lang if lang in LANGUAGES else "nl"


# ---------------------------------------------------------------------------- API
@api.get("")
@api.get("/")
def index() -> Response:
    return jsonify(
        {
            "reports": [
                {
                    "name": spec.name,
                    "title": spec.title,
                    "url": f"{api.url_prefix}/{spec.name}",
                }
                for spec in REPORTS.values()
            ]
        }
    )


@api.get("/<name>")
def report_data(name: str) -> Response:
    report = _compute(name)
    fmt = request.args.get("format", "json")
    if fmt == "json":
        return Response(report.to_json(), mimetype="application/json")
    if fmt != "csv":
        return _error(400, "format must be json or csv")
    try:
        table = report.table(request.args.get("table") or None)
    except KeyError as exc:
        return _error(400, exc.args[0])
    filename = f"leeraanbod-{report.name}-{table.name}.csv"
    return Response(
        table.to_csv(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


# ---------------------------------------------------------------------------- pages
@pages.context_processor
def _words() -> dict:
    return {"ui": ui, "column": column}


def _query(**changes: str | None) -> str:
    """The current filters with ``changes``, as a query string (empty values left out)."""
    keep = ("fund", "province", "period", "granularity", "few", "as_of", "lang")
    params = {k: request.args.get(k) for k in keep}
    params.update(changes)
    return urlencode({k: v for k, v in params.items() if v})


def _funds() -> list[str]:
    found: dict[str, str] = {}
    for stored in _store().iter_offers():
        for option in stored.offer.funding:
            if option.fund:
                found.setdefault(option.fund.casefold(), option.fund)
    return sorted(found.values(), key=str.casefold)


@pages.get("/")
def dashboard() -> str | tuple[str, int]:
    try:
        report_request = _request_from_args(request.args)
    except BadRequest as exc:
        return render_template("reports/error.html", message=str(exc), lang=_lang()), 400
    store = _store()
    reports = [run_report(name, store, report_request) for name in REPORTS]
    return render_template(
        "reports/dashboard.html",
        reports=reports,
        charts=CHARTS,
        lang=_lang(),
        funds=_funds(),
        provinces=[p.value for p in Province],
        selected=report_request.filters.as_parameters(),
        query=_query,
        max_rows=MAX_PAGE_ROWS,
    )


@pages.get("/<name>/<chart>.svg")
def chart(name: str, chart: str) -> Response:
    report = _compute(name)
    try:
        spec = chart_spec(name, chart)
    except KeyError:
        abort(404)
    response = Response(render_chart(report, spec, _lang()), mimetype="image/svg+xml")
    # the SVG carries its own styles; nothing in it may load or run anything else
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response
