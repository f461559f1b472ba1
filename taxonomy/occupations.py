"""Occupations through the occupation–skill relations (ESCO's essential/optional skills, the
Flemish layer's ``essential`` lists), both ways:

- offer → occupations: the skills an offer teaches point to the occupations that need them
  ('TIG-lassen' → lasser). A skill that many occupations need says little; one occupation is
  never proposed for a single skill mentioned in passing (see ``infer``).
- query → skills: a search for an occupation ('elektricien', 'ik wil lasser worden') also
  finds the offers that teach its essential skills (``query_expansions``, which the search
  index's vocabulary calls).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from taxonomy.model import ConceptType

if TYPE_CHECKING:
    from taxonomy.core import Taxonomy

SKILL_TYPES = frozenset({ConceptType.SKILL.value, ConceptType.KNOWLEDGE.value})
ESSENTIAL, OPTIONAL = 1.0, 0.4  # how much a matched skill counts for an occupation
SPECIFIC = 3  # a skill needed by at most this many occupations points to them at full weight
# The Flemish layer names ~40 occupations against ESCO's 3,000: a skill two of them need is
# far less specific than one two ESCO occupations need; its count is scaled up by this much.
FLEMISH_SCALE = 10
MIN_SKILL_SCORE = 0.35  # weaker skill matches are no evidence for an occupation
MIN_SINGLE = 0.45  # an occupation on one skill alone needs at least this much from it,
TITLE_SPECIFICITY = 0.3  # or the skill in the title and needed by at most ~33 occupations
OCCUPATION_FACTOR = 0.85  # inferred occupations rank below occupations named in the text
MAX_INFERRED = 5
MAX_LIFTED_SKILLS = 8  # an occupation named in a text lifts its most specific essential skills
QUERY_SPECIFIC = 60  # essential skills needed by more occupations do not expand a query
MAX_QUERY_SKILLS = 25


@dataclass(frozen=True, slots=True)
class Evidence:
    skill_id: str
    score: float  # the skill's own tag score
    weight: float  # its contribution to the occupation


@dataclass(frozen=True, slots=True)
class Inferred:
    occupation_id: str
    score: float
    evidence: tuple[Evidence, ...]


def specificity(needed_by: float) -> float:
    """1 for a skill few occupations need, falling with the square root of their number:
    3 → 1.0, 12 → 0.5, 48 → 0.25, 300 → 0.1."""
    return min(1.0, math.sqrt(SPECIFIC / max(1, needed_by)))


class OccupationIndex:
    """skill → the occupations that need it (essential or optional), with specificity."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.needed_by: dict[str, list[tuple[str, float]]] = defaultdict(list)
        essential_count: dict[str, int] = defaultdict(int)
        for concept in taxonomy:
            if concept.type != ConceptType.OCCUPATION:
                continue
            for skill in dict.fromkeys(concept.essential):
                self.needed_by[skill].append((concept.id, ESSENTIAL))
                essential_count[skill] += 1
            for skill in dict.fromkeys(concept.optional):
                if skill not in concept.essential:
                    self.needed_by[skill].append((concept.id, OPTIONAL))
        for concept in taxonomy:  # a curated skill's own ESCO occupations
            if concept.scheme != "flemish":
                continue
            for occupation_id in concept.related:
                target = taxonomy.concepts.get(occupation_id)
                if target is not None and target.type == ConceptType.OCCUPATION:
                    self.needed_by[concept.id].append((occupation_id, ESSENTIAL))
        own = {skill: specificity(_needed_by(rows)) for skill, rows in self.needed_by.items()}
        # a skill is no more specific than its equivalent ('Excel' in the Flemish layer is
        # needed by one curated occupation, ESCO's spreadsheet skill by hundreds)
        self.specificity = {
            skill: min([value] + [own[o] for o in taxonomy.equivalents.get(skill, ()) if o in own])
            for skill, value in own.items()
        }
        self.essential_count = dict(essential_count)

    def infer(
        self, skills: Iterable[tuple[str, float]], in_title: frozenset[str] = frozenset()
    ) -> list[Inferred]:
        """Occupations for (skill id, score) pairs found in an offer, best first.

        Each matched skill contributes score × relation (essential 1, optional 0.4) ×
        specificity; an occupation's score is the noisy-or of its contributions. It needs
        two matched skills, or one specific skill matched strongly (≥ MIN_SINGLE), or one
        fairly specific skill that is the subject of the title (``in_title``): a course on
        TIG welding points to welders, a mention of 'teamwork' to no one."""
        by_occupation: dict[str, list[Evidence]] = defaultdict(list)
        for skill_id, score in skills:
            if score < MIN_SKILL_SCORE:
                continue
            spec = self.specificity.get(skill_id, 0.0)
            for occupation_id, relation in self.needed_by.get(skill_id, ()):
                by_occupation[occupation_id].append(
                    Evidence(skill_id, score, score * relation * spec)
                )
        found: list[Inferred] = []
        for occupation_id, evidence in by_occupation.items():
            evidence.sort(key=lambda e: (-e.weight, e.skill_id))
            single = evidence[0]
            if len(evidence) < 2 and single.weight < MIN_SINGLE:
                titled = single.skill_id in in_title
                if not titled or self.specificity.get(single.skill_id, 0.0) < TITLE_SPECIFICITY:
                    continue
            remaining = 1.0
            for e in evidence:
                remaining *= 1.0 - min(e.weight, 0.95)
            occupation = self.taxonomy.concepts[occupation_id]
            # among occupations with the same evidence, the one whose essential skills the
            # offer covers best (a welder over a welding-robot programmer)
            covered = sum(1 for e in evidence if e.skill_id in occupation.essential)
            coverage = covered / max(1, len(occupation.essential))
            score = OCCUPATION_FACTOR * (1.0 - remaining) * (0.9 + 0.1 * coverage)
            found.append(Inferred(occupation_id, score, tuple(evidence)))
        found.sort(key=lambda i: (-i.score, i.occupation_id))
        return found[:MAX_INFERRED]

    def describe(self, inferred: Inferred) -> str:
        parts = []
        occupation = self.taxonomy.concepts[inferred.occupation_id]
        for e in inferred.evidence[:4]:
            kind = "essential" if e.skill_id in occupation.essential else "optional"
            parts.append(f"{self.taxonomy.label(e.skill_id)} ({kind})")
        more = len(inferred.evidence) - 4
        tail = f" and {more} more" if more > 0 else ""
        return f"needs skills taught here: {', '.join(parts)}{tail}"


def _needed_by(rows: list[tuple[str, float]]) -> float:
    """How many occupations need a skill: optional ones count half, and every Flemish
    occupation after the first FLEMISH_SCALE times."""
    count = 0.0
    flemish_seen = False
    for occupation_id, relation in rows:
        weight = 1.0 if relation == ESSENTIAL else 0.5
        if occupation_id.startswith("vl:"):
            weight *= FLEMISH_SCALE if flemish_seen else 1.0
            flemish_seen = True
        count += weight
    return count


def query_expansions(taxonomy: Taxonomy) -> dict[str, frozenset[str]]:
    """Occupation id → the essential skills a search for the occupation also finds: the
    skills at most QUERY_SPECIFIC occupations need (not 'teamwork'), the most specific
    first, at most MAX_QUERY_SKILLS; an occupation also takes its equivalents' skills
    (the Flemish 'elektricien' and ESCO's 'monteur elektrische installaties')."""
    index = _index(taxonomy)
    own: dict[str, list[str]] = {}
    for concept in taxonomy:
        if concept.type != ConceptType.OCCUPATION or not concept.essential:
            continue
        skills = [
            s
            for s in dict.fromkeys(concept.essential)
            if s in taxonomy.concepts and index.essential_count.get(s, 0) <= QUERY_SPECIFIC
        ]
        skills.sort(key=lambda s: (index.essential_count.get(s, 0), s))
        own[concept.id] = skills[:MAX_QUERY_SKILLS]
    expansions: dict[str, frozenset[str]] = {}
    for occupation_id, skills in own.items():
        combined = set(skills)
        for other in taxonomy.equivalents.get(occupation_id, ()):
            combined.update(own.get(other, ()))
        expansions[occupation_id] = frozenset(combined)
    return expansions


def expand_query_concepts(taxonomy: Taxonomy, concept_ids: Iterable[str]) -> set[str]:
    """The ids plus, for each occupation among them, its expansion."""
    expansions = query_expansions(taxonomy)
    out = set(concept_ids)
    for cid in list(out):
        out.update(expansions.get(cid, ()))
    return out


def _index(taxonomy: Taxonomy) -> OccupationIndex:
    return taxonomy.occupation_index
