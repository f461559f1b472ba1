"""Display names of enum values and facet values, in Dutch first (msgids are Dutch).

French and English come from ``web/translations`` through flask-babel, like every page text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

from catalogue.model import (
    CompanySize,
    DeliveryMode,
    FundingScheme,
    OfferType,
    Schedule,
    WorkerStatus,
)
from funding.profile import EducationLevel
from index.search_query import FacetField

FUNDING_SCHEMES = {
    FundingScheme.SECTOR_FUND: _l("Sectorfonds"),
    FundingScheme.VDAB: _l("VDAB"),
    FundingScheme.OPLEIDINGSCHEQUES: _l("Opleidingscheques"),
    FundingScheme.VLAAMS_OPLEIDINGSVERLOF: _l("Vlaams opleidingsverlof"),
    FundingScheme.VLAAMS_OPLEIDINGSKREDIET: _l("Vlaams opleidingskrediet"),
    FundingScheme.KMO_PORTEFEUILLE: _l("KMO-portefeuille"),
    FundingScheme.OTHER: _l("Andere steun"),
}

DELIVERY_MODES = {
    DeliveryMode.CLASSROOM: _l("Klassikaal"),
    DeliveryMode.ONLINE_LIVE: _l("Online live"),
    DeliveryMode.ONLINE_SELF_PACED: _l("Online in eigen tempo"),
    DeliveryMode.BLENDED: _l("Combinatie online en klassikaal"),
    DeliveryMode.WORKPLACE: _l("Op de werkvloer"),
}

SCHEDULES = {
    Schedule.DAYTIME: _l("Overdag"),
    Schedule.EVENING: _l("'s Avonds"),
    Schedule.WEEKEND: _l("Weekend"),
}

OFFER_TYPES = {
    OfferType.OPEN: _l("Open opleiding: iedereen kan inschrijven"),
    OfferType.IN_COMPANY: _l("Voor de medewerkers van één bedrijf"),
    OfferType.INTER_COMPANY: _l("Voor medewerkers van verschillende bedrijven"),
}


_OFFER_TYPE_VALUES = {str(t) for t in OFFER_TYPES}


def offer_type_label(value: OfferType | str) -> str:
    return str(OFFER_TYPES[OfferType(value)]) if value in _OFFER_TYPE_VALUES else str(value)


WORKER_STATUSES = {
    WorkerStatus.EMPLOYEE: _l("Werknemer"),
    WorkerStatus.JOB_SEEKER: _l("Werkzoekende"),
    WorkerStatus.SELF_EMPLOYED: _l("Zelfstandige"),
    WorkerStatus.EMPLOYER: _l("Werkgever"),
}

EDUCATION_LEVELS = {
    EducationLevel.LOW: _l("Geen diploma secundair onderwijs"),
    EducationLevel.MEDIUM: _l("Diploma secundair onderwijs"),
    EducationLevel.HIGH: _l("Diploma hoger onderwijs"),
}

COMPANY_SIZES = {
    CompanySize.SMALL: _l("Minder dan 50 werknemers"),
    CompanySize.MEDIUM: _l("50 tot 249 werknemers"),
    CompanySize.LARGE: _l("250 werknemers of meer"),
}

LANGUAGE_LABELS = {"nl": _l("Nederlands"), "fr": _l("Frans"), "en": _l("Engels"), "de": _l("Duits")}

FACETS = {
    FacetField.PROVIDER: _l("Aanbieder"),
    FacetField.SOURCE: _l("Bron"),
    FacetField.DELIVERY_MODE: _l("Lesvorm"),
    FacetField.SCHEDULE: _l("Wanneer"),
    FacetField.LANGUAGE: _l("Taal"),
    FacetField.FUNDING_SCHEME: _l("Financiering"),
    FacetField.JOINT_COMMITTEE: _l("Paritair comité"),
    FacetField.LEVEL: _l("Niveau"),
    FacetField.FIELD_OF_EDUCATION: _l("Studiegebied"),
    FacetField.CONCEPT: _l("Competentie"),
    FacetField.PROVINCE: _l("Provincie"),
}

# facet field -> the SearchQuery parameter that filters on it
FACET_PARAMS = {
    FacetField.PROVIDER: "providers",
    FacetField.SOURCE: "sources",
    FacetField.DELIVERY_MODE: "delivery_modes",
    FacetField.SCHEDULE: "schedules",
    FacetField.LANGUAGE: "languages",
    FacetField.FUNDING_SCHEME: "funding_schemes",
    FacetField.JOINT_COMMITTEE: "joint_committees",
    FacetField.LEVEL: "levels",
    FacetField.FIELD_OF_EDUCATION: "fields_of_education",
    FacetField.CONCEPT: "concepts",
    FacetField.PROVINCE: "provinces",
}

_BY_FACET: dict[FacetField, Mapping[Any, Any]] = {
    FacetField.FUNDING_SCHEME: FUNDING_SCHEMES,
    FacetField.DELIVERY_MODE: DELIVERY_MODES,
    FacetField.SCHEDULE: SCHEDULES,
    FacetField.LANGUAGE: LANGUAGE_LABELS,
}


_FUNDING_VALUES = {str(s) for s in FUNDING_SCHEMES}
_DELIVERY_VALUES = {str(m) for m in DELIVERY_MODES}
_SCHEDULE_VALUES = {str(s) for s in SCHEDULES}


def funding_label(scheme: FundingScheme | str) -> str:
    return (
        str(FUNDING_SCHEMES.get(FundingScheme(scheme), scheme))
        if scheme in _FUNDING_VALUES
        else scheme
    )


def delivery_label(mode: DeliveryMode | str) -> str:
    return str(DELIVERY_MODES[DeliveryMode(mode)]) if mode in _DELIVERY_VALUES else str(mode)


def schedule_label(value: Schedule | str) -> str:
    return str(SCHEDULES[Schedule(value)]) if value in _SCHEDULE_VALUES else str(value)


def facet_value_label(facet: FacetField, value: str, concept_label=None) -> str:
    """The display name of one facet value; concepts go through the taxonomy when present."""
    if facet == FacetField.CONCEPT and concept_label is not None:
        return concept_label(value) or value
    if facet == FacetField.FIELD_OF_EDUCATION and concept_label is not None:
        concept_id = f"isced-f:{value}"
        label = concept_label(concept_id)
        return f"{label} ({value})" if label and label != concept_id else value
    if facet == FacetField.LEVEL:
        return str(_l("Niveau %(n)s", n=value))
    if facet == FacetField.SOURCE:
        return source_label(value)
    table = _BY_FACET.get(facet)
    if table is not None and value in table:
        return str(table[value])
    return value


# Sources by their key (``Offer.source``); a source not listed here shows its key.
SOURCES = {
    "vdab": "VDAB",
    "cevora": "Cevora",
    "constructiv": "Constructiv",
    "educam": "Educam",
    "volta": "Volta",
    "alimento": "Alimento",
    "co-valent": "Co-valent",
    "syntra": "Syntra",
    "syntra-ab": "Syntra AB",
    "cvo-antwerpen": "CVO Antwerpen",
    "kmo-portefeuille": _l("KMO-portefeuille"),
    "odb": _l("Opleidingsdatabank"),
}


def source_label(source: str) -> str:
    return str(SOURCES.get(source, source))


# ISCED-F 2013 broad fields (the SME view's competence areas "isced:NN")
ISCED_BROAD_FIELDS = {
    "00": _l("Generieke programma's"),
    "01": _l("Onderwijs"),
    "02": _l("Kunst en geesteswetenschappen"),
    "03": _l("Sociale wetenschappen, journalistiek en informatie"),
    "04": _l("Bedrijfskunde, administratie en recht"),
    "05": _l("Natuurwetenschappen, wiskunde en statistiek"),
    "06": _l("Informatie- en communicatietechnologie"),
    "07": _l("Techniek, industrie en bouw"),
    "08": _l("Landbouw, bosbouw, visserij en diergeneeskunde"),
    "09": _l("Gezondheid en welzijn"),
    "10": _l("Diensten"),
}
OTHER_AREA = _l("Overige")


def area_label(area: str, name: str) -> str:
    """An SME area's name in the request's language (``name`` is the Dutch one, or a
    competence's label already in that language)."""
    if area.startswith("isced:") and area[6:] in ISCED_BROAD_FIELDS:
        return str(ISCED_BROAD_FIELDS[area[6:]])
    if area == "overig":
        return str(OTHER_AREA)
    return name


# request parameters as the pages' forms name them (for "check this field" messages)
FIELDS = {
    "q": _l("Wat wil je leren?"),
    "postcode": _l("Postcode"),
    "municipality": _l("Gemeente"),
    "radius_km": _l("Straal"),
    "sort": _l("Sorteren"),
    "status": _l("Ik ben"),
    "joint_committee": _l("Paritair comité (PC)"),
    "education_level": _l("Diploma"),
    "company_size": _l("Bedrijfsgrootte"),
    "staff_count": _l("Aantal werknemers"),
    "free_for_me": _l("Alleen gratis voor mij"),
    "start_from": _l("Start vanaf"),
    "start_to": _l("Start uiterlijk"),
    "duration_min_hours": _l("Minstens (uren)"),
    "duration_max_hours": _l("Hoogstens (uren)"),
    "price_min": _l("Prijs minstens (€)"),
    "price_max": _l("Prijs hoogstens (€)"),
    "page": _l("Pagina"),
    "page_size": _l("Resultaten per pagina"),
}


def field_label(name: str) -> str:
    return str(FIELDS.get(name, name))


# what a field expects, in words (a form's 400 page shows these, never the validator's English)
FIELD_HINTS = {
    "joint_committee": _l(
        "drie cijfers, eventueel met een punt en twee cijfers erachter (bv. 124 of 149.01)"
    ),
    "postcode": _l("een Belgische postcode van vier cijfers (bv. 9000)"),
    "municipality": _l("de naam van een Belgische gemeente (bv. Gent)"),
    "radius_km": _l("een afstand in km, samen met een postcode of gemeente"),
    "start_from": _l("een datum (dag, maand, jaar), niet na „Start uiterlijk”"),
    "start_to": _l("een datum (dag, maand, jaar), niet voor „Start vanaf”"),
    "duration_min_hours": _l("een aantal uren, 0 of meer"),
    "duration_max_hours": _l("een aantal uren, 0 of meer, niet minder dan het minimum"),
    "price_min": _l("een bedrag in euro, 0 of meer"),
    "price_max": _l("een bedrag in euro, 0 of meer, niet minder dan het minimum"),
    "page": _l("een paginanummer binnen de eerste 1.000 resultaten"),
    "sort": _l("„afstand” kan alleen met een postcode of gemeente"),
    "status": _l("kies wie je bent (werknemer, werkzoekende, zelfstandige of werkgever)"),
    "company_size": _l("kies een bedrijfsgrootte uit de lijst"),
    "education_level": _l("kies een diploma uit de lijst"),
}
UNKNOWN_PLACE = _l("We kennen deze postcode of gemeente niet.")
UNKNOWN_PARAMETER = _l("Deze keuze hoort niet bij deze pagina.")
BAD_VALUE = _l("Deze waarde klopt niet.")


def field_hint(name: str) -> str:
    hint = FIELD_HINTS.get(name)
    return str(hint) if hint is not None else ""


def field_problem(name: str, messages: list[str]) -> str:
    """What is wrong with a form field, in the page's language: the validator's messages
    (English, sometimes a regular expression) stay in the API's answers."""
    text = " ".join(messages)
    if "unknown postcode or municipality" in text:
        problem = str(UNKNOWN_PLACE)
    elif "unknown parameter" in text:
        return str(UNKNOWN_PARAMETER)
    else:
        problem = str(BAD_VALUE)
    hint = field_hint(name)
    if not hint:
        return problem
    expected = _l("Verwacht: %(hint)s.", hint=hint)
    return f"{problem} {expected}"
