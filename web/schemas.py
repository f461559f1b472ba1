"""The API's response models: stable, documented field names (the OpenAPI spec is built from them).

Engine and store models stay internal; these are the public contract of ``/api/v1``. Labels
are in the language the client asked for (``Accept-Language``: nl, fr, en; Dutch by default).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from catalogue.model import (
    CompetenceMethod,
    DeliveryMode,
    Duration,
    FundingOption,
    FundingScheme,
    Identifier,
    Level,
    OfferType,
    Price,
    Provider,
    Session,
    SessionState,
)
from catalogue.store.base import OfferStatus


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FundingBadge(_Out):
    scheme: FundingScheme = Field(description="funding scheme key")
    label: str = Field(description="the scheme's name in the requested language")


class NextSession(_Out):
    start_date: date | None = None
    end_date: date | None = None
    municipality: str | None = None
    postcode: str | None = None
    delivery_mode: DeliveryMode | None = None


class PriceSummary(_Out):
    amount_min: float | None = Field(
        default=None, description="lowest known price in EUR; null when the source gives none"
    )
    currency: Literal["EUR"] = "EUR"
    free: bool = Field(default=False, description="free for everyone (all known prices are 0)")


class AvailableListing(_Out):
    offer_id: str = Field(description="the listing's offer id (/api/v1/offers/{id})")
    source: str
    url: str = Field(description="the listing's page at its source")
    price_eur: float | None = Field(default=None, description="lowest known price at this source")


class SearchResult(_Out):
    id: str = Field(description="stable offer id: use it with /api/v1/offers/{id}")
    title: str
    provider: str
    source: str = Field(description="key of the source that published this listing")
    url: str = Field(description="the offer's page at its source")
    score: float = 0.0
    next_session: NextSession | None = Field(
        default=None, description="the soonest upcoming session; null when none is known"
    )
    price: PriceSummary
    funding: list[FundingBadge] = Field(
        default_factory=list, description="funding schemes the offer qualifies for"
    )
    delivery_modes: list[DeliveryMode] = Field(default_factory=list)
    distance_km: float | None = Field(default=None, description="with postcode/municipality")
    highlights: dict[str, list[str]] = Field(
        default_factory=dict,
        description="field -> fragments; HTML-escaped text in which only <mark> tags appear",
    )
    cluster_id: str | None = Field(
        default=None, description="the course run: one result per run, however many list it"
    )
    sources: list[str] = Field(
        default_factory=list, description="every source that lists this course run"
    )
    listing_count: int = Field(default=1, description="how many listings the run has")
    available_via: list[AvailableListing] = Field(
        default_factory=list,
        description="every listing of the run, each with its own page and price (this one first)",
    )
    free_for_me: bool | None = Field(
        default=None,
        description="with a profile (status …), free_for_me or sort=my_cost: free for this "
        "searcher through one of the listings",
    )


class FacetValue(_Out):
    value: str
    label: str = Field(description="the value's display name in the requested language")
    count: int
    parent: str | None = Field(
        default=None, description="fields of education: the broad field this one belongs to"
    )


class Alternative(_Out):
    kind: Literal["nearby", "province", "online", "concept"] = Field(
        description="nearby: the municipalities around the place; province: the place's "
        "province; online: the same search online; concept: a broader or related concept"
    )
    label: str = Field(description="what to show, in the request's language")
    count: int = Field(description="offers this search finds")
    params: dict[str, str | float | list[str] | None] = Field(
        description="search parameters to change (null: leave the parameter out)"
    )


class SearchResponse(_Out):
    total: int = Field(description="matching offers (results are capped at the 1,000th)")
    page: int
    page_size: int
    pages: int = Field(description="pages reachable, at most 1,000 results deep")
    results: list[SearchResult]
    facets: dict[str, list[FacetValue]] = Field(default_factory=dict)
    location_note: str | None = Field(
        default=None, description="set when a postcode + radius search was widened or dropped"
    )
    corrected_q: str | None = Field(
        default=None,
        description="the query as searched when a word found nothing and was corrected",
    )
    relaxed: bool = Field(
        default=False, description="no offer matched every word: these match some of them"
    )
    suggestions: list[str] = Field(
        default_factory=list, description="nothing found: titles and concepts to try instead"
    )
    alternatives: list[Alternative] = Field(
        default_factory=list,
        description="nothing found: searches that do find offers (nearby places, online, "
        "broader concepts), best first",
    )


class Suggestion(_Out):
    text: str
    kind: str = Field(description="title | concept | provider")


class SuggestResponse(_Out):
    q: str
    suggestions: list[Suggestion]


class Concept(_Out):
    id: str = Field(description="concept id (ESCO URI or Flemish-layer id)")
    label: str = Field(description="preferred label in the requested language")
    kind: str | None = Field(default=None, description="skill | occupation | field …")
    scheme: str | None = Field(default=None, description="esco | isced-f | vl (Flemish layer)")
    uri: str | None = None


class ConceptsResponse(_Out):
    q: str
    concepts: list[Concept]


class SourceInfo(_Out):
    source: str
    status: Literal["ok", "degraded", "failing", "never_crawled"] = Field(
        description="ok: the latest crawl was good; degraded: good, but a field its items"
        " usually carry dropped sharply (degraded_fields); failing: it failed; never_crawled"
    )
    active: int
    stale: int
    expired: int = Field(default=0, description="active or stale offers, all sessions past")
    retired: int
    quarantined: int = Field(
        default=0, description="stored offers that no longer validate, left out everywhere"
    )
    degraded_fields: list[str] = []
    last_good_run: datetime | None = None
    last_run: datetime | None = None
    last_outcome: str | None = None


class SourcesResponse(_Out):
    sources: list[SourceInfo]


class ComponentHealth(_Out):
    ok: bool
    detail: str | None = None


class IndexHealth(ComponentHealth):
    backend: str | None = None
    documents: int | None = None


class HealthResponse(_Out):
    status: Literal["ok", "degraded"]
    store: ComponentHealth
    index: IndexHealth


class LabelledCompetence(_Out):
    concept_id: str
    label: str = Field(description="the concept's label in the requested language")
    score: float
    method: CompetenceMethod


class FundingDetail(FundingOption):
    label: str = Field(description="the scheme's name in the requested language")


class ProvenanceEntry(_Out):
    source: str
    source_id: str
    offer_id: str
    url: str = Field(description="the listing's page at that source")
    provider: str | None = None
    last_seen: datetime | None = None
    linked_by: str | None = Field(
        default=None,
        description="why this listing is the same course run, as evidence codes separated by"
        " '|' (e.g. 'odb:ODB-0071234', 'score 0.91|start:2027-01-12|street:spoorwegstraat 14"
        "|concept:vl:lassen-tig|provider:syntra west', 'confirmed|…')",
    )
    linked_because: str | None = Field(
        default=None,
        description="the same in words, in the response's language (e.g. 'zelfde start 12/01"
        " en adres (Spoorwegstraat 14); titel: zelfde vaardigheden TIG-lassen')",
    )


class AppliedScheme(_Out):
    scheme: str
    label: str = Field(description="the scheme's name in the requested language")
    fund: str | None = None
    title: str
    subsidy_eur: float | None = Field(default=None, description="what the scheme pays")
    premium_eur: float | None = Field(default=None, description="paid to the employer on top")
    paid_leave_hours: float | None = None
    explanation: str = Field(description="one line in the requested language")
    source_url: str = Field(description="the official page of the rule")
    indicative: bool = Field(description="true when the amount depends on facts not known")


class PossibleScheme(_Out):
    rule_id: str
    title: str
    missing: list[str] = Field(description="profile fields that would decide it")


class NextStepOut(_Out):
    rule_id: str
    scheme: str
    label: str = Field(description="the scheme's name in the requested language")
    text: str = Field(description="what to do and when, in the requested language")
    url: str = Field(description="the rule's official page")
    before: date | None = Field(default=None, description="the start it refers to, when known")


class CostEstimate(_Out):
    status: str
    offer_kind: Literal["open", "company", "fund_course"] = Field(
        description="open offer, company training through the employer, or a fund's own course"
    )
    access: Literal["open", "not_open", "ask_provider"] = Field(
        description="open: the costs below apply; not_open: a fund's course only for its "
        "joint committees and statuses; ask_provider: its price for you is unknown"
    )
    billed: Literal["person", "employer"] | None = Field(
        default=None, description="who is billed for the course in this situation"
    )
    fund: str | None = Field(default=None, description="the fund whose own course this is")
    price_eur: float | None = Field(default=None, description="the list price it starts from")
    price_basis: str
    cost_to_person: float | None = Field(
        default=None, description="the person's part: person + employer + schemes = price"
    )
    cost_to_employer: float | None = Field(default=None, description="the employer's part")
    schemes_total: float = Field(description="what the schemes pay of the price together")
    free: bool = Field(description="open to the asker and nothing left to pay for the course")
    net_cost_to_employer: float | None = Field(
        default=None, description="the employer's cost minus premiums it receives"
    )
    my_cost: float | None = Field(
        default=None, description="what it costs the asker (the employer's net cost for one)"
    )
    paid_leave_hours: float | None = None
    schemes: list[AppliedScheme]
    maybe: list[PossibleScheme] = Field(
        default_factory=list, description="schemes that might apply if the profile said more"
    )
    declared: list[FundingBadge] = Field(
        default_factory=list,
        description="funding the source states for this profile that no rule backs: shown, "
        "not counted in the costs",
    )
    next_steps: list[NextStepOut] = Field(
        default_factory=list, description="what to do, and when, for each scheme that applies"
    )


class SessionOut(Session):
    state: SessionState = Field(
        description="today: past | running | cancelled | registration_closed | full | open | "
        "planned (a past run is past, never full or open)"
    )


class OfferDetail(_Out):
    id: str
    source: str
    source_id: str
    url: str
    title: str
    description: str
    provider: Provider
    offer_type: OfferType | None = None
    languages: list[str]
    level: Level | None = None
    certificate: str | None = None
    target_groups: list[str]
    prerequisites: str | None = None
    identifiers: list[Identifier]
    fields_of_education: list[str]
    prices: list[Price]
    duration: Duration | None = None
    registration_url: str | None = None
    sessions: list[SessionOut]
    next_start: date | None = Field(
        default=None, description="the first session starting today or later (null: none planned)"
    )
    funding: list[FundingDetail]
    competences: list[LabelledCompetence]
    status: OfferStatus = Field(description="active | stale (missed by recent crawls) | retired")
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    provenance: list[ProvenanceEntry] = Field(
        description="every source that lists this offer (the offer's own source first)"
    )
    cost: CostEstimate | None = Field(
        default=None, description="what it costs the asker; given when `status` is passed"
    )


class ApiError(_Out):
    error: str = Field(description="machine-readable code, e.g. invalid_parameters")
    message: str
    fields: dict[str, list[str]] | None = Field(
        default=None, description="per-parameter messages for invalid_parameters"
    )


class SmeCourse(_Out):
    offer_id: str
    title: str
    provider: str
    url: str
    next_start: date | None = None
    price_eur: float | None = Field(default=None, description="the course's price, if known")
    price_basis: str = Field(description="how the price was computed (Dutch)")
    employer_cost: float | None = Field(
        default=None, description="what the employer pays after subsidies and premiums"
    )
    schemes: list[str] = Field(description="funding schemes that apply (sector_fund …)")
    explanations: list[str] = Field(description="one line per applied rule (Dutch)")
    cluster_id: str | None = None
    also_via: list[str] = Field(
        default_factory=list, description="offer ids of the run's other listings"
    )


class SmeArea(_Out):
    area: str = Field(description='"isced:07", "concept:<id>" or "overig"')
    name: str
    total: int = Field(description="courses in the area, over every page")
    courses: list[SmeCourse] = Field(description="this page's courses (`per_area` at most)")


class SmeResponse(_Out):
    joint_committee: str
    company_size: str | None = None
    area: str | None = Field(default=None, description="the one area asked for, if any")
    page: int = 1
    per_area: int = Field(description="courses per area on a page")
    areas: list[SmeArea] = Field(
        description="competence areas by name; courses by the employer's cost (unknown last)"
    )
