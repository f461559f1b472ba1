"""schema.org ``Course`` / ``CourseInstance`` / ``EducationEvent`` (JSON-LD or microdata,
extracted by extruct) mapped onto the offer dict the pipelines validate.

Pure functions: ``extract_structured(html, url)`` (or ``extract_nodes``) and
``offer_from_node(node, ...)``; the generic spider glues them to Scrapy. A JSON-LD block that
does not parse is not silently empty: it is an error with where and why, which the spider
counts as a reject (a page of broken structured data must never look like a page without
courses, or its offers would age and be retired).

JSON-LD is where raw markup enters: sites put HTML and entities in its strings, so
``extract_structured`` decodes its text properties once (``html_to_text``); microdata values
are page text the HTML parser has decoded already and are left as they are.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from catalogue.text import html_to_text
from crawlers.parsers import parse_date, parse_delivery_mode, parse_location
from crawlers.parsers.durations import parse_iso_duration
from crawlers.parsers.funding import parse_funding
from crawlers.parsers.levels import parse_level
from crawlers.parsers.locations import province_for_postcode

logger = logging.getLogger(__name__)

COURSE_TYPES = {"Course", "EducationEvent", "CourseInstance"}
_MODES = {
    "onsite": "classroom",
    "offline": "classroom",
    "offlineeventattendancemode": "classroom",
    "online": "online_live",
    "onlineeventattendancemode": "online_live",
    "blended": "blended",
    "mixedeventattendancemode": "blended",
}
_ESCO = re.compile(r"^https?://data\.europa\.eu/esco/(skill|occupation)/")
# JSON-LD properties read as HTML text; URLs, ids, codes, dates and prices are never decoded
# (an entity-like "&copy=" in a query string is not an entity)
_MARKUP_PROPERTIES = {
    "@value",
    "address",
    "addressLocality",
    "alternateName",
    "description",
    "educationalCredentialAwarded",
    "financialAidEligible",
    "location",
    "name",
    "streetAddress",
    "teaches",
}


def _types(node: dict[str, Any]) -> set[str]:
    value = node.get("@type", [])
    values = value if isinstance(value, list) else [value]
    return {str(v).rsplit("/", 1)[-1] for v in values}


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value: Any) -> str | None:
    """A plain value from text, a list of texts, or a node with a name."""
    for item in _as_list(value):
        if isinstance(item, dict):
            item = item.get("name") or item.get("@value") or item.get("url")
        if item not in (None, ""):
            return str(item).strip()
    return None


def _level(*values: Any) -> dict[str, Any] | None:
    """``educationalLevel`` ('EQF 5', a DefinedTerm named 'VKS-niveau 4') or the credential."""
    level = parse_level(*(_text(v) for v in values))
    return level.model_dump(mode="json") if level else None


def _flatten(nodes: list[Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for node in nodes:
        if isinstance(node, dict):
            if "@graph" in node:
                out += _flatten(_as_list(node["@graph"]))
            else:
                out.append(node)
    return out


def _decode_markup(value: Any, markup: bool = False) -> Any:
    """``value`` with the strings of its ``_MARKUP_PROPERTIES`` read as HTML, once."""
    if isinstance(value, str):
        return html_to_text(value) if markup else value
    if isinstance(value, list):
        return [_decode_markup(v, markup) for v in value]
    if isinstance(value, dict):
        return {k: _decode_markup(v, k in _MARKUP_PROPERTIES) for k, v in value.items()}
    return value


class StructuredDataError(ValueError):
    """A page's structured data cannot be read: ``errors`` says which block and why."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("; ".join(errors))


@dataclass
class Extracted:
    nodes: list[dict[str, Any]]
    errors: list[str] = field(default_factory=list)  # one per JSON-LD block that did not parse


def _json_ld_blocks(tree: Any) -> tuple[list[Any], list[str]]:
    """Every JSON-LD block's items; each block that does not parse is an error, not nothing
    (extruct's ``errors="log"`` would drop every block of the page without a trace)."""
    from extruct.jsonld import JsonLdExtractor

    extractor = JsonLdExtractor()
    items: list[Any] = []
    errors: list[str] = []
    for number, node in enumerate(extractor._xp_jsonld(tree), start=1):
        try:
            items += [item for item in extractor._extract_items(node) if item]
        except ValueError as exc:  # json and jstyleson both failed
            errors.append(f"JSON-LD block {number}: {type(exc).__name__}: {exc}"[:300])
    return items, errors


def extract_structured(html: str | bytes, url: str) -> Extracted:
    """The Course and EducationEvent nodes on a page (JSON-LD and microdata), and what could
    not be read; a stand-alone CourseInstance counts when it is not part of a Course. JSON-LD
    text is decoded from HTML here, once; what this returns is plain text."""
    import extruct  # imported when first needed: it pulls in rdflib (0.3 s per crawl process)
    from extruct.utils import parse_html

    tree = parse_html(html.encode("utf-8") if isinstance(html, str) else html, "UTF-8")
    json_ld, errors = _json_ld_blocks(tree)
    microdata = extruct.extract(
        tree, base_url=url, syntaxes=["microdata"], uniform=True, errors="strict"
    ).get("microdata", [])
    nodes = _flatten(_decode_markup(json_ld) + microdata)
    courses = [n for n in nodes if _types(n) & {"Course", "EducationEvent"}]
    return Extracted(courses or [n for n in nodes if "CourseInstance" in _types(n)], errors)


def extract_nodes(html: str | bytes, url: str) -> list[dict[str, Any]]:
    """``extract_structured``'s nodes; ``StructuredDataError`` when a JSON-LD block is broken."""
    found = extract_structured(html, url)
    if found.errors:
        raise StructuredDataError(found.errors)
    return found.nodes


def _languages(value: Any) -> list[str]:
    codes = []
    for item in _as_list(value):
        code = item.get("alternateName") or item.get("name") if isinstance(item, dict) else item
        code = str(code or "").strip().lower()[:2]
        names = {"du": "nl", "fr": "fr", "en": "en", "ne": "nl", "de": "de"}
        code = names.get(code, code)
        if re.fullmatch(r"[a-z]{2}", code) and code not in codes:
            codes.append(code)
    return codes


def _prices(value: Any) -> list[dict[str, Any]]:
    prices = []
    for offer in _as_list(value):
        if not isinstance(offer, dict):
            continue
        currency = str(offer.get("priceCurrency") or "EUR").upper()
        if currency != "EUR":
            logger.info("skipping a price in %s: only EUR is modelled", currency)
            continue
        try:
            amount = Decimal(str(offer.get("price")).replace(",", ".")).quantize(Decimal("0.01"))
        except (InvalidOperation, TypeError, ValueError):
            continue
        words = " ".join(str(offer.get(k) or "") for k in ("description", "category", "name"))
        price: dict[str, Any] = {"amount": str(amount), "currency": "EUR"}
        low = words.lower()
        if re.search(r"excl|htva|hors tva", low):
            price["vat"] = "excluded"
        elif re.search(r"incl|tvac", low):
            price["vat"] = "included"
        if re.search(r"niet[- ]leden|non[- ]membres?|non[- ]members?", low):
            price["audience"] = "non_member"
        elif re.search(r"leden|membres?|members?", low):
            price["audience"] = "member"
        prices.append(price)
    return prices


def _location(value: Any) -> dict[str, Any] | None:
    for place in _as_list(value):
        if isinstance(place, str):
            loc = parse_location(place)
            return loc.model_dump(mode="json", exclude_none=True) if loc else None
        if not isinstance(place, dict) or "VirtualLocation" in _types(place):
            continue
        address = place.get("address")
        if isinstance(address, str):
            loc = parse_location(address)
            return loc.model_dump(mode="json", exclude_none=True) if loc else None
        if isinstance(address, dict):
            postcode = _text(address.get("postalCode"))
            country = (_text(address.get("addressCountry")) or "BE").upper()[:2]
            return {
                "address": _text(address.get("streetAddress")),
                "postcode": postcode,
                "municipality": _text(address.get("addressLocality")),
                "country": country,
                "province": province_for_postcode(postcode)
                if postcode and country == "BE"
                else None,
            }
        if place.get("name"):
            return {"address": _text(place.get("name"))}
    return None


def _mode(*values: Any) -> str | None:
    for value in values:
        for item in _as_list(value):
            key = str(item).rsplit("/", 1)[-1].strip().lower()
            if key in _MODES:
                return _MODES[key]
            parsed = parse_delivery_mode(key)
            if parsed:
                return parsed.value
    return None


def _date(value: Any) -> str | None:
    text = _text(value)
    if not text:
        return None
    iso = re.match(r"^(\d{4}-\d{2}-\d{2})", text)
    if iso:
        return iso.group(1)
    parsed = parse_date(text)
    return parsed.isoformat() if parsed else None


def _session(node: dict[str, Any], course_mode: Any = None) -> dict[str, Any]:
    mode = _mode(node.get("courseMode"), node.get("eventAttendanceMode"), course_mode)
    if mode is None and any(
        isinstance(p, dict) and "VirtualLocation" in _types(p)
        for p in _as_list(node.get("location"))
    ):
        mode = "online_live"
    status = str(node.get("eventStatus") or "").rsplit("/", 1)[-1]
    session: dict[str, Any] = {
        "start_date": _date(node.get("startDate")),
        "end_date": _date(node.get("endDate")),
        "delivery_mode": mode or "classroom",
        "prices": _prices(node.get("offers")),
        "status": "cancelled" if status == "EventCancelled" else None,
    }
    if not session["delivery_mode"].startswith("online"):
        session["location"] = _location(node.get("location"))
    return session


def _duration(*values: Any) -> dict[str, Any] | None:
    for value in values:
        text = _text(value)
        duration = parse_iso_duration(text) if text else None
        if duration:
            return duration.model_dump(exclude_none=True)
    return None


def offer_from_node(
    node: dict[str, Any], *, source: str, source_id: str, url: str
) -> dict[str, Any] | None:
    """The offer dict for one Course / EducationEvent / CourseInstance node."""
    title = _text(node.get("name"))
    if not title:
        return None
    types = _types(node)
    provider = node.get("provider") or node.get("organizer")
    provider_name = _text(provider)
    if types & {"EducationEvent", "CourseInstance"} and "Course" not in types:
        instances = [node]
    else:
        instances = [i for i in _as_list(node.get("hasCourseInstance")) if isinstance(i, dict)]
    sessions = [_session(i, node.get("courseMode")) for i in instances]
    competences, taught = [], []
    for item in _as_list(node.get("teaches")):
        uri = (item.get("url") or item.get("@id") or "") if isinstance(item, dict) else ""
        name = _text(item)
        if _ESCO.match(uri):
            competences.append(
                {"concept_id": uri, "score": 1.0, "method": "source", "evidence": name}
            )
        elif name:
            taught.append(name)
    description = _text(node.get("description")) or ""
    if taught:
        description += "\n\nJe leert: " + ", ".join(taught) + "."
    aid = [str(a) for a in _as_list(node.get("financialAidEligible")) if isinstance(a, str)]
    funding = parse_funding(" ".join(aid))
    known = {f["scheme"] for f in funding}
    if aid and not known:
        funding.append({"scheme": "other", "conditions": ", ".join(aid)})
    credential = node.get("educationalCredentialAwarded")
    return {
        "source": source,
        "source_id": source_id,
        "url": url,
        "title": title,
        "description": description,
        "provider": {
            "name": provider_name or "onbekend",
            "website": provider.get("url") if isinstance(provider, dict) else None,
        },
        "languages": _languages(node.get("inLanguage") or node.get("availableLanguage")),
        "certificate": _text(credential),
        "level": _level(node.get("educationalLevel"), credential),
        "competences": competences,
        "funding": funding,
        "prices": _prices(node.get("offers")) if "Course" in types else [],
        "duration": _duration(
            node.get("courseWorkload"),
            node.get("timeRequired"),
            *[i.get("courseWorkload") for i in instances],
        ),
        "sessions": sessions,
        "identifiers": [],
    }
