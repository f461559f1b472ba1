"""The catalogue store's interface: the system of record for offers and crawl runs.

SQLite implements it (:mod:`catalogue.store.sqlite`, the embedded default), PostgreSQL with the
same SQL (:mod:`catalogue.store.postgres`, several nodes). Callers depend on this interface only.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel

from catalogue.model import Offer
from catalogue.runs import CrawlRun, RunResult, RunStats
from catalogue.store.crawl_state import PageState
from catalogue.store.review import ReviewStore

DEFAULT_RETIRE_AFTER = 3


class OfferStatus(StrEnum):
    ACTIVE = "active"  # seen by the latest good run of its source
    STALE = "stale"  # missed by one or more good runs, still shown (flagged)
    RETIRED = "retired"  # missed by N good runs, or its page answered 404/410


class StoredOffer(BaseModel):
    """An offer with the store's bookkeeping around it."""

    offer: Offer
    status: OfferStatus
    first_seen: datetime
    last_seen: datetime
    updated_at: datetime
    missed_runs: int
    retired_reason: str | None = None
    retired_at: datetime | None = None


class QuarantinedRow(BaseModel):
    """A stored offer that no longer validates: skipped by every read, reported here."""

    offer_id: str
    source: str
    reason: str
    found_at: datetime


class UpsertResult(BaseModel):
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0


class SourceStatus(BaseModel):
    source: str
    active: int = 0
    stale: int = 0
    retired: int = 0
    last_good_run: datetime | None = None
    last_run: datetime | None = None
    last_outcome: str | None = None
    quarantined: int = 0  # stored rows that no longer validate (``CatalogueStore.quarantined``)
    last_message: str | None = None
    degraded_fields: list[str] = []  # of the last run, when it was degraded
    expired: int = 0  # active or stale offers whose sessions are all past


class OfferStore(ABC):
    """Offers and crawl runs: what crawls write and search, pages and reports read."""

    retire_after: int

    @abstractmethod
    def migrate(self) -> int:
        """Bring the schema to the newest version; return that version."""

    @abstractmethod
    def upsert_offers(self, offers: Iterable[Offer], run_id: int | None = None) -> UpsertResult:
        """Insert or update by stable id (idempotent). Seen offers become active again."""

    @abstractmethod
    def get_offer(self, offer_id: str) -> StoredOffer | None: ...

    def rewrite_offers(self, offers: Iterable[Offer]) -> int:
        """Store new data for offers already stored (a retagging) without touching their
        status or crawl bookkeeping; returns how many rows changed."""
        raise NotImplementedError

    @abstractmethod
    def iter_offers(
        self, source: str | None = None, statuses: Iterable[OfferStatus] | None = None
    ) -> Iterator[StoredOffer]:
        """Offers in id order; by default every status except retired."""

    def get_offers(
        self, offer_ids: Iterable[str], statuses: Iterable[OfferStatus] | None = None
    ) -> list[StoredOffer]:
        """The given offers that exist, in id order; by default every status except retired
        (as ``iter_offers``). Stores override this with one query per batch."""
        wanted = set(statuses) if statuses is not None else {OfferStatus.ACTIVE, OfferStatus.STALE}
        found = (self.get_offer(i) for i in sorted(set(offer_ids)))
        return [s for s in found if s is not None and s.status in wanted]

    def change_marker(self) -> str | None:
        """A value that changes whenever anything in the store may have changed (any commit
        by any connection); ``None`` when the store cannot tell (then nothing may be cached
        on it). Cheap: callers check it on every request."""
        return None

    @abstractmethod
    def count_offers(self, source: str | None = None) -> dict[OfferStatus, int]: ...

    @abstractmethod
    def start_run(self, source: str) -> int: ...

    @abstractmethod
    def finish_run(self, run_id: int, stats: RunStats, error: str | None = None) -> RunResult:
        """Judge the run; only a good run marks unseen offers stale or retires them."""

    @abstractmethod
    def mark_gone(self, offer_id: str, http_status: int) -> bool:
        """Retire an offer at once because its own page answered 404 or 410."""

    @abstractmethod
    def runs(self, source: str | None = None, limit: int = 50) -> list[CrawlRun]: ...

    @abstractmethod
    def source_statuses(self) -> list[SourceStatus]: ...

    def quarantined(self) -> list[QuarantinedRow]:
        """Stored rows that no longer validate, found by a read that skipped them (each read
        of offers isolates rows: one bad row is never fatal to an export, rebuild or page)."""
        return []

    # ------------------------------------------------------------------ crawl bookkeeping
    @abstractmethod
    def page_states(self, source: str) -> dict[str, PageState]:
        """Every page of ``source`` remembered from its last fetch in full, by (live) URL."""

    @abstractmethod
    def record_pages(
        self,
        source: str,
        fetched: Mapping[str, tuple[str | None, str | None]] = {},
        offers: Mapping[str, Iterable[str]] = {},
    ) -> None:
        """Remember fetched pages' validators (url → (ETag, Last-Modified)) and the offers
        each page yielded (url → offer ids)."""

    @abstractmethod
    def mark_page_seen(self, run_id: int, source: str, url: str) -> int:
        """An unchanged page (304, sitemap ``lastmod``): its offers count as seen by the run."""

    @abstractmethod
    def try_lock(self, source: str, holder: str, ttl_seconds: float) -> bool:
        """Take the per-source lease shared by every process on this store."""

    @abstractmethod
    def release_lock(self, source: str, holder: str) -> None: ...

    @abstractmethod
    def lock_holder(self, source: str) -> str | None: ...

    def all_runs(self, source: str | None = None) -> list[CrawlRun]:
        """Every crawl run, oldest first (the reports read the whole history)."""
        return list(reversed(self.runs(source, limit=2**62)))


class ClusterStore(ABC):
    """The duplicate clusters across sources (``dedup``): blocking keys, clusters, state."""

    @abstractmethod
    def set_dedup_keys(self, keys: Mapping[str, Iterable[str]]) -> None:
        """Replace the blocking keys of each given offer (an empty collection removes them)."""

    @abstractmethod
    def clear_dedup_keys(self) -> None:
        """Forget every blocking key (before a full recompute)."""

    @abstractmethod
    def dedup_version(self) -> str | None:
        """The matcher version the stored clusters and keys were made with (None: never)."""

    @abstractmethod
    def set_dedup_version(self, version: str) -> None: ...

    @abstractmethod
    def offers_with_key(self, key: str, limit: int) -> list[str]:
        """Ids of the offers that have this blocking key, at most ``limit``, in id order."""

    @abstractmethod
    def set_clusters(
        self, assignments: Mapping[str, tuple[str, str | None]], remove: Iterable[str] = ()
    ) -> None:
        """Store offer id -> (cluster id, what linked it); forget the offers in ``remove``."""

    @abstractmethod
    def get_clusters(self, offer_ids: Iterable[str]) -> dict[str, str]:
        """offer id -> cluster id for those of the given offers that are clustered."""

    @abstractmethod
    def cluster_reasons(self, offer_ids: Iterable[str]) -> dict[str, str]:
        """offer id -> what linked it into its cluster (strong key or score), when linked."""

    @abstractmethod
    def cluster_members(self, cluster_id: str) -> list[str]:
        """The offer ids of one cluster, in id order (empty for an unknown cluster)."""

    def members_of_clusters(self, cluster_ids: Iterable[str]) -> dict[str, list[str]]:
        """cluster id -> its offer ids (id order), for those of the given clusters that have
        members. Stores override this with one query per batch."""
        found = {c: self.cluster_members(c) for c in sorted(set(cluster_ids))}
        return {c: ids for c, ids in found.items() if ids}

    @abstractmethod
    def unclustered_offers(self) -> list[str]:
        """Ids of active and stale offers that have no cluster yet (id order)."""

    @abstractmethod
    def retired_in_clusters(self) -> list[str]:
        """Ids of retired offers still in a cluster (id order): a crawl or a 404 retired them
        and nobody re-clustered since."""

    @abstractmethod
    def all_clusters(self) -> dict[str, str]:
        """Every clustered offer id -> its cluster id."""


class CatalogueStore(OfferStore, ClusterStore, ReviewStore):
    """The system of record: one implementation per database (``sqlite.SQLiteStore``); the
    deduplication review's part is ``catalogue.store.review``."""

    def close(self) -> None:  # an optional hook
        pass
