"""The JSON API under ``/api/v1``; each endpoint is described once in ``ENDPOINTS`` (→ OpenAPI)."""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterator
from datetime import date
from functools import cache

from flask import Blueprint, Response, abort, jsonify, render_template, request, stream_with_context
from flask_babel import get_locale
from pydantic import BaseModel

from catalogue.model import Offer
from catalogue.store.base import OfferStatus, StoredOffer
from index.queries import UnknownPlace
from index.query import MAX_RESULT_DEPTH, FacetField, SearchQuery, SearchResults
from taxonomy.model import Concept as TaxonomyConcept
from web import labels
from web.highlight import safe_highlights
from web.openapi import Endpoint, build_spec
from web.params import (
    ConceptParams,
    ExportParams,
    NoParams,
    ParamError,
    SuggestParams,
    parse_args,
)
from web.provenance import provenance_for
from web.schemas import (
    ComponentHealth,
    Concept,
    ConceptsResponse,
    FacetValue,
    FundingBadge,
    FundingDetail,
    HealthResponse,
    IndexHealth,
    LabelledCompetence,
    NextSession,
    OfferDetail,
    PriceSummary,
    SearchResponse,
    SearchResult,
    SourceInfo,
    SourcesResponse,
    Suggestion,
    SuggestResponse,
)
from web.services import services

bp = Blueprint("api", __name__, url_prefix="/api/v1")
EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(2199, 12, 31)
OFFER_ID = re.compile(r"^[a-z][a-z0-9_-]{1,39}-[0-9a-f]{16}$")

ENDPOINTS = [
    Endpoint("/search", "search", "Search offers", SearchQuery, SearchResponse, (400, 503)),
    Endpoint(
        "/offers/{offer_id}",
        "get_offer",
        "One offer with sessions, funding, labelled competences and provenance",
        NoParams,
        OfferDetail,
        (400, 404),
        path_params={"offer_id": OFFER_ID.pattern},
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
        "The whole catalogue as open data (JSON Lines or CSV), streamed",
        ExportParams,
        None,
        (400,),
        media_types=("application/x-ndjson", "text/csv"),
    ),
]


def lang() -> str:
    return str(get_locale() or "nl")


def _json(model: BaseModel, status: int = 200) -> Response:
    response = Response(model.model_dump_json(), status=status, mimetype="application/json")
    return response


# ------------------------------------------------------------------ search
@bp.get("/search")
def search() -> Response:
    query = parse_args(SearchQuery, request.args)
    return _json(search_response(run_search(query), query))


def run_search(query: SearchQuery) -> SearchResults:
    """Search through the guarded engine; a place the engine does not know is a 400."""
    out_of_range = {
        name: [f"dates from {EARLIEST_DATE} to {LATEST_DATE} only"]
        for name in ("start_from", "start_to")
        if (day := getattr(query, name)) is not None and not EARLIEST_DATE <= day <= LATEST_DATE
    }
    if out_of_range:  # the engines store dates in a bounded range (tantivy: 1677-2262)
        raise ParamError(out_of_range)
    try:
        return services().index.search(query)
    except UnknownPlace as exc:
        field = "postcode" if query.postcode is not None else "municipality"
        raise ParamError({field: [str(exc)]}) from None


def search_response(results: SearchResults, query: SearchQuery) -> SearchResponse:
    reachable = min(results.total, MAX_RESULT_DEPTH)
    concept_label = _concept_labeller()
    return SearchResponse(
        total=results.total,
        page=query.page,
        page_size=query.page_size,
        pages=math.ceil(reachable / query.page_size) if reachable else 0,
        results=[
            SearchResult(
                id=hit.id,
                title=hit.title,
                provider=hit.provider,
                source=hit.source,
                url=hit.url,
                score=hit.score,
                next_session=NextSession(**hit.next_session.model_dump())
                if hit.next_session
                else None,
                price=PriceSummary(
                    amount_min=float(hit.price_min) if hit.price_min is not None else None,
                    free=hit.free,
                ),
                funding=[
                    FundingBadge(scheme=s, label=labels.funding_label(s))
                    for s in hit.funding_schemes
                ],
                delivery_modes=hit.delivery_modes,
                distance_km=hit.distance_km,
                highlights=safe_highlights(hit.highlights),
            )
            for hit in results.hits
        ],
        facets={
            FacetField(field).value: [
                FacetValue(
                    value=c.value,
                    label=labels.facet_value_label(FacetField(field), c.value, concept_label),
                    count=c.count,
                )
                for c in counts
            ]
            for field, counts in results.facets.items()
        },
        location_note=results.location_note,
    )


def _concept_labeller():
    taxonomy = services().taxonomy
    if taxonomy is None:
        return None
    language = lang()

    def label(concept_id: str) -> str | None:
        try:
            return taxonomy.label(concept_id, language)
        except (KeyError, LookupError):
            return None

    return label


# ------------------------------------------------------------------ one offer
@bp.get("/offers/<offer_id>")
def get_offer(offer_id: str) -> Response:
    parse_args(NoParams, request.args)
    if not OFFER_ID.match(offer_id):
        abort(400, description="offer id has the form {source}-{16 hex digits}")
    stored = services().store.get_offer(offer_id)
    if stored is None:
        abort(404, description=f"no offer {offer_id}")
    return _json(offer_detail(stored))


def offer_detail(stored: StoredOffer) -> OfferDetail:
    offer = stored.offer
    concept_label = _concept_labeller()
    data = offer.model_dump(
        exclude={"competences", "funding", "content_hash", "first_seen", "last_seen"}
    )
    return OfferDetail(
        **data,
        funding=[
            FundingDetail(**f.model_dump(), label=labels.funding_label(f.scheme))
            for f in offer.funding
        ],
        competences=[
            LabelledCompetence(
                concept_id=c.concept_id,
                label=(concept_label(c.concept_id) if concept_label else None) or c.concept_id,
                score=c.score,
                method=c.method,
            )
            for c in sorted(offer.competences, key=lambda c: -c.score)
        ],
        status=stored.status,
        first_seen=stored.first_seen,
        last_seen=stored.last_seen,
        provenance=provenance_for(stored, services(), date.today()),
    )


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
    return _json(ConceptsResponse(q=params.q, concepts=[_concept(c, language) for c in found]))


def _concept(found: TaxonomyConcept, language: str) -> Concept:
    return Concept(
        id=found.id,
        label=found.label(language),
        kind=found.type,
        scheme=found.scheme,
        uri=found.uri,
    )


# ------------------------------------------------------------------ sources and health
@bp.get("/sources")
def sources() -> Response:
    parse_args(NoParams, request.args)
    rows = services().store.source_statuses()
    return _json(SourcesResponse(sources=[source_info(r) for r in rows]))


def source_info(row) -> SourceInfo:
    if row.last_outcome is None:
        status = "never_crawled"
    elif row.last_outcome == "failed" or (row.last_outcome != "good" and not row.last_good_run):
        status = "failing"
    else:
        status = "ok"
    return SourceInfo(status=status, **row.model_dump())


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
    response = _json(body, 200 if ok else 503)
    if not ok:
        response.headers["Retry-After"] = str(svc.settings.web_retry_after)
    return response


# ------------------------------------------------------------------ open data
CSV_COLUMNS = [
    "id",
    "source",
    "source_id",
    "title",
    "provider",
    "url",
    "languages",
    "price_min_eur",
    "free",
    "next_start_date",
    "next_municipality",
    "next_postcode",
    "funding_schemes",
    "status",
    "last_seen",
]


@bp.get("/export")
def export() -> Response:
    params = parse_args(ExportParams, request.args)
    store = services().store
    statuses = [OfferStatus.ACTIVE, OfferStatus.STALE]
    today = date.today()
    rows = store.iter_offers(source=params.source, statuses=statuses)
    if params.format == "jsonl":
        body: Iterator[str] = (_jsonl_line(s) for s in rows)
        mimetype, ext = "application/x-ndjson", "jsonl"
    else:
        body = _csv_lines(rows, today)
        mimetype, ext = "text/csv", "csv"
    response = Response(stream_with_context(body), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="leeraanbod.{ext}"'
    return response


def _jsonl_line(stored: StoredOffer) -> str:
    return stored.offer.model_dump_json() + "\n"


def _csv_lines(rows: Iterator[StoredOffer], today: date) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(CSV_COLUMNS)
    yield flush()
    for stored in rows:
        writer.writerow(_csv_row(stored, today))
        yield flush()


def _cell(text: str) -> str:
    """Crawled text that a spreadsheet would run as a formula is quoted (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_row(stored: StoredOffer, today: date) -> list[str]:
    offer: Offer = stored.offer
    prices = offer.prices or [p for s in offer.sessions for p in s.prices]
    nxt = offer.next_session(today)
    location = nxt.location if nxt else None
    return [
        offer.id or "",
        offer.source,
        offer.source_id,
        _cell(offer.title),
        _cell(offer.provider.name),
        offer.url,
        " ".join(offer.languages),
        str(min(p.amount for p in prices)) if prices else "",
        "yes" if offer.is_free() else "no",
        nxt.start_date.isoformat() if nxt and nxt.start_date else "",
        (location.municipality or "") if location else "",
        (location.postcode or "") if location else "",
        " ".join(sorted({f.scheme.value for f in offer.funding})),
        stored.status.value,
        stored.last_seen.isoformat(),
    ]


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
