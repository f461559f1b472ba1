"""What an import saw: counts, and every skipped row with its file and line."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path


class TaxonomyImportError(Exception):
    """The import cannot go on (a missing column, an unreadable file); nothing is written."""


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    problems: list[Problem] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    files: list[str] = field(default_factory=list)
    missing: set[str] = field(default_factory=set)  # URIs a supplement names, the release lacks
    seconds: float = 0.0
    peak_memory_mb: float = 0.0

    def problem(self, path: Path | str, line: int | None, message: str) -> None:
        self.problems.append(Problem(Path(path).name, line, message))

    def summary(self) -> str:
        counts = ", ".join(f"{k}: {v}" for k, v in sorted(self.counts.items()))
        gone = (
            f"; {len(self.missing)} concepts of the supplement not in the release"
            if (self.missing)
            else ""
        )
        return (
            f"{len(self.files)} files, {counts}{gone}; {len(self.problems)} problems; "
            f"{self.seconds:.1f} s, peak memory {self.peak_memory_mb:.0f} MB"
        )


def read_rows(
    path: Path, required: tuple[str, ...], report: ImportReport, skip_lines: int = 0
) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a CSV file as (line number, row). A row with the wrong number of fields
    or an empty required field is reported with its line and skipped; a header without a
    required column stops the import."""
    report.files.append(path.name)
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise TaxonomyImportError(f"{path}: cannot read: {exc}") from exc
    with handle:
        for _ in range(skip_lines):
            handle.readline()
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            raise TaxonomyImportError(f"{path}: empty file, no header") from None
        except csv.Error as exc:
            raise TaxonomyImportError(f"{path}: unreadable header: {exc}") from exc
        header = [h.strip() for h in header]
        missing = [c for c in required if c not in header]
        if missing:
            raise TaxonomyImportError(
                f"{path.name}: header lacks column(s) {', '.join(missing)} (has {header})"
            )
        line = skip_lines + reader.line_num + 1  # the line the next row starts on
        while True:
            try:
                values = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                report.problem(path, line, f"unreadable row: {exc}")
                line = skip_lines + reader.line_num + 1
                continue
            row_line = line
            line = skip_lines + reader.line_num + 1
            if not values or all(not v.strip() for v in values):
                continue
            if len(values) != len(header):
                report.problem(
                    path, row_line, f"expected {len(header)} fields, found {len(values)}; skipped"
                )
                continue
            row = dict(zip(header, values, strict=True))
            empty = [c for c in required if not row[c].strip()]
            if empty:
                report.problem(path, row_line, f"empty {', '.join(empty)}; skipped")
                continue
            yield row_line, row
