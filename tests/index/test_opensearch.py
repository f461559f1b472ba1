"""OpenSearch specifics: per-document bulk errors, 429 retries, timeouts, locks, orphans."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from catalogue.model import Offer
from index.base import SearchIndex, SearchUnavailable
from index.opensearch import OpenSearchIndex, detect_kind, make_adapter
from index.opensearch.adapters import OpenSearchAdapter
from index.search_query import SearchQuery
from tests.index.conftest import OPENSEARCH_URL
from tests.sockets import silent_server as listening_silently

MakeEngine = Callable[[str], SearchIndex]


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A TCP server that accepts connections and never answers: a hung engine."""
    with listening_silently() as port:
        yield f"http://127.0.0.1:{port}"


@pytest.mark.parametrize("kind", ["opensearch", "elasticsearch"])
def test_hung_engine_is_unavailable_within_the_deadline(silent_server: str, kind: str) -> None:
    engine = OpenSearchIndex.connect(silent_server, "x", kind=kind, timeout=2.0)
    started = time.monotonic()
    with pytest.raises(SearchUnavailable):
        engine.search(SearchQuery(q="lassen"))
    assert time.monotonic() - started < 2.5


def test_refused_connection_is_unavailable() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    engine = OpenSearchIndex.connect(f"http://127.0.0.1:{port}", "x", kind="opensearch", timeout=2)
    with pytest.raises(SearchUnavailable):
        engine.search(SearchQuery())
    with pytest.raises(SearchUnavailable):
        detect_kind(f"http://127.0.0.1:{port}", 1.0)


@pytest.mark.opensearch
def test_kind_is_read_from_the_root_response() -> None:
    assert OPENSEARCH_URL
    assert detect_kind(OPENSEARCH_URL, 2.0) == "opensearch"
    adapter = make_adapter(OPENSEARCH_URL, None, 2.0)  # detects on first use
    assert adapter.request("GET", "/")["version"]["distribution"] == "opensearch"
    assert adapter.kind == "opensearch"
    assert isinstance(make_adapter(OPENSEARCH_URL, "opensearch", 2.0), OpenSearchAdapter)


def test_auto_detection_waits_for_a_server_that_is_down() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    engine = OpenSearchIndex.connect(f"http://127.0.0.1:{port}", "x", timeout=1.0)  # no error yet
    with pytest.raises(SearchUnavailable):
        engine.search(SearchQuery(q="lassen"))


@pytest.mark.opensearch
def test_refused_document_is_reported_by_id(
    make_engine: MakeEngine, offers: list[Offer], monkeypatch: pytest.MonkeyPatch
) -> None:
    import index.opensearch.bulk as module

    engine = make_engine("opensearch")
    bad = offers[5].id
    real = module.build_document

    def build(offer: Offer, *args: Any, **kwargs: Any) -> dict:
        doc = real(offer, *args, **kwargs)
        if offer.id == bad:
            doc["price_min"] = "not a number"  # the engine answers 400 for this one
        return doc

    monkeypatch.setattr(module, "build_document", build)
    result = engine.rebuild(offers)
    assert set(result.bulk.errors) == {bad}
    assert "pars" in result.bulk.errors[bad]  # mapper_parsing_exception / document_parsing
    assert result.bulk.indexed == len(offers) - 1
    assert engine.get(bad) is None and engine.stats().documents == len(offers) - 1


@pytest.mark.opensearch
def test_bulk_retries_items_refused_with_429(make_engine: MakeEngine, offers: list[Offer]) -> None:
    engine = make_engine("opensearch")
    assert isinstance(engine, OpenSearchIndex)
    real_bulk = engine.adapter.bulk
    calls: list[int] = []

    def throttled(operations: list[dict], timeout: float) -> dict:
        """The first call: the node refuses the first item as overloaded (as under load)."""
        calls.append(len(operations))
        if len(calls) > 1:
            return real_bulk(operations, timeout)
        answer = real_bulk(operations[2:], timeout)
        refused = {"index": {"_id": operations[0]["index"]["_id"], "status": 429}}
        return {**answer, "items": [refused, *answer["items"]]}

    engine.adapter.bulk = throttled  # type: ignore[method-assign]
    result = engine.rebuild(offers)
    assert result.bulk.errors == {} and result.bulk.indexed == len(offers)
    assert calls[1] == 2  # the refused document alone was sent again
    assert engine.stats().documents == len(offers)


@pytest.mark.opensearch
def test_stale_lock_is_taken_over_and_orphans_removed(
    make_engine: MakeEngine, offers: list[Offer]
) -> None:
    engine = make_engine("opensearch")
    assert isinstance(engine, OpenSearchIndex)
    engine.adapter.request("PUT", f"/{engine.alias}-orphan")
    engine.adapter.request(
        "PUT", f"/{engine.alias}-lock/_doc/rebuild", {"started": 0}, params={"refresh": "true"}
    )
    result = engine.rebuild(offers)
    names = set(engine.adapter.request("GET", f"/{engine.alias}-*"))
    assert names == {result.name, f"{engine.alias}-lock"}
    assert engine.search(SearchQuery(q="lassen")).total == 3


@pytest.mark.opensearch
def test_not_built_yet_is_unavailable() -> None:
    assert OPENSEARCH_URL
    engine = OpenSearchIndex.connect(OPENSEARCH_URL, "never-built", kind="opensearch")
    with pytest.raises(SearchUnavailable, match="not been built"):
        engine.search(SearchQuery(q="lassen"))
    with pytest.raises(SearchUnavailable):
        engine.suggest("las")
    assert engine.stats().documents == 0


@pytest.fixture
def slow_engine() -> Iterator[str]:
    """An HTTP server that answers every search with no hits, 0.8 s late."""
    import json
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Slow(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("content-length", 0)))
            time.sleep(0.8)
            body = json.dumps({"hits": {"total": {"value": 0}, "hits": []}}).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    server.handle_error = lambda *args: None  # type: ignore[method-assign] # client gave up
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_one_deadline_for_all_calls_of_a_search(slow_engine: str) -> None:
    # nothing within 5 km: the radius is widened 3 times, 0.8 s a call, but 2 s in all
    engine = OpenSearchIndex.connect(slow_engine, "x", kind="opensearch", timeout=2.0)
    started = time.monotonic()
    with pytest.raises(SearchUnavailable):
        engine.search(SearchQuery(postcode="9000", radius_km=5, facets=[]))
    assert time.monotonic() - started < 2.5
