"""The controlled vocabularies of ELM v3, read from the official lists shipped in ``schema/cv/``.

Every URI the export writes into a vocabulary-restricted attribute comes from here, and each
mapping checks its result against the list the schema enumerates: a code the list does not
have gives ``None`` (the caller falls back or leaves the value out), never an invalid document.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pycountry
from lxml import etree

from catalogue.model import DeliveryMode, Intensity, Province

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
XS = "{http://www.w3.org/2001/XMLSchema}"

LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
COUNTRY = "http://publications.europa.eu/resource/authority/country/"
CURRENCY = "http://publications.europa.eu/resource/authority/currency/"
NUTS = "http://data.europa.eu/nuts/code/"
ISCED_F = "http://data.europa.eu/snb/isced-f/"
EQF = "http://data.europa.eu/snb/eqf/"
MODE = "http://data.europa.eu/snb/learning-assessment/"
SCHEDULE = "http://data.europa.eu/snb/learning-schedule/"
OPPORTUNITY_TYPE = "http://data.europa.eu/snb/learning-opportunity/"
TOPIC = "http://data.europa.eu/snb/learningOpportunity-topics#"
QUALIFICATION_TOPIC = "http://data.europa.eu/snb/qualification-topics#"

# Europass list entries by meaning (their URIs end in opaque ids)
COURSE = OPPORTUNITY_TYPE + "05053c1cbe"
UNDETERMINED_LANGUAGE = LANGUAGE + "UND"
FIELD_UNKNOWN = ISCED_F + "9999"
MODES = {
    DeliveryMode.CLASSROOM: MODE + "9191af2ed9",  # Presential
    DeliveryMode.ONLINE_LIVE: MODE + "920fbb3cbe",  # Online
    DeliveryMode.ONLINE_SELF_PACED: MODE + "920fbb3cbe",  # Online
    DeliveryMode.BLENDED: MODE + "e92d221e4d",  # Blended
    DeliveryMode.WORKPLACE: MODE + "729f3bed4b",  # Workbased
}
# Part time is "light" or "intensive" in the Europass list; sources only say "deeltijds"
SCHEDULES = {Intensity.FULL_TIME: SCHEDULE + "72a0ab92fa"}  # Full time
PROVINCE_NUTS = {  # NUTS 2 (2016 and 2021) of the Belgian provinces and Brussels
    Province.ANTWERPEN: "BE21",
    Province.LIMBURG: "BE22",
    Province.OOST_VLAANDEREN: "BE23",
    Province.VLAAMS_BRABANT: "BE24",
    Province.WEST_VLAANDEREN: "BE25",
    Province.BRUSSEL: "BE10",
    Province.WAALS_BRABANT: "BE31",
    Province.HENEGOUWEN: "BE32",
    Province.LUIK: "BE33",
    Province.LUXEMBURG: "BE34",
    Province.NAMEN: "BE35",
}

# list file -> the vocabulary's enumerated simple type
LISTS = {
    "language": "language.xsd",
    "country": "country.xsd",
    "currency": "currency.xsd",
    "nuts": "nuts.xsd",
    "isced-f": "isced-f.xsd",
    "eqf": "eqf.xsd",
    "modes": "europass-modes.xsd",
    "schedules": "europass-learning-schedule-types.xsd",
    "opportunity-types": "europass-learning-opportunity-types.xsd",
    "topics": "loq_individuals.xsd",
}


@cache
def allowed(vocabulary: str) -> frozenset[str]:
    """Every value the shipped list ``vocabulary`` (a key of ``LISTS``) enumerates."""
    tree = etree.parse(str(SCHEMA_DIR / "cv" / LISTS[vocabulary]))
    return frozenset(e.get("value") for e in tree.iter(f"{XS}enumeration"))


def _checked(vocabulary: str, uri: str) -> str | None:
    return uri if uri in allowed(vocabulary) else None


def language_uri(code: str) -> str | None:
    """ISO 639-1 (``nl``) → the EU language authority (``…/language/NLD``)."""
    found = pycountry.languages.get(alpha_2=code.lower())
    return _checked("language", LANGUAGE + found.alpha_3.upper()) if found else None


def country_uri(alpha2: str) -> str | None:
    """ISO 3166 alpha-2 (``BE``) → the EU country authority (``…/country/BEL``)."""
    found = pycountry.countries.get(alpha_2=alpha2.upper())
    return _checked("country", COUNTRY + found.alpha_3) if found else None


def currency_uri(code: str) -> str | None:
    return _checked("currency", CURRENCY + code.upper())


def nuts_uri(province: Province | None, country_alpha2: str) -> str | None:
    """The province's NUTS 2 region, else the country's NUTS 0 code."""
    code = PROVINCE_NUTS.get(province) if province else None
    return _checked("nuts", NUTS + (code or country_alpha2.upper()))


def isced_uri(code: str) -> str | None:
    """An ISCED-F 2013 code; one the list lacks is widened to its broader field (0715 → 071)."""
    while len(code) >= 2:
        uri = _checked("isced-f", ISCED_F + code)
        if uri:
            return uri
        code = code[:-1]
    return None


def eqf_uri(level: int) -> str | None:
    return _checked("eqf", f"{EQF}{level}")
