"""ESCO v1.2 importer for the official CSV export (one file per concept type and language).

``skills_nl.csv``, ``skills_fr.csv``, ``skills_en.csv`` … are merged by concept URI; the
hierarchy and relation files are language-independent (``*_en.csv``). Files the release
does not contain (the full ``skills_*`` in the shared sample, ``occupationSkillRelations``)
are simply absent; a file for a language other than nl/fr/en is reported and skipped.

A *supplement* directory of an older release (``esco-v1.1.1/``: ``skills_en.csv`` and
``occupationSkillRelations.csv``) fills what the main release lacks: English labels of
skills that have none, and the occupation–skill relations whose both ends still exist.
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
COLLECTION_FILE = re.compile(r"^([A-Za-z]+)Collection_([A-Za-z]{2,3})\.csv$")
RELATION_FILES = ("occupationSkillRelations_en.csv", "occupationSkillRelations.csv")
RELEASE = re.compile(r"v(\d+\.\d+(?:\.\d+)?)")
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

    def __init__(
        self, directory: Path, report: ImportReport, supplement: Path | None = None
    ) -> None:
        self.directory = Path(directory)
        self.report = report
        self.supplement = Path(supplement) if supplement else None
        self.concepts: dict[str, Concept] = {}
        self.releases: dict[str, str] = {}

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
        self._read_collections()
        self._read_broader("broaderRelationsSkillPillar_en.csv")
        self._read_broader("broaderRelationsOccPillar_en.csv")
        self._read_skill_relations()
        release = release_of(self.directory)
        self.releases["esco_release"] = release
        for name in RELATION_FILES:
            if (self.directory / name).exists():
                self._read_occupation_skills(self.directory / name, create=True)
                self.releases["esco_relations_release"] = release
                break
        self._read_iscedf_categories()
        if self.supplement is not None:
            self._read_supplement(self.supplement)
        labelled = sum(1 for c in self.concepts.values() if "en" in c.preferred)
        self.releases.setdefault("esco_labels_en_release", release)
        self.report.counts["labels/en-concepts"] = labelled
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
            self._add_row_labels(concept, lang, row)
            self.report.counts[f"labels/{lang}"] += 1

    def _read_collections(self) -> None:
        """The collections (digital, green, language, transversal, research …): membership,
        and labels in their language where the concept has none yet (the French collection
        files name 2,334 skills the partial skills files do not label in French)."""
        for path in sorted(self.directory.glob("*Collection_*.csv")):
            match = COLLECTION_FILE.match(path.name)
            if not match or match.group(2) not in LANGUAGES:
                continue
            raw, lang = match.groups()
            # digitalSkills -> digital, digCompSkills -> digcomp, researchOccupations ->
            # research-occupations
            name = raw.removesuffix("Skills").replace("Occupations", "-occupations").lower()
            for line, row in read_rows(path, ("conceptUri", "preferredLabel"), self.report):
                uri = row["conceptUri"].strip()
                if not self._valid_uri(path, line, uri):
                    continue
                type_ = _TYPES.get(row.get("conceptType", "").strip(), ConceptType.SKILL)
                concept = self._concept(uri, type_)
                self._skill_type(concept, row)
                if name not in concept.collections:
                    concept.collections.append(name)
                if lang not in concept.preferred:
                    self._add_row_labels(concept, lang, row)
                    self.report.counts[f"collection-labels/{lang}"] += 1

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

    def _read_supplement(self, directory: Path) -> None:
        """English labels for skills without one, and the occupation–skill relations, from
        an older release; concepts the main release lacks are counted and skipped."""
        if not directory.is_dir():
            raise TaxonomyImportError(f"{directory}: not a directory (ESCO supplement)")
        release = release_of(directory)
        labels = directory / "skills_en.csv"
        if labels.exists():
            added = 0
            for _line, row in read_rows(labels, ("conceptUri", "preferredLabel"), self.report):
                cid = uri_to_id(row["conceptUri"])
                concept = self.concepts.get(cid)
                if concept is None:
                    self.report.counts["supplement/skills-not-in-release"] += 1
                    continue
                self._skill_type(concept, row)
                if "en" in concept.preferred:
                    continue
                self._add_row_labels(concept, "en", row)
                added += 1
            self.report.counts["supplement/labels-en"] = added
            main = self.releases.get("esco_release", "unknown")
            self.releases["esco_labels_en_release"] = f"{main}; {release} for {added} skills"
        for name in RELATION_FILES:
            if (directory / name).exists() and "esco_relations_release" not in self.releases:
                self._read_occupation_skills(directory / name, create=False)
                self.releases["esco_relations_release"] = release
                break

    @staticmethod
    def _skill_type(concept: Concept, row: dict[str, str]) -> None:
        """A skill row's type: 'knowledge' makes the concept a knowledge concept."""
        kind = row.get("skillType", "").strip()
        if not kind or concept.type not in (ConceptType.SKILL, ConceptType.KNOWLEDGE):
            return
        concept.skill_type = concept.skill_type or kind
        if kind == "knowledge":
            concept.type = ConceptType.KNOWLEDGE

    def _add_row_labels(self, concept: Concept, lang: str, row: dict[str, str]) -> None:
        concept.add_label(lang, row["preferredLabel"], LabelKind.PREFERRED)
        for label in split_labels(row.get("altLabels", "")):
            concept.add_label(lang, label, LabelKind.ALTERNATIVE)
        for label in split_labels(row.get("hiddenLabels", "")):
            concept.add_label(lang, label, LabelKind.HIDDEN)
        description = " ".join(row.get("description", "").split())
        if description and lang not in concept.description:
            concept.description[lang] = description[:MAX_DESCRIPTION]

    def _read_occupation_skills(self, path: Path, create: bool) -> None:
        """Essential and optional skills of occupations. With ``create`` false (a supplement
        of another release) a relation whose occupation or skill is unknown is skipped."""
        required = ("occupationUri", "relationType", "skillUri")
        for line, row in read_rows(path, required, self.report):
            occupation, skill = row["occupationUri"].strip(), row["skillUri"].strip()
            if not (self._valid_uri(path, line, occupation) and self._valid_uri(path, line, skill)):
                continue
            if not create:
                gone = [u for u in (occupation, skill) if uri_to_id(u) not in self.concepts]
                if gone:
                    for uri in gone:
                        self.report.missing.add(uri)
                    self.report.counts["relations/skipped-not-in-release"] += 1
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


def release_of(directory: Path) -> str:
    """The ESCO release a directory holds, from its name or its parent's ('esco-v1.1.1',
    'ESCO dataset - v1.2.0 - classification - en - csv'), else 'unknown'."""
    for part in (directory.name, directory.parent.name):
        match = RELEASE.search(part)
        if match:
            return "v" + match.group(1)
    return "unknown"


def import_esco(
    directory: Path,
    report: ImportReport,
    supplement: Path | None = None,
    release: str | None = None,
) -> tuple[dict[str, Concept], dict[str, str]]:
    """The concepts of an export directory and the release of each piece (meta keys)."""
    importer = EscoImporter(directory, report, supplement)
    concepts = importer.run()
    releases = importer.releases
    if release:
        releases = {k: v.replace("unknown", release) for k, v in releases.items()}
    return concepts, releases
