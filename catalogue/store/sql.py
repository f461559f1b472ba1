"""Small SQL helpers shared by the SQLite store's parts."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator

IN_CHUNK = 500  # ids per ``IN (…)``: well under SQLite's limit of bound parameters


def rows_in(
    conn: sqlite3.Connection, sql: str, ids: Iterable[str], *params: object
) -> Iterator[sqlite3.Row]:
    """The rows of ``sql`` (with one ``{marks}`` placeholder for ``IN ({marks})``, followed by
    ``params``) for every distinct id, asked ``IN_CHUNK`` ids at a time, in id order."""
    wanted = sorted(set(ids))
    for start in range(0, len(wanted), IN_CHUNK):
        chunk = wanted[start : start + IN_CHUNK]
        marks = ",".join("?" for _ in chunk)
        yield from conn.execute(sql.format(marks=marks), [*chunk, *params])
