"""Stream offers as one ELM v3 LOQ document (``<Courses>``), in one pass, in bounded memory.

The schema puts each kind of record in its own section, in a fixed order: learning
opportunities, then specifications, learning outcomes, organisations and locations. The
opportunities are written straight to the output while the offers pass (lxml's incremental
``etree.xmlfile``); the other sections are written at the same time, each by its own
``xmlfile`` into a temporary file, and copied into the document behind the opportunities.
One pass over the store means one consistent snapshot: a reference always finds its record.
Memory holds one offer at a time plus the ids of the shared records already written
(organisations, places, ESCO skills, identifiers: each at most one per offer).
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import IO, Any

from lxml import etree

from catalogue.model import Offer
from europass import records as r
from europass.mapping import Inexpressible, OfferMapper

log = logging.getLogger(__name__)

LOQ = "http://data.europa.eu/snb/model/ap/loq-constraints/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DC = "http://purl.org/dc/terms/"
LOCN = "http://www.w3.org/ns/locn#"
CLV = "http://data.europa.eu/m8g/"
NSMAP = {None: LOQ, "skos": SKOS, "dc": DC, "locn": LOCN, "clv": CLV}
XSD_VERSION = "3.1.0"
CHUNK = 64 * 1024
MAX_REPORTED = 1000  # skipped offers named in the document's closing comment
SECTIONS = (  # after learningOpportunityReferences, in the schema's order
    "learningAchievementSpecificationReferences",
    "learningOutcomeReferences",
    "agentReferences",
    "locationReferences",
)


@dataclass
class ExportReport:
    """What an export wrote and what it left out (offer id → reason)."""

    exported: int = 0
    sessions: int = 0
    skipped: dict[str, str] = field(default_factory=dict)
    skipped_count: int = 0

    def skip(self, offer_id: str, reason: str) -> None:
        self.skipped_count += 1
        if len(self.skipped) < MAX_REPORTED:
            self.skipped[offer_id] = reason
        log.warning("ELM export: offer %s left out: %s", offer_id, reason)


class _Sink:
    """A file-like object that collects what xmlfile writes until the stream takes it."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        self.size += len(data)
        return len(data)

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        self.size = 0
        return data


class _Spool:
    """One later section, written to a temporary file inside a ``<Courses>`` that declares the
    document's namespaces, so that its bytes fit unchanged inside the real one."""

    def __init__(self, stack: ExitStack) -> None:
        self.file: IO[bytes] = stack.enter_context(tempfile.TemporaryFile())  # noqa: SIM115
        self.xf = stack.enter_context(etree.xmlfile(self.file, encoding="utf-8"))
        stack.enter_context(self.xf.element(_q("Courses"), nsmap=NSMAP))
        self.xf.flush()
        self.start = self.file.tell()

    def chunks(self) -> Iterator[bytes]:
        self.xf.flush()
        end = self.file.tell()
        self.file.seek(self.start)
        remaining = end - self.start
        while remaining > 0:
            data = self.file.read(min(CHUNK, remaining))
            if not data:
                break
            remaining -= len(data)
            yield data


def _q(name: str, ns: str = LOQ) -> str:
    return f"{{{ns}}}{name}"


def stream_elm(
    offers: Iterable[Offer], mapper: OfferMapper | None = None, report: ExportReport | None = None
) -> Iterator[bytes]:
    """The document as byte chunks. ``report`` (filled while the stream is read) counts what
    was written and names the offers left out with the reason."""
    mapper = mapper or OfferMapper()
    report = report if report is not None else ExportReport()
    sink = _Sink()
    seen: dict[str, set[str]] = {"offer": set(), "shared": set(), "notation": set()}
    with ExitStack() as stack:
        spools = {name: _Spool(stack) for name in SECTIONS}
        with etree.xmlfile(sink, encoding="utf-8") as xf:
            xf.write_declaration()
            with xf.element(_q("Courses"), nsmap=NSMAP, xsdVersion=XSD_VERSION):
                with xf.element(_q("learningOpportunityReferences")):
                    for offer in offers:
                        _one_offer(xf, spools, mapper, offer, report, seen)
                        if sink.size >= CHUNK:
                            yield sink.take()
                    if report.skipped_count:
                        xf.write(etree.Comment(_skipped_comment(report)))
                for name in SECTIONS:
                    with xf.element(_q(name)):
                        xf.flush()
                        yield sink.take()
                        yield from spools[name].chunks()
        yield sink.take()


def _one_offer(
    xf: Any,
    spools: dict[str, _Spool],
    mapper: OfferMapper,
    offer: Offer,
    report: ExportReport,
    seen: dict[str, set[str]],
) -> None:
    offer_id = offer.id or f"{offer.source}/{offer.source_id}"
    if offer_id in seen["offer"]:
        report.skip(offer_id, "id: the offer was already exported")
        return
    try:
        record = mapper.map(offer)
    except Inexpressible as exc:
        report.skip(offer_id, str(exc))
        return
    seen["offer"].add(offer_id)
    notations = seen["notation"]
    for opportunity in record.opportunities:
        # a notation is unique in the document: an ODB number two sources list goes once
        opportunity.identifiers = [i for i in opportunity.identifiers if _new(notations, i)]
        write_opportunity(xf, opportunity)
    write_specification(spools[SECTIONS[0]].xf, record.specification)
    shared = seen["shared"]
    for outcome in record.outcomes:
        if outcome.id not in shared:
            shared.add(outcome.id)
            write_outcome(spools[SECTIONS[1]].xf, outcome)
    org = record.organisation
    if org.id not in shared:
        shared.add(org.id)
        org.identifiers = [i for i in org.identifiers if _new(notations, i)]
        write_organisation(spools[SECTIONS[2]].xf, org)
    for place in record.places:
        if place.id not in shared:
            shared.add(place.id)
            write_place(spools[SECTIONS[3]].xf, place)
    report.exported += 1
    report.sessions += len(record.opportunities) - 1


def _new(notations: set[str], identifier: r.Identifier) -> bool:
    if identifier.notation in notations:
        return False
    notations.add(identifier.notation)
    return True


def _skipped_comment(report: ExportReport) -> str:
    lines = [f" {report.skipped_count} offer(s) left out (cannot be expressed in ELM):"]
    lines += [f"   {oid}: {why}" for oid, why in report.skipped.items()]
    text = "\n".join(lines).replace("--", "- -")
    return text + "\n"


# ---------------------------------------------------------------------------- elements
def _leaf(xf: Any, name: str, text: str | None = None, ns: str = LOQ, **attrs: str) -> None:
    with xf.element(_q(name, ns), **attrs):
        if text is not None:
            xf.write(text)


def _concept(xf: Any, name: str, uri: str, ns: str = LOQ) -> None:
    _leaf(xf, name, None, ns, uri=uri)


def _note(xf: Any, name: str, note: r.Note, lang: str) -> None:
    with xf.element(_q(name)):
        if note.subject:
            _concept(xf, "subject", note.subject, DC)
        _leaf(xf, "noteLiteral", note.text, language=lang)


def _identifier(xf: Any, identifier: r.Identifier) -> None:
    with xf.element(_q("identifier")):
        _leaf(xf, "notation", identifier.notation, SKOS)
        _leaf(xf, "schemeName", identifier.scheme)


def write_opportunity(xf: Any, lo: r.Opportunity) -> None:
    lang = lo.text_language
    with xf.element(_q("learningOpportunity"), id=lo.id):
        for identifier in lo.identifiers:
            _identifier(xf, identifier)
        _leaf(xf, "title", lo.title, language=lang)
        if lo.description:
            _leaf(xf, "description", lo.description, language=lang)
        if lo.type:
            _concept(xf, "type", lo.type)
        for note in lo.notes:
            _note(xf, "additionalNote", note, lang)
        with xf.element(_q("homepage")):
            _leaf(xf, "contentUrl", lo.homepage)
        if lo.start or lo.end:
            with xf.element(_q("temporal")):
                if lo.start:
                    _leaf(xf, "startDate", lo.start)
                if lo.end:
                    _leaf(xf, "endDate", lo.end)
        if lo.duration:
            _leaf(xf, "duration", lo.duration)
        for mode in lo.modes:
            _concept(xf, "mode", mode)
        for grant in lo.grants:
            with xf.element(_q("grant")):
                _leaf(xf, "title", grant.title, language=lang)
                if grant.description:
                    _leaf(xf, "description", grant.description, language=lang)
                if grant.url:
                    _leaf(xf, "contentUrl", grant.url)
        if lo.schedule:
            _concept(xf, "learningSchedule", lo.schedule)
        if lo.schedule_information:
            _note(xf, "scheduleInformation", r.Note(lo.schedule_information), lang)
        if lo.admission:
            _note(xf, "admissionProcedure", r.Note(lo.admission), lang)
        for deadline in lo.deadlines:
            _leaf(xf, "applicationDeadline", deadline)
        for price in lo.prices:
            with xf.element(_q("priceDetail")):
                with xf.element(_q("amount")):
                    _concept(xf, "unit", price.currency)
                    _leaf(xf, "value", price.value)
                _leaf(xf, "prefLabel", price.label, SKOS, language="nl")
                if price.note:
                    _note(xf, "additionalNote", r.Note(price.note), lang)
        _leaf(xf, "providedBy", idref=lo.provider)
        for location in lo.locations:
            _leaf(xf, "location", idref=location)
        _leaf(xf, "learningAchievementSpecification", idref=lo.specification)
        for part in lo.parts:
            _leaf(xf, "hasPart", idref=part)
        if lo.part_of:
            _leaf(xf, "isPartOf", idref=lo.part_of)
        _concept(xf, "defaultLanguage", lo.language)
        if lo.modified:
            _leaf(xf, "modified", lo.modified)


def write_specification(xf: Any, spec: r.Specification) -> None:
    with xf.element(_q("learningAchievementSpecification"), id=spec.id):
        _leaf(xf, "title", spec.title, language=spec.text_language)
        if spec.description:
            _leaf(xf, "description", spec.description, language=spec.text_language)
        for note in spec.notes:
            _note(xf, "additionalNote", note, spec.text_language)
        for isced in spec.isced:
            _concept(xf, "ISCEDFCode", isced)
        if spec.volume:
            _leaf(xf, "volumeOfLearning", spec.volume)
        if spec.level:
            _concept(xf, "educationLevel", spec.level)
        for language in spec.languages:
            _concept(xf, "language", language)
        for mode in spec.modes:
            _concept(xf, "mode", mode)
        if spec.entry_requirement:
            _note(xf, "entryRequirement", r.Note(spec.entry_requirement), spec.text_language)
        for outcome in spec.outcomes:
            _leaf(xf, "learningOutcome", idref=outcome)


def write_outcome(xf: Any, outcome: r.Outcome) -> None:
    with xf.element(_q("learningOutcome"), id=outcome.id):
        for lang, title in outcome.titles:
            _leaf(xf, "title", title, language=lang)
        if outcome.other_uri:
            with xf.element(_q("relatedSkill"), uri=outcome.other_uri):
                for lang, label in outcome.labels:
                    _leaf(xf, "prefLabel", label, SKOS, language=lang)
        if outcome.esco_uri:
            with xf.element(_q("relatedESCOSkill"), uri=outcome.esco_uri):
                for lang, label in outcome.labels:
                    _leaf(xf, "prefLabel", label, SKOS, language=lang)


def write_organisation(xf: Any, org: r.Organisation) -> None:
    with xf.element(_q("organisation"), id=org.id):
        _leaf(xf, "legalName", org.name, language="nl")
        for identifier in org.identifiers:
            _identifier(xf, identifier)
        if org.homepage:
            with xf.element(_q("homepage")):
                _leaf(xf, "contentUrl", org.homepage)
        _leaf(xf, "location", idref=org.location)


def write_place(xf: Any, place: r.Place) -> None:
    with xf.element(_q("location"), id=place.id):
        if place.name:
            _leaf(xf, "geographicName", place.name, language="nl")
        if place.spatial:
            _concept(xf, "spatialCode", place.spatial)
        with xf.element(_q("address")):
            if place.full_address:
                with xf.element(_q("fullAddress")):
                    _leaf(xf, "noteLiteral", place.full_address, language="nl")
            _concept(xf, "countryCode", place.country)
        if place.latitude is not None and place.longitude is not None:
            with xf.element(_q("geometry", LOCN)):
                _leaf(xf, "longitude", repr(place.longitude), CLV)
                _leaf(xf, "latitude", repr(place.latitude), CLV)
