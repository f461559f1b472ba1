"""Server-rendered pages (Dutch first): search, one offer, source status. Usable without JS."""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Flask, abort, render_template, request, url_for
from markupsafe import Markup

from index.base import SearchUnavailable
from index.query import FacetField, SearchQuery
from web import labels
from web.api import OFFER_ID, lang, offer_detail, run_search, search_response, source_info
from web.highlight import as_markup
from web.i18n import LANGUAGES
from web.params import ParamError, parse_args
from web.services import services

bp = Blueprint("pages", __name__)
RADII_KM = (5, 10, 25, 50, 100)
PAGE_PARAMS = {"lang"}  # page-only parameters next to SearchQuery's


@bp.get("/")
def search() -> Any:
    args = request.args.copy()
    for key in [k for k in args if not args.get(k) and k not in ("q",)]:
        args.poplist(key)  # an empty form field means "no filter"
    if args.get("radius_km") and not (args.get("postcode") or args.get("municipality")):
        args.poplist("radius_km")  # a radius alone (the form's default) is no filter
    try:
        query = parse_args(SearchQuery, args, ignore=PAGE_PARAMS)
        results = search_response(run_search(query), query)
    except ParamError as exc:
        return render_template("search.html", query=None, results=None, errors=exc.fields), 400
    except SearchUnavailable:
        page = render_template("search.html", query=query, results=None, unavailable=True)
        return page, 503, {"Retry-After": str(services().settings.web_retry_after)}
    return render_template(
        "search.html",
        query=query,
        results=results,
        radii=RADII_KM,
        facet_params=labels.FACET_PARAMS,
        facet_names=labels.FACETS,
    )


@bp.get("/aanbod/<offer_id>")
def offer(offer_id: str) -> Any:
    if not OFFER_ID.match(offer_id):
        abort(404)
    stored = services().store.get_offer(offer_id)
    if stored is None:
        abort(404)
    detail = offer_detail(stored)
    return render_template(
        "offer.html",
        offer=detail,
        today=date.today(),
        jsonld=course_jsonld(detail),
    )


@bp.get("/bronnen")
def sources() -> Any:
    rows = [source_info(r) for r in services().store.source_statuses()]
    return render_template("sources.html", sources=rows)


# ------------------------------------------------------------------ schema.org
MODE = {
    "classroom": "onsite",
    "online_live": "online",
    "online_self_paced": "online",
    "blended": "blended",
    "workplace": "onsite",
}


def course_jsonld(offer) -> dict[str, Any]:
    """schema.org ``Course`` with one ``CourseInstance`` per session."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Course",
        "@id": offer.url,
        "name": offer.title,
        "description": offer.description[:5000],
        "url": offer.url,
        "courseCode": offer.source_id,
        "provider": {"@type": "Organization", "name": offer.provider.name},
        "inLanguage": offer.languages,
        "hasCourseInstance": [],
    }
    if offer.provider.website:
        data["provider"]["url"] = offer.provider.website
    if offer.funding:
        data["financialAidEligible"] = [f.label for f in offer.funding]
    if offer.certificate:
        data["educationalCredentialAwarded"] = offer.certificate
    if offer.prerequisites:
        data["coursePrerequisites"] = offer.prerequisites
    if offer.competences:
        data["teaches"] = [c.label for c in offer.competences]
    for session in offer.sessions:
        instance: dict[str, Any] = {
            "@type": "CourseInstance",
            "courseMode": MODE.get(session.delivery_mode, "onsite"),
        }
        if session.start_date:
            instance["startDate"] = session.start_date.isoformat()
        if session.end_date:
            instance["endDate"] = session.end_date.isoformat()
        if offer.duration and offer.duration.hours:
            instance["courseWorkload"] = f"PT{offer.duration.hours:g}H"
        loc = session.location
        if loc and (loc.municipality or loc.postcode):
            instance["location"] = {
                "@type": "Place",
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": loc.address,
                    "postalCode": loc.postcode,
                    "addressLocality": loc.municipality,
                    "addressCountry": loc.country,
                },
            }
        prices = session.prices or offer.prices
        if prices:
            instance["offers"] = [
                {"@type": "Offer", "price": str(p.amount), "priceCurrency": p.currency}
                for p in prices
            ]
        data["hasCourseInstance"].append(instance)
    return data


# ------------------------------------------------------------------ template helpers
def url_with(**changes: Any) -> str:
    """The current page's URL with some parameters changed (None removes one)."""
    args = request.args.copy()
    for key, value in changes.items():
        if value is None:
            args.poplist(key)
        elif isinstance(value, list | tuple):
            args.setlist(key, [str(v) for v in value])
        else:
            args[key] = str(value)
    query = urlencode([(k, v) for k, vs in args.lists() for v in vs if v != ""])
    return request.path + ("?" + query if query else "")


def toggle_filter(param: str, value: str) -> str:
    values = request.args.getlist(param)
    values = [v for v in values if v != value] if value in values else [*values, value]
    return url_with(**{param: values, "page": None})


def lang_url(language: str) -> str:
    return url_with(lang=language)


def page_window(page: int, pages: int, width: int = 2) -> list[int]:
    low, high = max(1, page - width), min(pages, page + width)
    return list(range(low, high + 1))


def jsonld_script(data: dict[str, Any]) -> Markup:
    # json.dumps + escaping of <, >, & keeps the data block inert inside <script>
    text = json.dumps(data, ensure_ascii=False, default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup('<script type="application/ld+json">' + text + "</script>")  # noqa: S704


def init_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(
        url_with=url_with,
        toggle_filter=toggle_filter,
        lang_url=lang_url,
        page_window=page_window,
        current_lang=lang,
        languages=LANGUAGES,
        FacetField=FacetField,
    )
    app.jinja_env.filters.update(
        mark=as_markup,
        funding=labels.funding_label,
        delivery=labels.delivery_label,
        schedule=labels.schedule_label,
        jsonld=jsonld_script,
    )

    @app.context_processor
    def _links() -> dict[str, Any]:
        def page_url(endpoint: str, **values: Any) -> str:
            language = lang()
            if language != "nl":
                values.setdefault("lang", language)
            return url_for(endpoint, **values)

        return {"page_url": page_url}
