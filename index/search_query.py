"""The one query model both engines answer with the same meaning.

Built from API parameters (``web``) or code; validated here so that an unknown filter value or
an inverted range is a validation error before any engine sees it. User text is only data:
engines must build their queries programmatically, never through query-string syntax.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, model_validator

from catalogue.model import MAX_HOURS, MAX_PRICE_EUR, DeliveryMode, FundingScheme, Schedule
from core.bounds import BoundedDate

MAX_QUERY_LENGTH = 200
MAX_PAGE_SIZE = 50
MAX_RESULT_DEPTH = 1000  # no result beyond the 1,000th
MAX_RADIUS_KM = 200


class SortOrder(StrEnum):
    RELEVANCE = "relevance"
    START_DATE = "start_date"
    PRICE = "price"
    DISTANCE = "distance"
    MY_COST = "my_cost"  # free for the searcher (``free_for_rules``) first, then by price


class FacetField(StrEnum):
    """Every filterable field has facet counts."""

    PROVIDER = "provider"
    SOURCE = "source"
    DELIVERY_MODE = "delivery_mode"
    SCHEDULE = "schedule"
    LANGUAGE = "language"
    FUNDING_SCHEME = "funding_scheme"
    JOINT_COMMITTEE = "joint_committee"
    LEVEL = "level"
    FIELD_OF_EDUCATION = "field_of_education"
    CONCEPT = "concept"
    PROVINCE = "province"


Term = Annotated[str, Field(min_length=1, max_length=200)]


class SearchQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    q: Annotated[str, Field(max_length=MAX_QUERY_LENGTH)] = ""
    providers: list[Term] = Field(default_factory=list, max_length=20)
    sources: list[Term] = Field(default_factory=list, max_length=20)
    delivery_modes: list[DeliveryMode] = Field(default_factory=list)
    schedules: list[Schedule] = Field(default_factory=list)
    languages: list[Annotated[str, Field(pattern=r"^[a-z]{2}$")]] = Field(default_factory=list)
    funding_schemes: list[FundingScheme] = Field(default_factory=list)
    joint_committees: list[Annotated[str, Field(pattern=r"^\d{3}(\.\d{2})?$")]] = Field(
        default_factory=list, max_length=20
    )
    levels: list[Annotated[int, Field(ge=1, le=8)]] = Field(default_factory=list)
    fields_of_education: list[Annotated[str, Field(pattern=r"^\d{2,4}$")]] = Field(
        default_factory=list, max_length=20
    )
    # competence or occupation concept ids; narrower concepts match too
    concepts: list[Term] = Field(default_factory=list, max_length=20)
    provinces: list[Term] = Field(default_factory=list, max_length=11)
    price_min: Decimal | None = Field(default=None, ge=0, le=MAX_PRICE_EUR)
    price_max: Decimal | None = Field(default=None, ge=0, le=MAX_PRICE_EUR)
    free: bool = False
    # funding rule ids that make an offer free for the searcher (``funding.free_rule_ids``,
    # see ``index.profile.query_for_profile``); ``free_for_me`` keeps offers free for everyone
    # or meeting one of these rules; ``sort=my_cost`` puts those first
    free_for_rules: list[Term] = Field(default_factory=list, max_length=100)
    free_for_me: bool = False
    duration_min_hours: float | None = Field(default=None, ge=0, le=MAX_HOURS)
    duration_max_hours: float | None = Field(default=None, ge=0, le=MAX_HOURS)
    start_from: BoundedDate | None = None
    start_to: BoundedDate | None = None
    upcoming_only: bool = False
    # location: a postcode or a municipality name, with a radius in km
    postcode: Annotated[str, Field(pattern=r"^[1-9]\d{3}$")] | None = None
    municipality: Annotated[str, Field(min_length=2, max_length=80)] | None = None
    radius_km: float | None = Field(default=None, gt=0, le=MAX_RADIUS_KM)
    sort: SortOrder = SortOrder.RELEVANCE
    page: int = Field(default=1, ge=1, le=MAX_RESULT_DEPTH)
    page_size: int = Field(default=20, ge=1, le=MAX_PAGE_SIZE)
    facets: list[FacetField] = Field(default_factory=lambda: list(FacetField))

    @model_validator(mode="after")
    def _check(self) -> SearchQuery:
        _check_range("price", self.price_min, self.price_max)
        _check_range("duration", self.duration_min_hours, self.duration_max_hours)
        _check_range("start", self.start_from, self.start_to)
        has_place = self.postcode is not None or self.municipality is not None
        if self.radius_km is not None and not has_place:
            raise ValueError("radius_km needs a postcode or a municipality")
        if self.sort == SortOrder.DISTANCE and not has_place:
            raise ValueError("sort=distance needs a postcode or a municipality")
        if self.page * self.page_size > MAX_RESULT_DEPTH:
            raise ValueError(f"no results beyond the {MAX_RESULT_DEPTH}th: page too deep")
        return self

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


class _Ordered(Protocol):
    def __gt__(self, other: Any, /) -> bool: ...


def _check_range(name: str, low: _Ordered | None, high: _Ordered | None) -> None:
    if low is not None and high is not None and low > high:
        raise ValueError(f"{name} range is inverted: {low} > {high}")


class FacetCount(BaseModel):
    value: str
    count: int


class SessionSummary(BaseModel):
    start_date: date | None = None
    end_date: date | None = None
    municipality: str | None = None
    postcode: str | None = None
    delivery_mode: DeliveryMode | None = None


class AvailableVia(BaseModel):
    """One listing of the course run: a source with its own page and price."""

    offer_id: str
    source: str
    url: str
    price: Decimal | None = None  # lowest known price in EUR at this source


class SearchHit(BaseModel):
    id: str
    title: str
    provider: str
    source: str
    url: str
    score: float = 0.0
    next_session: SessionSummary | None = None
    price_min: Decimal | None = None  # lowest known price in EUR; None when unknown
    free: bool = False
    funding_schemes: list[FundingScheme] = Field(default_factory=list)
    delivery_modes: list[DeliveryMode] = Field(default_factory=list)
    distance_km: float | None = None
    # field -> fragments; crawled text HTML-escaped, only <mark>…</mark> added by the engine
    highlights: dict[str, list[str]] = Field(default_factory=dict)
    # one hit per course run (duplicate cluster): the representative listing above, every
    # listing below (the representative first); an offer not clustered is a cluster of one
    cluster_id: str | None = None
    sources: list[str] = Field(default_factory=list)
    listing_count: int = 1
    available_via: list[AvailableVia] = Field(default_factory=list)
    # only with ``free_for_rules``: free for the searcher through some listing
    free_for_me: bool | None = None


class SearchResults(BaseModel):
    total: int
    hits: list[SearchHit]
    facets: dict[FacetField, list[FacetCount]] = Field(default_factory=dict)
    page: int = 1
    page_size: int = 20
    # set when a postcode + radius found nothing and the engine widened or dropped the radius
    location_note: str | None = None
    # the query as searched when a word of it found nothing and was corrected ('heftruck' for
    # 'heftrcuk'): the page says "Resultaten voor heftruck"
    corrected_q: str | None = None
    # no offer matched every word: these match some of them, the most words first
    relaxed: bool = False
