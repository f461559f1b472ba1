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
from europass import elements
from europass import records as r
from europass.elements import NSMAP
from europass.elements import q as _q
from europass.mapping import Inexpressible, OfferMapper

log = logging.getLogger(__name__)

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
    """Map the offer, build every element it adds, then write them: an offer that fails on
    the way leaves nothing behind (the document stays valid) and is reported."""
    offer_id = offer.id or f"{offer.source}/{offer.source_id}"
    if offer_id in seen["offer"]:
        report.skip(offer_id, "id: the offer was already exported")
        return
    shared, notations = seen["shared"], seen["notation"]
    new_notations: set[str] = set()

    def unique(identifiers: list[r.Identifier]) -> list[r.Identifier]:
        """A notation is unique in the document: an ODB number two sources list goes once."""
        kept = [i for i in identifiers if i.notation not in notations | new_notations]
        new_notations.update(i.notation for i in kept)
        return kept

    try:
        record = mapper.map(offer)
        for opportunity in record.opportunities:
            opportunity.identifiers = unique(opportunity.identifiers)
        written: list[tuple[Any, etree._Element]] = [
            (xf, elements.opportunity(o)) for o in record.opportunities
        ]
        written.append((spools[SECTIONS[0]].xf, elements.specification(record.specification)))
        new_shared = []
        for outcome in record.outcomes:
            if outcome.id not in shared:
                new_shared.append(outcome.id)
                written.append((spools[SECTIONS[1]].xf, elements.outcome(outcome)))
        org = record.organisation
        if org.id not in shared:
            new_shared.append(org.id)
            org.identifiers = unique(org.identifiers)
            written.append((spools[SECTIONS[2]].xf, elements.organisation(org)))
        for place in record.places:
            if place.id not in shared and place.id not in new_shared:
                new_shared.append(place.id)
                written.append((spools[SECTIONS[3]].xf, elements.place(place)))
    except Inexpressible as exc:
        report.skip(offer_id, str(exc))
        return
    except ValueError as exc:  # lxml refuses a string (a character XML cannot carry)
        report.skip(offer_id, f"text XML cannot carry: {exc}")
        return
    for target, element in written:
        target.write(element)
    seen["offer"].add(offer_id)
    shared.update(new_shared)
    notations.update(new_notations)
    report.exported += 1
    report.sessions += len(record.opportunities) - 1


def _skipped_comment(report: ExportReport) -> str:
    lines = [f" {report.skipped_count} offer(s) left out (cannot be expressed in ELM):"]
    lines += [f"   {oid}: {why}" for oid, why in report.skipped.items()]
    text = "\n".join(lines).replace("--", "- -")
    return text + "\n"
