"""The store's part of the deduplication review (migration ``0005_dedup_review.sql``): the
pairs waiting for a coordinator, and the coordinators' decisions (no names are stored: a
decision is the pair, confirmed or refused, and when). ``ReviewStore`` is the interface,
``SQLiteReview`` its SQLite implementation, mixed into ``SQLiteStore``."""

from __future__ import annotations

import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel

Pair = tuple[str, str]


class Decision(StrEnum):
    CONFIRMED = "confirmed"
    REFUSED = "refused"


class ReviewPair(BaseModel):
    offer_a: str
    offer_b: str
    score: float
    reason: str
    found_at: datetime
    decision: Decision | None = None  # set on decided pairs (``decided_pairs``)


def ordered(a: str, b: str) -> Pair:
    if a == b:
        raise ValueError(f"a pair needs two offers, got {a!r} twice")
    return (a, b) if a < b else (b, a)


class ReviewStore(ABC):
    @abstractmethod
    def set_review_pairs(
        self, pairs: Mapping[Pair, tuple[float, str]], scope: Iterable[str]
    ) -> None:
        """Replace the waiting pairs that touch an offer of ``scope`` by ``pairs`` (decided
        pairs are never put back on the list)."""

    @abstractmethod
    def clear_review_pairs(self) -> None:
        """Empty the waiting list (before a full recompute fills it again)."""

    @abstractmethod
    def review_pairs(self, limit: int = 50, offset: int = 0) -> list[ReviewPair]:
        """Waiting pairs, the most likely first."""

    @abstractmethod
    def review_pair(self, a: str, b: str) -> ReviewPair | None: ...

    @abstractmethod
    def decide_pair(
        self, a: str, b: str, decision: Decision, score: float | None, reason: str | None
    ) -> None:
        """Store a coordinator's decision on a pair (a later decision replaces it) and take
        the pair off the waiting list."""

    @abstractmethod
    def decisions(self) -> dict[Pair, Decision]:
        """Every decided pair."""

    @abstractmethod
    def decided_pairs(self, limit: int = 50) -> list[ReviewPair]:
        """The latest decisions first."""

    @abstractmethod
    def review_counts(self) -> dict[str, int]:
        """{'pending': …, 'confirmed': …, 'refused': …}"""


class SQLiteReview(ReviewStore):
    """Needs ``_conn``, ``_tx`` and ``_now`` of ``SQLiteStore``."""

    @property
    def _conn(self) -> sqlite3.Connection:  # pragma: no cover
        raise NotImplementedError

    def _tx(self) -> AbstractContextManager[sqlite3.Connection]:  # pragma: no cover
        raise NotImplementedError

    def _now(self) -> str:  # pragma: no cover
        raise NotImplementedError

    def set_review_pairs(
        self, pairs: Mapping[Pair, tuple[float, str]], scope: Iterable[str]
    ) -> None:
        now = self._now()
        ids = sorted(set(scope))
        with self._tx() as conn:
            conn.executemany(
                "DELETE FROM dedup_review WHERE offer_a = ? OR offer_b = ?",
                [(i, i) for i in ids],
            )
            conn.executemany(
                "INSERT INTO dedup_review (offer_a, offer_b, score, reason, found_at)"
                " SELECT ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM dedup_decisions"
                " WHERE offer_a = ? AND offer_b = ?)"
                " ON CONFLICT (offer_a, offer_b) DO UPDATE SET score = excluded.score,"
                " reason = excluded.reason",
                [
                    (a, b, score, reason, now, a, b)
                    for (a, b), (score, reason) in sorted(pairs.items())
                ],
            )

    def clear_review_pairs(self) -> None:
        with self._tx() as conn:
            conn.execute("DELETE FROM dedup_review")

    def review_pairs(self, limit: int = 50, offset: int = 0) -> list[ReviewPair]:
        rows = self._conn.execute(
            "SELECT offer_a, offer_b, score, reason, found_at FROM dedup_review"
            " ORDER BY score DESC, offer_a, offer_b LIMIT ? OFFSET ?",
            (limit, offset),
        )
        return list(_pairs(rows))

    def review_pair(self, a: str, b: str) -> ReviewPair | None:
        x, y = ordered(a, b)
        rows = self._conn.execute(
            "SELECT offer_a, offer_b, score, reason, found_at FROM dedup_review"
            " WHERE offer_a = ? AND offer_b = ?",
            (x, y),
        )
        return next(_pairs(rows), None)

    def decide_pair(
        self, a: str, b: str, decision: Decision, score: float | None, reason: str | None
    ) -> None:
        x, y = ordered(a, b)
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO dedup_decisions (offer_a, offer_b, decision, score, reason,"
                " decided_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (offer_a, offer_b) DO"
                " UPDATE SET decision = excluded.decision, decided_at = excluded.decided_at",
                (x, y, Decision(decision).value, score, reason, self._now()),
            )
            conn.execute("DELETE FROM dedup_review WHERE offer_a = ? AND offer_b = ?", (x, y))

    def decisions(self) -> dict[Pair, Decision]:
        rows = self._conn.execute("SELECT offer_a, offer_b, decision FROM dedup_decisions")
        return {(r[0], r[1]): Decision(r[2]) for r in rows}

    def decided_pairs(self, limit: int = 50) -> list[ReviewPair]:
        rows = self._conn.execute(
            "SELECT offer_a, offer_b, coalesce(score, 0), coalesce(reason, ''), decided_at,"
            " decision FROM dedup_decisions ORDER BY decided_at DESC, offer_a LIMIT ?",
            (limit,),
        )
        return list(_pairs(rows))

    def review_counts(self) -> dict[str, int]:
        counts = {"pending": 0, Decision.CONFIRMED.value: 0, Decision.REFUSED.value: 0}
        counts["pending"] = self._conn.execute("SELECT count(*) FROM dedup_review").fetchone()[0]
        for decision, n in self._conn.execute(
            "SELECT decision, count(*) FROM dedup_decisions GROUP BY decision"
        ):
            counts[decision] = n
        return counts


def _pairs(rows: Iterable[sqlite3.Row]) -> Iterator[ReviewPair]:
    for row in rows:
        yield ReviewPair(
            offer_a=row[0],
            offer_b=row[1],
            score=row[2],
            reason=row[3],
            found_at=datetime.fromisoformat(row[4]),
            decision=Decision(row[5]) if len(row.keys()) > 5 else None,
        )
