"""The shape every report returns: named tables of flat rows, written as JSON or CSV.

A report is a few tables (a detailed one first, summaries for the charts after it). Cells are
``str``, ``int``, ``float`` or ``None`` only, so that the CSV of a table and its JSON carry the
same values: CSV writes ``None`` as an empty cell and numbers as Python's ``str``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

Cell = str | int | float | None

# Dutch first, then French and English (user-facing titles).
Title = dict[str, str]


@dataclass
class Table:
    name: str
    title: Title
    columns: list[str]
    rows: list[dict[str, Cell]] = field(default_factory=list)

    def add(self, **row: Cell) -> None:
        missing = set(self.columns) ^ set(row)
        if missing:
            raise ValueError(f"table {self.name}: row does not match columns ({sorted(missing)})")
        self.rows.append(row)

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "columns": self.columns, "rows": self.rows}

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow([csv_cell(row[c]) for c in self.columns])
        return out.getvalue()


@dataclass
class Report:
    name: str
    title: Title
    parameters: Mapping[str, Cell | list[str]]
    tables: list[Table]
    notes: list[str] = field(default_factory=list)

    def table(self, name: str | None = None) -> Table:
        """The named table, or the report's first (main) table."""
        if name is None:
            return self.tables[0]
        for table in self.tables:
            if table.name == name:
                return table
        known = ", ".join(t.name for t in self.tables)
        raise KeyError(f"report {self.name!r} has no table {name!r} (tables: {known})")

    def to_dict(self) -> dict[str, Any]:
        return {
            "report": self.name,
            "title": self.title,
            "parameters": self.parameters,
            "notes": self.notes,
            "tables": {t.name: t.to_dict() for t in self.tables},
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


def share(part: int, whole: int) -> float | None:
    """``part / whole`` rounded to four decimals; ``None`` when there is nothing to divide."""
    return round(part / whole, 4) if whole else None


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Cell) -> str:
    """A cell as the CSV writes it (and as it reads back): ``None`` empty, numbers as Python
    writes them, text that a spreadsheet would run as a formula behind an apostrophe (CSV
    injection: titles are crawled text)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    return str(value)
