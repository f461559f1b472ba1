"""The schema of a funding rule (``funding/rules/*.yaml``), validated with pydantic.

A rule says *who* (profile conditions), *which offers* (offer conditions), *when*
(``valid_from``/``valid_to``), *what it pays* (the effect) and *where that is written*
(``source_url``). Conditions left empty do not restrict. The engine never special-cases a rule:
everything a rule means is in these fields.
"""

from __future__ import annotations

import string
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from catalogue.model import (
    CompanySize,
    FundingScheme,
    HttpUrlStr,
    IdentifierScheme,
    JointCommittee,
    PriceUnit,
    WorkerStatus,
)
from funding.profile import EducationLevel

# placeholders an explanation may use; the engine fills them in
PLACEHOLDERS = frozenset(
    {
        "percent",
        "subsidy",
        "cap",
        "premium",
        "wage_compensation",
        "hours",
        "joint_committee",
        "fund",
        "list_price",
        "start_date",
    }
)
RuleId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{1,79}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Payer(StrEnum):
    PERSON = "person"  # the learner pays (own initiative)
    EMPLOYER = "employer"  # the employer pays (sends the worker)


class ProfileConditions(_Strict):
    """Every non-empty list must contain the profile's value; a missing value fails it."""

    statuses: list[WorkerStatus] = Field(default_factory=list)
    joint_committees: list[JointCommittee] = Field(default_factory=list)
    company_sizes: list[CompanySize] = Field(default_factory=list)
    education_levels: list[EducationLevel] = Field(default_factory=list)
    private_sector: bool | None = None


class FundingMatch(_Strict):
    """The offer declares a funding option of this scheme (and fund or joint committee)."""

    scheme: FundingScheme
    funds: list[str] = Field(default_factory=list)  # case-insensitive
    joint_committees: list[JointCommittee] = Field(default_factory=list)


class OfferMatch(_Strict):
    """One way to recognise an offer: all given fields must hold."""

    sources: list[str] = Field(default_factory=list)  # the offer's source key
    providers: list[str] = Field(default_factory=list)  # provider name, case-insensitive
    identifiers: list[IdentifierScheme] = Field(default_factory=list)  # has one of these
    funding: FundingMatch | None = None

    @model_validator(mode="after")
    def _not_empty(self) -> Self:
        if not (self.sources or self.providers or self.identifiers or self.funding):
            raise ValueError("an offer match needs sources, providers, identifiers or funding")
        return self


class OfferConditions(_Strict):
    any_of: list[OfferMatch] = Field(default_factory=list)  # at least one (when given)
    identifiers: list[IdentifierScheme] = Field(default_factory=list)  # all required
    provider_kmo_number: bool | None = None  # the provider is registered (DV.O number)
    min_hours: float | None = Field(default=None, gt=0)


class NonMembers(StrEnum):
    """What a fund's own course is for someone the fund does not pay for, when the course
    states no price of its own for them (a stated € 0 is the members' price, not theirs)."""

    NOT_OPEN = "not_open"  # only the fund's joint committees and statuses may enrol
    ASK_PROVIDER = "ask_provider"  # others may enrol; the price is not published


class ListPrice(_Strict):
    """A fund's published price, used when the offer itself states none."""

    amount: Decimal = Field(ge=0)
    unit: PriceUnit


class Effect(_Strict):
    payers: list[Payer] = Field(min_length=1)  # whose cost the scheme lowers
    covers_percent: float = Field(default=0, ge=0, le=100)  # of the remaining price
    cap_eur: Decimal | None = Field(default=None, ge=0)  # most the scheme pays
    cap_period: str | None = Field(default=None, pattern=r"^(offer|year|school_year)$")
    premium_per_hour_eur: Decimal | None = Field(default=None, ge=0)  # lowers employer's cost
    # paid to the employer for the wage during leave: reported, not subtracted from the price
    wage_compensation_per_hour_eur: Decimal | None = Field(default=None, ge=0)
    paid_leave_hours_max: float | None = Field(default=None, gt=0)  # leave the worker gets
    time_credit: bool = False  # the worker may take (paid) time credit for it
    list_price: ListPrice | None = None
    # a fund's own courses (recognised by source or provider) for anyone else
    non_members: NonMembers = NonMembers.ASK_PROVIDER

    @model_validator(mode="after")
    def _does_something(self) -> Self:
        if not (
            self.covers_percent
            or self.premium_per_hour_eur
            or self.paid_leave_hours_max
            or self.time_credit
        ):
            raise ValueError(
                "an effect must cover a share, pay a premium, give paid leave or time credit"
            )
        if self.cap_eur is not None and self.cap_period is None:
            raise ValueError("cap_eur needs cap_period (offer, year or school_year)")
        return self


class Explanation(_Strict):
    nl: str = Field(min_length=5, max_length=300)
    fr: str | None = Field(default=None, max_length=300)
    en: str | None = Field(default=None, max_length=300)

    @field_validator("nl", "fr", "en")
    @classmethod
    def _known_placeholders(cls, value: str | None) -> str | None:
        if value is None:
            return value
        names = {name for _, name, _, _ in string.Formatter().parse(value) if name}
        unknown = names - PLACEHOLDERS
        if unknown:
            raise ValueError(
                f"unknown placeholder(s) {sorted(unknown)}; use {sorted(PLACEHOLDERS)}"
            )
        return value


class Rule(_Strict):
    id: RuleId
    version: int = Field(ge=1)
    scheme: FundingScheme
    fund: str | None = None
    title: str = Field(min_length=3, max_length=200)
    valid_from: date
    valid_to: date | None = None  # inclusive; open-ended when empty
    source_url: HttpUrlStr
    indicative: bool = False  # amounts are our best reading, to be checked at the source
    priority: int = 100  # lower applies first (sector funds before general incentives)
    profile: ProfileConditions = Field(default_factory=ProfileConditions)
    offer: OfferConditions = Field(default_factory=OfferConditions)
    effect: Effect
    explanation: Explanation
    # what to do, and when, to get it (shown on the offer page with ``next_step_url``)
    next_step: Explanation | None = None
    next_step_url: HttpUrlStr | None = None  # the official page for it (else ``source_url``)

    @model_validator(mode="after")
    def _dates(self) -> Self:
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError(f"valid_to {self.valid_to} is before valid_from {self.valid_from}")
        return self

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class RuleFile(_Strict):
    rules: list[Rule] = Field(min_length=1)
