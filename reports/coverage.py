"""Coverage: offers and upcoming sessions per subject × place × delivery mode × funding scheme.

A *subject* is one of three axes: a field of education (ISCED-F code on the offer), a
competence group (the groups of the offer's competences, from the vocabulary) or an occupation
(the offer's competences that are occupations). An offer without any subject on an axis
counts under an empty subject, so unclassified supply stays visible.

A *place* is a session's province (or province and municipality) and delivery mode; an offer
counts once in every place where it has a session (any session, past ones too: the offer is
in the catalogue). ``upcoming_sessions`` counts only sessions that are upcoming on ``today``
(not cancelled, ending on or after it). An offer without sessions counts under an empty place.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from catalogue.model import Offer, Session
from reports.filters import OfferFilter
from reports.regions import municipality_of, province_of
from reports.table import Cell, Report, Table
from reports.vocabulary import MappingVocabulary, Vocabulary

AXES = ("field_of_education", "competence_group", "occupation")
NO_FUNDING = "none"
GRANULARITIES = ("province", "municipality")

TITLE = {
    "nl": "Dekking van het aanbod",
    "fr": "Couverture de l'offre",
    "en": "Coverage of the offer",
}


def _subjects(offer: Offer, vocabulary: Vocabulary) -> dict[str, set[str | None]]:
    concepts = [c.concept_id for c in offer.competences]
    groups = {g for c in concepts if not vocabulary.is_occupation(c) for g in vocabulary.groups(c)}
    occupations = {c for c in concepts if vocabulary.is_occupation(c)}
    none: set[str | None] = {None}
    return {
        "field_of_education": set[str | None](offer.fields_of_education) or none,
        "competence_group": set[str | None](groups) or none,
        "occupation": set[str | None](occupations) or none,
    }


def _schemes(offer: Offer) -> set[str]:
    return {f.scheme.value for f in offer.funding} or {NO_FUNDING}


def _place(session: Session | None, by_municipality: bool) -> tuple[Cell, Cell, Cell]:
    if session is None:
        return None, None, None
    province = province_of(session.location)
    municipality = municipality_of(session.location) if by_municipality else None
    return (province.value if province else None), municipality, session.delivery_mode.value


def _sort_key(key: tuple[Cell, ...]) -> tuple[tuple[bool, str], ...]:
    return tuple((value is None, str(value) if value is not None else "") for value in key)


class _Counter:
    """Distinct offers and summed upcoming sessions per key."""

    def __init__(self) -> None:
        self.offers: dict[tuple[Cell, ...], set[str]] = defaultdict(set)
        self.sessions: dict[tuple[Cell, ...], int] = defaultdict(int)
        self._counted: set[tuple[tuple[Cell, ...], str, tuple[Cell, ...]]] = set()

    def add(self, key: tuple[Cell, ...], offer_id: str, place: tuple[Cell, ...], upcoming: int):
        self.offers[key].add(offer_id)
        # an offer's upcoming sessions in one place count once per key, however many subjects
        # or funding schemes lead to that key
        if (key, offer_id, place) not in self._counted:
            self._counted.add((key, offer_id, place))
            self.sessions[key] += upcoming

    def sorted_keys(self) -> list[tuple[Cell, ...]]:
        return sorted(self.offers, key=_sort_key)


def coverage(
    offers: Iterable[Offer],
    today: date,
    vocabulary: Vocabulary | None = None,
    filters: OfferFilter | None = None,
    granularity: str = "province",
) -> Report:
    if granularity not in GRANULARITIES:
        raise ValueError(f"granularity must be one of {', '.join(GRANULARITIES)}")
    vocabulary = vocabulary or MappingVocabulary()
    filters = filters or OfferFilter()
    by_municipality = granularity == "municipality"
    cells = _Counter()
    summaries: dict[str, _Counter] = defaultdict(_Counter)

    for offer in offers:
        if not filters.keeps(offer):
            continue
        sessions = filters.sessions(offer)
        places: dict[tuple[Cell, Cell, Cell], int] = defaultdict(int)
        each: list[Session | None] = [*sessions] or [None]
        for session in each:
            place = _place(session, by_municipality)
            places[place] += int(session is not None and session.is_upcoming(today))
        subjects = _subjects(offer, vocabulary)
        schemes = _schemes(offer)
        funds: set[str | None] = {f.fund for f in offer.funding if f.fund} or {None}
        for place, upcoming in places.items():
            province, municipality, mode = place
            summaries["province"].add((province,), offer.id, place, upcoming)
            summaries["delivery_mode"].add((mode,), offer.id, place, upcoming)
            for scheme in schemes:
                summaries["funding_scheme"].add((scheme,), offer.id, place, upcoming)
            for fund in funds:
                summaries["fund"].add((fund,), offer.id, place, upcoming)
            for axis, values in subjects.items():
                for subject in values:
                    summaries[axis].add((subject,), offer.id, place, upcoming)
                    for scheme in schemes:
                        key = (axis, subject, province, municipality, mode, scheme)
                        cells.add(key, offer.id, place, upcoming)

    cell_table = Table(
        "cells",
        {
            "nl": "Aanbod per onderwerp, plaats, vorm en financiering",
            "fr": "Offre par sujet, lieu, mode et financement",
            "en": "Offers per subject, place, delivery mode and funding",
        },
        [
            "axis",
            "subject",
            "subject_label",
            "province",
            "municipality",
            "delivery_mode",
            "funding_scheme",
            "offers",
            "upcoming_sessions",
        ],
    )
    for cell_key in cells.sorted_keys():
        cell_axis, cell_subject, cell_province, cell_municipality, cell_mode, cell_scheme = cell_key
        cell_table.add(
            axis=cell_axis,
            subject=cell_subject,
            subject_label=vocabulary.label(str(cell_subject)) if cell_subject is not None else None,
            province=cell_province,
            municipality=cell_municipality,
            delivery_mode=cell_mode,
            funding_scheme=cell_scheme,
            offers=len(cells.offers[cell_key]),
            upcoming_sessions=cells.sessions[cell_key],
        )

    tables = [cell_table]
    titles = {
        "province": ("Aanbod per provincie", "Offre par province", "Offers per province"),
        "delivery_mode": ("Aanbod per vorm", "Offre par mode", "Offers per delivery mode"),
        "fund": ("Aanbod per fonds", "Offre par fonds", "Offers per fund"),
        "funding_scheme": (
            "Aanbod per financiering",
            "Offre par financement",
            "Offers per funding scheme",
        ),
        "field_of_education": (
            "Aanbod per studiegebied (ISCED-F)",
            "Offre par domaine d'études (ISCED-F)",
            "Offers per field of education (ISCED-F)",
        ),
        "competence_group": (
            "Aanbod per competentiegroep",
            "Offre par groupe de compétences",
            "Offers per competence group",
        ),
        "occupation": ("Aanbod per beroep", "Offre par métier", "Offers per occupation"),
    }
    labelled: set[str] = set(AXES)
    for name, (nl, fr, en) in titles.items():
        counter = summaries[name]
        columns = [name, *(["label"] if name in labelled else []), "offers", "upcoming_sessions"]
        table = Table(f"by_{name}", {"nl": nl, "fr": fr, "en": en}, columns)
        for summary_key in counter.sorted_keys():
            (value,) = summary_key
            row: dict[str, Cell] = {name: value}
            if name in labelled:
                row["label"] = vocabulary.label(str(value)) if value is not None else None
            row["offers"] = len(counter.offers[summary_key])
            row["upcoming_sessions"] = counter.sessions[summary_key]
            table.add(**row)
        tables.append(table)

    return Report(
        name="coverage",
        title=TITLE,
        parameters={
            "today": today.isoformat(),
            "granularity": granularity,
            **filters.as_parameters(),
        },
        tables=tables,
    )
