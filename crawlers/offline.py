"""Serve the shipped fixture pages from local HTTP servers on 127.0.0.1, one per source.

Every source gets its own port (its own "host", so robots.txt and politeness apply per source
as they do live). Files map to URL paths: ``/a/b`` is ``a/b``, ``a/b.html`` or
``a/b/index.html``; a query string is part of the name (``/opleidingen?page=2`` is
``opleidingen__page-2.html``). Text files are served with the live site's base URL replaced
by the local one, so fixture pages can keep the absolute links real sites have. Like a real
site, each file is served with an ``ETag`` (a hash of the body) and ``Last-Modified`` (the
file's time), and a conditional request for an unchanged file gets ``304 Not Modified``.
"""

from __future__ import annotations

import hashlib
import mimetypes
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

# the saved sites, shipped as package data (the demo and `crawl --offline` serve them)
FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures"
TEXT_TYPES = ("text/", "application/xml", "application/json", "application/ld+json")


def query_suffix(query: str) -> str:
    return "__" + query.replace("=", "-").replace("&", "_") if query else ""


def resolve(root: Path, raw_path: str) -> Path | None:
    """The fixture file for a request path (with query), or ``None``."""
    parts = urlsplit(raw_path)
    rel = unquote(parts.path).lstrip("/")
    suffix = query_suffix(parts.query)
    base = (root / rel).resolve()
    if not base.is_relative_to(root.resolve()):
        return None
    candidates = [
        Path(str(base) + suffix),
        Path(str(base) + suffix + ".html"),
        base / f"index{suffix}.html",
    ]
    return next((c for c in candidates if c.is_file()), None)


def not_modified(headers: object, etag: str, modified: int) -> bool:
    """RFC 9110 13.1: If-None-Match wins over If-Modified-Since."""
    match = headers.get("If-None-Match")  # type: ignore[attr-defined]
    if match is not None:
        return etag in [m.strip().removeprefix("W/") for m in match.split(",")] or match == "*"
    since = headers.get("If-Modified-Since")  # type: ignore[attr-defined]
    if since:
        try:
            return modified <= parsedate_to_datetime(since).timestamp()
        except (TypeError, ValueError):
            return False
    return False


@dataclass
class SiteServer:
    """One fixture site: ``root`` served at ``url``, replacing ``live_base_url``."""

    root: Path
    live_base_url: str
    server: ThreadingHTTPServer | None = None
    log: list[tuple[float, str]] = field(default_factory=list)

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> SiteServer:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.log.append((time.monotonic(), self.path))
                path = resolve(site.root, self.path)
                if path is None:
                    self.send_error(404, "Not Found")
                    return
                ctype = mimetypes.guess_type(path.name)[0] or "text/html"
                if path.suffix == "" or path.name.endswith(".html"):
                    ctype = "text/html"
                body = path.read_bytes()
                # of the file as saved: the served body names this server's changing port
                etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
                if ctype.startswith(TEXT_TYPES):
                    body = body.replace(site.live_base_url.encode(), site.url.encode())
                    ctype += "; charset=utf-8"
                modified = int(path.stat().st_mtime)
                if not_modified(self.headers, etag, modified):
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", formatdate(modified, usegmt=True))
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass  # quiet; requests are kept in site.log

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


@contextmanager
def serve_fixtures(
    sites: dict[str, str], fixtures_dir: Path = FIXTURES_DIR
) -> Iterator[dict[str, SiteServer]]:
    """Start one server per ``{fixture folder: live base URL}``; stop them all on exit."""
    servers: dict[str, SiteServer] = {}
    try:
        for folder, live in sites.items():
            root = fixtures_dir / folder
            if not root.is_dir():
                raise FileNotFoundError(f"no fixture pages for {folder!r} in {fixtures_dir}")
            servers[folder] = SiteServer(root, live.rstrip("/")).start()
        yield servers
    finally:
        for server in servers.values():
            server.stop()
