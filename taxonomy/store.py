"""The imported taxonomy on disk: one SQLite file (``{data_dir}/taxonomy.sqlite3``).

Writes are atomic: the new store is built in a temporary file beside the old one and renamed
over it only when complete, so a failed import leaves the previous store untouched.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterable
from pathlib import Path

from taxonomy.importing.vdab import CrosswalkRow
from taxonomy.model import Concept, LabelKind

SCHEMA = """
CREATE TABLE concepts (id TEXT PRIMARY KEY, scheme TEXT NOT NULL, type TEXT NOT NULL,
                       data TEXT NOT NULL);
CREATE TABLE crosswalk (concept_id TEXT NOT NULL, code TEXT NOT NULL, relation TEXT NOT NULL,
                        label_nl TEXT NOT NULL, label_fr TEXT NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
FORMAT_VERSION = "1"


def write_store(
    path: Path,
    concepts: Iterable[Concept],
    crosswalk: Iterable[CrosswalkRow],
    meta: dict[str, str],
) -> None:
    """Write a complete store to a temporary file, then atomically replace ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        con = sqlite3.connect(tmp)
        try:
            con.executescript(SCHEMA)
            con.executemany(
                "INSERT INTO concepts VALUES (?, ?, ?, ?)",
                (
                    (c.id, c.scheme, c.type, json.dumps(c.to_dict(), ensure_ascii=False))
                    for c in sorted(concepts, key=lambda c: c.id)
                ),
            )
            con.executemany(
                "INSERT INTO crosswalk VALUES (?, ?, ?, ?, ?)",
                (
                    (r.concept_id, r.code, r.relation, r.label_nl, r.label_fr)
                    for r in sorted(crosswalk, key=lambda r: (r.concept_id, r.code, r.relation))
                ),
            )
            con.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                sorted({**meta, "format_version": FORMAT_VERSION}.items()),
            )
            con.commit()
        finally:
            con.close()
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def read_crosswalk(path: Path) -> list[CrosswalkRow]:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return [CrosswalkRow(*row) for row in con.execute("SELECT * FROM crosswalk")]
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: unreadable taxonomy store: {exc}") from exc


class StoreError(Exception):
    """The store file is not a taxonomy store this version can read."""


def read_meta(path: Path) -> dict[str, str]:
    """The import metadata alone (origin, releases, when), without the concepts."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return dict(con.execute("SELECT key, value FROM meta"))
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: unreadable taxonomy store: {exc}") from exc


def read_store(path: Path, crosswalk: bool = True) -> tuple[list[Concept], dict[str, str]]:
    """The stored concepts (with the VDAB crosswalk applied unless ``crosswalk`` is false)
    and the import metadata. Raises ``StoreError`` for a damaged or foreign file."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            meta = dict(con.execute("SELECT key, value FROM meta"))
            if meta.get("format_version") != FORMAT_VERSION:
                raise StoreError(
                    f"{path}: format {meta.get('format_version')!r}, expected "
                    f"{FORMAT_VERSION!r}; run `leeraanbod taxonomy import` again"
                )
            concepts = {
                cid: Concept.from_dict(json.loads(data))
                for cid, data in con.execute("SELECT id, data FROM concepts")
            }
            rows = [CrosswalkRow(*row) for row in con.execute("SELECT * FROM crosswalk")]
        finally:
            con.close()
    except (sqlite3.Error, ValueError, TypeError) as exc:
        raise StoreError(f"{path}: unreadable taxonomy store: {exc}") from exc
    if crosswalk:
        apply_crosswalk(concepts, rows)
    return list(concepts.values()), meta


def apply_crosswalk(concepts: dict[str, Concept], rows: Iterable[CrosswalkRow]) -> None:
    """Exact and close matches give the ESCO concept its Competent code and labels."""
    for row in rows:
        concept = concepts.get(row.concept_id)
        if concept is None or row.relation not in ("exactMatch", "closeMatch"):
            continue
        if row.code not in concept.competent:
            concept.competent.append(row.code)
        kind = LabelKind.ALTERNATIVE if row.relation == "exactMatch" else LabelKind.HIDDEN
        if row.label_nl:
            concept.add_label("nl", row.label_nl, kind)
        if row.label_fr:
            concept.add_label("fr", row.label_fr, kind)
