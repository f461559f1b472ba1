"""ISCED-F 2013 fields of education (broad 2 digits / narrow 3 / detailed 4)."""

from __future__ import annotations

import re
from pathlib import Path

from core.analysis import LANGUAGES
from taxonomy.importing.report import ImportReport, TaxonomyImportError, read_rows
from taxonomy.model import Concept, ConceptType, LabelKind, Scheme

_LABEL_COLUMN = re.compile(r"^label_([A-Za-z]{2,3})$")


def iscedf_id(code: str) -> str:
    return f"isced-f:{code}"


def import_iscedf(path: Path, report: ImportReport) -> dict[str, Concept]:
    """Concepts ``isced-f:CODE`` with nl/fr/en labels from ``label_xx`` columns; a label
    column for another language is reported."""
    path = Path(path)
    if not path.is_file():
        raise TaxonomyImportError(f"{path}: no such file")
    with path.open(encoding="utf-8-sig") as handle:
        header = handle.readline().strip().split(",")
    label_columns = {}
    for column in header:
        match = _LABEL_COLUMN.match(column.strip())
        if not match:
            continue
        if match.group(1) in LANGUAGES:
            label_columns[column.strip()] = match.group(1)
        else:
            report.problem(path, 1, f"unknown language column {column.strip()!r}; ignored")
    if not label_columns:
        raise TaxonomyImportError(f"{path.name}: no label_nl, label_fr or label_en column")
    concepts: dict[str, Concept] = {}
    for line, row in read_rows(path, ("code",), report):
        code = row["code"].strip()
        if not (code.isdigit() and 2 <= len(code) <= 4):
            report.problem(path, line, f"not an ISCED-F code: {code!r}; skipped")
            continue
        concept = Concept(
            id=iscedf_id(code),
            scheme=Scheme.ISCED_F,
            type=ConceptType.FIELD_OF_EDUCATION,
            code=code,
            uri=row.get("esco_uri", "").strip() or None,
            isced=[code],
        )
        if len(code) > 2:
            concept.broader.append(iscedf_id(code[:-1]))
        for column, lang in label_columns.items():
            if row.get(column, "").strip():
                concept.add_label(lang, row[column], LabelKind.PREFERRED)
        if not concept.preferred:
            report.problem(path, line, f"ISCED-F {code} has no label; skipped")
            continue
        concepts[concept.id] = concept
    report.counts["isced-f/field_of_education"] = len(concepts)
    return concepts
