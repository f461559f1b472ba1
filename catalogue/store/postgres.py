"""PostgreSQL catalogue store (psycopg 3), chosen by ``LEERAANBOD_DATABASE_URL=postgresql://…``.

The store's SQL is written once, in the dialect both engines share, in the SQLite store and its
mixins (``sqlite.py``, ``clusters.py``, ``crawl_state.py``, ``review.py``): a method added there
works here too. :func:`to_postgres` translates the few spellings that differ (``?`` placeholders,
``INSERT OR IGNORE``, ``IS NOT``); this class overrides only what is engine-specific: the
connection and transactions, the schema (``migrations/postgresql/``, the same numbers as the
SQLite migrations), the change marker, and the three queries that walk JSON.

Writes are serialised as in SQLite (``BEGIN IMMEDIATE``): each write transaction first bumps the
one row of ``store_generation``, which holds its row lock until commit. That row is also the
change marker: it moves with every commit of any process on any node, atomically with the
write. Reads run in autocommit, each statement on a consistent snapshot, so a reader never sees
half of a write transaction (an upsert batch, a run being finished).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from typing import Any, cast

import psycopg

from catalogue.store.base import DEFAULT_RETIRE_AFTER
from catalogue.store.sqlite import Clock, SQLiteStore, _utcnow


@lru_cache(maxsize=1024)
def to_postgres(sql: str) -> str:
    """The shared SQL in PostgreSQL's spelling."""
    sql = sql.replace("%", "%%").replace("?", "%s")
    if "INSERT OR IGNORE INTO" in sql:
        sql = sql.replace("INSERT OR IGNORE INTO", "INSERT INTO") + " ON CONFLICT DO NOTHING"
    return sql.replace(" IS NOT excluded.", " IS DISTINCT FROM excluded.")


class Row:
    """A row read by name or position, like ``sqlite3.Row`` (which the shared code expects)."""

    __slots__ = ("_index", "_names", "_values")

    def __init__(self, names: list[str], index: dict[str, int], values: Sequence[Any]) -> None:
        self._names = names  # every column, also two of one name (``coalesce``, twice)
        self._index = index
        self._values = values

    def __getitem__(self, key: int | str) -> Any:
        return self._values[self._index[key] if isinstance(key, str) else key]

    def keys(self) -> list[str]:
        return list(self._names)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def _row_factory(cursor: psycopg.Cursor[Any]) -> Any:
    names = [c.name for c in cursor.description or ()]
    index: dict[str, int] = {}
    for i, name in enumerate(names):
        index.setdefault(name, i)
    return lambda values: Row(names, index, values)


class Connection:
    """The part of ``sqlite3.Connection`` the shared SQL uses, on a psycopg connection."""

    def __init__(self, raw: psycopg.Connection[Any]) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Iterable[Any] = ()) -> psycopg.Cursor[Any]:
        cursor = self.raw.cursor(row_factory=_row_factory)
        cursor.execute(to_postgres(sql), list(params))
        return cursor

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> psycopg.Cursor[Any]:
        cursor = self.raw.cursor(row_factory=_row_factory)
        batch = [list(r) for r in rows]
        if batch:
            cursor.executemany(to_postgres(sql), batch)
        return cursor


def _migrations() -> list[tuple[int, str, str]]:
    folder = resources.files("catalogue.store") / "migrations" / "postgresql"
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            number = int(entry.name.split("_", 1)[0])
            found.append((number, entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


class PostgresStore(SQLiteStore):
    _db_errors: tuple[type[Exception], ...] = (psycopg.Error,)

    def __init__(
        self,
        url: str,
        retire_after: int = DEFAULT_RETIRE_AFTER,
        clock: Clock = _utcnow,
    ) -> None:
        if retire_after < 1:
            raise ValueError("retire_after must be at least 1")
        self.url = url
        self.retire_after = retire_after
        self._clock = clock
        self._local = threading.local()
        self._all: list[psycopg.Connection[Any]] = []
        self._all_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"PostgresStore({self.url.split('@')[-1]!r})"  # never the password

    # ------------------------------------------------------------------ connection
    @property
    def _conn(self) -> Any:  # a Connection, shaped like the sqlite3.Connection of the mixins
        conn = getattr(self._local, "conn", None)
        if conn is None or conn.raw.closed:
            raw = psycopg.connect(self.url, autocommit=True)
            conn = Connection(raw)
            self._local.conn = conn
            with self._all_lock:
                self._all.append(raw)
        return conn

    @contextmanager
    def _tx(self) -> Iterator[Any]:
        conn = cast(Connection, self._conn)
        with conn.raw.transaction():
            # the write lock (held until commit or rollback) and the change marker
            conn.execute("UPDATE store_generation SET n = n + 1 WHERE id = 1")
            yield conn

    def close(self) -> None:
        with self._all_lock:
            for raw in self._all:
                raw.close()
            self._all.clear()
        self._local = threading.local()

    def change_marker(self) -> str | None:
        row = self._conn.execute("SELECT n FROM store_generation WHERE id = 1").fetchone()
        return f"pg:{row[0]}"

    # ------------------------------------------------------------------ schema
    def schema_version(self) -> int:
        conn = self._conn
        if conn.execute("SELECT to_regclass('schema_version')").fetchone()[0] is None:
            return 0
        return int(conn.execute("SELECT max(version) FROM schema_version").fetchone()[0] or 0)

    def migrate(self) -> int:
        raw = cast(Connection, self._conn).raw
        with raw.transaction():
            # one migrating process at a time (two nodes starting together)
            raw.execute("SELECT pg_advisory_xact_lock(7215522)")
            raw.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY)")
            version = self.schema_version()
            for number, _name, sql in _migrations():
                if number <= version:
                    continue
                raw.execute(cast(Any, sql))  # a whole file: several statements, no parameters
                raw.execute("INSERT INTO schema_version (version) VALUES (%s)", (number,))
                version = number
        self._local.has_quarantine = None
        return version

    @property
    def _has_quarantine(self) -> bool:
        if getattr(self._local, "has_quarantine", None) is None:
            found = self._conn.execute("SELECT to_regclass('quarantine')").fetchone()[0]
            self._local.has_quarantine = found is not None
        return bool(self._local.has_quarantine)

    # ------------------------------------------------------------------ engine-specific SQL
    def start_run(self, source: str) -> int:
        with self._tx() as conn:
            self.abandon_running(conn, source)
            row = conn.execute(
                "INSERT INTO crawl_runs (source, started_at) VALUES (?, ?) RETURNING id",
                (source, self._now()),
            ).fetchone()
        return int(row[0])

    def usual_coverage(self, conn: Any, source: str, window: int) -> Iterator[dict]:
        rows = conn.execute(
            "SELECT details FROM crawl_runs WHERE source = ? AND outcome = 'good'"
            " AND json_typeof(details::json -> 'items_parsed') = 'number'"
            " AND (details::json ->> 'items_parsed')::numeric > 0 ORDER BY id DESC LIMIT ?",
            (source, window),
        )
        return self._coverage(rows)

    @staticmethod
    def _coverage(rows: Iterable[Any]) -> Iterator[dict]:
        import json

        for row in rows:
            details = json.loads(row["details"])
            parsed = details["items_parsed"]
            yield {k: v / parsed for k, v in details.get("field_counts", {}).items()}

    def expired_counts(self, today: str) -> dict[str, int]:
        sessions = (
            "CASE WHEN json_typeof(o.data::json -> 'sessions') = 'array'"
            " THEN o.data::json -> 'sessions' ELSE '[]'::json END"
        )
        rows = self._conn.execute(
            f"SELECT source, count(*) AS n FROM offers o WHERE status != 'retired'"  # noqa: S608
            f" AND json_array_length({sessions}) > 0 AND NOT EXISTS ("
            f"  SELECT 1 FROM json_array_elements({sessions}) AS s(value) WHERE coalesce("
            "   s.value ->> 'end_date', s.value ->> 'start_date', '9999-12-31') >= ?)"
            " GROUP BY source",
            (today,),
        )
        return {row["source"]: int(row["n"]) for row in rows}
