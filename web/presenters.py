"""What the API and the pages show: engine, store, taxonomy and funding answers turned into the
public response models (``web.schemas``), labelled in the request's language."""

from __future__ import annotations

import logging
import math
import threading
from datetime import date
from decimal import Decimal

from flask import current_app
from flask_babel import get_locale
from pydantic import ValidationError

from catalogue.model import FundingScheme, Offer
from catalogue.store.base import SourceStatus, StoredOffer
from funding import Profile, SmeGroup, default_rules, estimate
from funding.committees import committees
from index.base import SearchUnavailable
from index.lru import Lru
from index.plan import Filter, UnknownPlace
from index.profile import query_for_profile
from index.search_query import (
    MAX_RESULT_DEPTH,
    FacetCount,
    FacetField,
    SearchQuery,
    SearchResults,
    SortOrder,
)
from index.sme import AnswerCache, full_scan_sme_view, indexed_sme_view
from taxonomy.model import Concept as TaxonomyConcept
from web import dead_ends, labels
from web.highlight import safe_highlights
from web.params import (
    OfferParams,
    ParamError,
    SearchParams,
    SmeParams,
    parse_args,
    validation_messages,
)
from web.provenance import provenance_for
from web.schemas import (
    AppliedScheme,
    Concept,
    CostEstimate,
    FundingBadge,
    FundingDetail,
    LabelledCompetence,
    NextStepOut,
    OfferDetail,
    PossibleScheme,
    SearchResponse,
    SessionOut,
    SmeArea,
    SmeCourse,
    SmeResponse,
    SourceInfo,
)
from web.services import services

log = logging.getLogger(__name__)


def lang() -> str:
    return str(get_locale() or "nl")


def profile_search_query(args, ignore: set[str] | None = None) -> SearchQuery:
    """The query with the searcher's funding profile (``free_for_rules``) when one is given;
    rule ids are never taken from the client."""
    if "free_for_rules" in args:
        raise ParamError({"free_for_rules": ["unknown parameter: give status, joint_committee …"]})
    params = parse_args(SearchParams, args, ignore=ignore)
    profile = profile_from(params.profile_params())
    if profile is None:
        # "free for me" and "my cost" are about someone: without a profile there is no answer
        needs = {"free_for_me": params.free_for_me, "sort": params.sort == SortOrder.MY_COST}
        wanted = [name for name, given in needs.items() if given]
        if wanted:
            raise ParamError(
                {
                    name: [
                        f"{name}={args.get(name)} needs a profile: give status (and "
                        "joint_committee …) to say whose cost"
                    ]
                    for name in wanted
                }
            )
    return query_for_profile(params.search_query(), profile, date.today())


def run_search(query: SearchQuery) -> SearchResults:
    """Search through the guarded engine; a place the engine does not know is a 400."""
    try:
        return services().index.search(query)
    except UnknownPlace as exc:
        field = "postcode" if query.postcode is not None else "municipality"
        raise ParamError({field: [str(exc)]}) from None


def search_response(
    results: SearchResults, query: SearchQuery, *, has_profile: bool = False
) -> SearchResponse:
    """The API's answer; with a profile every result says whether it is free for it (a profile
    no rule makes anything free for: free for everyone).

    Built as plain data and validated once (``model_validate``, in pydantic's core) rather than
    one model per result, badge and facet value; labels come from a per-language cache."""
    reachable = min(results.total, MAX_RESULT_DEPTH)
    label = _labeller()
    data = {
        "total": results.total,
        "page": query.page,
        "page_size": query.page_size,
        "pages": math.ceil(reachable / query.page_size) if reachable else 0,
        "results": [
            {
                "id": hit.id,
                "title": hit.title,
                "provider": hit.provider,
                "source": hit.source,
                "url": hit.url,
                "score": hit.score,
                "next_session": hit.next_session.model_dump() if hit.next_session else None,
                "price": {
                    "amount_min": float(hit.price_min) if hit.price_min is not None else None,
                    "free": hit.free,
                },
                "funding": [
                    {"scheme": s, "label": label(FacetField.FUNDING_SCHEME, s)}
                    for s in hit.funding_schemes
                ],
                "delivery_modes": hit.delivery_modes,
                "distance_km": hit.distance_km,
                "highlights": safe_highlights(hit.highlights),
                "cluster_id": hit.cluster_id,
                "sources": hit.sources,
                "listing_count": hit.listing_count,
                "available_via": [
                    {
                        "offer_id": v.offer_id,
                        "source": v.source,
                        "url": v.url,
                        "price_eur": float(v.price) if v.price is not None else None,
                    }
                    for v in hit.available_via
                ],
                "free_for_me": hit.free
                if has_profile and hit.free_for_me is None
                else hit.free_for_me,
            }
            for hit in results.hits
        ],
        "facets": {
            field.value: readable_facet(field, counts, label)
            for field, counts in results.facets.items()
        },
        "location_note": results.location_note,
        "corrected_q": results.corrected_q,
        "relaxed": results.relaxed,
        "suggestions": empty_suggestions(query) if results.total == 0 else [],
        "alternatives": dead_end_alternatives(query) if results.total == 0 else [],
    }
    return SearchResponse.model_validate(data)


NARROW_FIELD = 3  # ISCED-F digits of the one field-of-education level shown (041, 072, …)
GENERIC_DEPTH = 1  # imported concepts this close to a root ('vaardigheden', 'kennis') say nothing


def readable_facet(field: FacetField, counts: list[FacetCount], label) -> list[dict]:
    """A facet's values as people read them: no raw identifiers, no generic top concepts of
    an imported scheme, fields of education at one level (the narrow field, its broad field as
    parent; the broad fields only when no offer has a narrower one)."""
    if field == FacetField.FIELD_OF_EDUCATION:
        narrow = [c for c in counts if len(c.value) == NARROW_FIELD]
        shown = narrow or [c for c in counts if len(c.value) == NARROW_FIELD - 1]
        return [
            {
                "value": c.value,
                "label": label(field, c.value).removesuffix(f" ({c.value})"),
                "count": c.count,
                "parent": label(field, c.value[:2]).removesuffix(f" ({c.value[:2]})")
                if len(c.value) > 2
                else None,
            }
            for c in shown
        ]
    out = []
    for c in counts:
        text = label(field, c.value)
        if field == FacetField.CONCEPT and (text == c.value or _generic_concept(c.value)):
            continue  # an id without a label, or a top node such as 'vaardigheden'
        out.append({"value": c.value, "label": text, "count": c.count})
    return out


def _generic_concept(concept_id: str) -> bool:
    """A concept of an imported scheme (ESCO) at most ``GENERIC_DEPTH`` below a root (kept
    per taxonomy with the labels: every facet of every search asks for 50 concepts)."""
    found = _GENERIC.get(concept_id)
    if found is None:
        found = _is_generic(concept_id)
        _GENERIC.put(concept_id, found)
    return found


def _is_generic(concept_id: str) -> bool:
    taxonomy = services().taxonomy
    if taxonomy is None:
        return False
    concept = taxonomy.get(concept_id)
    if concept is None or concept.scheme == "flemish":
        return False
    return len(taxonomy.broader(concept_id, transitive=True)) <= GENERIC_DEPTH and bool(
        concept.narrower
    )


SUGGESTIONS_WHEN_EMPTY = 5
SUGGEST_PREFIX = 3  # letters of each word the suggestions start from ('kapr' -> 'kap…')


def dead_end_alternatives(query: SearchQuery) -> list[dict]:
    """Nothing found: nearby places, online, broader concepts that do find offers
    (``web.dead_ends``); nothing when the engine cannot tell."""
    from index.geo import gazetteer

    def count(q: SearchQuery) -> int:
        return services().index.search(q).total

    try:
        return dead_ends.alternatives(query, count, services().taxonomy, gazetteer(), lang())
    except (SearchUnavailable, UnknownPlace):
        return []


def empty_suggestions(query: SearchQuery) -> list[str]:
    """What to try when nothing was found: titles and concepts that start as the query's
    words do (a misspelling rarely starts wrong). Nothing when the engine cannot tell."""
    found: list[str] = []
    for word in query.q.split()[:3]:
        if len(word) < SUGGEST_PREFIX:
            continue
        try:
            suggestions = services().index.suggest(word[:SUGGEST_PREFIX], SUGGESTIONS_WHEN_EMPTY)
        except SearchUnavailable:
            return found
        for suggestion in suggestions:
            if suggestion.text not in found and suggestion.kind != "provider":
                found.append(suggestion.text)
    return found[:SUGGESTIONS_WHEN_EMPTY]


# display names of facet values and funding schemes, per (language, field, value): static for a
# taxonomy (a re-imported taxonomy is a new object and starts a new cache)
_LABELS: Lru[str] = Lru(maxsize=20_000)
_GENERIC: Lru[bool] = Lru(maxsize=20_000)  # concept id -> ``_is_generic``
_labels_for: list[object] = [None]  # the taxonomy the cached labels came from
_labels_lock = threading.Lock()


def _labeller():
    taxonomy = services().taxonomy
    if _labels_for[0] is not taxonomy:
        with _labels_lock:
            if _labels_for[0] is not taxonomy:
                _LABELS.clear()
                _GENERIC.clear()
                _labels_for[0] = taxonomy
    language = lang()
    concept_label = _concept_labeller()

    def label(field: FacetField, value: str) -> str:
        key = (language, field, value)
        found = _LABELS.get(key)
        if found is None:
            if field == FacetField.FUNDING_SCHEME:
                found = labels.funding_label(value)
            else:
                found = labels.facet_value_label(field, value, concept_label)
            _LABELS.put(key, found)
        return found

    return label


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


SME_CACHE = "leeraanbod.sme_answers"  # app.extensions key of the SME answers' LRU
SME_CACHE_SIZE = 32  # (committee, size, language) answers kept per process …
SME_CACHE_COURSES = 200_000  # … with this many courses together (~2 kB each in memory)
NO_INDEX = "no-index"  # the generation when the engine is down or not built: full scan


def sme_response(params: SmeParams) -> SmeResponse:
    """The page of the SME answer that ``params`` ask for (``sme_answer``, ``sme_page``)."""
    return sme_page(sme_answer(params), params)


def sme_page(answer: SmeResponse, params: SmeParams) -> SmeResponse:
    """``per_area`` courses of each area (or of the one ``area``) from the ``page``-th on, with
    each area's ``total``; the full answer is left as it is (it is shared)."""
    start = (params.page - 1) * params.per_area
    return SmeResponse.model_construct(
        joint_committee=answer.joint_committee,
        company_size=answer.company_size,
        area=params.area,
        page=params.page,
        per_area=params.per_area,
        areas=[
            SmeArea.model_construct(
                area=a.area,
                name=a.name,
                total=a.total,
                courses=a.courses[start : start + params.per_area],
            )
            for a in answer.areas
            if params.area in (None, a.area)
        ],
    )


def sme_answer(params: SmeParams) -> SmeResponse:
    """Every offer the joint committee's fund pays for, grouped by competence area, one per
    course run, with the employer's cost; every course of every area (one shared object: do
    not change it). Computed on the index's candidates (``index.sme.indexed_sme_view``;
    without a usable index, from the whole store as before), kept per committee, size,
    language and day until the index or the store changes (``index.sme.AnswerCache``)."""
    current = services()
    store, engine = current.store, current.index
    today, language = date.today(), lang()
    cache = current_app.extensions.get(SME_CACHE)
    if cache is None:
        cache = current_app.extensions.setdefault(
            SME_CACHE,
            AnswerCache(SME_CACHE_SIZE, max_weight=SME_CACHE_COURSES, weigh=_courses),
        )
    # the cheap engine call goes through the guard (time limit, breaker); the store reads and
    # estimates after it do not
    try:
        generation = engine.generation()
    except SearchUnavailable:
        generation = NO_INDEX
    marker = store.change_marker()
    key = (params.joint_committee, params.company_size, today, language, generation, marker)

    def course_run_ids(flt: Filter) -> list[str]:
        if generation == NO_INDEX:
            raise SearchUnavailable("no search index")
        return engine.course_run_ids(flt)  # past the guard's time limit: see GuardedIndex

    def compute() -> SmeResponse:
        args = (store, params.joint_committee, today, params.company_size)
        try:
            try:
                groups = indexed_sme_view(course_run_ids, *args, concept_name=_concept_labeller())
            except (SearchUnavailable, NotImplementedError) as exc:
                log.warning("SME view without the index (%s): reading every offer", exc)
                groups = full_scan_sme_view(*args, concept_name=_concept_labeller())
        except ValidationError as exc:
            raise ParamError(validation_messages(exc)) from None
        return _sme_answer(params, groups)

    # an engine or store that cannot say when it changed: computed for every request
    return cache.get_or_compute(key, compute, cacheable=None not in (generation, marker))


def _courses(answer: SmeResponse) -> int:
    return sum(a.total for a in answer.areas)


def _sme_answer(params: SmeParams, groups: list[SmeGroup]) -> SmeResponse:
    def money(value: Decimal | None) -> float | None:
        return float(value) if value is not None else None

    return SmeResponse(
        joint_committee=params.joint_committee,
        company_size=params.company_size.value if params.company_size else None,
        per_area=max((len(g.offers) for g in groups), default=0) or 1,
        areas=[
            SmeArea(
                area=group.area,
                name=group.name,
                total=len(group.offers),
                courses=[
                    SmeCourse(
                        **item.model_dump(exclude={"price_eur", "employer_cost"}),
                        price_eur=money(item.price_eur),
                        employer_cost=money(item.employer_cost),
                    )
                    for item in group.offers
                ],
            )
            for group in groups
        ],
    )


def joint_committee_choices(today: date) -> list[tuple[str, str]]:
    """(number, "PC 200 – aanvullend paritair comité voor de bedienden, Cevora") for every
    joint committee on the official list (``funding.committees``), in number order, named in
    the request's language: the suggestions of the pages' PC fields. A committee a sector-fund
    rule in force names gets that fund even when the list has none."""
    funds: dict[str, set[str]] = {}
    for rule in default_rules():
        if rule.scheme != FundingScheme.SECTOR_FUND or not rule.valid_on(today):
            continue
        for number in rule.profile.joint_committees:
            funds.setdefault(number, set()).update([rule.fund] if rule.fund else [])
    language = lang()
    choices = []
    for number, found in committees().items():
        label = found.label(language)
        if not found.fund and funds.get(number):
            label = f"{label}, {', '.join(sorted(funds[number]))}"
        choices.append((number, label))
    return sorted(choices, key=lambda kv: tuple(map(int, kv[0].split("."))))


def profile_from(params: OfferParams) -> Profile | None:
    """The funding profile the parameters describe (None without ``status``)."""
    given = params.model_dump(exclude_none=True, exclude={"private_sector"})
    if params.status is None:
        if given:
            raise ParamError({"status": ["give status to estimate the cost for a profile"]})
        return None
    try:
        return Profile(**params.model_dump(exclude_none=True))
    except ValidationError as exc:
        raise ParamError(validation_messages(exc)) from None


def cost_estimate(profile: Profile, offer: Offer) -> CostEstimate:
    language = lang()
    found = estimate(profile, offer, date.today())

    def money(value: Decimal | None) -> float | None:
        return float(value) if value is not None else None

    return CostEstimate(
        status=found.status.value,
        offer_kind=found.offer_kind.value,
        access=found.access.value,
        billed=found.billed.value if found.billed else None,
        fund=found.fund,
        price_eur=money(found.price_eur),
        price_basis=found.price_basis_i18n.get(language) or found.price_basis,
        schemes_total=float(found.schemes_total),
        free=found.free,
        cost_to_person=money(found.cost_to_person),
        cost_to_employer=money(found.cost_to_employer),
        net_cost_to_employer=money(found.net_cost_to_employer),
        my_cost=money(found.my_cost),
        paid_leave_hours=found.paid_leave_hours,
        schemes=[
            AppliedScheme(
                scheme=a.scheme,
                label=labels.funding_label(a.scheme),
                fund=a.fund,
                title=a.title,
                subsidy_eur=money(a.subsidy_eur),
                premium_eur=money(a.premium_eur),
                paid_leave_hours=a.paid_leave_hours,
                explanation=a.explanation.get(language) or a.explanation.get("nl", ""),
                source_url=a.source_url,
                indicative=a.indicative,
            )
            for a in found.applied
        ],
        maybe=[
            PossibleScheme(rule_id=m.rule_id, title=m.title, missing=m.missing) for m in found.maybe
        ],
        declared=[
            FundingBadge(scheme=o.scheme, label=labels.funding_label(o.scheme))
            for o in found.declared
        ],
        next_steps=[
            NextStepOut(
                rule_id=n.rule_id,
                scheme=n.scheme,
                label=labels.funding_label(n.scheme),
                text=n.text.get(language) or n.text["nl"],
                url=n.url,
                before=n.before,
            )
            for n in found.next_steps
        ],
    )


def offer_detail(stored: StoredOffer, profile: Profile | None = None) -> OfferDetail:
    offer = stored.offer
    concept_label = _concept_labeller()
    today = date.today()
    data = offer.model_dump(
        exclude={"competences", "funding", "content_hash", "first_seen", "last_seen", "sessions"}
    )
    nxt = offer.next_session(today)
    return OfferDetail(
        **data,
        sessions=[
            SessionOut(**session.model_dump(), state=session.state_on(today))
            for session in offer.sessions
        ],
        next_start=nxt.start_date if nxt else None,
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
        provenance=provenance_for(stored, services(), today),
        cost=cost_estimate(profile, offer) if profile else None,
    )


def concept_out(found: TaxonomyConcept, language: str) -> Concept:
    return Concept(
        id=found.id,
        label=found.label(language),
        kind=found.type,
        scheme=found.scheme,
        uri=found.uri,
    )


def source_info(row: SourceStatus) -> SourceInfo:
    if row.last_outcome is None:
        status = "never_crawled"
    elif row.last_outcome == "degraded":
        status = "degraded"
    elif row.last_outcome in ("failed", "abandoned") or (
        row.last_outcome != "good" and not row.last_good_run
    ):
        status = "failing"
    else:
        status = "ok"
    # the run message stays internal (it can name log files)
    return SourceInfo(status=status, **row.model_dump(exclude={"last_message"}))
