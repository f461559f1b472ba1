"""Gaps: shortage occupations whose essential skills have few or no offers, per region.

An offer *teaches* a skill when one of its competences is that skill, a narrower skill or an
equivalent (ESCO ↔ Flemish layer), by any method with a score at or above ``min_score``. An
offer is *in* a region when one of its sessions is located in that province; ``online`` is the
region of offers with an online session (live or self-paced); ``all`` counts every offer
wherever it is (also offers without sessions). A skill is *missing* in a region with no offer,
*thin* with fewer than ``few`` offers, *covered* otherwise.

Per occupation and region: ``coverage_share`` = covered skills / essential skills and
``gap_score`` = weight × (1 − coverage_share); the table is sorted by gap score, highest first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from catalogue.model import Offer
from reports.filters import OfferFilter
from reports.regions import FLEMISH_PROVINCES, is_online, province_of
from reports.shortage import ShortageEntry
from reports.table import Cell, Report, Table, share
from reports.vocabulary import MappingVocabulary, Vocabulary

ALL = "all"
ONLINE = "online"
DEFAULT_FEW = 3

TITLE = {
    "nl": "Tekorten: knelpuntberoepen zonder aanbod",
    "fr": "Lacunes : métiers en pénurie sans offre",
    "en": "Gaps: shortage occupations without offers",
}


def _regions(offer: Offer, filters: OfferFilter) -> set[str]:
    sessions = filters.sessions(offer)
    regions = {p.value for s in sessions if (p := province_of(s.location))}
    if filters.province is None:
        regions.add(ALL)
        if any(is_online(s) for s in sessions):
            regions.add(ONLINE)
    return regions


def gaps(
    offers: Iterable[Offer],
    shortage: Iterable[ShortageEntry],
    vocabulary: Vocabulary | None = None,
    filters: OfferFilter | None = None,
    few: int = DEFAULT_FEW,
    min_score: float = 0.0,
    today: date | None = None,
) -> Report:
    if few < 1:
        raise ValueError("few must be at least 1")
    vocabulary = vocabulary or MappingVocabulary()
    filters = filters or OfferFilter()
    entries = list(shortage)

    # (skill, region) -> offer ids teaching it there
    teaching: dict[tuple[str, str], set[str]] = defaultdict(set)
    seen_regions: set[str] = set()
    for offer in offers:
        if not filters.keeps(offer):
            continue
        regions = _regions(offer, filters)
        seen_regions |= regions
        for competence in offer.competences:
            if competence.score >= min_score:
                for region in regions:
                    teaching[(competence.concept_id, region)].add(offer.id)

    shown_regions: list[str]
    if filters.province is not None:
        shown_regions = [filters.province.value]
    else:
        provinces = {p.value for p in FLEMISH_PROVINCES} | (seen_regions - {ALL, ONLINE})
        shown_regions = [ALL, *sorted(provinces), ONLINE]

    summary = Table(
        "occupations",
        {
            "nl": "Knelpuntberoepen per regio",
            "fr": "Métiers en pénurie par région",
            "en": "Shortage occupations per region",
        },
        [
            "occupation",
            "occupation_label",
            "reference",
            "weight",
            "region",
            "essential_skills",
            "skills_missing",
            "skills_thin",
            "skills_covered",
            "offers",
            "coverage_share",
            "gap_score",
        ],
    )
    detail = Table(
        "skills",
        {
            "nl": "Essentiële vaardigheden per regio",
            "fr": "Compétences essentielles par région",
            "en": "Essential skills per region",
        },
        ["occupation", "region", "skill", "skill_label", "offers", "status"],
    )
    notes: list[str] = []
    rows: list[dict[str, Cell]] = []
    for entry in entries:
        for occupation in entry.occupations:
            skills = vocabulary.essential_skills(occupation)
            label = entry.label or vocabulary.label(occupation)
            if not skills:
                notes.append(f"{occupation}: no essential skills known, left out")
                continue
            matches = {s: vocabulary.skill_matches(s) for s in skills}
            for region in shown_regions:
                teaching_skill = {
                    s: set().union(*(teaching.get((m, region), set()) for m in matches[s]))
                    for s in sorted(skills)
                }
                counts = {s: len(ids) for s, ids in teaching_skill.items()}
                missing = sum(1 for n in counts.values() if n == 0)
                thin = sum(1 for n in counts.values() if 0 < n < few)
                covered = len(counts) - missing - thin
                offer_ids = set().union(*teaching_skill.values())
                coverage_share = share(covered, len(counts))
                rows.append(
                    {
                        "occupation": occupation,
                        "occupation_label": label,
                        "reference": entry.reference,
                        "weight": entry.weight,
                        "region": region,
                        "essential_skills": len(counts),
                        "skills_missing": missing,
                        "skills_thin": thin,
                        "skills_covered": covered,
                        "offers": len(offer_ids),
                        "coverage_share": coverage_share,
                        "gap_score": round(entry.weight * (1 - (coverage_share or 0)), 4),
                    }
                )
                for skill, n in counts.items():
                    status = "missing" if n == 0 else "thin" if n < few else "covered"
                    detail.add(
                        occupation=occupation,
                        region=region,
                        skill=skill,
                        skill_label=vocabulary.label(skill),
                        offers=n,
                        status=status,
                    )
    order = {region: i for i, region in enumerate(shown_regions)}
    rows.sort(key=lambda r: (-float(r["gap_score"] or 0), order[str(r["region"])], r["occupation"]))
    for row in rows:
        summary.add(**row)

    parameters: dict[str, Cell | list[str]] = {"few": few, "min_score": min_score}
    if today is not None:
        parameters["today"] = today.isoformat()
    return Report(
        name="gaps",
        title=TITLE,
        parameters=parameters | filters.as_parameters(),
        tables=[summary, detail],
        notes=notes,
    )
