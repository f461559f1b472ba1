"""The demand log's own SQLite file: daily counts of searches, never a single search.

Schema (``PRAGMA user_version`` 1):

- ``searches(day, query_key, zero_results, count)``: text searches per UTC day, per query and
  per "found nothing" — the query as a keyed hash (HMAC-SHA256 with a random key made when the
  file is created), not as text;
- ``query_texts(query_key, query)``: the folded text of a query, written only once the query
  has been counted ``min_count`` times within the retention window and deleted when it falls
  below that again: a query fewer people typed is never stored as text;
- ``daily_counts(day, name, count)``: per day, counts without any text — ``dropped:REASON``
  (personal-looking queries, ``demand.privacy``), ``filter:KIND`` and ``filter_zero:KIND``
  (searches using a filter kind, and those of them that found nothing);
- ``meta(key, value)``: the hash key.

No time of day, address, user agent, cookie, session or profile is ever written. Several
processes may write at once: every flush is one short ``BEGIN IMMEDIATE`` transaction of
additive upserts (``count = count + n``) in WAL mode, so concurrent flushes serialise and add up;
readers never block them. Rows older than ``retention_days`` are deleted when a process first
flushes on a new day. Reading (``published``) applies the ``min_count`` threshold itself: a
query counted fewer times in the period never leaves this module.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1
DEFAULT_MIN_COUNT = 5
DEFAULT_RETENTION_DAYS = 90
BUSY_TIMEOUT_SECONDS = 10.0

SCHEMA = """
CREATE TABLE IF NOT EXISTS searches (
    day TEXT NOT NULL,
    query_key TEXT NOT NULL,
    zero_results INTEGER NOT NULL CHECK (zero_results IN (0, 1)),
    count INTEGER NOT NULL CHECK (count > 0),
    PRIMARY KEY (day, query_key, zero_results)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS searches_by_query ON searches (query_key, day);
CREATE TABLE IF NOT EXISTS query_texts (
    query_key TEXT PRIMARY KEY,
    query TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS daily_counts (
    day TEXT NOT NULL,
    name TEXT NOT NULL,
    count INTEGER NOT NULL CHECK (count > 0),
    PRIMARY KEY (day, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
"""

# (day, folded query, found nothing) -> searches
SearchCounts = Mapping[tuple[date, str, bool], int]
# (day, name) -> count; names: dropped:REASON, filter:KIND, filter_zero:KIND
DailyCounts = Mapping[tuple[date, str], int]


@dataclass(frozen=True)
class QueryDemand:
    query: str
    searches: int
    zero_results: int
    days: int  # days on which it was searched
    last_day: date


@dataclass
class DemandData:
    """What may be published about a period: queries at or above the threshold, and totals."""

    start: date
    end: date  # inclusive
    min_count: int
    queries: list[QueryDemand] = field(default_factory=list)
    # day -> (text searches, of which found nothing), every query counted (no text)
    days: dict[date, tuple[int, int]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)  # daily_counts summed per name

    @property
    def searches(self) -> int:
        return sum(n for n, _ in self.days.values())

    @property
    def zero_results(self) -> int:
        return sum(z for _, z in self.days.values())


class DemandStore:
    """The demand file at ``path``; connections are short-lived (one per flush or read).
    ``demand.postgres.PostgresDemandStore`` keeps the same tables in the PostgreSQL catalogue
    database instead, so the counts of every web node add up in one place."""

    errors: tuple[type[Exception], ...] = (sqlite3.Error, OSError)  # a failed write keeps counts

    def __init__(
        self,
        path: Path | str,
        min_count: int = DEFAULT_MIN_COUNT,
        retention_days: int = DEFAULT_RETENTION_DAYS,
    ) -> None:
        if min_count < 1 or retention_days < 1:
            raise ValueError("min_count and retention_days must be at least 1")
        self.path = Path(path)
        self.min_count = min_count
        self.retention_days = retention_days
        self._key: bytes | None = None

    # ------------------------------------------------------------------ plumbing
    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            if conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
                self._migrate(conn)
            yield conn
        finally:
            conn.close()

    @staticmethod
    def _migrate(conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES ('hash_key', ?)",
                    (secrets.token_hex(32),),
                )
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _hash_key(self, conn: sqlite3.Connection) -> bytes:
        if self._key is None:
            row = conn.execute("SELECT value FROM meta WHERE key = 'hash_key'").fetchone()
            self._key = bytes.fromhex(row[0])
        return self._key

    def query_key(self, conn: sqlite3.Connection, query: str) -> str:
        digest = hmac.new(self._hash_key(conn), query.encode(), hashlib.sha256)
        return digest.hexdigest()[:32]

    def exists(self) -> bool:
        """Whether anything was ever written (no file is created for nothing)."""
        return self.path.exists()

    def cutoff(self, today: date) -> date:
        """The first day kept on ``today``."""
        return today - timedelta(days=self.retention_days - 1)

    # ------------------------------------------------------------------ writing
    def add(
        self,
        searches: SearchCounts,
        daily: DailyCounts,
        today: date,
        prune: bool = True,
    ) -> None:
        """Add counts in one transaction; store the text of every query of the batch now
        counted ``min_count`` times within the window; with ``prune``, drop what is too old."""
        if not searches and not daily and not prune:
            return
        cutoff = self.cutoff(today).isoformat()
        with self._connect() as conn:
            keys = {q: self.query_key(conn, q) for _, q, _ in searches}
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany(
                    "INSERT INTO searches (day, query_key, zero_results, count) VALUES (?,?,?,?)"
                    " ON CONFLICT (day, query_key, zero_results)"
                    " DO UPDATE SET count = searches.count + excluded.count",
                    [
                        (day.isoformat(), keys[q], int(zero), n)
                        for (day, q, zero), n in searches.items()
                        if n > 0 and day.isoformat() >= cutoff
                    ],
                )
                conn.executemany(
                    "INSERT INTO daily_counts (day, name, count) VALUES (?,?,?)"
                    " ON CONFLICT (day, name)"
                    " DO UPDATE SET count = daily_counts.count + excluded.count",
                    [
                        (day.isoformat(), name, n)
                        for (day, name), n in daily.items()
                        if n > 0 and day.isoformat() >= cutoff
                    ],
                )
                self._promote(conn, keys, cutoff)
                if prune:
                    self._prune(conn, cutoff)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def _promote(self, conn: sqlite3.Connection, keys: dict[str, str], cutoff: str) -> None:
        """Store the text of the batch's queries that reached ``min_count`` in the window."""
        waiting = {key: query for query, key in keys.items()}
        if not waiting:
            return
        batch = json.dumps(list(waiting))
        for (key,) in conn.execute(
            "SELECT query_key FROM query_texts WHERE query_key IN (SELECT value FROM json_each(?))",
            (batch,),
        ):
            del waiting[key]
        if not waiting:
            return
        reached = conn.execute(
            "SELECT query_key FROM searches WHERE day >= ?"
            " AND query_key IN (SELECT value FROM json_each(?))"
            " GROUP BY query_key HAVING sum(count) >= ?",
            (cutoff, json.dumps(list(waiting)), self.min_count),
        ).fetchall()
        conn.executemany(
            "INSERT OR IGNORE INTO query_texts (query_key, query) VALUES (?, ?)",
            [(key, waiting[key]) for (key,) in reached],
        )

    def _prune(self, conn: sqlite3.Connection, cutoff: str) -> None:
        conn.execute("DELETE FROM searches WHERE day < ?", (cutoff,))
        conn.execute("DELETE FROM daily_counts WHERE day < ?", (cutoff,))
        conn.execute(
            "DELETE FROM query_texts WHERE query_key NOT IN (SELECT query_key FROM searches"
            " GROUP BY query_key HAVING sum(count) >= ?)",
            (self.min_count,),
        )

    def prune(self, today: date) -> None:
        """Delete the days before the retention window and texts no longer above threshold."""
        self.add({}, {}, today, prune=True)

    # ------------------------------------------------------------------ reading
    def published(self, start: date, end: date) -> DemandData:
        """Days ``start`` to ``end`` (inclusive): the queries searched at least ``min_count``
        times in them, per-day totals, and the text-free daily counts."""
        data = DemandData(start=start, end=end, min_count=self.min_count)
        if not self.exists():
            return data
        window = (start.isoformat(), end.isoformat())
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT t.query, sum(s.count), sum(s.count * s.zero_results),"
                " count(DISTINCT s.day), max(s.day)"
                " FROM searches s JOIN query_texts t ON t.query_key = s.query_key"
                " WHERE s.day BETWEEN ? AND ? GROUP BY s.query_key, t.query"
                " HAVING sum(s.count) >= ?",
                (*window, self.min_count),
            ).fetchall()
            data.queries = [
                QueryDemand(query, n, zero, days, date.fromisoformat(last))
                for query, n, zero, days, last in rows
            ]
            for day, n, zero in conn.execute(
                "SELECT day, sum(count), sum(count * zero_results) FROM searches"
                " WHERE day BETWEEN ? AND ? GROUP BY day",
                window,
            ):
                data.days[date.fromisoformat(day)] = (n, zero)
            for name, n in conn.execute(
                "SELECT name, sum(count) FROM daily_counts WHERE day BETWEEN ? AND ? GROUP BY name",
                window,
            ):
                data.counts[name] = n
        return data


def demand_store(settings: Any) -> DemandStore:
    """The demand log's store as the settings place it."""
    url = settings.database_url or ""
    if settings.demand_path is None and url.startswith(("postgresql://", "postgres://")):
        from demand.postgres import PostgresDemandStore  # the shared store of several nodes

        return PostgresDemandStore(url, settings.demand_min_count, settings.demand_retention_days)
    path = settings.demand_path or settings.data_dir / "demand.sqlite3"
    return DemandStore(path, settings.demand_min_count, settings.demand_retention_days)
