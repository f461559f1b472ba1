"""Server-rendered pages (Dutch first): search, one offer, the SME view, source status.
Usable without JS.

The searcher's profile (status, joint committee …) lives only in the URL: no cookie, no
session, no log line holds it.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Flask, abort, current_app, render_template, request, url_for
from flask_babel import format_currency
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from crawlers.offline import DEMO_MARKER
from funding.committees import committee_label, committee_list
from index.base import SearchUnavailable
from index.search_query import FacetField
from index.sme import AnswerCache
from web import labels
from web.api import OFFER_ID
from web.cards import (
    FACETS_SHOWN,
    FILTER_PARAMS,
    active_chips,
    bookable,
    card_for,
    cards_for,
    day,
    hours_text,
    moment,
)
from web.demand import note_search
from web.highlight import as_markup
from web.i18n import LANGUAGES
from web.params import OfferParams, ParamError, SmeParams, parse_args
from web.presenters import (
    joint_committee_choices,
    lang,
    offer_detail,
    profile_from,
    profile_search_query,
    run_search,
    search_response,
    sme_answer,
    sme_page,
    source_info,
)
from web.services import services

bp = Blueprint("pages", __name__)
RADII_KM = (5, 10, 25, 50, 100)
PAGE_PARAMS = {"lang"}  # page-only parameters next to SearchQuery's
PROFILE_PARAMS = tuple(OfferParams.model_fields)  # who is asking: status, joint_committee …


def _given_args():
    """The request's parameters without empty form fields (an empty field means "not given")."""
    args = request.args.copy()
    for key in [k for k in args if not args.get(k) and k not in ("q",)]:
        args.poplist(key)
    return args


def profile_form() -> dict[str, Any]:
    """What the profile fields of the forms need: choices, and the values as given."""
    return {
        "statuses": labels.WORKER_STATUSES,
        "education_levels": labels.EDUCATION_LEVELS,
        "company_sizes": labels.COMPANY_SIZES,
        "joint_committees": joint_committee_choices(date.today()),
    }


@bp.get("/")
def search() -> Any:
    args = _given_args()
    if args.get("radius_km") and not (args.get("postcode") or args.get("municipality")):
        args.poplist("radius_km")  # a radius alone (the form's default) is no filter
    if "upcoming_only" not in args:
        args["upcoming_only"] = "true"  # pages show what one can still start (API: off)
    # the profile as given (for the form and for the links to offers: each offer page then
    # shows this searcher's cost); it travels in the URL only
    profile = {k: args[k] for k in PROFILE_PARAMS if k in args}
    context = {
        "profile": profile,
        "free_for_me": args.get("free_for_me") == "true",
        **profile_form(),
    }
    context.update(
        given=args,
        radii=RADII_KM,
        facet_params=labels.FACET_PARAMS,
        facet_names=labels.FACETS,
        facets_shown=FACETS_SHOWN,
        filtered=any(args.get(k) for k in FILTER_PARAMS if k != "page"),
    )
    try:
        query = profile_search_query(args, ignore=PAGE_PARAMS)
        found = run_search(query)
        note_search(query, found.total)  # demand log: in memory, written by a background thread
        results = search_response(found, query, has_profile=bool(args.get("status")))
        who = profile_from(parse_args(OfferParams, MultiDict(profile)))
    except ParamError as exc:
        context["chips"] = active_chips({}, url_with)
        page = render_template(
            "search.html", query=None, results=None, errors=exc.fields, **context
        )
        return page, 400
    except SearchUnavailable:
        page = render_template(
            "search.html", query=query, results=None, unavailable=True, **context
        )
        return page, 503  # Retry-After: web.security
    return render_template(
        "search.html",
        query=query,
        results=results,
        cards=cards_for([h.id for h in results.results], who),
        chips=active_chips(results.facets, url_with),
        **context,
    )


SME_PAGES = "leeraanbod.sme_pages"  # app.extensions key of the rendered /kmo pages' LRU
SME_PAGES_SIZE = 8  # a large committee's page is megabytes of HTML


@bp.get("/kmo")
def sme() -> Any:
    """What a joint committee's sector fund pays for, by competence area, with the employer's
    cost, ``per_area`` courses per area (``area`` and ``page`` page through one); without
    parameters the form and what the page estimates. A page is rendered once per answer
    (``sme_answer`` keeps the answers): the same URL, language and day with the same answer
    object is the same HTML."""
    args = _given_args()
    context: dict[str, Any] = {"given": args, **profile_form()}
    if not [k for k in args if k not in PAGE_PARAMS]:
        return render_template("kmo.html", view=None, **context)
    try:
        params = parse_args(SmeParams, args, ignore=PAGE_PARAMS)
        answer = sme_answer(params)
    except ParamError as exc:
        return render_template("kmo.html", view=None, errors=exc.fields, **context), 400
    pages = current_app.extensions.setdefault(SME_PAGES, AnswerCache(SME_PAGES_SIZE))
    key = (request.full_path, lang(), date.today())
    found = pages.get(key)
    if found is not None and found[0] is answer:
        return found[1]
    view = sme_page(answer, params)
    context["funds"] = dict(context["joint_committees"]).get(params.joint_committee, "")
    offer_args = {"status": "employer", "joint_committee": params.joint_committee}
    if params.company_size:
        offer_args["company_size"] = params.company_size.value
    html = render_template("kmo.html", view=view, offer_args=offer_args, **context)
    pages.put(key, (answer, html))
    return html


@bp.get("/aanbod/<offer_id>")
def offer(offer_id: str) -> Any:
    if not OFFER_ID.match(offer_id):
        abort(404)
    stored = services().store.get_offer(offer_id)
    if stored is None:
        abort(404)
    args = request.args.copy()
    for key in [k for k in args if not args.get(k)]:
        args.poplist(key)  # empty form fields: not given
    errors, profile, params = None, None, None
    try:
        params = parse_args(OfferParams, args, ignore=PAGE_PARAMS)
        profile = profile_from(params)
    except ParamError as exc:
        errors = exc.fields
    detail = offer_detail(stored, profile)
    page = render_template(
        "offer.html",
        offer=detail,
        params=params,
        errors=errors,
        today=date.today(),
        can_book=bookable(stored.offer, date.today()),
        card=card_for(stored.offer, date.today(), None),
        back_url=back_to_results(),
        jsonld=course_jsonld(detail),
        **profile_form(),
    )
    return page, 400 if errors else 200


def back_to_results() -> str:
    """The results this offer was opened from (the Referer, when it is this site's search
    page), else the search page in the page's language."""
    referrer = request.referrer or ""
    home = request.host_url.rstrip("/")
    if referrer.startswith(home + "/?") or referrer == home + "/":
        return referrer[len(home) :]
    if lang() != "nl":
        return url_for("pages.search", lang=lang())
    return url_for("pages.search")


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
        area_label=labels.area_label,
        field_problem=labels.field_problem,
        day=day,
        moment=moment,
        hours=hours_text,
        committee_name=lambda number: committee_label(number, lang()),
        committee_list=committee_list,
    )
    app.jinja_env.filters.update(
        mark=as_markup,
        funding=labels.funding_label,
        delivery=labels.delivery_label,
        source=labels.source_label,
        field=labels.field_label,
        field_hint=labels.field_hint,
        language=lambda code: str(labels.LANGUAGE_LABELS.get(code, code.upper())),
        schedule=labels.schedule_label,
        offer_type=labels.offer_type_label,
        jsonld=jsonld_script,
        euro=lambda amount: format_currency(amount, "EUR"),
    )

    @app.context_processor
    def _links() -> dict[str, Any]:
        def page_url(endpoint: str, **values: Any) -> str:
            language = lang()
            if language != "nl":
                values.setdefault("lang", language)
            return url_for(endpoint, **values)

        return {"page_url": page_url, "demo_data": demo_data}


def demo_data() -> bool:
    """Whether the catalogue holds the shipped demo data: crawled from the local fixture
    servers with their dates moved ahead of today (``crawlers.offline.mark_demo_data``)."""
    return (services().settings.data_dir / DEMO_MARKER).is_file()
