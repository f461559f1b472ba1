"""A local HTTP server (127.0.0.1, real sockets) that serves a fixture site and injects faults
per path: status codes with headers, hangs, slow and oversized bodies, gzip bombs, garbage.
Every request is logged with its start and end time (monotonic clock) and its answer."""

from __future__ import annotations

import gzip
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from crawlers.offline import resolve


@dataclass
class Fault:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    delay: float = 0.0  # seconds before answering
    hang: bool = False  # never answer (until the server stops)
    gzip_bomb: int = 0  # bytes of zeros, gzip-compressed
    times: int | None = None  # apply this many times, then serve normally


@dataclass
class Hit:
    start: float
    end: float
    path: str
    status: int


class FaultServer:
    def __init__(self, root: Path, live_base_url: str) -> None:
        self.root = root
        self.live_base_url = live_base_url
        self.faults: dict[str, Fault] = {}
        self.hits: list[Hit] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.server.handle_error = lambda request, address: None  # resets are expected
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def paths(self) -> list[str]:
        return [h.path for h in self.hits]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                hit = Hit(time.monotonic(), float("inf"), self.path, 0)
                with site._lock:
                    site.hits.append(hit)  # logged at once: a hanging answer still counts
                hit.status = self._answer()
                hit.end = time.monotonic()

            def _answer(self) -> int:
                fault = site.faults.get(self.path)
                if fault is not None and fault.times is not None:
                    if fault.times <= 0:
                        fault = None
                    else:
                        fault.times -= 1
                if fault is not None:
                    if fault.hang:
                        site._stop.wait(30)
                        return 0
                    if fault.delay:
                        site._stop.wait(fault.delay)
                    body = fault.body
                    headers = dict(fault.headers)
                    if fault.gzip_bomb:
                        body = gzip.compress(b"\0" * fault.gzip_bomb, compresslevel=9)
                        headers.setdefault("Content-Encoding", "gzip")
                    if body is not None or fault.status != 200:
                        return self._send(fault.status, body or b"error", headers)
                path = resolve(site.root, self.path)
                if path is None:
                    return self._send(404, b"not found", {})
                body = path.read_bytes().replace(site.live_base_url.encode(), site.url.encode())
                ctype = "text/plain" if path.name == "robots.txt" else "text/html"
                if path.suffix == ".xml":
                    ctype = "application/xml"
                return self._send(200, body, {"Content-Type": ctype + "; charset=utf-8"})

            def _send(self, status: int, body: bytes, headers: dict[str, Any]) -> int:
                try:
                    self.send_response(status)
                    headers.setdefault("Content-Type", "text/html; charset=utf-8")
                    for key, value in headers.items():
                        self.send_header(key, str(value))
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the crawler gave up on us: that is the point of some tests
                return status

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler

    def __enter__(self) -> FaultServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self.server.shutdown()
        self.server.server_close()
