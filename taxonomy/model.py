"""The concept model shared by every scheme (ESCO, ISCED-F and the Flemish layer).

A concept is deliberately a plain slotted dataclass: the full ESCO import holds ~17,000 of
them in memory, and the tagger reads their labels in a tight loop.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

ESCO_BASE = "http://data.europa.eu/esco/"


class Scheme(StrEnum):
    ESCO = "esco"
    ISCED_F = "isced-f"
    FLEMISH = "flemish"


class ConceptType(StrEnum):
    SKILL = "skill"
    KNOWLEDGE = "knowledge"
    OCCUPATION = "occupation"
    FIELD_OF_EDUCATION = "field_of_education"
    GROUP = "group"  # ESCO skill groups, ISCO groups, the Flemish layer's sectors


class LabelKind(StrEnum):
    PREFERRED = "preferred"
    ALTERNATIVE = "alternative"
    HIDDEN = "hidden"
    ABBREVIATION = "abbreviation"


@dataclass(slots=True)
class Concept:
    """One concept. ``id`` is compact (``esco:skill/<uuid>``, ``isced-f:0713``, ``vl:vca``);
    ``uri`` is the scheme's own URI when it has one."""

    id: str
    scheme: str
    type: str
    uri: str | None = None
    code: str | None = None  # ISCO code, ISCED-F code, ESCO occupation code
    preferred: dict[str, str] = field(default_factory=dict)  # lang -> label
    alternative: dict[str, list[str]] = field(default_factory=dict)
    hidden: dict[str, list[str]] = field(default_factory=dict)
    abbreviations: list[str] = field(default_factory=list)
    description: dict[str, str] = field(default_factory=dict)
    broader: list[str] = field(default_factory=list)
    narrower: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    essential: list[str] = field(default_factory=list)  # occupation -> essential skills
    optional: list[str] = field(default_factory=list)  # occupation -> optional skills
    isced: list[str] = field(default_factory=list)  # ISCED-F codes of the concept
    esco_uri: str | None = None  # cross-reference (the Flemish layer)
    competent: list[str] = field(default_factory=list)  # VDAB Competent codes
    skill_type: str | None = None
    collections: list[str] = field(default_factory=list)  # ESCO: digital, green, language …

    def label(self, lang: str = "nl") -> str:
        """The preferred label in ``lang``, else in Dutch, English, French, else the id."""
        for candidate in (lang, "nl", "en", "fr"):
            if candidate in self.preferred:
                return self.preferred[candidate]
        return self.id

    def labels(self) -> list[tuple[str, str, LabelKind]]:
        """Every label as (lang, text, kind); abbreviations carry the language ``""``."""
        out: list[tuple[str, str, LabelKind]] = []
        for lang, text in self.preferred.items():
            out.append((lang, text, LabelKind.PREFERRED))
        for lang, texts in self.alternative.items():
            out.extend((lang, t, LabelKind.ALTERNATIVE) for t in texts)
        for lang, texts in self.hidden.items():
            out.extend((lang, t, LabelKind.HIDDEN) for t in texts)
        out.extend(("", t, LabelKind.ABBREVIATION) for t in self.abbreviations)
        return out

    def add_label(self, lang: str, text: str, kind: LabelKind) -> None:
        """Add a label unless the concept already has it (preferred is set once)."""
        text = " ".join(text.split())
        if not text:
            return
        if kind == LabelKind.PREFERRED and lang not in self.preferred:
            self.preferred[lang] = text
            return
        if kind == LabelKind.ABBREVIATION:
            if text not in self.abbreviations:
                self.abbreviations.append(text)
            return
        if text == self.preferred.get(lang):
            return
        bucket = self.hidden if kind == LabelKind.HIDDEN else self.alternative
        values = bucket.setdefault(lang, [])
        if text not in values:
            values.append(text)

    def to_dict(self) -> dict[str, Any]:
        """A compact dict (empty fields left out) for storage and the API."""
        return {k: v for k, v in asdict(self).items() if v not in (None, [], {}, "")}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Concept:
        return cls(**data)


def uri_to_id(uri: str) -> str:
    """``http://data.europa.eu/esco/skill/<uuid>`` → ``esco:skill/<uuid>``; ESCO's ISCED-F
    skill groups (``…/esco/isced-f/07``) become the ISCED-F concepts ``isced-f:07``."""
    uri = uri.strip()
    if uri.startswith(ESCO_BASE):
        path = uri[len(ESCO_BASE) :]
        if path.startswith("isced-f/"):
            return "isced-f:" + path[len("isced-f/") :]
        return "esco:" + path
    return uri


def id_to_uri(concept_id: str) -> str | None:
    if concept_id.startswith("esco:"):
        return ESCO_BASE + concept_id[len("esco:") :]
    if concept_id.startswith("isced-f:"):
        return ESCO_BASE + "isced-f/" + concept_id[len("isced-f:") :]
    return None
