"""A small bounded LRU; above all for facet counts kept per index generation, for requests
that differ only in page or sort.

Counting 11 facets over tens of thousands of matching documents is most of what a broad search
costs (docs/benchmarks.md, "Scale"), and paging through results or re-sorting them does not
change the counts: only a new or updated index does. An engine keys its counts by the index
generation it searched (a tantivy build and its last commit) and by everything that decides
the counts (the text, the filters, the facets asked for), never by page, page size or sort.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

V = TypeVar("V")
DEFAULT_SIZE = 256  # entries per engine (per serving process); ~10-40 KB each


class Lru(Generic[V]):
    """A bounded, thread-safe LRU mapping (functools.lru_cache style, but keyed explicitly so
    that a stale generation's entries simply age out). ``maxsize=0`` disables it."""

    def __init__(self, maxsize: int = DEFAULT_SIZE) -> None:
        self.maxsize = maxsize
        self._data: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> V | None:
        if not self.maxsize:
            return None
        with self._lock:
            value = self._data.get(key)
            if value is None:
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key: Hashable, value: V) -> None:
        if not self.maxsize:
            return
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)
