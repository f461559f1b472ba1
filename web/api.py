"""The JSON API under ``/api/v1``; each endpoint is described once in ``ENDPOINTS`` (→ OpenAPI).

Routes only: parameters are parsed by ``web.params``, answers built by ``web.presenters``
(and ``web.export`` for open data).
"""

from __future__ import annotations

import re
from functools import cache

from flask import Blueprint, Response, abort, jsonify, render_template, request
from pydantic import BaseModel

from web.demand import note_search
from web.export import export_response
from web.openapi import Endpoint, build_spec
from web.params import (
    ConceptParams,
    ExportParams,
    NoParams,
    OfferParams,
    ParamError,
    SearchParams,
    SmeParams,
    SuggestParams,
    parse_args,
)
from web.presenters import (
    concept_out,
    lang,
    offer_detail,
    profile_from,
    profile_search_query,
    run_search,
    search_response,
    sme_response,
    source_info,
)
from web.reports_openapi import REPORT_ENDPOINTS
from web.schemas import (
    ComponentHealth,
    ConceptsResponse,
    HealthResponse,
    IndexHealth,
    OfferDetail,
    SearchResponse,
    SmeResponse,
    SourcesResponse,
    Suggestion,
    SuggestResponse,
)
from web.services import services

bp = Blueprint("api", __name__, url_prefix="/api/v1")
OFFER_ID = re.compile(r"^[a-z][a-z0-9_-]{1,39}-[0-9a-f]{16}$")

# rules across parameters (see ``Endpoint.rules``): part of each message a 400 gives
PROFILE_RULES = (
    "give status to estimate the cost for a profile",  # joint_committee … without status
    "staff is a",  # staff_count that contradicts company_size
)
SEARCH_RULES = (
    "radius_km needs a postcode or a municipality",
    "sort=distance needs a postcode or a municipality",
    "no results beyond the",  # page × page_size past the 1,000th result
    "price range is inverted",
    "duration range is inverted",
    "start range is inverted",
    "unknown postcode or municipality",
    "needs a profile: give status",  # free_for_me=true or sort=my_cost without a profile
    *PROFILE_RULES,
)

ENDPOINTS = [
    Endpoint(
        "/search",
        "search",
        "Search offers, one result per course run; with a profile (status, joint_committee "
        "…): free_for_me and sort=my_cost",
        SearchParams,
        SearchResponse,
        (400, 503),
        rules=SEARCH_RULES,
    ),
    Endpoint(
        "/sme",
        "sme",
        "What a joint committee's sector fund pays for, by competence area, with the "
        "employer's cost",
        SmeParams,
        SmeResponse,
        (400,),
    ),
    Endpoint(
        "/offers/{offer_id}",
        "get_offer",
        "One offer with sessions, funding, labelled competences, provenance and, for a "
        "profile (status, joint_committee …), what it costs",
        OfferParams,
        OfferDetail,
        (400, 404),
        path_params={"offer_id": OFFER_ID.pattern},
        rules=PROFILE_RULES,
    ),
    Endpoint("/suggest", "suggest", "Autocomplete", SuggestParams, SuggestResponse, (400, 503)),
    Endpoint(
        "/taxonomy/concepts",
        "concepts",
        "Competence and occupation concepts for filter pickers",
        ConceptParams,
        ConceptsResponse,
        (400, 503),
    ),
    Endpoint(
        "/sources", "sources", "Every source with its crawl status", NoParams, SourcesResponse
    ),
    Endpoint(
        "/health", "health", "Store and search engine health", NoParams, HealthResponse, (503,)
    ),
    Endpoint(
        "/export",
        "export",
        "The whole catalogue as open data, streamed: JSON Lines, CSV, or format=elm for "
        "Europass (one ELM v3 LOQ XML document, valid against loq.xsd, a learning "
        "opportunity per offer)",
        ExportParams,
        None,
        (400,),
        media_types=("application/x-ndjson", "text/csv", "application/xml"),
    ),
    *REPORT_ENDPOINTS,
]


@bp.get("/export")
def export() -> Response:
    return export_response(parse_args(ExportParams, request.args))


def _json(model: BaseModel, status: int = 200) -> Response:
    response = Response(model.model_dump_json(), status=status, mimetype="application/json")
    return response


# ------------------------------------------------------------------ search
@bp.get("/search")
def search() -> Response:
    query = profile_search_query(request.args)
    has_profile = bool(request.args.get("status"))
    results = run_search(query)
    note_search(query, results.total)  # demand log: in memory, written by a background thread
    return _json(search_response(results, query, has_profile=has_profile))


# ------------------------------------------------------------------ SME view
@bp.get("/sme")
def sme() -> Response:
    return _json(sme_response(parse_args(SmeParams, request.args)))


# ------------------------------------------------------------------ one offer
@bp.get("/offers/<offer_id>")
def get_offer(offer_id: str) -> Response:
    if not OFFER_ID.match(offer_id):
        raise ParamError({"offer_id": ["an offer id has the form {source}-{16 hex digits}"]})
    params = parse_args(OfferParams, request.args)
    profile = profile_from(params)
    stored = services().store.get_offer(offer_id)
    if stored is None:
        abort(404, description=f"no offer {offer_id}")
    return _json(offer_detail(stored, profile))


# ------------------------------------------------------------------ suggest and concepts
@bp.get("/suggest")
def suggest() -> Response:
    params = parse_args(SuggestParams, request.args)
    found = services().index.suggest(params.q, params.limit)
    return _json(
        SuggestResponse(
            q=params.q, suggestions=[Suggestion(text=s.text, kind=s.kind) for s in found]
        )
    )


@bp.get("/taxonomy/concepts")
def concepts() -> Response:
    params = parse_args(ConceptParams, request.args)
    taxonomy = services().taxonomy
    if taxonomy is None:
        abort(503, description="the competence taxonomy is not loaded")
    language = lang()
    found = taxonomy.search_concepts(params.q, language, params.limit)
    return _json(ConceptsResponse(q=params.q, concepts=[concept_out(c, language) for c in found]))


# ------------------------------------------------------------------ sources and health
@bp.get("/sources")
def sources() -> Response:
    parse_args(NoParams, request.args)
    rows = services().store.source_statuses()
    return _json(SourcesResponse(sources=[source_info(r) for r in rows]))


@bp.get("/health")
def health() -> Response:
    parse_args(NoParams, request.args)
    svc = services()
    try:
        svc.store.count_offers()
        store = ComponentHealth(ok=True)
    except Exception as exc:  # health reports, it does not fail
        store = ComponentHealth(ok=False, detail=type(exc).__name__)
    try:
        stats = svc.index.stats()
        index = IndexHealth(ok=True, backend=stats.backend, documents=stats.documents)
    except Exception as exc:
        index = IndexHealth(ok=False, detail=str(exc)[:200])
    ok = store.ok and index.ok
    body = HealthResponse(status="ok" if ok else "degraded", store=store, index=index)
    return _json(body, 200 if ok else 503)  # Retry-After on 503: web.security


# ------------------------------------------------------------------ open data
# ------------------------------------------------------------------ the spec and its docs
@cache
def spec() -> dict:
    return build_spec(ENDPOINTS)


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(spec())


@bp.get("/docs")
def docs() -> str:
    return render_template("api_docs.html", spec=spec())
