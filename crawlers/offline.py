"""Serve the shipped fixture pages from local HTTP servers on 127.0.0.1, one per source.

Every source gets its own port (its own "host", so robots.txt and politeness apply per source
as they do live). Files map to URL paths: ``/a/b`` is ``a/b``, ``a/b.html`` or
``a/b/index.html``; a query string is part of the name (``/opleidingen?page=2`` is
``opleidingen__page-2.html``). Text files are served with the live site's base URL replaced
by the local one, so fixture pages can keep the absolute links real sites have. Like a real
site, each file is served with an ``ETag`` (a hash of the body) and ``Last-Modified`` (the
file's time), and a conditional request for an unchanged file gets ``304 Not Modified``.

Demo dates: the saved pages carry their 2024-2025 sessions. With ``shift_years`` (what
``demo_year_shift`` gives: the whole years that put the saved sessions ahead of today) every
date in a page (``2024-11-12``, ``12/11/2024``, ``12 november 2024``, ``12 nov. 2024``) is
served that many years later, so a demo crawl looks like a live portal. Whole years keep day
and month (no 29 February in the pages), not the weekday. It is off by default: the crawler
tests, which freeze time, get the dates the pages hold; ``crawl --offline`` without a frozen
clock (the demo) turns it on (``crawlers.runner.crawl_offline``).
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

# the saved sites, shipped as package data (the demo and `crawl --offline` serve them)
FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures"
TEXT_TYPES = ("text/", "application/xml", "application/json", "application/ld+json")


# the saved sessions begin at the end of August 2024
FIXTURE_YEAR, FIXTURE_FIRST = 2024, (8, 1)
MONTHS = (
    "jan|janv|januari|janvier|january|feb|febr|februari|février|fév|february|mrt|maart|mar|mars|"
    "march|apr|avr|april|avril|mei|mai|may|jun|juni|juin|june|jul|juli|juil|juillet|july|aug|"
    "augustus|août|august|sep|sept|september|septembre|okt|oktober|oct|octobre|october|nov|"
    "november|novembre|dec|déc|december|décembre"
)
DATE_YEAR = re.compile(
    rb"(?P<year>20\d\d)(?=-[01]\d-[0-3]\d)"  # 2024-11-12
    rb"|(?<=\d[/.-])(?P<year2>20\d\d)\b"  # 12/11/2024, 12.11.2024, 12-11-2024
    rb"|(?<=[\s>])(?P<month>(?:" + MONTHS.encode() + rb")\.?\s)(?P<year3>20\d\d)\b",  # nov. 2024
    re.IGNORECASE,
)


def demo_year_shift(today: date) -> int:
    """The whole years that put every saved session (from August 2024 on) after ``today``."""
    years = today.year - FIXTURE_YEAR
    return max(0, years + (1 if (today.month, today.day) >= FIXTURE_FIRST else 0))


DEMO_MARKER = "demo-data.json"  # in the data folder: its catalogue holds shifted demo data


def mark_demo_data(data_dir: Path, years: int, today: date) -> None:
    """Note in ``data_dir`` that its catalogue was crawled from the fixtures with dates moved
    ``years`` on (the web pages then say that they show demo data)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    note = {"shift_years": years, "crawled_on": today.isoformat()}
    (data_dir / DEMO_MARKER).write_text(json.dumps(note) + "\n", encoding="utf-8")


def shift_dates(body: bytes, years: int) -> bytes:
    """``body`` with the year of every date in it moved ``years`` on (see the module)."""
    if not years:
        return body

    def later(match: re.Match[bytes]) -> bytes:
        month = match.group("month") or b""
        year = match.group("year") or match.group("year2") or match.group("year3")
        return month + str(int(year) + years).encode()

    return DATE_YEAR.sub(later, body)


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
    shift_years: int = 0  # demo: dates served this many years later
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
                # (and of the demo's date shift: a new year's shift is a changed page)
                saved = body + (f"shift={site.shift_years}".encode() if site.shift_years else b"")
                etag = '"' + hashlib.sha256(saved).hexdigest()[:32] + '"'
                if ctype.startswith(TEXT_TYPES):
                    body = body.replace(site.live_base_url.encode(), site.url.encode())
                    body = shift_dates(body, site.shift_years)
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
    sites: dict[str, str], fixtures_dir: Path = FIXTURES_DIR, shift_years: int = 0
) -> Iterator[dict[str, SiteServer]]:
    """Start one server per ``{fixture folder: live base URL}``; stop them all on exit.
    ``shift_years``: serve every date that many years later (the demo, ``demo_year_shift``)."""
    servers: dict[str, SiteServer] = {}
    try:
        for folder, live in sites.items():
            root = fixtures_dir / folder
            if not root.is_dir():
                raise FileNotFoundError(f"no fixture pages for {folder!r} in {fixtures_dir}")
            servers[folder] = SiteServer(root, live.rstrip("/"), shift_years).start()
        yield servers
    finally:
        for server in servers.values():
            server.stop()
