"""What the reports need to know about concepts: labels, competence groups, occupations and
their essential skills, and the Competent → ESCO occupation crosswalk.

``Vocabulary`` is the small interface; ``MappingVocabulary`` holds it in dictionaries (tests
build one by hand; ``load_vocabulary`` fills one from the project's taxonomy when it is
available and otherwise from the shared reference files).
"""

from __future__ import annotations

import csv
import json
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)

ESCO_OCCUPATION_PREFIX = "http://data.europa.eu/esco/occupation/"
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
        """ESCO occupation URIs for an ESCO URI or a Competent code (``OP-…``)."""
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


def read_shared_reference(taxonomy_dir: Path) -> MappingVocabulary:
    """Labels (ISCED-F fields, ESCO occupations, Dutch) and the Competent crosswalk from the
    shared reference files; what is missing is left empty (and logged)."""
    labels: dict[str, str] = {}
    competent: dict[str, list[str]] = {}
    isced = taxonomy_dir / "isced-f" / "isced_f_2013_from_esco_en_nl.csv"
    occupations = taxonomy_dir / "esco" / "occupations_nl.csv"
    crosswalk = taxonomy_dir / "vdab" / "bel_nl_crosswalk.json"
    if isced.is_file():
        with isced.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                code = (row.get("code") or "").strip()
                label = (row.get("label_nl") or row.get("label_en") or "").strip()
                if code and label:
                    labels[code] = label
    if occupations.is_file():
        with occupations.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                labels[row["conceptUri"]] = row["preferredLabel"]
    if crosswalk.is_file():
        for code, entry in json.loads(crosswalk.read_text(encoding="utf-8")).items():
            matches = entry.get("matches", {})
            competent[code] = [uri for uri, kind in matches.items() if kind in CROSSWALK_MATCHES]
            if entry.get("title"):
                labels.setdefault(code, entry["title"])
    if not labels:
        log.warning("no reference labels found under %s", taxonomy_dir)
    return MappingVocabulary(labels=labels, competent=competent)


def load_vocabulary(settings: object) -> Vocabulary:
    """The vocabulary for the reports: the shared reference files under the taxonomy dir."""
    taxonomy_dir = Path(getattr(settings, "taxonomy_dir", "../shared/taxonomy"))
    return read_shared_reference(taxonomy_dir)
