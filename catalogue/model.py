"""The training offer: a course (``Offer``) with its sessions (``Session``).

Shaped after schema.org Course/CourseInstance and the French LHEO formation/action/session.
Validation turns nonsense into per-field errors (pydantic's ``ValidationError`` names the
field path). Text fields are plain text: validation normalises their whitespace
(``catalogue.text.clean_line`` / ``clean_paragraphs``) and never decodes entities or strips
tags, so validating an offer again gives the same offer. Crawlers turn HTML into text before
it gets here (``catalogue.text.html_to_text``, or the page parser's own text).
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from catalogue.ids import SOURCE_KEY, offer_id
from catalogue.text import clean_line, clean_paragraphs

# --------------------------------------------------------------------------- limits
MAX_PRICE_EUR = Decimal("50000")  # a year-long professional programme stays well below
MAX_HOURS = 5000  # about three years of full-time study
MAX_DAYS = 750
MAX_TEACHING_PERIODS = 6000
MAX_STUDY_POINTS = 240
MAX_URL_LENGTH = 2048
# conversions between duration units (a lestijd is 50 minutes; a working day 7.6 hours)
MINUTES_PER_TEACHING_PERIOD = 50
HOURS_PER_DAY = 7.6
HOURS_PER_STUDY_POINT = 25


# --------------------------------------------------------------------------- enums
class FundingScheme(StrEnum):
    SECTOR_FUND = "sector_fund"
    VDAB = "vdab"
    OPLEIDINGSCHEQUES = "opleidingscheques"
    VLAAMS_OPLEIDINGSVERLOF = "vlaams_opleidingsverlof"
    VLAAMS_OPLEIDINGSKREDIET = "vlaams_opleidingskrediet"
    KMO_PORTEFEUILLE = "kmo_portefeuille"
    OTHER = "other"


class WorkerStatus(StrEnum):
    EMPLOYEE = "employee"  # werknemer (arbeider or bediende)
    JOB_SEEKER = "job_seeker"  # werkzoekende
    SELF_EMPLOYED = "self_employed"  # zelfstandige
    EMPLOYER = "employer"  # werkgever, buying training for staff


class CompanySize(StrEnum):
    SMALL = "small"  # < 50 employees (KMO-portefeuille: klein)
    MEDIUM = "medium"  # 50-249
    LARGE = "large"  # >= 250


class PriceUnit(StrEnum):
    TOTAL = "total"
    PER_DAY = "per_day"
    PER_HOUR = "per_hour"
    PER_TEACHING_PERIOD = "per_teaching_period"


class Vat(StrEnum):
    INCLUDED = "included"
    EXCLUDED = "excluded"
    EXEMPT = "exempt"
    UNKNOWN = "unknown"


class PriceAudience(StrEnum):
    ALL = "all"
    MEMBER = "member"
    NON_MEMBER = "non_member"


class Schedule(StrEnum):
    DAYTIME = "daytime"
    EVENING = "evening"
    WEEKEND = "weekend"


class Intensity(StrEnum):
    FULL_TIME = "full_time"
    PART_TIME = "part_time"


class DeliveryMode(StrEnum):
    CLASSROOM = "classroom"
    ONLINE_LIVE = "online_live"
    ONLINE_SELF_PACED = "online_self_paced"
    BLENDED = "blended"
    WORKPLACE = "workplace"


class SessionStatus(StrEnum):
    OPEN = "open"
    FULL = "full"
    CANCELLED = "cancelled"


class SessionState(StrEnum):
    """What a session is on a given day, told honestly: a past run is past (never "full" or
    "open"), a run that has begun is running, only a run still to start can be full or open."""

    CANCELLED = "cancelled"
    PAST = "past"  # its last day is before today
    RUNNING = "running"  # began before today, not yet over: too late to start
    REGISTRATION_CLOSED = "registration_closed"  # upcoming, but the deadline has passed
    FULL = "full"
    OPEN = "open"
    PLANNED = "planned"  # upcoming; the source says nothing about places


class OfferType(StrEnum):
    OPEN = "open"  # anyone can register
    IN_COMPANY = "in_company"  # organised for one company's staff
    INTER_COMPANY = "inter_company"  # between companies of a sector


class LevelFramework(StrEnum):
    EQF = "eqf"
    VKS = "vks"  # Vlaamse kwalificatiestructuur, same 1-8 scale


class IdentifierScheme(StrEnum):
    VDAB = "vdab"  # opleidingscode: 750417, O-AMI-800865, C-AMI-172314
    ODB = "odb"  # opleidingsdatabank: ODB-0002141, ODB-P00004
    KMO_PORTEFEUILLE = "kmo_portefeuille"  # provider number: DV.O101767
    OTHER = "other"


class Province(StrEnum):
    ANTWERPEN = "Antwerpen"
    LIMBURG = "Limburg"
    OOST_VLAANDEREN = "Oost-Vlaanderen"
    VLAAMS_BRABANT = "Vlaams-Brabant"
    WEST_VLAANDEREN = "West-Vlaanderen"
    BRUSSEL = "Brussel"
    WAALS_BRABANT = "Waals-Brabant"
    HENEGOUWEN = "Henegouwen"
    LUIK = "Luik"
    LUXEMBURG = "Luxemburg"
    NAMEN = "Namen"


class CompetenceMethod(StrEnum):
    SOURCE = "source"  # the source itself named the concept (e.g. schema.org ``teaches``)
    LABEL = "label"  # a concept label matched the offer text
    OCCUPATION = "occupation"  # lifted from an occupation's essential skills
    CROSSWALK = "crosswalk"  # mapped from another scheme's code (Competent, ISCED-F)
    MANUAL = "manual"


# --------------------------------------------------------------------------- field types
def _http_url(value: str) -> str:
    value = value.strip()
    if len(value) > MAX_URL_LENGTH:
        raise ValueError(f"URL longer than {MAX_URL_LENGTH} characters")
    # urlsplit silently strips leading control characters ("\x00http://…" would pass)
    if any(ord(c) < 0x20 or ord(c) == 0x7F or c.isspace() for c in value):
        raise ValueError("URL contains control characters or white space")
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError("only http(s) URLs are allowed")
    if not parts.hostname:
        raise ValueError("URL has no host")
    return value


def _not_blank(value: str) -> str:
    if not value:
        raise ValueError("must not be empty")
    return value


HttpUrlStr = Annotated[str, AfterValidator(_http_url)]
Line = Annotated[str, AfterValidator(clean_line)]
RequiredLine = Annotated[str, AfterValidator(clean_line), AfterValidator(_not_blank)]
Paragraphs = Annotated[str, AfterValidator(clean_paragraphs)]
Postcode = Annotated[str, BeforeValidator(lambda v: str(v).strip() if v is not None else v)]
JointCommittee = Annotated[
    str, BeforeValidator(lambda v: str(v).strip()), Field(pattern=r"^\d{3}(\.\d{2})?$")
]
LanguageCode = Annotated[
    str, BeforeValidator(lambda v: str(v).strip().lower()), Field(pattern=r"^[a-z]{2}$")
]
IscedCode = Annotated[str, Field(pattern=r"^\d{2,4}$")]

# opleidingsdatabank numbers: 'ODB-' + 7 digits (ODB-0002141) or + a capital letter and 5 or
# 6 digits (ODB-P00004); where each form was seen: crawlers/spiders/odb.py
ODB_NUMBER = r"ODB-(?:\d{7}|[A-Z]\d{5,6})"

_IDENTIFIER_PATTERNS = {
    IdentifierScheme.VDAB: re.compile(r"^(\d{3,8}|[A-Z]-[A-Z]{2,5}-\d{3,8})$"),
    IdentifierScheme.ODB: re.compile(rf"^{ODB_NUMBER}$"),
    IdentifierScheme.KMO_PORTEFEUILLE: re.compile(r"^DV\.[A-Z]\d{6}$"),
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_assignment=False)


# --------------------------------------------------------------------------- parts
class Identifier(_Model):
    scheme: IdentifierScheme
    value: RequiredLine

    @field_validator("value")
    @classmethod
    def _check_format(cls, value: str, info: ValidationInfo) -> str:
        scheme = info.data.get("scheme")
        pattern = _IDENTIFIER_PATTERNS.get(scheme) if scheme else None
        if scheme and pattern and not pattern.match(value):
            raise ValueError(f"{value!r} is not a valid {scheme.value} identifier")
        return value


class Provider(_Model):
    name: RequiredLine = Field(max_length=300)
    id: Line | None = None  # the source's or an official id (e.g. KBO number)
    website: HttpUrlStr | None = None
    kmo_portefeuille_number: Annotated[str, Field(pattern=r"^DV\.[A-Z]\d{6}$")] | None = None


class Level(_Model):
    framework: LevelFramework = LevelFramework.EQF
    value: int = Field(ge=1, le=8)


class Competence(_Model):
    concept_id: RequiredLine
    score: float = Field(ge=0.0, le=1.0)
    method: CompetenceMethod
    evidence: Line | None = None  # which label matched where


class FundingOption(_Model):
    scheme: FundingScheme
    fund: Line | None = None  # e.g. "Cevora", "Educam", "Constructiv"
    joint_committees: list[JointCommittee] = Field(default_factory=list)
    worker_statuses: list[WorkerStatus] = Field(default_factory=list)
    company_sizes: list[CompanySize] = Field(default_factory=list)
    amount: Decimal | None = Field(default=None, ge=0, le=MAX_PRICE_EUR)
    # what ``amount`` is counted per: a fund's "€ 12 per opleidingsuur" is per hour
    amount_unit: PriceUnit = PriceUnit.TOTAL
    percentage: float | None = Field(default=None, ge=0, le=100)
    conditions: Paragraphs | None = None
    url: HttpUrlStr | None = None


class Price(_Model):
    amount: Decimal = Field(ge=0, le=MAX_PRICE_EUR, decimal_places=2)
    currency: Annotated[str, Field(pattern=r"^EUR$")] = "EUR"
    unit: PriceUnit = PriceUnit.TOTAL
    vat: Vat = Vat.UNKNOWN
    audience: PriceAudience = PriceAudience.ALL
    note: Line | None = None


class Duration(_Model):
    hours: float | None = Field(default=None, gt=0, le=MAX_HOURS)
    days: float | None = Field(default=None, gt=0, le=MAX_DAYS)
    teaching_periods: int | None = Field(default=None, gt=0, le=MAX_TEACHING_PERIODS)
    study_points: float | None = Field(default=None, gt=0, le=MAX_STUDY_POINTS)
    weeks: float | None = Field(default=None, gt=0, le=260)

    def approx_hours(self) -> float | None:
        """Contact hours, or the best estimate from the other units (50-minute lestijden,
        7.6-hour days, 25-30 hours of study per study point counted as 25 contact hours)."""
        if self.hours:
            return self.hours
        if self.teaching_periods:
            return round(self.teaching_periods * MINUTES_PER_TEACHING_PERIOD / 60, 1)
        if self.days:
            return round(self.days * HOURS_PER_DAY, 1)
        if self.study_points:
            return self.study_points * HOURS_PER_STUDY_POINT
        return None


class Location(_Model):
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] = "BE"
    address: Line | None = None
    postcode: Postcode | None = None
    municipality: Line | None = None
    province: Province | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180, validate_default=True)

    @field_validator("postcode")
    @classmethod
    def _check_postcode(cls, value: str | None, info: ValidationInfo) -> str | None:
        belgian = info.data.get("country") == "BE"
        if value is not None and belgian and not (value.isdigit() and 1000 <= int(value) <= 9999):
            raise ValueError(f"Belgian postcode must be 1000-9999, got {value!r}")
        return value

    @field_validator("longitude")
    @classmethod
    def _check_pair(cls, value: float | None, info: ValidationInfo) -> float | None:
        if (info.data.get("latitude") is None) != (value is None):
            raise ValueError("latitude and longitude come together")
        return value


class Session(_Model):
    id: Line | None = None  # the source's id of this run, when it has one
    start_date: date | None = None
    end_date: date | None = None
    schedule: list[Schedule] = Field(default_factory=list)
    intensity: Intensity | None = None
    delivery_mode: DeliveryMode = DeliveryMode.CLASSROOM
    location: Location | None = None
    places_left: int | None = Field(default=None, ge=0, le=10000)
    status: SessionStatus | None = None
    registration_deadline: date | None = None
    registration_url: HttpUrlStr | None = None
    prices: list[Price] = Field(default_factory=list)  # empty: the offer's prices apply

    @field_validator("end_date")
    @classmethod
    def _check_dates(cls, value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("start_date")
        if start and value and value < start:
            raise ValueError(
                f"end date {value.isoformat()} is before start date {start.isoformat()}"
            )
        return value

    def is_past(self, today: date) -> bool:
        """Its last day (end, else start) is before ``today``; an undated run is never past."""
        last_day = self.end_date or self.start_date
        return last_day is not None and last_day < today

    def is_upcoming(self, today: date) -> bool:
        """Not cancelled and starting ``today`` or later. An undated self-paced run starts
        whenever the learner likes, so it is upcoming; any other undated run is not."""
        if self.status == SessionStatus.CANCELLED:
            return False
        if self.start_date is None:
            return self.delivery_mode == DeliveryMode.ONLINE_SELF_PACED
        return self.start_date >= today

    def can_book(self, today: date) -> bool:
        """Still to start (or self-paced) and open to registration: neither full, cancelled
        nor past its registration deadline."""
        return self.is_upcoming(today) and self.state_on(today) in (
            SessionState.OPEN,
            SessionState.PLANNED,
        )

    def state_on(self, today: date) -> SessionState:
        if self.status == SessionStatus.CANCELLED:
            return SessionState.CANCELLED
        if self.is_past(today):
            return SessionState.PAST
        if self.start_date is not None and self.start_date < today:
            return SessionState.RUNNING
        if self.registration_deadline is not None and self.registration_deadline < today:
            return SessionState.REGISTRATION_CLOSED
        if self.status == SessionStatus.FULL or self.places_left == 0:
            return SessionState.FULL
        if self.status == SessionStatus.OPEN:
            return SessionState.OPEN
        return SessionState.PLANNED


# Fields that are bookkeeping, not content: they do not change the content hash.
_BOOKKEEPING = {"id", "first_seen", "last_seen", "content_hash", "competences"}


class Offer(_Model):
    """One course as one source publishes it, with its sessions."""

    source: Annotated[str, Field(pattern=SOURCE_KEY.pattern)]
    source_id: RequiredLine = Field(max_length=200)
    id: str = ""  # derived from (source, source_id); a given id must match
    url: HttpUrlStr
    identifiers: list[Identifier] = Field(default_factory=list)
    title: RequiredLine = Field(max_length=300)
    description: Paragraphs = Field(default="", max_length=20000)
    provider: Provider
    offer_type: OfferType | None = None
    languages: list[LanguageCode] = Field(default_factory=list)
    level: Level | None = None
    certificate: Line | None = None
    target_groups: list[Line] = Field(default_factory=list)
    prerequisites: Paragraphs | None = None
    competences: list[Competence] = Field(default_factory=list)
    fields_of_education: list[IscedCode] = Field(default_factory=list)
    funding: list[FundingOption] = Field(default_factory=list)
    prices: list[Price] = Field(default_factory=list)
    duration: Duration | None = None
    registration_url: HttpUrlStr | None = None
    sessions: list[Session] = Field(default_factory=list)
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    content_hash: str | None = None

    @field_validator("id")
    @classmethod
    def _check_id(cls, value: str, info: ValidationInfo) -> str:
        source, source_id = info.data.get("source"), info.data.get("source_id")
        if value and source and source_id and value != offer_id(source, source_id):
            raise ValueError(f"id {value!r} does not match source and source_id")
        return value

    @model_validator(mode="after")
    def _derive(self) -> Offer:
        self.id = offer_id(self.source, self.source_id)
        self.content_hash = self.compute_content_hash()
        return self

    def compute_content_hash(self) -> str:
        payload = self.model_dump_json(exclude=_BOOKKEEPING)
        return hashlib.sha256(payload.encode()).hexdigest()

    # ---- derived views used by the index, the API and the reports
    def is_free(self) -> bool:
        """Free for everyone: it has prices and all are zero (no price is unknown, not free)."""
        prices = self.prices or [p for s in self.sessions for p in s.prices]
        return bool(prices) and all(p.amount == 0 for p in prices)

    def upcoming_sessions(self, today: date) -> list[Session]:
        """Sessions starting ``today`` or later (not cancelled), soonest first; undated
        self-paced runs last."""
        upcoming = [s for s in self.sessions if s.is_upcoming(today)]
        return sorted(upcoming, key=lambda s: s.start_date or date.max)

    def next_session(self, today: date) -> Session | None:
        """The first session starting ``today`` or later (None: no planned date, ask the
        provider). A run that began before ``today`` is not a next start."""
        upcoming = self.upcoming_sessions(today)
        return upcoming[0] if upcoming else None

    def delivery_modes(self) -> list[DeliveryMode]:
        return sorted({s.delivery_mode for s in self.sessions})

    def identifier(self, scheme: IdentifierScheme) -> str | None:
        return next((i.value for i in self.identifiers if i.scheme == scheme), None)


def error_fields(exc: Exception) -> list[str]:
    """Dotted field paths named by a pydantic ``ValidationError`` (for reject reasons)."""
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return []
    return [".".join(str(p) for p in e["loc"]) or "__root__" for e in errors()]
