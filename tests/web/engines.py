"""Engines that fail the way real ones do, over real sockets on 127.0.0.1.

``HttpEngine`` speaks HTTP to a cluster address with no timeout of its own (the worst client),
so the web layer's own time limit is what is tested: a closed port refuses at once, a
listening socket that never answers hangs until the guard gives up.
"""

from __future__ import annotations

import socket
import threading
import urllib.request
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from catalogue.model import Offer
from index.base import BulkResult, IndexStats, RebuildResult, SearchIndex, Suggestion
from index.query import SearchQuery, SearchResults


class HttpEngine(SearchIndex):
    backend = "http-probe"

    def __init__(self, url: str) -> None:
        self.url = url

    def _get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.url + path) as response:
            return response.read()

    def bulk_index(self, offers: Iterable[Offer]) -> BulkResult:
        raise NotImplementedError

    def delete(self, offer_ids: Iterable[str]) -> int:
        raise NotImplementedError

    def rebuild(self, offers: Iterable[Offer], *, force: bool = False) -> RebuildResult:
        raise NotImplementedError

    def search(self, query: SearchQuery) -> SearchResults:
        return SearchResults.model_validate_json(self._get("/_search"))

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        self._get("/_suggest")
        return []

    def get(self, offer_id: str) -> Offer | None:
        self._get("/_doc")
        return None

    def stats(self) -> IndexStats:
        return IndexStats.model_validate_json(self._get("/_stats"))


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def silent_server() -> Iterator[int]:
    """Accepts connections and never answers a byte."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
                held.append(conn)
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=2)
        for conn in held:
            conn.close()
        server.close()
