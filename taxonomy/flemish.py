"""The Flemish layer bundled with the project (``taxonomy/data/flemish.yaml``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from core.analysis import LANGUAGES
from taxonomy.model import Concept, ConceptType, LabelKind, Scheme, uri_to_id

FLEMISH_PATH = Path(__file__).with_name("data") / "flemish.yaml"
PREFIX = "vl:"


class FlemishLayerError(ValueError):
    """The bundled layer is inconsistent (a broken reference, a missing label)."""


def load_flemish(path: Path = FLEMISH_PATH) -> list[Concept]:
    entries: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    concepts: list[Concept] = []
    for entry in entries:
        concept = Concept(
            id=PREFIX + entry["id"],
            scheme=Scheme.FLEMISH,
            type=ConceptType(entry.get("type", "skill")),
            isced=[str(entry["isced"])] if entry.get("isced") else [],
            esco_uri=entry.get("esco"),
            broader=[PREFIX + b for b in entry.get("broader", [])],
            essential=[PREFIX + e for e in entry.get("essential", [])],
            competent=list(entry.get("competent", [])),
            # a skill's ESCO occupations (the occupation index reads them as essential)
            related=[uri_to_id(u) for u in entry.get("occupations", [])],
        )
        for lang in LANGUAGES:
            labels = [str(label) for label in entry.get(lang, [])]
            if not labels:
                raise FlemishLayerError(f"{concept.id} has no {lang} label")
            concept.add_label(lang, labels[0], LabelKind.PREFERRED)
            for label in labels[1:]:
                concept.add_label(lang, label, LabelKind.ALTERNATIVE)
        for label in entry.get("hidden", []):
            concept.add_label("nl", str(label), LabelKind.HIDDEN)
        for abbr in entry.get("abbr", []):
            concept.add_label("", str(abbr), LabelKind.ABBREVIATION)
        concepts.append(concept)
    ids = {c.id for c in concepts}
    for c in concepts:
        for ref in (*c.broader, *c.essential):
            if ref not in ids:
                raise FlemishLayerError(f"{c.id} refers to unknown concept {ref}")
    return concepts
