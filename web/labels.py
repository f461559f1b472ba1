"""Display names of enum values and facet values, in Dutch first (msgids are Dutch).

French and English come from ``web/translations`` through flask-babel, like every page text.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from catalogue.model import DeliveryMode, FundingScheme, Schedule
from index.query import FacetField

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

LANGUAGES = {"nl": _l("Nederlands"), "fr": _l("Frans"), "en": _l("Engels"), "de": _l("Duits")}

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

_BY_FACET = {
    FacetField.FUNDING_SCHEME: FUNDING_SCHEMES,
    FacetField.DELIVERY_MODE: DELIVERY_MODES,
    FacetField.SCHEDULE: SCHEDULES,
    FacetField.LANGUAGE: LANGUAGES,
}


def funding_label(scheme: FundingScheme | str) -> str:
    return str(FUNDING_SCHEMES.get(scheme, scheme))  # type: ignore[call-overload]


def delivery_label(mode: DeliveryMode | str) -> str:
    return str(DELIVERY_MODES.get(mode, mode))  # type: ignore[call-overload]


def schedule_label(value: Schedule | str) -> str:
    return str(SCHEDULES.get(value, value))  # type: ignore[call-overload]


def facet_value_label(facet: FacetField, value: str, concept_label=None) -> str:
    """The display name of one facet value; concepts go through the taxonomy when present."""
    if facet == FacetField.CONCEPT and concept_label is not None:
        return concept_label(value) or value
    if facet == FacetField.LEVEL:
        return str(_l("Niveau %(n)s", n=value))
    table = _BY_FACET.get(facet)
    if table is not None and value in table:
        return str(table[value])  # type: ignore[index]
    return value
