"""A time limit and a circuit breaker around every search-engine call.

The web layer must answer within 2.5 s even when the engine hangs (a socket that never answers)
or is gone (a closed port): every call runs in a small worker pool and is abandoned after
``timeout`` seconds; any failure opens the breaker for ``cooldown`` seconds, during which calls
fail at once instead of piling up threads behind a dead engine. Failures surface as
``SearchUnavailable``, which the web layer turns into a JSON 503 with ``Retry-After``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TypeVar

from catalogue.model import Offer
from index.base import (
    BulkResult,
    IndexStats,
    RebuildResult,
    SearchIndex,
    SearchUnavailable,
    Suggestion,
)
from index.documents import Indexable
from index.plan import Filter
from index.search_query import SearchQuery, SearchResults

log = logging.getLogger(__name__)
T = TypeVar("T")


class GuardedIndex(SearchIndex):
    """Wraps any ``SearchIndex`` so that no call blocks a request longer than ``timeout``."""

    def __init__(
        self,
        opener: Callable[[], SearchIndex],
        timeout: float = 2.0,
        cooldown: float = 5.0,
        workers: int = 8,
    ) -> None:
        self._opener = opener
        self._inner: SearchIndex | None = None
        self._open_lock = threading.Lock()
        self.timeout = timeout
        self.cooldown = cooldown
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="engine")
        self._open_until = 0.0  # monotonic time until which the breaker stays open

    @property
    def backend(self) -> str:
        return self._inner.backend if self._inner is not None else "unopened"

    # ------------------------------------------------------------------ plumbing
    def _engine(self) -> SearchIndex:
        if self._inner is None:
            with self._open_lock:
                if self._inner is None:
                    try:
                        self._inner = self._opener()
                    except SearchUnavailable:
                        raise
                    except Exception as exc:
                        log.warning("search engine could not be opened: %s", type(exc).__name__)
                        raise SearchUnavailable(f"search engine not available: {exc}") from None
        return self._inner

    def open_now(self) -> SearchIndex:
        """Open the engine without a time limit (a server's warm-up: opening tantivy with
        the full taxonomy vocabulary takes seconds, which no request should wait for)."""
        return self._engine()

    def _call(self, what: str, fn: Callable[[SearchIndex], T]) -> T:
        if time.monotonic() < self._open_until:
            raise SearchUnavailable("search engine recently failed; retrying shortly")
        future = self._pool.submit(lambda: fn(self._engine()))
        try:
            return future.result(timeout=self.timeout)
        except FutureTimeout:
            future.cancel()
            self._trip()
            log.warning("search engine call %s timed out after %.1f s", what, self.timeout)
            raise SearchUnavailable(
                f"search engine did not answer within {self.timeout} s"
            ) from None
        except SearchUnavailable:
            self._trip()
            log.warning("search engine unavailable during %s", what)
            raise
        except (ConnectionError, OSError, TimeoutError) as exc:
            self._trip()
            log.warning("search engine call %s failed: %s", what, type(exc).__name__)
            raise SearchUnavailable(f"search engine unreachable ({type(exc).__name__})") from None
        except Exception as exc:
            # client libraries wrap transport errors in their own classes
            if _is_transport_error(exc):
                self._trip()
                log.warning("search engine call %s failed: %s", what, type(exc).__name__)
                raise SearchUnavailable(f"search engine error ({type(exc).__name__})") from None
            raise

    def _trip(self) -> None:
        self._open_until = time.monotonic() + self.cooldown

    # ------------------------------------------------------------------ SearchIndex
    def bulk_index(self, items: Iterable[Indexable]) -> BulkResult:
        return self._engine().bulk_index(items)  # writes are not for the web layer's clock

    def delete(self, offer_ids: Iterable[str]) -> int:
        return self._engine().delete(offer_ids)

    def rebuild(self, items: Iterable[Indexable], *, force: bool = False) -> RebuildResult:
        return self._engine().rebuild(items, force=force)

    def search(self, query: SearchQuery) -> SearchResults:
        return self._call("search", lambda e: e.search(query))

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        return self._call("suggest", lambda e: e.suggest(prefix, limit))

    def get(self, offer_id: str) -> Offer | None:
        return self._call("get", lambda e: e.get(offer_id))

    def stats(self) -> IndexStats:
        return self._call("stats", lambda e: e.stats())

    def generation(self) -> str | None:
        return self._call("generation", lambda e: e.generation())

    def course_run_ids(self, flt: Filter) -> list[str]:
        """Past the per-search time limit (made for one results page): a large joint
        committee has tens of thousands of runs (0.3 s of CPU at 100k offers, more under load),
        and a timeout would open the breaker for every search. The engine keeps its own
        timeouts (OpenSearch's per call); callers ask ``generation()`` first, guarded."""
        return self._engine().course_run_ids(flt)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        if self._inner is not None:
            self._inner.close()


def _is_transport_error(exc: Exception) -> bool:
    """Connection and timeout errors of the official clients, without importing them."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    return bool(
        names
        & {
            "ConnectionError",
            "ConnectionTimeout",
            "TransportError",
            "ConnectionRefusedError",
            "ReadTimeoutError",
            "NewConnectionError",
        }
    )
