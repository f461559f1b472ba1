"""VDAB Competent ↔ ESCO crosswalks (Nalantis for VDAB): competences and occupations.

A crosswalk row attaches a Competent code to an ESCO concept; exact and close matches also
lend their Dutch and French Competent labels to the ESCO concept (as alternative and hidden
labels), which gives ESCO skills without a Dutch label in the partial export a Dutch name.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from taxonomy.importing.report import ImportReport, TaxonomyImportError, read_rows
from taxonomy.model import ESCO_BASE, uri_to_id

COMPETENCE_FILE = "escocompetencemappingfinalreport-fr-nl-45-v3.8.csv"
OCCUPATION_FILE = "bel_nl_crosswalk.json"
METADATA_LINES = 16
RELATIONS = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")


@dataclass(frozen=True, slots=True)
class CrosswalkRow:
    concept_id: str  # the ESCO concept
    code: str  # the Competent code (KN-10, OP-1)
    relation: str  # SKOS match type without prefix
    label_nl: str = ""
    label_fr: str = ""


def _relation(value: str) -> str | None:
    value = value.strip().removeprefix("skos:")
    return value if value in RELATIONS else None


def import_vdab(directory: Path, report: ImportReport) -> list[CrosswalkRow]:
    directory = Path(directory)
    if not directory.is_dir():
        raise TaxonomyImportError(f"{directory}: not a directory")
    rows: list[CrosswalkRow] = []
    competences = directory / COMPETENCE_FILE
    if competences.exists():
        required = ("Classification 1 URI", "Classification 2 ID", "Mapping Relation")
        for line, row in read_rows(competences, required, report, skip_lines=METADATA_LINES):
            uri = row.get("Classification 1 URL", "").strip() or (
                ESCO_BASE + "skill/" + row["Classification 1 URI"].strip()
            )
            relation = _relation(row["Mapping Relation"])
            if not uri.startswith(ESCO_BASE) or relation is None:
                report.problem(competences, line, "no ESCO URI or unknown match type; skipped")
                continue
            rows.append(
                CrosswalkRow(
                    uri_to_id(uri),
                    row["Classification 2 ID"].strip(),
                    relation,
                    row.get("Classification 2 PrefLabel NL", "").strip(),
                    row.get("Classification 2 PrefLabel FR", "").strip(),
                )
            )
    occupations = directory / OCCUPATION_FILE
    if occupations.exists():
        report.files.append(occupations.name)
        try:
            data = json.loads(occupations.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise TaxonomyImportError(f"{occupations.name}: unreadable JSON: {exc}") from exc
        for code, entry in sorted(data.items()):
            matches = entry.get("matches") if isinstance(entry, dict) else None
            if not isinstance(matches, dict):
                report.problem(occupations, None, f"{code}: no matches; skipped")
                continue
            for uri, relation in sorted(matches.items()):
                rel = _relation(str(relation))
                if not str(uri).startswith(ESCO_BASE) or rel is None:
                    report.problem(occupations, None, f"{code}: bad match {uri!r}; skipped")
                    continue
                rows.append(CrosswalkRow(uri_to_id(uri), code, rel, entry.get("title", "")))
    if not rows:
        raise TaxonomyImportError(f"{directory}: no VDAB crosswalk rows found")
    report.counts["crosswalk/competent"] = len(rows)
    return rows
