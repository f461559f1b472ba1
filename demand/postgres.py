"""The demand log's tables in the PostgreSQL catalogue database (``LEERAANBOD_DATABASE_URL``):
every web node adds its counts to the same rows, so the report counts all nodes' searches.

The SQL is :class:`demand.store.DemandStore`'s, in PostgreSQL's spelling; the same tables,
the same privacy rules (keyed hashes, texts only from ``min_count``), the same additive upserts
(``count = count + n``: concurrent flushes of several nodes add up)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg

from catalogue.store.postgres import Connection
from demand.store import DEFAULT_MIN_COUNT, DEFAULT_RETENTION_DAYS, SCHEMA, DemandStore


def _spelling(sql: str) -> str:
    return sql.replace("BEGIN IMMEDIATE", "BEGIN").replace(
        "SELECT value FROM json_each(?)", "SELECT value FROM json_array_elements_text(?::json)"
    )


class _DemandConnection(Connection):
    def execute(self, sql: str, params: Iterable[Any] = ()) -> psycopg.Cursor[Any]:
        return super().execute(_spelling(sql), params)

    def executemany(self, sql: str, rows: Iterable[Any]) -> psycopg.Cursor[Any]:
        return super().executemany(_spelling(sql), rows)


class PostgresDemandStore(DemandStore):
    errors: tuple[type[Exception], ...] = (psycopg.Error, OSError)

    def __init__(
        self,
        url: str,
        min_count: int = DEFAULT_MIN_COUNT,
        retention_days: int = DEFAULT_RETENTION_DAYS,
    ) -> None:
        super().__init__(Path("postgresql"), min_count, retention_days)  # no file
        self.url = url
        self._ready = False

    def __repr__(self) -> str:
        return f"PostgresDemandStore({self.url.split('@')[-1]!r})"  # never the password

    def exists(self) -> bool:
        return True

    @contextmanager
    def _connect(self) -> Iterator[Any]:
        raw = psycopg.connect(self.url, autocommit=True)
        try:
            if not self._ready:
                with raw.transaction():
                    raw.execute("SELECT pg_advisory_xact_lock(7215523)")  # one creator at once
                    raw.execute(SCHEMA.replace("WITHOUT ROWID", ""))  # IF NOT EXISTS, all of it
                    raw.execute(
                        "INSERT INTO meta (key, value) VALUES ('hash_key', %s)"
                        " ON CONFLICT DO NOTHING",
                        (secrets.token_hex(32),),
                    )
                self._ready = True
            yield _DemandConnection(raw)
        finally:
            raw.close()
