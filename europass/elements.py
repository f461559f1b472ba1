"""The records of ``europass.records`` as ELM LOQ elements (lxml), in the schema's order.

Each builder returns one top-level element (a learningOpportunity, a specification …) that
the writer hands to ``xmlfile.write``: libxml2 serialises the whole subtree at once, much
faster than one Python context manager per leaf. Each such element declares the document's
namespaces again (a few hundred bytes), which XML allows.
"""

from __future__ import annotations

from lxml import etree

from europass import records as r

LOQ = "http://data.europa.eu/snb/model/ap/loq-constraints/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DC = "http://purl.org/dc/terms/"
LOCN = "http://www.w3.org/ns/locn#"
CLV = "http://data.europa.eu/m8g/"
NSMAP = {None: LOQ, "skos": SKOS, "dc": DC, "locn": LOCN, "clv": CLV}


_Sub = etree.SubElement


def q(name: str, ns: str = LOQ) -> str:
    return f"{{{ns}}}{name}"


def _root(name: str, record_id: str) -> etree._Element:
    return etree.Element(q(name), {"id": record_id}, nsmap=NSMAP)


def _leaf(
    parent: etree._Element, name: str, text: str | None = None, ns: str = LOQ, **attrs: str
) -> etree._Element:
    element = _Sub(parent, q(name, ns), attrs)
    if text is not None:
        element.text = text
    return element


def _concept(parent: etree._Element, name: str, uri: str, ns: str = LOQ) -> etree._Element:
    return _Sub(parent, q(name, ns), {"uri": uri})


def _ref(parent: etree._Element, name: str, idref: str) -> None:
    _Sub(parent, q(name), {"idref": idref})


def _note(parent: etree._Element, name: str, note: r.Note, lang: str) -> None:
    element = _Sub(parent, q(name))
    if note.subject:
        _concept(element, "subject", note.subject, DC)
    _leaf(element, "noteLiteral", note.text, language=lang)


def _identifier(parent: etree._Element, identifier: r.Identifier) -> None:
    element = _Sub(parent, q("identifier"))
    _leaf(element, "notation", identifier.notation, SKOS)
    _leaf(element, "schemeName", identifier.scheme)


def _web(parent: etree._Element, name: str, url: str) -> None:
    _leaf(_Sub(parent, q(name)), "contentUrl", url)


def opportunity(lo: r.Opportunity) -> etree._Element:
    lang = lo.text_language
    e = _root("learningOpportunity", lo.id)
    for identifier in lo.identifiers:
        _identifier(e, identifier)
    _leaf(e, "title", lo.title, language=lang)
    if lo.description:
        _leaf(e, "description", lo.description, language=lang)
    if lo.type:
        _concept(e, "type", lo.type)
    for note in lo.notes:
        _note(e, "additionalNote", note, lang)
    _web(e, "homepage", lo.homepage)
    if lo.start or lo.end:
        temporal = _Sub(e, q("temporal"))
        if lo.start:
            _leaf(temporal, "startDate", lo.start)
        if lo.end:
            _leaf(temporal, "endDate", lo.end)
    if lo.duration:
        _leaf(e, "duration", lo.duration)
    for mode in lo.modes:
        _concept(e, "mode", mode)
    for grant in lo.grants:
        g = _Sub(e, q("grant"))
        for code, title in grant.titles:
            _leaf(g, "title", title, language=code)
        if grant.description:
            _leaf(g, "description", grant.description, language=lang)
        if grant.url:
            _leaf(g, "contentUrl", grant.url)
    if lo.schedule:
        _concept(e, "learningSchedule", lo.schedule)
    if lo.schedule_information:
        _note(e, "scheduleInformation", r.Note(lo.schedule_information), lang)
    if lo.admission:
        _note(e, "admissionProcedure", r.Note(lo.admission), lang)
    for deadline in lo.deadlines:
        _leaf(e, "applicationDeadline", deadline)
    for price in lo.prices:
        p = _Sub(e, q("priceDetail"))
        amount = _Sub(p, q("amount"))
        _concept(amount, "unit", price.currency)
        _leaf(amount, "value", price.value)
        for code, label in price.labels:
            _leaf(p, "prefLabel", label, SKOS, language=code)
        if price.note:
            _note(p, "additionalNote", r.Note(price.note), lang)
    _ref(e, "providedBy", lo.provider)
    for location in lo.locations:
        _ref(e, "location", location)
    _ref(e, "learningAchievementSpecification", lo.specification)
    for part in lo.parts:
        _ref(e, "hasPart", part)
    if lo.part_of:
        _ref(e, "isPartOf", lo.part_of)
    _concept(e, "defaultLanguage", lo.language)
    if lo.modified:
        _leaf(e, "modified", lo.modified)
    return e


def specification(spec: r.Specification) -> etree._Element:
    lang = spec.text_language
    e = _root("learningAchievementSpecification", spec.id)
    _leaf(e, "title", spec.title, language=lang)
    if spec.description:
        _leaf(e, "description", spec.description, language=lang)
    for note in spec.notes:
        _note(e, "additionalNote", note, lang)
    for isced in spec.isced:
        _concept(e, "ISCEDFCode", isced)
    if spec.volume:
        _leaf(e, "volumeOfLearning", spec.volume)
    if spec.level:
        _concept(e, "educationLevel", spec.level)
    for language in spec.languages:
        _concept(e, "language", language)
    for mode in spec.modes:
        _concept(e, "mode", mode)
    if spec.entry_requirement:
        _note(e, "entryRequirement", r.Note(spec.entry_requirement), lang)
    for outcome_id in spec.outcomes:
        _ref(e, "learningOutcome", outcome_id)
    return e


def outcome(o: r.Outcome) -> etree._Element:
    e = _root("learningOutcome", o.id)
    for lang, title in o.titles:
        _leaf(e, "title", title, language=lang)
    for name, uri in (("relatedSkill", o.other_uri), ("relatedESCOSkill", o.esco_uri)):
        if uri:
            skill = _concept(e, name, uri)
            for lang, label in o.labels:
                _leaf(skill, "prefLabel", label, SKOS, language=lang)
    return e


def organisation(org: r.Organisation) -> etree._Element:
    e = _root("organisation", org.id)
    _leaf(e, "legalName", org.name, language="nl")
    for identifier in org.identifiers:
        _identifier(e, identifier)
    if org.homepage:
        _web(e, "homepage", org.homepage)
    _ref(e, "location", org.location)
    return e


def place(p: r.Place) -> etree._Element:
    e = _root("location", p.id)
    if p.name:
        _leaf(e, "geographicName", p.name, language="nl")
    if p.spatial:
        _concept(e, "spatialCode", p.spatial)
    address = _Sub(e, q("address"))
    if p.full_address:
        _leaf(_Sub(address, q("fullAddress")), "noteLiteral", p.full_address, language="nl")
    _concept(address, "countryCode", p.country)
    if p.latitude is not None and p.longitude is not None:
        geometry = _Sub(e, q("geometry", LOCN))
        _leaf(geometry, "longitude", repr(p.longitude), CLV)
        _leaf(geometry, "latitude", repr(p.latitude), CLV)
    return e
