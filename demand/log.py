"""Counting searches in memory and writing them in batches, off the request path.

``DemandLog.record`` only normalises the text and increments a counter under a lock; a daemon
thread per process writes the counts (``DemandStore.add``) every ``flush_seconds``, sooner when
``flush_entries`` distinct counters are waiting, and once more at exit (``atexit``). Each
process (each gunicorn worker) counts and flushes its own searches; the store adds them up.
After a fork the child starts with no counts and its own thread.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import weakref
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime

from demand.privacy import normalise_query
from demand.store import DemandStore

log = logging.getLogger(__name__)

DEFAULT_FLUSH_SECONDS = 30.0
DEFAULT_FLUSH_ENTRIES = 1000
MAX_PENDING = 50_000  # distinct counters held when the file cannot be written; more are lost


def utc_today() -> date:
    return datetime.now(UTC).date()


class DemandLog:
    def __init__(
        self,
        store: DemandStore,
        flush_seconds: float = DEFAULT_FLUSH_SECONDS,
        flush_entries: int = DEFAULT_FLUSH_ENTRIES,
        today: Callable[[], date] = utc_today,
    ) -> None:
        self.store = store
        self.flush_seconds = flush_seconds
        self.flush_entries = flush_entries
        self.today = today
        self._reset()
        _LOGS.add(self)
        atexit.register(_close_at_exit, weakref.ref(self))

    def _reset(self) -> None:
        self._lock = threading.Lock()
        self._flush_lock = threading.Lock()
        self._searches: Counter[tuple[date, str, bool]] = Counter()
        self._daily: Counter[tuple[date, str]] = Counter()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._pid = os.getpid()
        self._pruned_on: date | None = None
        self.lost = 0  # counts dropped because the file could not be written for too long

    # ------------------------------------------------------------------ request path
    def record(self, text: str, total: int, filter_kinds: Iterable[str] = ()) -> None:
        """Count one text search that found ``total`` results (no I/O)."""
        found = normalise_query(text)
        if found.text is None and found.dropped is None:
            return  # no text: not a text search
        day = self.today()
        zero = total == 0
        kinds = sorted(set(filter_kinds))
        with self._lock:
            if found.text is None:
                self._daily[(day, f"dropped:{found.dropped}")] += 1  # nothing else of it kept
            elif len(self._searches) < MAX_PENDING or (day, found.text, zero) in self._searches:
                self._searches[(day, found.text, zero)] += 1
                for kind in kinds:
                    self._daily[(day, f"filter:{kind}")] += 1
                    if zero:
                        self._daily[(day, f"filter_zero:{kind}")] += 1
            else:
                self._daily[(day, "dropped:overflow")] += 1
            waiting = len(self._searches) + len(self._daily)
        self._ensure_thread()
        if waiting >= self.flush_entries:
            self._wake.set()

    # ------------------------------------------------------------------ writing
    def _ensure_thread(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        with self._lock:
            if self._stop.is_set() or (self._thread is not None and self._thread.is_alive()):
                return
            self._thread = threading.Thread(
                target=_flush_loop,
                args=(weakref.ref(self), self._wake, self._stop, self.flush_seconds),
                name="demand-log-flush",
                daemon=True,
            )
            self._thread.start()

    def flush(self) -> int:
        """Write what was counted; returns how many searches were written. On a database error
        the counts are kept for the next flush (the error is logged, never a query)."""
        with self._flush_lock:
            with self._lock:
                searches, self._searches = self._searches, Counter()
                daily, self._daily = self._daily, Counter()
            today = self.today()
            prune = self._pruned_on != today
            if not searches and not daily and not (prune and self.store.exists()):
                return 0  # nothing to write: no file is created for nothing
            try:
                self.store.add(searches, daily, today, prune=prune)
            except self.store.errors as exc:
                log.warning("demand log: could not write %d counters: %s", len(searches), exc)
                with self._lock:
                    for key, n in searches.items():
                        if len(self._searches) < MAX_PENDING or key in self._searches:
                            self._searches[key] += n
                        else:
                            self.lost += n
                    self._daily.update(daily)
                return 0
            self._pruned_on = today
            return sum(searches.values())

    def close(self) -> None:
        """Stop the thread and write what is left (at exit, or when the app is torn down)."""
        if self._pid != os.getpid():
            return  # a forked child's copy: the parent writes its own counts
        self._stop.set()
        self._wake.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=5)
        self.flush()

    def _after_fork(self) -> None:
        self._reset()


def _flush_loop(
    ref: weakref.ref[DemandLog], wake: threading.Event, stop: threading.Event, seconds: float
) -> None:
    """The flush thread; it holds the log weakly, so a discarded app's thread ends too."""
    while not stop.is_set():
        wake.wait(seconds)
        wake.clear()
        demand_log = ref()
        if demand_log is None or stop.is_set():
            return
        demand_log.flush()
        del demand_log


_LOGS: weakref.WeakSet[DemandLog] = weakref.WeakSet()


def _close_at_exit(ref: weakref.ref[DemandLog]) -> None:
    demand_log = ref()
    if demand_log is not None:
        try:
            demand_log.close()
        except Exception:  # never fail interpreter shutdown over statistics
            log.exception("demand log: final flush failed")


def _after_fork_in_child() -> None:
    for demand_log in list(_LOGS):
        demand_log._after_fork()


os.register_at_fork(after_in_child=_after_fork_in_child)
