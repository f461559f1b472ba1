"""ESCO v1.2 importer for the official CSV export (one file per concept type and language).

``skills_nl.csv``, ``skills_fr.csv``, ``skills_en.csv`` … are merged by concept URI; the
hierarchy and relation files are language-independent (``*_en.csv``). Files the release
does not contain (the full ``skills_*`` in the shared sample, ``occupationSkillRelations``)
are simply absent; a file for a language other than nl/fr/en is reported and skipped.
"""

from __future__ import annotations

import re
from pathlib import Path

from core.analysis import LANGUAGES
from taxonomy.importing.report import ImportReport, TaxonomyImportError, read_rows
from taxonomy.model import (
    ESCO_BASE,
    Concept,
    ConceptType,
    LabelKind,
    Scheme,
    uri_to_id,
)

LABEL_FILE = re.compile(r"^(skills|occupations|ISCOGroups|skillGroups)_([A-Za-z]{2,3})\.csv$")
MAX_DESCRIPTION = 1000

_TYPES = {
    "KnowledgeSkillCompetence": ConceptType.SKILL,
    "SkillGroup": ConceptType.GROUP,
    "Occupation": ConceptType.OCCUPATION,
    "ISCOGroup": ConceptType.GROUP,
}


def split_labels(value: str) -> list[str]:
    """ESCO separates alternative labels by newlines (the collections use ' | ')."""
    value = value.strip()
    if not value:
        return []
    parts = value.split("\n") if "\n" in value else value.split(" | ")
    return [p.strip() for p in parts if p.strip()]


class EscoImporter:
    """Builds ESCO concepts (and ESCO's ISCED-F skill groups) from an export directory."""

    def __init__(self, directory: Path, report: ImportReport) -> None:
        self.directory = Path(directory)
        self.report = report
        self.concepts: dict[str, Concept] = {}

    def run(self) -> dict[str, Concept]:
        if not self.directory.is_dir():
            raise TaxonomyImportError(f"{self.directory}: not a directory")
        label_files = []
        for path in sorted(self.directory.glob("*.csv")):
            match = LABEL_FILE.match(path.name)
            if not match:
                continue
            kind, lang = match.groups()
            if lang not in LANGUAGES:
                self.report.problem(
                    path,
                    None,
                    f"unknown language {lang!r} (known: {', '.join(LANGUAGES)}); file skipped",
                )
                continue
            label_files.append((kind, lang, path))
        if not any(kind in ("skills", "occupations") for kind, _, _ in label_files):
            raise TaxonomyImportError(
                f"{self.directory}: no skills_*.csv or occupations_*.csv for nl, fr or en"
            )
        for kind, lang, path in label_files:
            self._read_labels(kind, lang, path)
        self._read_broader("broaderRelationsSkillPillar_en.csv")
        self._read_broader("broaderRelationsOccPillar_en.csv")
        self._read_skill_relations()
        self._read_occupation_skills()
        self._read_iscedf_categories()
        for concept in self.concepts.values():
            self.report.counts[f"{concept.scheme}/{concept.type}"] += 1
        return self.concepts

    # ---- helpers
    def _concept(self, uri: str, type_: ConceptType) -> Concept:
        cid = uri_to_id(uri)
        concept = self.concepts.get(cid)
        if concept is None:
            is_iscedf = cid.startswith("isced-f:")
            concept = Concept(
                id=cid,
                scheme=Scheme.ISCED_F if is_iscedf else Scheme.ESCO,
                type=ConceptType.FIELD_OF_EDUCATION if is_iscedf else type_,
                uri=uri,
                code=cid.split(":", 1)[1] if is_iscedf else None,
            )
            self.concepts[cid] = concept
        return concept

    def _valid_uri(self, path: Path, line: int, uri: str) -> bool:
        if uri.startswith(ESCO_BASE) and " " not in uri.strip():
            return True
        self.report.problem(path, line, f"not an ESCO URI: {uri[:80]!r}; skipped")
        return False

    def _read_labels(self, kind: str, lang: str, path: Path) -> None:
        for line, row in read_rows(path, ("conceptUri", "preferredLabel"), self.report):
            uri = row["conceptUri"].strip()
            if not self._valid_uri(path, line, uri):
                continue
            type_ = _TYPES.get(row.get("conceptType", "").strip(), ConceptType.SKILL)
            if row.get("skillType", "").strip() == "knowledge":
                type_ = ConceptType.KNOWLEDGE
            concept = self._concept(uri, type_)
            if concept.type == ConceptType.SKILL and type_ == ConceptType.KNOWLEDGE:
                concept.type = ConceptType.KNOWLEDGE
            if row.get("skillType"):
                concept.skill_type = row["skillType"].strip()
            code = row.get("code", "").strip()
            if code and concept.scheme == Scheme.ESCO:
                concept.code = code
            concept.add_label(lang, row["preferredLabel"], LabelKind.PREFERRED)
            for label in split_labels(row.get("altLabels", "")):
                concept.add_label(lang, label, LabelKind.ALTERNATIVE)
            for label in split_labels(row.get("hiddenLabels", "")):
                concept.add_label(lang, label, LabelKind.HIDDEN)
            description = " ".join(row.get("description", "").split())
            if description and lang not in concept.description:
                concept.description[lang] = description[:MAX_DESCRIPTION]
            self.report.counts[f"labels/{lang}"] += 1

    def _read_broader(self, name: str) -> None:
        path = self.directory / name
        if not path.exists():
            return
        for line, row in read_rows(path, ("conceptUri", "broaderUri"), self.report):
            uri, broader = row["conceptUri"].strip(), row["broaderUri"].strip()
            if not (self._valid_uri(path, line, uri) and self._valid_uri(path, line, broader)):
                continue
            child = self._concept(uri, _TYPES.get(row.get("conceptType", ""), ConceptType.SKILL))
            parent = self._concept(
                broader, _TYPES.get(row.get("broaderType", ""), ConceptType.GROUP)
            )
            if parent.id not in child.broader:
                child.broader.append(parent.id)
            self.report.counts["relations/broader"] += 1

    def _read_skill_relations(self) -> None:
        path = self.directory / "skillSkillRelations_en.csv"
        if not path.exists():
            return
        for line, row in read_rows(path, ("originalSkillUri", "relatedSkillUri"), self.report):
            a, b = row["originalSkillUri"].strip(), row["relatedSkillUri"].strip()
            if not (self._valid_uri(path, line, a) and self._valid_uri(path, line, b)):
                continue
            concept = self._concept(a, ConceptType.SKILL)
            target = uri_to_id(b)
            self._concept(b, ConceptType.SKILL)
            if target not in concept.related:
                concept.related.append(target)
            self.report.counts["relations/related"] += 1

    def _read_occupation_skills(self) -> None:
        path = self.directory / "occupationSkillRelations_en.csv"
        if not path.exists():
            return
        required = ("occupationUri", "relationType", "skillUri")
        for line, row in read_rows(path, required, self.report):
            occupation, skill = row["occupationUri"].strip(), row["skillUri"].strip()
            if not (self._valid_uri(path, line, occupation) and self._valid_uri(path, line, skill)):
                continue
            concept = self._concept(occupation, ConceptType.OCCUPATION)
            self._concept(skill, ConceptType.SKILL)
            target = uri_to_id(skill)
            relation = row["relationType"].strip().lower()
            bucket = concept.essential if relation == "essential" else concept.optional
            if target not in bucket:
                bucket.append(target)
            self.report.counts[f"relations/{relation or 'optional'}"] += 1

    def _read_iscedf_categories(self) -> None:
        path = self.directory / "skills_en_iscedf_category.csv"
        if not path.exists():
            return
        for line, row in read_rows(path, ("conceptUri", "iscedfUri"), self.report):
            uri, field = row["conceptUri"].strip(), row["iscedfUri"].strip()
            if not (self._valid_uri(path, line, uri) and self._valid_uri(path, line, field)):
                continue
            target = uri_to_id(field)
            if not target.startswith("isced-f:"):
                # the category is an ESCO skill group, not a field: the hierarchy has it
                self.report.counts["iscedf-category/skill-group"] += 1
                continue
            code = target.split(":", 1)[1]
            if not code.isdigit():
                self.report.problem(path, line, f"not an ISCED-F code: {field!r}; skipped")
                continue
            concept = self._concept(uri, ConceptType.SKILL)
            if code not in concept.isced:
                concept.isced.append(code)


def import_esco(directory: Path, report: ImportReport) -> dict[str, Concept]:
    return EscoImporter(directory, report).run()
