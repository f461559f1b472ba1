"""The SQLite store's crawl bookkeeping beside offers and runs (migration 0004):

- ``crawl_pages``: per source and page URL (the live URL) its ETag / Last-Modified, when it was
  last fetched in full, and the offers it yielded then. Conditional requests read it; a 304 or
  an unchanged sitemap ``lastmod`` marks those offers seen by the run (:meth:`mark_page_seen`),
  so nothing goes stale for having been unchanged;
- ``crawl_locks``: one lease per source, shared by every process on the store: a scheduler, a
  hand-started crawl and a second scheduler never crawl one source at once;
- runs left ``running`` by a process that died are closed as *abandoned* by the next run of
  their source (:meth:`abandon_running`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta

from pydantic import BaseModel


class PageState(BaseModel):
    """What the store remembers of one page from its last fetch in full."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: datetime | None = None
    offer_ids: list[str] = []


class SQLiteCrawlState:
    """Mixed into :class:`catalogue.store.sqlite.SQLiteStore` (which supplies these)."""

    _tx: Callable[[], AbstractContextManager[sqlite3.Connection]]
    _now: Callable[[], str]
    _clock: Callable[[], datetime]

    @property
    def _conn(self) -> sqlite3.Connection:  # the store's connection of this thread
        raise NotImplementedError

    # ------------------------------------------------------------------ pages
    def page_states(self, source: str) -> dict[str, PageState]:
        """Every remembered page of ``source``, by URL."""
        rows = self._conn.execute(
            "SELECT url, etag, last_modified, fetched_at, offer_ids FROM crawl_pages"
            " WHERE source = ?",
            (source,),
        )
        return {row["url"]: _page(row) for row in rows}

    def record_pages(
        self,
        source: str,
        fetched: Mapping[str, tuple[str | None, str | None]] = {},
        offers: Mapping[str, Iterable[str]] = {},
    ) -> None:
        """Remember pages fetched in full (url → (ETag, Last-Modified)) and the offers each
        page yielded (url → offer ids; an empty list: the page yielded none this time)."""
        now = self._now()
        with self._tx() as conn:
            conn.executemany(
                "INSERT INTO crawl_pages (source, url, etag, last_modified, fetched_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (source, url) DO UPDATE SET"
                " etag = excluded.etag, last_modified = excluded.last_modified,"
                " fetched_at = excluded.fetched_at",
                [(source, url, e, m, now) for url, (e, m) in fetched.items()],
            )
            conn.executemany(
                "INSERT INTO crawl_pages (source, url, offer_ids) VALUES (?, ?, ?)"
                " ON CONFLICT (source, url) DO UPDATE SET offer_ids = excluded.offer_ids",
                [(source, url, json.dumps(sorted(set(ids)))) for url, ids in offers.items()],
            )

    def mark_page_seen(self, run_id: int, source: str, url: str) -> int:
        """The page is unchanged since its last fetch in full (304 or sitemap ``lastmod``):
        its offers that are not retired count as seen by run ``run_id``. Returns how many."""
        row = self._conn.execute(
            "SELECT offer_ids FROM crawl_pages WHERE source = ? AND url = ?", (source, url)
        ).fetchone()
        ids = json.loads(row["offer_ids"]) if row else []
        if not ids:
            return 0
        now = self._now()
        marks = ",".join("?" for _ in ids)
        with self._tx() as conn:
            live = [
                r[0]
                for r in conn.execute(
                    f"SELECT id FROM offers WHERE id IN ({marks}) AND status != 'retired'",  # noqa: S608
                    ids,
                )
            ]
            conn.executemany(
                "UPDATE offers SET status = 'active', last_seen = ?, missed_runs = 0 WHERE id = ?",
                [(now, i) for i in live],
            )
            conn.executemany(
                "INSERT OR IGNORE INTO run_seen (run_id, offer_id) VALUES (?, ?)",
                [(run_id, i) for i in live],
            )
        return len(live)

    # ------------------------------------------------------------------ locks
    def try_lock(self, source: str, holder: str, ttl_seconds: float) -> bool:
        """Take the lease on ``source`` for ``ttl_seconds`` unless another holder has a lease
        that has not expired. True when ``holder`` now holds it."""
        now = self._clock().astimezone(UTC)
        expires = (now + timedelta(seconds=ttl_seconds)).isoformat()
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO crawl_locks (source, holder, expires_at) VALUES (?, ?, ?)"
                " ON CONFLICT (source) DO UPDATE SET holder = excluded.holder,"
                " expires_at = excluded.expires_at"
                " WHERE crawl_locks.expires_at < ? OR crawl_locks.holder = excluded.holder",
                (source, holder, expires, now.isoformat()),
            )
            row = conn.execute(
                "SELECT holder FROM crawl_locks WHERE source = ?", (source,)
            ).fetchone()
        return row is not None and row["holder"] == holder

    def release_lock(self, source: str, holder: str) -> None:
        with self._tx() as conn:
            conn.execute(
                "DELETE FROM crawl_locks WHERE source = ? AND holder = ?", (source, holder)
            )

    def lock_holder(self, source: str) -> str | None:
        """Who holds an unexpired lease on ``source`` (None: nobody)."""
        row = self._conn.execute(
            "SELECT holder FROM crawl_locks WHERE source = ? AND expires_at >= ?",
            (source, self._now()),
        ).fetchone()
        return row["holder"] if row else None

    # ------------------------------------------------------------------ runs
    def abandon_running(self, conn: sqlite3.Connection, source: str) -> int:
        """Close the runs of ``source`` still ``running`` (their process died: a live crawl
        of the source holds its lease, so no second one runs) as abandoned."""
        return conn.execute(
            "UPDATE crawl_runs SET outcome = 'abandoned', finished_at = ?,"
            " message = 'abandoned: the crawl process ended without closing its run'"
            " WHERE source = ? AND outcome = 'running'",
            (self._now(), source),
        ).rowcount

    def usual_coverage(self, conn: sqlite3.Connection, source: str, window: int) -> Iterator[dict]:
        """The field coverage of the last ``window`` good runs of ``source`` that parsed
        items in full (runs that were all 304 say nothing about fields)."""
        rows = conn.execute(
            "SELECT details FROM crawl_runs WHERE source = ? AND outcome = 'good'"
            " AND json_extract(details, '$.items_parsed') > 0 ORDER BY id DESC LIMIT ?",
            (source, window),
        )
        for row in rows:
            details = json.loads(row["details"])
            parsed = details["items_parsed"]
            yield {k: v / parsed for k, v in details.get("field_counts", {}).items()}

    def expired_counts(self, today: str) -> dict[str, int]:
        """Per source, the active and stale offers that have sessions, all of them past
        (ended, or started when no end is known, before ``today``, an ISO date)."""
        rows = self._conn.execute(
            "SELECT source, count(*) AS n FROM offers o WHERE status != 'retired'"
            " AND json_array_length(data, '$.sessions') > 0 AND NOT EXISTS ("
            "  SELECT 1 FROM json_each(o.data, '$.sessions') s WHERE coalesce("
            "   json_extract(s.value, '$.end_date'), json_extract(s.value, '$.start_date'),"
            "   '9999-12-31') >= ?)"
            " GROUP BY source",
            (today,),
        )
        return {row["source"]: row["n"] for row in rows}


def _page(row: sqlite3.Row) -> PageState:
    return PageState(
        url=row["url"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        fetched_at=datetime.fromisoformat(row["fetched_at"]) if row["fetched_at"] else None,
        offer_ids=json.loads(row["offer_ids"] or "[]"),
    )
