"""The SQLite store's duplicate clusters (``ClusterStore``): blocking keys, clusters and the
matcher's state. A mixin of ``SQLiteStore``: it needs ``_conn``, ``_tx`` and ``_now``."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager

from catalogue.store.base import ClusterStore
from catalogue.store.sql import rows_in


class SQLiteClusters(ClusterStore):
    @property
    def _conn(self) -> sqlite3.Connection:  # pragma: no cover - SQLiteStore's
        raise NotImplementedError

    def _tx(self) -> AbstractContextManager[sqlite3.Connection]:  # pragma: no cover
        raise NotImplementedError

    def _now(self) -> str:  # pragma: no cover
        raise NotImplementedError

    def set_dedup_keys(self, keys: Mapping[str, Iterable[str]]) -> None:
        with self._tx() as conn:
            for offer_id, offer_keys in keys.items():
                conn.execute("DELETE FROM dedup_keys WHERE offer_id = ?", (offer_id,))
                conn.executemany(
                    "INSERT OR IGNORE INTO dedup_keys (key, offer_id) VALUES (?, ?)",
                    [(k, offer_id) for k in sorted(set(offer_keys))],
                )

    def clear_dedup_keys(self) -> None:
        with self._tx() as conn:
            conn.execute("DELETE FROM dedup_keys")

    def dedup_version(self) -> str | None:
        row = self._conn.execute("SELECT value FROM dedup_state WHERE name = 'version'").fetchone()
        return row[0] if row else None

    def set_dedup_version(self, version: str) -> None:
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO dedup_state (name, value) VALUES ('version', ?)"
                " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (version,),
            )

    def offers_with_key(self, key: str, limit: int) -> list[str]:
        rows = self._conn.execute(
            "SELECT offer_id FROM dedup_keys WHERE key = ? ORDER BY offer_id LIMIT ?",
            (key, limit),
        ).fetchall()
        return [r[0] for r in rows]

    def set_clusters(
        self, assignments: Mapping[str, tuple[str, str | None]], remove: Iterable[str] = ()
    ) -> None:
        now = self._now()
        with self._tx() as conn:
            conn.executemany(
                "DELETE FROM offer_clusters WHERE offer_id = ?", [(i,) for i in remove]
            )
            conn.executemany(
                "INSERT INTO offer_clusters (offer_id, cluster_id, linked_by, updated_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (offer_id) DO UPDATE SET"
                " cluster_id = excluded.cluster_id, linked_by = excluded.linked_by,"
                " updated_at = excluded.updated_at"
                " WHERE cluster_id != excluded.cluster_id"
                " OR linked_by IS NOT excluded.linked_by",
                [(i, c, why, now) for i, (c, why) in sorted(assignments.items())],
            )

    def get_clusters(self, offer_ids: Iterable[str]) -> dict[str, str]:
        sql = "SELECT offer_id, cluster_id FROM offer_clusters WHERE offer_id IN ({marks})"
        return {r[0]: r[1] for r in rows_in(self._conn, sql, offer_ids)}

    def cluster_reasons(self, offer_ids: Iterable[str]) -> dict[str, str]:
        sql = (
            "SELECT offer_id, linked_by FROM offer_clusters WHERE offer_id IN ({marks})"
            " AND linked_by IS NOT NULL"
        )
        return {r[0]: r[1] for r in rows_in(self._conn, sql, offer_ids)}

    def cluster_members(self, cluster_id: str) -> list[str]:
        rows = self._conn.execute(
            "SELECT offer_id FROM offer_clusters WHERE cluster_id = ? ORDER BY offer_id",
            (cluster_id,),
        ).fetchall()
        return [r[0] for r in rows]

    def members_of_clusters(self, cluster_ids: Iterable[str]) -> dict[str, list[str]]:
        sql = (
            "SELECT cluster_id, offer_id FROM offer_clusters WHERE cluster_id IN ({marks})"
            " ORDER BY cluster_id, offer_id"
        )
        found: dict[str, list[str]] = {}
        for cluster_id, offer_id in rows_in(self._conn, sql, cluster_ids):
            found.setdefault(cluster_id, []).append(offer_id)
        return found

    def unclustered_offers(self) -> list[str]:
        rows = self._conn.execute(
            "SELECT o.id FROM offers o LEFT JOIN offer_clusters c ON c.offer_id = o.id"
            " WHERE o.status != 'retired' AND c.offer_id IS NULL ORDER BY o.id"
        ).fetchall()
        return [r[0] for r in rows]

    def retired_in_clusters(self) -> list[str]:
        rows = self._conn.execute(
            "SELECT c.offer_id FROM offer_clusters c JOIN offers o ON o.id = c.offer_id"
            " WHERE o.status = 'retired' ORDER BY c.offer_id"
        ).fetchall()
        return [r[0] for r in rows]

    def all_clusters(self) -> dict[str, str]:
        rows = self._conn.execute("SELECT offer_id, cluster_id FROM offer_clusters")
        return {r[0]: r[1] for r in rows}
