"""What the reports need to know about concepts: labels, competence groups, occupations and
their essential skills, and the Competent → ESCO occupation crosswalk.

``Vocabulary`` is the small interface; ``TaxonomyVocabulary`` reads it from the project's
taxonomy (``load_vocabulary``); ``MappingVocabulary`` holds it in dictionaries (a report asked
without a taxonomy, and tests that build one by hand).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from core.settings import Settings
from taxonomy.core import Taxonomy, load_taxonomy
from taxonomy.model import Concept

log = logging.getLogger(__name__)

ESCO_BASE = "http://data.europa.eu/esco/"
ESCO_OCCUPATION_PREFIX = ESCO_BASE + "occupation/"
COMPETENT_OCCUPATION_PREFIX = "OP-"
# Crosswalk matches precise enough to stand for the Competent occupation.
CROSSWALK_MATCHES = ("exactMatch", "closeMatch")


class Vocabulary(Protocol):
    def label(self, concept_id: str) -> str | None: ...

    def groups(self, concept_id: str) -> list[str]:
        """The competence groups (broader skill groups) a skill belongs to."""
        ...

    def is_occupation(self, concept_id: str) -> bool: ...

    def essential_skills(self, occupation_id: str) -> frozenset[str] | None:
        """``None`` when the occupation is unknown or its essential skills are not known."""
        ...

    def resolve_occupation(self, reference: str) -> list[str]:
        """Occupation ids or ESCO URIs for an ESCO URI or a Competent code (``OP-…``)."""
        ...

    def skill_matches(self, skill: str) -> frozenset[str]:
        """The concept ids on an offer that count as teaching ``skill``."""
        ...


@dataclass
class MappingVocabulary:
    labels: Mapping[str, str] = field(default_factory=dict)
    skill_groups: Mapping[str, Iterable[str]] = field(default_factory=dict)
    occupation_skills: Mapping[str, Iterable[str]] = field(default_factory=dict)
    competent: Mapping[str, Iterable[str]] = field(default_factory=dict)
    occupations: frozenset[str] = frozenset()

    def label(self, concept_id: str) -> str | None:
        return self.labels.get(concept_id)

    def groups(self, concept_id: str) -> list[str]:
        return sorted(set(self.skill_groups.get(concept_id, ())))

    def is_occupation(self, concept_id: str) -> bool:
        return (
            concept_id.startswith(ESCO_OCCUPATION_PREFIX)
            or concept_id in self.occupations
            or concept_id in self.occupation_skills
        )

    def essential_skills(self, occupation_id: str) -> frozenset[str] | None:
        skills = self.occupation_skills.get(occupation_id)
        return None if skills is None else frozenset(skills)

    def resolve_occupation(self, reference: str) -> list[str]:
        reference = reference.strip()
        if reference.upper().startswith(COMPETENT_OCCUPATION_PREFIX):
            return sorted(set(self.competent.get(reference.upper(), ())))
        return [reference]

    def skill_matches(self, skill: str) -> frozenset[str]:
        return frozenset({skill})


class TaxonomyVocabulary:
    """The project's competence taxonomy (``taxonomy.load_taxonomy``) as the reports see it.

    * a concept is known by its id (``vl:lassen``, ``esco:skill/…``) or its ESCO URI; an ESCO
      URI also stands for the Flemish concepts that name it (their ``esco`` cross-reference);
    * competence groups: the nearest broader concepts of type *group* (the Flemish layer's
      sectors, ESCO's skill groups);
    * an offer teaches a skill when it carries the skill, a narrower skill, or an equivalent;
    * what the taxonomy does not know has no label, no group and no skills; an ESCO
      occupation URI still counts as an occupation.
    """

    def __init__(self, taxonomy: Taxonomy, lang: str = "nl") -> None:
        self.taxonomy = taxonomy
        self.lang = lang
        self._by_esco: dict[str, set[str]] = {}
        self._by_competent: dict[str, set[str]] = {}
        self._groups: dict[str, list[str]] = {}  # memo: reports ask for the same concepts
        self._occupation: dict[str, bool] = {}
        for concept in taxonomy:
            if concept.esco_uri:
                self._by_esco.setdefault(concept.esco_uri, set()).add(concept.id)
            for code in concept.competent:
                self._by_competent.setdefault(code.upper(), set()).add(concept.id)

    def _ids(self, reference: str) -> set[str]:
        """Every concept id that stands for ``reference``."""
        ids: set[str] = set()
        resolved = self.taxonomy.resolve(reference)
        if resolved:
            ids.add(resolved)
            ids |= self.taxonomy.equivalents.get(resolved, set())
            uri = self.taxonomy.uri(resolved)
            if uri:
                ids |= self._by_esco.get(uri, set())
        ids |= self._by_esco.get(reference, set())
        return ids

    def _concepts(self, reference: str) -> list[Concept]:
        return [self.taxonomy.concepts[i] for i in sorted(self._ids(reference))]

    def label(self, concept_id: str) -> str | None:
        if concept_id.isdigit():  # an ISCED-F code on the offer
            concept = self.taxonomy.get(f"isced-f:{concept_id}")
            return concept.label(self.lang) if concept else None
        concept = self.taxonomy.get(concept_id)
        if concept is None:
            found = self._concepts(concept_id)
            concept = found[0] if found else None
        return concept.label(self.lang) if concept else None

    def groups(self, concept_id: str) -> list[str]:
        if concept_id not in self._groups:
            self._groups[concept_id] = self._nearest_groups(concept_id)
        return self._groups[concept_id]

    def _nearest_groups(self, concept_id: str) -> list[str]:
        start = self.taxonomy.get(concept_id)
        if start is None:
            return []
        found: set[str] = set()
        seen: set[str] = set()
        stack = list(start.broader)
        while stack:
            current = stack.pop()
            if current in seen or current not in self.taxonomy.concepts:
                continue
            seen.add(current)
            concept = self.taxonomy.concepts[current]
            if concept.type == "group":
                found.add(current)  # the nearest group: do not climb past it
            else:
                stack.extend(concept.broader)
        return sorted(found)

    def is_occupation(self, concept_id: str) -> bool:
        if concept_id not in self._occupation:
            concepts = self._concepts(concept_id)
            self._occupation[concept_id] = (
                any(c.type == "occupation" for c in concepts)
                if concepts
                else concept_id.startswith(ESCO_OCCUPATION_PREFIX)
            )
        return self._occupation[concept_id]

    def essential_skills(self, occupation_id: str) -> frozenset[str] | None:
        skills = {s for c in self._concepts(occupation_id) for s in c.essential}
        return frozenset(skills) if skills else None

    def resolve_occupation(self, reference: str) -> list[str]:
        reference = reference.strip()
        if reference.upper().startswith(COMPETENT_OCCUPATION_PREFIX):
            own = self._by_competent.get(reference.upper(), set())
            return sorted(own)
        return [reference]

    def skill_matches(self, skill: str) -> frozenset[str]:
        matches: set[str] = {skill}
        for start in self._ids(skill) or {skill}:
            for concept_id in self.taxonomy.narrower_closure(start):
                matches.add(concept_id)
                matches |= self.taxonomy.equivalents.get(concept_id, set())
                concept = self.taxonomy.concepts.get(concept_id)
                for uri in (self.taxonomy.uri(concept_id), concept and concept.esco_uri):
                    if uri:  # the URI a source may give, and its compact id
                        matches.add(uri)
                        if uri.startswith(ESCO_BASE):
                            matches.add("esco:" + uri.removeprefix(ESCO_BASE))
        return frozenset(matches)


def load_vocabulary(settings: Settings) -> Vocabulary:
    """The vocabulary for the reports: the project's taxonomy (the Flemish layer, the bundled or
    imported ESCO with ISCED-F and the Competent crosswalk), loaded once per process."""
    return TaxonomyVocabulary(load_taxonomy(settings))
