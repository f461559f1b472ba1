"""The concrete indices behind one alias: create, swap atomically, delete, and the lock that
lets one rebuild run at a time.

Zero-downtime rebuild: a new concrete index ``<alias>-<stamp>-<hex>`` (no replicas, no refresh
while loading), then one atomic alias swap, and the old index deleted. On any error the new
index is deleted and the alias stays. A lock document (``<alias>-lock/_doc/rebuild``, created
with ``op_type=create``) lets one rebuild run at a time; a lock older than
``LOCK_STALE_SECONDS`` (a crashed run) is taken over.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from index.base import RebuildInProgress, SearchUnavailable
from index.opensearch.adapters import Adapter, EngineError
from index.opensearch.mapping import STEMMER, STEMMER_FALLBACK, index_body
from index.plan import LEGACY_SOURCE_COUNT_FIELD, SOURCE_COUNT_FIELD
from index.vocabulary import Vocabulary

LOCK_STALE_SECONDS = 6 * 3600
LOCK_INDEX_SETTINGS = {"number_of_shards": 1, "number_of_replicas": 0}


class Aliases:
    """The alias ``alias`` on the server behind ``adapter``."""

    def __init__(self, adapter: Adapter, alias: str) -> None:
        self.adapter = adapter
        self.alias = alias

    @property
    def lock_index(self) -> str:
        return f"{self.alias}-lock"

    def call(self, method: str, path: str, body: Any = None, **kw: Any) -> Any:
        """One call; an overloaded or failing server (429, 5xx) is ``SearchUnavailable``."""
        try:
            return self.adapter.request(method, path, body, **kw)
        except EngineError as exc:
            if exc.status >= 500 or exc.status == 429:
                raise SearchUnavailable(str(exc)) from exc
            raise

    def live(self) -> list[str]:
        """The concrete indices behind the alias (none before the first rebuild)."""
        try:
            found = self.call("GET", f"/_alias/{self.alias}")
        except EngineError as exc:
            if exc.status == 404:
                return []
            raise
        return sorted(found)

    def new_name(self) -> str:
        stamp = datetime.now(UTC).strftime("%Y%m%dt%H%M%S")
        return f"{self.alias}-{stamp}-{uuid.uuid4().hex[:8]}"

    def create(self, name: str, vocabulary: Vocabulary) -> None:
        """A concrete index with the mapping; Lucene without ``dutch_kp`` gets ``dutch``."""
        try:
            self.call("PUT", f"/{name}", index_body(vocabulary), timeout=60)
        except EngineError as exc:
            if exc.status != 400 or STEMMER not in str(exc.body):
                raise
            body = index_body(vocabulary, stemmer=STEMMER_FALLBACK)
            self.call("PUT", f"/{name}", body, timeout=60)

    def delete(self, name: str) -> None:
        try:
            self.call("DELETE", f"/{name}", timeout=60)
        except EngineError as exc:
            if exc.status != 404:
                raise

    def swap(self, live: list[str], name: str) -> None:
        """Point the alias at ``name`` instead of ``live``, in one atomic call."""
        actions: list[dict] = [{"remove": {"index": i, "alias": self.alias}} for i in live]
        actions.append({"add": {"index": name, "alias": self.alias}})
        self.call("POST", "/_aliases", {"actions": actions}, timeout=60)

    def remove_orphans(self, keep: set[str]) -> None:
        """Indices of a rebuild that crashed before cleaning up (call with the lock held)."""
        try:
            found = self.call("GET", f"/{self.alias}-*", params={"expand_wildcards": "all"})
        except EngineError as exc:
            if exc.status == 404:
                return
            raise
        for name in found:
            if name not in keep and name != self.lock_index:
                self.delete(name)

    def source_counts(self, index: str) -> dict[str, int]:
        """Documents per source; an index from before one document per course run (no
        ``sources`` field) counts its one document per offer (``source``)."""
        body = {
            "size": 0,
            "aggs": {
                "s": {"terms": {"field": SOURCE_COUNT_FIELD, "size": 10_000}},
                "legacy": {"terms": {"field": LEGACY_SOURCE_COUNT_FIELD, "size": 10_000}},
            },
        }
        answer = self.call("POST", f"/{index}/_search", body)
        buckets = answer["aggregations"]["s"]["buckets"]
        if not buckets:
            buckets = answer["aggregations"]["legacy"]["buckets"]
        return {b["key"]: b["doc_count"] for b in buckets}

    @contextlib.contextmanager
    def rebuild_lock(self) -> Iterator[None]:
        """Held by the one rebuild that may run; ``RebuildInProgress`` when another holds it."""
        self._lock()
        try:
            yield
        finally:
            # if this fails, the lock goes stale and is taken over after LOCK_STALE_SECONDS
            with contextlib.suppress(EngineError, SearchUnavailable):
                self.call("DELETE", f"/{self.lock_index}/_doc/rebuild", params={"refresh": "true"})

    def _lock(self) -> None:
        lock_index = self.lock_index
        try:  # a one-shard index without replicas holds the lock document
            self.call("PUT", f"/{lock_index}", {"settings": LOCK_INDEX_SETTINGS})
        except EngineError as exc:
            if exc.status != 400:  # 400: resource_already_exists_exception
                raise
        now = time.time()
        body = {"started": now}
        try:
            self.call("PUT", f"/{lock_index}/_create/rebuild", body, params={"refresh": "true"})
        except EngineError as exc:
            if exc.status != 409:
                raise
            held = self.call("GET", f"/{lock_index}/_doc/rebuild")
            if now - held["_source"]["started"] < LOCK_STALE_SECONDS:
                raise RebuildInProgress(f"another rebuild of {self.alias} is running") from exc
            # a crashed run's lock: take it over only if nobody else did meanwhile
            try:
                self.call(
                    "PUT",
                    f"/{lock_index}/_doc/rebuild",
                    body,
                    params={
                        "if_seq_no": held["_seq_no"],
                        "if_primary_term": held["_primary_term"],
                        "refresh": "true",
                    },
                )
            except EngineError as exc2:
                if exc2.status == 409:
                    raise RebuildInProgress(f"another rebuild of {self.alias} is running") from exc2
                raise
