"""SQLite catalogue store: one file, WAL mode, numbered SQL migrations (``PRAGMA user_version``)."""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from itertools import groupby
from pathlib import Path

from pydantic import ValidationError

from catalogue.model import Offer
from catalogue.runs import (
    USUAL_WINDOW,
    CrawlRun,
    RunOutcome,
    RunResult,
    RunStats,
    drift_message,
    judge_drift,
    judge_run,
)
from catalogue.store.base import (
    DEFAULT_RETIRE_AFTER,
    CatalogueStore,
    OfferStatus,
    QuarantinedRow,
    SourceStatus,
    StoredOffer,
    UpsertResult,
)
from catalogue.store.clusters import SQLiteClusters
from catalogue.store.crawl_state import SQLiteCrawlState
from catalogue.store.review import SQLiteReview
from catalogue.store.sql import IN_CHUNK, rows_in

Clock = Callable[[], datetime]
log = logging.getLogger(__name__)


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _migrations() -> list[tuple[int, str, str]]:
    folder = resources.files("catalogue.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            number = int(entry.name.split("_", 1)[0])
            found.append((number, entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


class SQLiteStore(SQLiteCrawlState, SQLiteReview, SQLiteClusters, CatalogueStore):
    _db_errors: tuple[type[Exception], ...] = (sqlite3.Error,)

    def __init__(
        self,
        path: str | Path,
        retire_after: int = DEFAULT_RETIRE_AFTER,
        clock: Clock = _utcnow,
    ) -> None:
        if retire_after < 1:
            raise ValueError("retire_after must be at least 1")
        self.path = Path(path)
        self.retire_after = retire_after
        self._clock = clock
        self._local = threading.local()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # one connection that only reads PRAGMA data_version (change_marker): its value changes
        # after any commit by any other connection, so it must be one connection per store
        self._marker_conn: sqlite3.Connection | None = None
        self._marker_lock = threading.Lock()

    # ------------------------------------------------------------------ connection
    @property
    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            self._local.conn = conn
        return conn

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
        with self._marker_lock:
            if self._marker_conn is not None:
                self._marker_conn.close()
                self._marker_conn = None

    def change_marker(self) -> str | None:
        """``PRAGMA data_version`` of a connection of its own that never writes: it changes
        after every commit of any other connection (this process's threads or another
        process), and costs a few microseconds."""
        with self._marker_lock:
            if self._marker_conn is None:
                self._marker_conn = sqlite3.connect(
                    self.path, timeout=30, isolation_level=None, check_same_thread=False
                )
            version = self._marker_conn.execute("PRAGMA data_version").fetchone()[0]
        return f"{self.path}:{version}"

    def _now(self) -> str:
        return self._clock().astimezone(UTC).isoformat()

    # ------------------------------------------------------------------ schema
    def schema_version(self) -> int:
        return self._conn.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self) -> int:
        version = self.schema_version()
        for number, name, sql in _migrations():
            if number <= version:
                continue
            with self._tx() as conn:
                for statement in _split_sql(sql):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {int(number)}")
            version = number
            _ = name
        self._local.has_quarantine = None  # the schema may have gained the table
        return version

    # ------------------------------------------------------------------ offers
    def upsert_offers(self, offers: Iterable[Offer], run_id: int | None = None) -> UpsertResult:
        """In one transaction; the offers are read ``IN_CHUNK`` at a time: one query for their
        stored hashes, then one ``executemany`` per run of like writes (in the given order), so
        a server engine makes a few round trips per chunk instead of several per offer."""
        result = UpsertResult()
        now = self._now()
        with self._tx() as conn:
            for chunk in batched(offers, IN_CHUNK):
                stored: dict[str | None, str | None] = {
                    r[0]: r[1]
                    for r in rows_in(
                        conn,
                        "SELECT id, content_hash FROM offers WHERE id IN ({marks})",
                        (o.id for o in chunk if o.id is not None),
                    )
                }
                writes: list[tuple[str, tuple[object, ...]]] = []
                for offer in chunk:
                    data = offer.model_dump_json(exclude={"first_seen", "last_seen"})
                    known = stored.get(offer.id)
                    if known is None:
                        writes.append(
                            (
                                _INSERT,
                                (
                                    offer.id,
                                    offer.source,
                                    offer.source_id,
                                    data,
                                    offer.content_hash,
                                    now,
                                    now,
                                    now,
                                ),
                            )
                        )
                        result.inserted += 1
                    elif known != offer.content_hash:
                        writes.append((_UPDATE, (data, offer.content_hash, now, now, offer.id)))
                        result.updated += 1
                    else:
                        writes.append((_SEEN, (data, now, offer.id)))
                        result.unchanged += 1
                    stored[offer.id] = offer.content_hash
                for sql, group in groupby(writes, key=lambda w: w[0]):
                    conn.executemany(sql, [params for _, params in group])
                ids = [(o.id,) for o in chunk]
                if run_id is not None:
                    conn.executemany(
                        "INSERT OR IGNORE INTO run_seen (run_id, offer_id) VALUES (?, ?)",
                        [(run_id, i) for (i,) in ids],
                    )
                if self._has_quarantine:  # written anew: valid again
                    conn.executemany("DELETE FROM quarantine WHERE offer_id = ?", ids)
        return result

    def rewrite_offers(self, offers: Iterable[Offer]) -> int:
        changed = 0
        now = self._now()
        with self._tx() as conn:
            for offer in offers:
                data = offer.model_dump_json(exclude={"first_seen", "last_seen"})
                cursor = conn.execute(
                    "UPDATE offers SET data = ?, content_hash = ?, updated_at = ?"
                    " WHERE id = ? AND data != ?",
                    (data, offer.content_hash, now, offer.id, data),
                )
                changed += cursor.rowcount
        return changed

    def get_offer(self, offer_id: str) -> StoredOffer | None:
        row = self._conn.execute("SELECT * FROM offers WHERE id = ?", (offer_id,)).fetchone()
        return self._read(row) if row else None

    def get_offers(
        self, offer_ids: Iterable[str], statuses: Iterable[OfferStatus] | None = None
    ) -> list[StoredOffer]:
        wanted = list(statuses) if statuses is not None else [OfferStatus.ACTIVE, OfferStatus.STALE]
        kinds = ",".join("?" for _ in wanted)
        sql = "SELECT * FROM offers WHERE id IN ({marks}) AND status IN (" + kinds + ") ORDER BY id"  # noqa: S608 - placeholders only
        rows = rows_in(self._conn, sql, offer_ids, *(w.value for w in wanted))
        return [s for s in map(self._read, rows) if s is not None]

    def iter_offers(
        self, source: str | None = None, statuses: Iterable[OfferStatus] | None = None
    ) -> Iterator[StoredOffer]:
        wanted = list(statuses) if statuses is not None else [OfferStatus.ACTIVE, OfferStatus.STALE]
        marks = ",".join("?" for _ in wanted)
        sql = f"SELECT * FROM offers WHERE status IN ({marks})"  # noqa: S608 - placeholders only
        params: list[str] = [s.value for s in wanted]
        if source is not None:
            sql += " AND source = ?"
            params.append(source)
        # paged by id so that a long export never holds one huge cursor open
        last = ""
        while True:
            rows = self._conn.execute(
                sql + " AND id > ? ORDER BY id LIMIT 1000", [*params, last]
            ).fetchall()
            if not rows:
                return
            for row in rows:
                stored = self._read(row)
                if stored is not None:
                    yield stored
            last = rows[-1]["id"]

    # ------------------------------------------------------------------ quarantine
    @property
    def _has_quarantine(self) -> bool:
        """Whether the schema has the quarantine table (migration 0006)."""
        if getattr(self._local, "has_quarantine", None) is None:
            found = self._conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'quarantine'"
            ).fetchone()
            self._local.has_quarantine = found is not None
        return bool(self._local.has_quarantine)

    def _read(self, row: sqlite3.Row) -> StoredOffer | None:
        """The row as a ``StoredOffer``, or None when it no longer validates: then it is put
        in quarantine (reported by ``quarantined``) and the caller skips it."""
        try:
            return _stored(row)
        except (ValidationError, ValueError, TypeError, KeyError) as exc:
            reason = _reason(exc)
            log.warning("stored offer %s quarantined: %s", row["id"], reason)
            self._quarantine(row["id"], row["source"], reason)
            return None

    def _quarantine(self, offer_id: str, source: str, reason: str) -> None:
        if not self._has_quarantine:
            return
        try:
            with self._tx() as conn:
                conn.execute(
                    "INSERT INTO quarantine (offer_id, source, reason, found_at)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT (offer_id) DO UPDATE SET"
                    " reason = excluded.reason",
                    (offer_id, source, reason, self._now()),
                )
        except self._db_errors as exc:  # a read-only or busy store still skips the row
            log.warning("could not record the quarantine of %s: %s", offer_id, exc)

    def quarantined(self) -> list[QuarantinedRow]:
        if not self._has_quarantine:
            return []
        rows = self._conn.execute("SELECT * FROM quarantine ORDER BY source, offer_id")
        return [
            QuarantinedRow(
                offer_id=r["offer_id"],
                source=r["source"],
                reason=r["reason"],
                found_at=datetime.fromisoformat(r["found_at"]),
            )
            for r in rows
        ]

    def count_offers(self, source: str | None = None) -> dict[OfferStatus, int]:
        sql = "SELECT status, count(*) AS n FROM offers"
        params: tuple[str, ...] = ()
        if source is not None:
            sql += " WHERE source = ?"
            params = (source,)
        counts = dict.fromkeys(OfferStatus, 0)
        for row in self._conn.execute(sql + " GROUP BY status", params):
            counts[OfferStatus(row["status"])] = row["n"]
        return counts

    def mark_gone(self, offer_id: str, http_status: int) -> bool:
        if http_status not in (404, 410):
            raise ValueError(f"only 404 and 410 retire an offer at once, not {http_status}")
        with self._tx() as conn:
            cur = conn.execute(
                "UPDATE offers SET status = 'retired', retired_at = ?, retired_reason = ?"
                " WHERE id = ? AND status != 'retired'",
                (self._now(), f"page answered {http_status}", offer_id),
            )
        return cur.rowcount == 1

    # ------------------------------------------------------------------ runs
    def start_run(self, source: str) -> int:
        with self._tx() as conn:
            self.abandon_running(conn, source)
            cur = conn.execute(
                "INSERT INTO crawl_runs (source, started_at) VALUES (?, ?)", (source, self._now())
            )
        assert cur.lastrowid is not None
        return cur.lastrowid

    def finish_run(self, run_id: int, stats: RunStats, error: str | None = None) -> RunResult:
        with self._tx() as conn:
            run = conn.execute("SELECT * FROM crawl_runs WHERE id = ?", (run_id,)).fetchone()
            if run is None:
                raise KeyError(f"no crawl run {run_id}")
            if run["outcome"] != RunOutcome.RUNNING:
                raise ValueError(f"crawl run {run_id} is already finished ({run['outcome']})")
            source = run["source"]
            seen = conn.execute(
                "SELECT count(*) FROM run_seen WHERE run_id = ?", (run_id,)
            ).fetchone()[0]
            usual = [
                r[0]
                for r in conn.execute(
                    "SELECT items_valid FROM crawl_runs WHERE source = ?"
                    " AND outcome IN ('good', 'degraded') ORDER BY id DESC LIMIT ?",
                    (source, USUAL_WINDOW),
                )
            ]
            if error:
                outcome, message = RunOutcome.FAILED, error
            else:
                # a partial run (on purpose) is not held to the usual count of full runs
                usual = [] if stats.partial else usual
                outcome, message = judge_run(seen, stats.items_rejected, usual)
            details = stats.details()
            if outcome == RunOutcome.GOOD:
                coverage = self.usual_coverage(conn, source, USUAL_WINDOW)
                dropped = judge_drift(stats.items_parsed, stats.field_counts, coverage)
                if dropped:
                    outcome, message = RunOutcome.DEGRADED, f"{drift_message(dropped)}; {message}"
                    details["degraded_fields"] = [name for name, _, _ in dropped]
            stale = retired = 0
            if outcome in (RunOutcome.GOOD, RunOutcome.DEGRADED) and not stats.partial:
                stale, retired = self._age_unseen(conn, source, run_id)
            if stats.notes:
                message = "; ".join([message, *stats.notes])
            conn.execute(
                "UPDATE crawl_runs SET finished_at = ?, pages = ?, items_seen = ?,"
                " items_valid = ?, items_rejected = ?, rejected_reasons = ?, outcome = ?,"
                " message = ?, details = ? WHERE id = ?",
                (
                    self._now(),
                    stats.pages,
                    max(stats.items_seen, seen + stats.items_rejected),
                    seen,
                    stats.items_rejected,
                    json.dumps(stats.rejected_reasons, sort_keys=True),
                    outcome.value,
                    message,
                    json.dumps(details, sort_keys=True),
                    run_id,
                ),
            )
            conn.execute("DELETE FROM run_seen WHERE run_id = ?", (run_id,))
        return RunResult(
            run_id=run_id,
            outcome=outcome,
            message=message,
            marked_stale=stale,
            retired=retired,
            seen=seen,
            degraded_fields=details.get("degraded_fields", []),
        )

    def _age_unseen(self, conn: sqlite3.Connection, source: str, run_id: int) -> tuple[int, int]:
        unseen = (
            "source = ? AND status != 'retired'"
            " AND id NOT IN (SELECT offer_id FROM run_seen WHERE run_id = ?)"
        )
        conn.execute(
            f"UPDATE offers SET missed_runs = missed_runs + 1 WHERE {unseen}",  # noqa: S608
            (source, run_id),
        )
        retired = conn.execute(
            "UPDATE offers SET status = 'retired', retired_at = ?, retired_reason = ?"
            " WHERE source = ? AND status != 'retired' AND missed_runs >= ?",
            (self._now(), f"missed by {self.retire_after} good runs", source, self.retire_after),
        ).rowcount
        stale = conn.execute(
            "UPDATE offers SET status = 'stale'"
            " WHERE source = ? AND status = 'active' AND missed_runs > 0",
            (source,),
        ).rowcount
        return stale, retired

    def runs(self, source: str | None = None, limit: int = 50) -> list[CrawlRun]:
        sql = "SELECT * FROM crawl_runs"
        params: list[object] = []
        if source is not None:
            sql += " WHERE source = ?"
            params.append(source)
        rows = self._conn.execute(sql + " ORDER BY id DESC LIMIT ?", [*params, limit]).fetchall()
        return [_run(row) for row in rows]

    def source_statuses(self) -> list[SourceStatus]:
        statuses: dict[str, dict[str, object]] = {}
        for row in self._conn.execute(
            "SELECT source, status, count(*) AS n FROM offers GROUP BY source, status"
        ):
            statuses.setdefault(row["source"], {"source": row["source"]})[row["status"]] = row["n"]
        for row in self._conn.execute(
            "SELECT r.source,"
            " (SELECT max(finished_at) FROM crawl_runs g WHERE g.source = r.source"
            "  AND g.outcome = 'good') AS last_good_run,"
            " r.started_at AS last_run, r.outcome AS last_outcome, r.message AS last_message,"
            " json_extract(r.details, '$.degraded_fields') AS degraded_fields"
            " FROM crawl_runs r WHERE r.id = (SELECT max(id) FROM crawl_runs l"
            " WHERE l.source = r.source)"
        ):
            data = dict(row)
            data["degraded_fields"] = json.loads(data["degraded_fields"] or "[]")
            statuses.setdefault(row["source"], {"source": row["source"]}).update(data)
        if self._has_quarantine:
            for row in self._conn.execute(
                "SELECT source, count(*) AS n FROM quarantine GROUP BY source"
            ):
                statuses.setdefault(row["source"], {"source": row["source"]})["quarantined"] = row[
                    "n"
                ]
        for source, n in self.expired_counts(self._clock().date().isoformat()).items():
            statuses.setdefault(source, {"source": source})["expired"] = n
        return [SourceStatus.model_validate(statuses[k]) for k in sorted(statuses)]


_INSERT = (
    "INSERT INTO offers (id, source, source_id, data, content_hash, status,"
    " first_seen, last_seen, updated_at, missed_runs)"
    " VALUES (?, ?, ?, ?, ?, 'active', ?, ?, ?, 0)"
)
_UPDATE = (
    "UPDATE offers SET data = ?, content_hash = ?, status = 'active',"
    " last_seen = ?, updated_at = ?, missed_runs = 0,"
    " retired_at = NULL, retired_reason = NULL WHERE id = ?"
)
_SEEN = (
    "UPDATE offers SET data = ?, status = 'active', last_seen = ?,"
    " missed_runs = 0, retired_at = NULL, retired_reason = NULL WHERE id = ?"
)


def batched(items: Iterable[Offer], size: int) -> Iterator[list[Offer]]:
    chunk: list[Offer] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _stored(row: sqlite3.Row) -> StoredOffer:
    offer = Offer.model_validate_json(row["data"])
    offer.first_seen = datetime.fromisoformat(row["first_seen"])
    offer.last_seen = datetime.fromisoformat(row["last_seen"])
    # model_construct: validating would run the offer's after-validator (id and content hash)
    # a second time (~8 % of reading an offer back); the row's own columns are converted
    # here explicitly instead (tests/catalogue/test_store.py checks they match validation).
    return StoredOffer.model_construct(
        offer=offer,
        status=OfferStatus(row["status"]),
        first_seen=offer.first_seen,
        last_seen=offer.last_seen,
        updated_at=datetime.fromisoformat(row["updated_at"]),
        missed_runs=int(row["missed_runs"]),
        retired_reason=row["retired_reason"],
        retired_at=datetime.fromisoformat(row["retired_at"]) if row["retired_at"] else None,
    )


def _reason(exc: Exception) -> str:
    """Where and why a stored row fails validation, in one line."""
    if isinstance(exc, ValidationError):
        parts = [
            f"{'.'.join(str(p) for p in e['loc']) or 'offer'}: {e['msg']}"
            for e in exc.errors(include_url=False, include_input=False)[:3]
        ]
        return "; ".join(parts)[:500]
    return f"{type(exc).__name__}: {exc}"[:500]


def _run(row: sqlite3.Row) -> CrawlRun:
    data = dict(row)
    data["rejected_reasons"] = json.loads(data["rejected_reasons"] or "{}")
    data.update(json.loads(data.pop("details", None) or "{}"))
    return CrawlRun.model_validate(data)


def _split_sql(script: str) -> list[str]:
    """Statements of a migration file (no semicolons inside literals in our migrations)."""
    lines = [line for line in script.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
