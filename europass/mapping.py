"""One catalogue ``Offer`` → the records it becomes in an ELM v3 LOQ document (docs/elm.md).

``OfferMapper.map`` is pure: it reads the offer (and the taxonomy for skill labels) and either
returns an ``OfferRecord`` whose every value is valid where it goes, or raises
``Inexpressible`` with the reason the offer cannot be published.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from catalogue.model import (
    Duration,
    FundingOption,
    FundingScheme,
    IdentifierScheme,
    Location,
    Offer,
    Price,
    PriceAudience,
    PriceUnit,
    Schedule,
    Session,
    SessionStatus,
    Vat,
)
from europass import records as r
from europass import vocabularies as cv

URN = "urn:leeraanbod:"
TEXT_LANGUAGE = "nl"  # the sources' own language; see ``text_language``
SKILL_TYPES = ("skill", "knowledge")
# characters XML 1.0 cannot carry (the catalogue's text cleaning drops most of them)
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
URI_SAFE = ":/?#@!$&'()*+,;=%~"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

IDENTIFIER_SCHEMES = {
    IdentifierScheme.VDAB: "VDAB opleidingscode",
    IdentifierScheme.ODB: "Opleidingsdatabank",
    IdentifierScheme.KMO_PORTEFEUILLE: "KMO-portefeuille erkenningsnummer",
    IdentifierScheme.OTHER: "andere",
}
# labels the export adds, in Dutch, French and English (one value per language is allowed)
LABEL_LANGUAGES = ("nl", "fr", "en")
FUNDING = {
    FundingScheme.SECTOR_FUND: ("Sectorfonds", "Fonds sectoriel", "Sector fund"),
    FundingScheme.VDAB: ("VDAB", "VDAB", "VDAB"),
    FundingScheme.OPLEIDINGSCHEQUES: (
        "Opleidingscheques",
        "Chèques-formation",
        "Training vouchers",
    ),
    FundingScheme.VLAAMS_OPLEIDINGSVERLOF: (
        "Vlaams opleidingsverlof",
        "Congé-éducation flamand",
        "Flemish training leave",
    ),
    FundingScheme.VLAAMS_OPLEIDINGSKREDIET: (
        "Vlaams opleidingskrediet",
        "Crédit-formation flamand",
        "Flemish training credit",
    ),
    FundingScheme.KMO_PORTEFEUILLE: ("KMO-portefeuille", "Portefeuille PME", "SME wallet"),
    FundingScheme.OTHER: ("Tegemoetkoming", "Intervention", "Grant"),
}
PRICE_UNITS = {
    PriceUnit.TOTAL: ("Prijs", "Prix", "Price"),
    PriceUnit.PER_DAY: ("Prijs per dag", "Prix par jour", "Price per day"),
    PriceUnit.PER_HOUR: ("Prijs per uur", "Prix par heure", "Price per hour"),
    PriceUnit.PER_TEACHING_PERIOD: (
        "Prijs per lestijd",
        "Prix par période de cours",
        "Price per teaching period",
    ),
}
AMOUNT_UNITS = {
    PriceUnit.TOTAL: "",
    PriceUnit.PER_DAY: " per dag",
    PriceUnit.PER_HOUR: " per uur",
    PriceUnit.PER_TEACHING_PERIOD: " per lestijd",
}
AUDIENCES = {
    PriceAudience.MEMBER: ("leden", "membres", "members"),
    PriceAudience.NON_MEMBER: ("niet-leden", "non-membres", "non-members"),
}
VAT = {Vat.INCLUDED: "btw inbegrepen", Vat.EXCLUDED: "exclusief btw", Vat.EXEMPT: "btw-vrij"}
SCHEDULE_WORDS = {
    Schedule.DAYTIME: "overdag",
    Schedule.EVENING: "'s avonds",
    Schedule.WEEKEND: "in het weekend",
}


class Inexpressible(ValueError):
    """The offer cannot be written as valid ELM; ``str(exc)`` says why (for the report)."""


def urn(kind: str, key: str) -> str:
    return f"{URN}{kind}:{key}"


def digest(*parts: Any) -> str:
    return hashlib.sha1(repr(parts).encode(), usedforsecurity=False).hexdigest()[:16]


def checked(text: str | None, where: str) -> str | None:
    """``text`` unchanged, or ``Inexpressible`` when it holds a character XML cannot carry."""
    if text is not None and _NOT_XML.search(text):
        raise Inexpressible(f"{where}: holds a character XML 1.0 cannot carry")
    return text


def as_uri(url: str) -> str:
    """A URL as an xs:anyURI libxml2 accepts: characters a URI may not hold (spaces, brackets
    outside the host, non-ASCII) percent-encoded as UTF-8, a stray ``%`` too; existing
    escapes kept."""
    parts = urlsplit(_STRAY_PERCENT.sub("%25", url))
    host = parts.netloc
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            host = quote(host, safe=URI_SAFE)
    path, query, fragment = (quote(x, safe=URI_SAFE) for x in parts[2:])
    return urlunsplit((parts.scheme, host, path, query, fragment))


def date_time(day: date | datetime) -> str:
    if isinstance(day, datetime):
        return day.replace(microsecond=0, tzinfo=None).isoformat()
    return f"{day.isoformat()}T00:00:00"


def hours_duration(hours: float) -> str:
    """Hours as xs:duration (only seconds may carry a fraction there): 7.6 → PT7H36M."""
    minutes = max(1, round(hours * 60))
    h, m = divmod(minutes, 60)
    return "PT" + (f"{h}H" if h else "") + (f"{m}M" if m else "")


def text_language(offer: Offer) -> str:
    """The language the offer's texts are written in: the one language it is taught in, else
    Dutch (every source publishes in Dutch first; a French-taught course has French pages)."""
    return offer.languages[0] if len(offer.languages) == 1 else TEXT_LANGUAGE


class OfferMapper:
    """Maps offers; ``taxonomy`` (a ``taxonomy.Taxonomy`` or None) names the ESCO skills."""

    def __init__(self, taxonomy: Any = None) -> None:
        self.taxonomy = taxonomy

    def map(self, offer: Offer) -> r.OfferRecord:
        lang = text_language(offer)
        lang_uri = cv.language_uri(lang) or cv.UNDETERMINED_LANGUAGE
        title = checked(offer.title, "title")
        if not title:
            raise Inexpressible("title: an offer needs a title")
        organisation, org_place = self._organisation(offer)
        outcomes = self._outcomes(offer, lang)
        specification = self._specification(offer, outcomes, lang)
        places: dict[str, r.Place] = {org_place.id: org_place}
        sessions = [s for s in offer.sessions if s.status != SessionStatus.CANCELLED]
        parent = r.Opportunity(
            id=urn("offer", offer.id or digest(offer.source, offer.source_id)),
            title=title,
            homepage=as_uri(checked(offer.url, "url") or ""),
            provider=organisation.id,
            specification=specification.id,
            language=lang_uri,
            text_language=lang,
            description=checked(offer.description, "description") or None,
            identifiers=[
                r.Identifier(checked(i.value, "identifiers") or "", IDENTIFIER_SCHEMES[i.scheme])
                for i in offer.identifiers
                if i.scheme != IdentifierScheme.KMO_PORTEFEUILLE  # the provider's, not the course's
            ],
            type=cv.COURSE,
            notes=self._notes(offer),
            duration=f"P{round(offer.duration.weeks * 7)}D"
            if offer.duration and offer.duration.weeks
            else None,
            grants=[self._grant(f) for f in offer.funding],
            admission=self._admission(offer.registration_url),
            prices=[self._price(p) for p in offer.prices],
            modified=date_time(offer.last_seen) if offer.last_seen else None,
        )
        parts = []
        for n, session in enumerate(sessions, 1):
            part = self._session(offer, session, n, parent)
            if session.location is not None:
                place = self._place(session.location)
                places.setdefault(place.id, place)
                part.locations = [place.id]
            parts.append(part)
        self._summarise(parent, parts, sessions)
        return r.OfferRecord(
            opportunities=[parent, *parts],
            specification=specification,
            outcomes=outcomes,
            organisation=organisation,
            places=list(places.values()),
        )

    # ------------------------------------------------------------------ the offer's parts
    def _organisation(self, offer: Offer) -> tuple[r.Organisation, r.Place]:
        provider = offer.provider
        name = checked(provider.name, "provider.name") or ""
        key = provider.id or provider.name.casefold()
        identifiers = []
        if provider.kmo_portefeuille_number:
            identifiers.append(
                r.Identifier(
                    provider.kmo_portefeuille_number,
                    IDENTIFIER_SCHEMES[IdentifierScheme.KMO_PORTEFEUILLE],
                )
            )
        # where the provider sits is not in the catalogue: the country of the sources
        place = r.Place(id=urn("location", "country-BEL"), country=cv.country_uri("BE") or "")
        org = r.Organisation(
            id=urn("organisation", digest(key)),
            name=name,
            location=place.id,
            identifiers=identifiers,
            homepage=as_uri(provider.website) if provider.website else None,
        )
        return org, place

    def _outcomes(self, offer: Offer, lang: str) -> list[r.Outcome]:
        outcomes: dict[str, r.Outcome] = {}
        for competence in sorted(offer.competences, key=lambda c: -c.score):
            concept = self.taxonomy.get(competence.concept_id) if self.taxonomy else None
            if concept is None or concept.type not in SKILL_TYPES:
                continue
            titles = [
                (code, checked(concept.preferred[code], "skill label") or "")
                for code in ("nl", "fr", "en")
                if concept.preferred.get(code)
            ]
            if not titles:
                continue
            esco = concept.uri if concept.scheme == "esco" else concept.esco_uri
            outcome = r.Outcome(
                id=urn("outcome", digest(concept.id)),
                titles=titles,
                esco_uri=as_uri(esco) if esco else None,
                other_uri=None if esco else as_uri(urn("concept", concept.id)),
                labels=titles,
            )
            outcomes.setdefault(outcome.id, outcome)
        if outcomes:
            return list(outcomes.values())
        # no known skill: the course itself, as its source names it, is the outcome
        own = urn("outcome", "offer-" + (offer.id or ""))
        return [r.Outcome(id=own, titles=[(lang, offer.title)])]

    def _specification(self, offer: Offer, outcomes: list[r.Outcome], lang: str) -> r.Specification:
        isced = list(dict.fromkeys(u for u in map(cv.isced_uri, offer.fields_of_education) if u))
        languages = list(dict.fromkeys(u for u in map(cv.language_uri, offer.languages) if u))
        level = cv.eqf_uri(offer.level.value) if offer.level else None
        notes = []
        if offer.certificate:
            notes.append(
                r.Note(
                    checked(f"Getuigschrift: {offer.certificate}", "certificate") or "",
                    cv.QUALIFICATION_TOPIC + "regulations-and-certificates",
                )
            )
        return r.Specification(
            id=urn("specification", offer.id or ""),
            title=offer.title,
            description=offer.description or None,
            isced=isced or [cv.FIELD_UNKNOWN],
            languages=languages or [cv.UNDETERMINED_LANGUAGE],
            outcomes=[o.id for o in outcomes],
            volume=_volume(offer.duration),
            level=level,
            modes=list(dict.fromkeys(cv.MODES[s.delivery_mode] for s in offer.sessions)),
            text_language=lang,
            entry_requirement=checked(offer.prerequisites, "prerequisites"),
            notes=notes,
        )

    def _notes(self, offer: Offer) -> list[r.Note]:
        notes = []
        if offer.target_groups:
            text = "Doelgroep: " + "; ".join(offer.target_groups)
            notes.append(r.Note(checked(text, "target_groups") or ""))
        return notes

    def _session(
        self, offer: Offer, session: Session, n: int, parent: r.Opportunity
    ) -> r.Opportunity:
        schedule = [SCHEDULE_WORDS[s] for s in session.schedule]
        if session.intensity:
            schedule.append("voltijds" if session.intensity.value == "full_time" else "deeltijds")
        if session.status == SessionStatus.FULL:
            schedule.append("volzet")
        elif session.places_left is not None:
            schedule.append(f"nog {session.places_left} plaatsen vrij")
        return r.Opportunity(
            id=f"{parent.id}:session:{n}",
            title=parent.title,
            homepage=parent.homepage,
            provider=parent.provider,
            specification=parent.specification,
            language=parent.language,
            text_language=parent.text_language,
            type=cv.COURSE,
            start=date_time(session.start_date) if session.start_date else None,
            end=date_time(session.end_date) if session.end_date else None,
            modes=[cv.MODES[session.delivery_mode]],
            schedule=cv.SCHEDULES.get(session.intensity) if session.intensity else None,
            schedule_information=checked(", ".join(schedule), "sessions.schedule") or None,
            admission=self._admission(session.registration_url or offer.registration_url),
            deadlines=[date_time(session.registration_deadline)]
            if session.registration_deadline
            else [],
            prices=[self._price(p) for p in session.prices],
            part_of=parent.id,
        )

    @staticmethod
    def _summarise(
        parent: r.Opportunity, parts: list[r.Opportunity], sessions: list[Session]
    ) -> None:
        """The offer spans its sessions: first start to last end, every mode and place."""
        starts = [s.start_date for s in sessions if s.start_date]
        ends = [s.end_date or s.start_date for s in sessions if s.end_date or s.start_date]
        parent.start = date_time(min(starts)) if starts else None
        parent.end = date_time(max(d for d in ends if d)) if ends else None
        parent.modes = list(dict.fromkeys(m for p in parts for m in p.modes))
        parent.locations = list(dict.fromkeys(loc for p in parts for loc in p.locations))
        schedules = {p.schedule for p in parts}
        parent.schedule = schedules.pop() if len(schedules) == 1 else None
        parent.deadlines = sorted({d for p in parts for d in p.deadlines})
        parent.parts = [p.id for p in parts]

    def _place(self, location: Location) -> r.Place:
        country = cv.country_uri(location.country)
        if country is None:
            raise Inexpressible(
                f"sessions.location: country {location.country!r} is not on the EU list"
            )
        town = " ".join(x for x in (location.postcode, location.municipality) if x)
        full = ", ".join(x for x in (location.address, town) if x) or None
        return r.Place(
            id=urn("location", digest(location.model_dump_json())),
            country=country,
            name=checked(location.municipality, "sessions.location"),
            spatial=cv.nuts_uri(location.province, location.country),
            full_address=checked(full, "sessions.location"),
            latitude=location.latitude,
            longitude=location.longitude,
        )

    @staticmethod
    def _price(price: Price) -> r.PriceDetail:
        labels = list(PRICE_UNITS[price.unit])
        if price.audience in AUDIENCES:
            labels = [f"{u} ({a})" for u, a in zip(labels, AUDIENCES[price.audience], strict=True)]
        note = "; ".join(x for x in (VAT.get(price.vat), price.note) if x) or None
        currency = cv.currency_uri(price.currency)
        if currency is None:
            raise Inexpressible(f"prices: currency {price.currency!r} is not on the EU list")
        return r.PriceDetail(
            value=str(price.amount.quantize(Decimal("0.01"))),
            currency=currency,
            labels=list(zip(LABEL_LANGUAGES, labels, strict=True)),
            note=checked(note, "prices.note"),
        )

    @staticmethod
    def _grant(option: FundingOption) -> r.Grant:
        titles = list(FUNDING[option.scheme])
        if option.fund:
            sector = option.scheme == FundingScheme.SECTOR_FUND
            titles = [f"{t} {option.fund}" if sector else option.fund for t in titles]
        checked(option.fund, "funding.fund")
        facts = []
        if option.percentage is not None:
            facts.append(f"{option.percentage:g}% terugbetaald")
        if option.amount is not None:
            unit = AMOUNT_UNITS[option.amount_unit]
            facts.append(f"€ {option.amount}{unit}")
        if option.joint_committees:
            facts.append("PC " + ", ".join(option.joint_committees))
        if option.conditions:
            facts.append(option.conditions)
        description = ". ".join(facts) or None
        return r.Grant(
            titles=list(dict(zip(LABEL_LANGUAGES, titles, strict=True)).items()),
            description=checked(description, "funding.conditions"),
            url=as_uri(option.url) if option.url else None,
        )

    @staticmethod
    def _admission(url: str | None) -> str | None:
        return checked(f"Inschrijven: {url}", "registration_url") if url else None


def _volume(duration: Duration | None) -> str | None:
    hours = duration.approx_hours() if duration else None
    return hours_duration(hours) if hours else None
