"""What one offer becomes in an ELM document: plain records, every value already mapped to its
controlled vocabulary and checked, so that writing them cannot fail half-way through an offer
(``europass.mapping`` makes them, ``europass.writer`` writes them)."""

from __future__ import annotations

from dataclasses import dataclass, field

Texts = list[tuple[str, str]]  # (language, text): one value per language


@dataclass(slots=True)
class Note:
    text: str
    subject: str | None = None  # a topic URI (dc:subject)


@dataclass(slots=True)
class Identifier:
    notation: str
    scheme: str


@dataclass(slots=True)
class PriceDetail:
    value: str  # xs:decimal
    currency: str  # currency URI
    labels: Texts  # what the amount is (per day, members only …), nl/fr/en
    note: str | None = None


@dataclass(slots=True)
class Grant:
    titles: Texts  # nl/fr/en
    description: str | None = None
    url: str | None = None


@dataclass(slots=True)
class Place:
    id: str
    country: str  # country URI
    name: str | None = None  # municipality
    spatial: str | None = None  # NUTS URI
    full_address: str | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass(slots=True)
class Organisation:
    id: str
    name: str
    location: str  # a Place id
    identifiers: list[Identifier] = field(default_factory=list)
    homepage: str | None = None


@dataclass(slots=True)
class Outcome:
    id: str
    titles: Texts
    esco_uri: str | None = None  # relatedESCOSkill
    other_uri: str | None = None  # relatedSkill (a concept outside ESCO)
    labels: Texts = field(default_factory=list)  # the skill's own labels


@dataclass(slots=True)
class Specification:
    """The learningAchievementSpecification: what the offer teaches."""

    id: str
    title: str
    description: str | None
    isced: list[str]  # ISCED-F URIs (at least one)
    languages: list[str]  # language URIs (at least one)
    outcomes: list[str]  # Outcome ids (at least one)
    volume: str | None = None  # xs:duration of the learning hours
    level: str | None = None  # EQF URI (educationLevel)
    modes: list[str] = field(default_factory=list)
    text_language: str = "nl"  # language="…" of title and description
    entry_requirement: str | None = None
    notes: list[Note] = field(default_factory=list)


@dataclass(slots=True)
class Opportunity:
    """A learningOpportunity: the offer, or one of its sessions (``part_of`` the offer)."""

    id: str
    title: str
    homepage: str
    provider: str  # Organisation id
    specification: str  # Specification id
    language: str  # language URI of the texts (defaultLanguage)
    text_language: str = "nl"  # the same as a two-letter code (language="…" attributes)
    description: str | None = None
    identifiers: list[Identifier] = field(default_factory=list)
    type: str | None = None
    notes: list[Note] = field(default_factory=list)
    start: str | None = None  # xs:dateTime
    end: str | None = None
    duration: str | None = None  # xs:duration
    modes: list[str] = field(default_factory=list)
    grants: list[Grant] = field(default_factory=list)
    schedule: str | None = None  # learning-schedule URI
    schedule_information: str | None = None
    admission: str | None = None
    deadlines: list[str] = field(default_factory=list)  # xs:dateTime
    prices: list[PriceDetail] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)  # Place ids
    parts: list[str] = field(default_factory=list)
    part_of: str | None = None
    modified: str | None = None


@dataclass(slots=True)
class OfferRecord:
    """Everything one offer adds to the document, section by section."""

    opportunities: list[Opportunity]
    specification: Specification
    outcomes: list[Outcome]
    organisation: Organisation
    places: list[Place]
