"""The shortage-occupation list a gaps report is computed against (format in docs/reports.md).

A UTF-8 CSV with a header row. Columns: ``occupation`` (an ESCO occupation URI or a VDAB
Competent occupation code ``OP-…``; ``uri`` or ``code`` are accepted as its name), optional
``weight`` (a number ≥ 0, default 1) and optional ``label``. Lines starting with ``#`` are
comments. A malformed row is reported with its line number and skipped; the others are kept.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from pathlib import Path

from reports.vocabulary import (
    COMPETENT_OCCUPATION_PREFIX,
    ESCO_OCCUPATION_PREFIX,
    Vocabulary,
)

OCCUPATION_COLUMNS = ("occupation", "uri", "code")
EXAMPLE = Path(__file__).with_name("data") / "shortage_example.csv"


@dataclass(frozen=True)
class ShortageEntry:
    reference: str  # as written in the list
    occupations: tuple[str, ...]  # the ESCO occupation URIs it stands for
    weight: float = 1.0
    label: str | None = None


@dataclass
class ShortageList:
    entries: list[ShortageEntry] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "line N: why", one per skipped row


class ShortageListError(ValueError):
    """The list as a whole is unusable (no occupation column, or not one usable row)."""


def parse_shortage_list(text: str, vocabulary: Vocabulary) -> ShortageList:
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    # keep line numbers of the original file for the messages
    numbers = [
        i for i, line in enumerate(text.splitlines(), 1) if not line.lstrip().startswith("#")
    ]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    header = [h.strip().casefold() for h in reader.fieldnames or []]
    reader.fieldnames = header
    column = next((c for c in OCCUPATION_COLUMNS if c in header), None)
    if column is None:
        raise ShortageListError(
            f"the shortage list needs a column named {' or '.join(OCCUPATION_COLUMNS)};"
            f" found: {', '.join(header) or 'no header'}"
        )
    result = ShortageList()
    for row in reader:
        line = numbers[min(reader.line_num, len(numbers)) - 1]
        reference = (row.get(column) or "").strip()
        if not reference:
            result.problems.append(f"line {line}: no occupation")
            continue
        weight_text = (row.get("weight") or "").strip()
        try:
            weight = float(weight_text) if weight_text else 1.0
        except ValueError:
            result.problems.append(f"line {line}: weight {weight_text!r} is not a number")
            continue
        if not math.isfinite(weight) or weight < 0:
            result.problems.append(f"line {line}: weight must be a number ≥ 0, not {weight_text}")
            continue
        is_code = reference.upper().startswith(COMPETENT_OCCUPATION_PREFIX)
        if not is_code and not reference.startswith(ESCO_OCCUPATION_PREFIX):
            result.problems.append(
                f"line {line}: {reference!r} is neither an ESCO occupation URI"
                f" ({ESCO_OCCUPATION_PREFIX}…) nor a Competent code (OP-…)"
            )
            continue
        occupations = tuple(vocabulary.resolve_occupation(reference))
        if not occupations:
            result.problems.append(
                f"line {line}: Competent code {reference} maps to no ESCO occupation"
            )
            continue
        label = (row.get("label") or "").strip() or None
        result.entries.append(ShortageEntry(reference, occupations, weight, label))
    if not result.entries:
        why = ": " + "; ".join(result.problems) if result.problems else ""
        raise ShortageListError(f"the shortage list has no usable row{why}")
    return result


def read_shortage_list(path: Path, vocabulary: Vocabulary) -> ShortageList:
    return parse_shortage_list(path.read_text(encoding="utf-8-sig"), vocabulary)
