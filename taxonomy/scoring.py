"""The tagger's weights and scoring rules, in one place (see docs/taxonomy.md)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol, TypeVar

from core.analysis import words
from taxonomy.model import LabelKind

KIND_WEIGHT = {
    LabelKind.PREFERRED: 1.0,
    LabelKind.ALTERNATIVE: 0.9,
    LabelKind.ABBREVIATION: 0.9,
    LabelKind.HIDDEN: 0.7,
}
FIELD_WEIGHT = {"title": 0.9, "description": 0.5, "query": 1.0}
INCIDENTAL_FACTOR = 0.2  # a mention in 'voorkennis: ...' or 'geen ... vereist'
PART_FACTOR = 0.85  # matched a part of a split compound
GROUP_FACTOR = 0.4  # broad groups (sectors, ESCO skill groups) say little on their own
AMBIGUITY_STEP = 0.3  # per extra concept sharing the same label
EQUIVALENT_FACTOR = 0.95  # Flemish concept <-> the ESCO concept it names
OCCUPATION_LIFT = 0.8  # occupation score → its essential skills
MIN_SCORE = 0.25
CONTAINMENT_RATIO = 0.8  # a longer match hides a contained one at least this strong
GENERIC_DF = 25  # a one-word imported label whose word is in more concepts is too generic
UNCURATED_SINGLE_WORD = 0.5  # one-word alternative/hidden labels of imported schemes
MAX_CONCEPTS = 30
FALLBACK_FIELD = "9999"  # ISCED-F 2013 'field unknown' when no concept carries a field
MAX_FIELDS = 3
SHORT_ABBREVIATION = 5  # upper-case labels up to this many characters match case-sensitively

INCIDENTAL_TRIGGERS = frozenset(
    [
        "voorkennis",
        "vereist",
        "vereiste",
        "vereisten",
        "voorwaarde",
        "voorwaarden",
        "toelatingsvoorwaarde",
        "toelatingsvoorwaarden",
        "toelatingsvereisten",
        "instapvereisten",
        "verondersteld",
        "nodig",
        "prerequisite",
        "prerequisites",
        "required",
        "requirements",
        "requirement",
        "prior",
        "prerequis",
        "prealable",
        "prealables",
        "requis",
        "necessaire",
        # what comes after the course, not in it
        "doorstromen",
        "doorstroom",
        "vervolgopleiding",
        "vervolgcursus",
    ]
)
# 'Doelgroep: magazijnmedewerkers', 'Taal: Nederlands', 'Prijs: 350 euro excl. btw'
_INCIDENTAL_HEADING = re.compile(
    r"\b(doelgroep|taal|voertaal|lestaal|prijs|kostprijs|language|target group|price|langue"
    r"|public cible|prix)\s*:",
    re.IGNORECASE,
)
# 'voor niet-elektriciens', 'non-soudeurs': the word names who the course is not for
NEGATED_PREFIX = re.compile(r"\b(?:niet|non|geen)-$", re.IGNORECASE)
# a clause ends at ! ? ; a newline, or a full stop before a capital ('excl. btw' goes on)
_CLAUSE_END = re.compile(r"[!?;\n]+|\.+(?=\s+[A-ZÀ-Þ0-9]|\s*$)")


class Spanned(Protocol):
    """A match with a span and a weight (the tagger's ``Hit``)."""

    start: int
    end: int
    weight: float


S = TypeVar("S", bound=Spanned)


def noisy_or(weights: Iterable[float]) -> float:
    remaining = 1.0
    for w in weights:
        remaining *= 1.0 - min(w, 0.999)
    return 1.0 - remaining


def incidental_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of clauses that only mention prerequisites ('Voorkennis: Excel')."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in [*_CLAUSE_END.finditer(text), None]:
        stop = match.start() if match else len(text)
        clause = text[start:stop]
        if _INCIDENTAL_HEADING.search(clause) or any(
            w in INCIDENTAL_TRIGGERS for w, _, _ in words(clause)
        ):
            spans.append((start, stop))
        if match:
            start = match.end()
    return spans


def drop_contained(hits: list[S]) -> list[S]:
    """Drop a hit whose span lies strictly inside the span of a comparably strong hit
    ('VCA' inside 'VCA VOL'); a weak long match (a hidden ESCO label) does not swallow a
    strong short one."""
    strongest: dict[tuple[int, int], float] = {}
    for h in hits:
        key = (h.start, h.end)
        strongest[key] = max(strongest.get(key, 0.0), h.weight)
    kept = []
    for hit in hits:
        inside = any(
            a <= hit.start
            and hit.end <= b
            and (b - a) > (hit.end - hit.start)
            and weight >= CONTAINMENT_RATIO * hit.weight
            for (a, b), weight in strongest.items()
        )
        if not inside:
            kept.append(hit)
    return kept
