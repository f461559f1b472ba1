"""Serving processes: gunicorn, always supervised (a master that replaces a dead worker).

One Python process runs every request under one GIL, so one process serves from one core at a
time (docs/benchmarks.md, "Scale"). ``leeraanbod serve --workers N`` runs gunicorn's pre-fork
model with ``gthread`` workers (``N`` processes × ``threads`` threads each, one listening
socket):

- the app is created once in the master and **preloaded**: the taxonomy and the search
  vocabulary (read-only Python objects, ~100 MB with ESCO) are built before the fork and
  shared copy-on-write; ``gc.freeze()`` keeps the collector from touching (and so copying)
  their pages;
- the catalogue store (SQLite) and the search engine (tantivy objects, an OpenSearch client's
  connection pool, the engine guard's threads) are opened in each worker after the fork
  (``post_worker_init`` → ``Services.warm_up``): none of them may cross a fork;
- gunicorn writes no access log (``accesslog=None``); the app's own access log has the path,
  status and time only, never a client address or user agent (``web.security``).

``--workers 1`` is one gunicorn worker under its master, not a bare process: a worker killed
by a signal (e.g. SIGBUS from a search index file truncated while mapped) is replaced, and the
new one answers 503 until the index can be opened again. Waitress (one unsupervised process)
is left only for platforms without ``fork``. Errors gunicorn answers itself (414 URI too long,
431, 400 bad request line) carry the app's security headers and name no client address in the
log (``SecureThreadWorker``). Per-client rate limits with the default ``memory://`` storage
are counted per worker; give ``LEERAANBOD_WEB_RATE_LIMIT_STORAGE`` (e.g. Redis) for one count.
"""

from __future__ import annotations

import json
import logging
import os
import re
from functools import cache
from typing import Any

from flask import Flask

from core.settings import Settings

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"


def can_fork() -> bool:
    return hasattr(os, "fork")


def default_workers() -> int:
    """One worker per CPU this process may run on (the requests are CPU-bound Python)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def serve_waitress(app: Flask, settings: Settings, host: str, port: int, threads: int) -> None:
    import waitress

    from web.services import services

    services(app).warm_up()
    waitress.serve(
        app,
        host=host,
        port=port,
        threads=threads,
        ident="leeraanbod",
        # waitress writes no access log; our own log has no client address or user agent.
        # X-Forwarded-* is only believed behind LEERAANBOD_WEB_PROXY_COUNT proxies (ProxyFix)
        clear_untrusted_proxy_headers=settings.web_proxy_count == 0,
    )


def gunicorn_options(host: str, port: int, workers: int, threads: int) -> dict[str, Any]:
    """gunicorn settings (``gunicorn --help`` names) for ``leeraanbod serve --workers``."""
    return {
        "bind": [f"{host}:{port}"],
        "workers": workers,
        "worker_class": "web.server.SecureThreadWorker",
        "threads": threads,
        "preload_app": True,
        "accesslog": None,  # no access log with client addresses; the app logs path + status
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "leeraanbod",
        "timeout": 60,  # a worker silent this long (warm-up included) is replaced
        "graceful_timeout": 10,
        "keepalive": 5,
        # gunicorn believes X-Forwarded-Proto from 127.0.0.1 by default; we leave proxy
        # headers to the app (ProxyFix, only with LEERAANBOD_WEB_PROXY_COUNT)
        "forwarded_allow_ips": "",
        "control_socket_disable": True,  # no shared ~/.gunicorn socket between servers
    }


def serve_gunicorn(app: Flask, options: dict[str, Any]) -> None:
    from gunicorn.app.base import BaseApplication

    from web.services import services

    svc = services(app)
    svc.preload()  # before the fork: shared copy-on-write by every worker

    def post_worker_init(worker: Any) -> None:
        # after the fork, in the worker: the store connection and the engine are its own
        svc.warm_up()

    def worker_exit(server: Any, worker: Any) -> None:
        svc.close()

    class LeeraanbodApplication(BaseApplication):
        def load_config(self) -> None:
            for key, value in {
                **options,
                "post_worker_init": post_worker_init,
                "worker_exit": worker_exit,
            }.items():
                self.cfg.set(key, value)

        def load(self) -> Flask:
            return app

    LeeraanbodApplication().run()


# ---------------------------------------------------------------- errors gunicorn answers itself
def _error_response(status: int, reason: str, message: str) -> bytes:
    """gunicorn's own error answers (bad request line, 414, 431) as a JSON ``ApiError`` with
    the app's security headers, instead of bare HTML without them."""
    from web.security import SECURITY_HEADERS

    code = reason.lower().replace(" ", "_")
    body = json.dumps({"error": code, "message": message[:200]}).encode()
    head = [f"HTTP/1.1 {status} {reason}", "Connection: close"]
    head += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    head += [f"{name}: {value}" for name, value in SECURITY_HEADERS.items()]
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin1") + body


def _write_error(sock: Any, status_int: int, reason: str, mesg: str) -> None:
    from gunicorn import util

    util.write_nonblock(sock, _error_response(status_int, reason, mesg))


class _NoClientAddress(logging.Filter):
    """gunicorn logs "Invalid request from ip=…": keep the error, drop the address."""

    _IP = re.compile(r"ip=[^\s:]*")

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "ip=" in message:
            record.msg, record.args = self._IP.sub("ip=-", message), None
        return True


@cache
def _secure_worker_class() -> type:
    from gunicorn import util
    from gunicorn.workers.gthread import ThreadWorker

    class SecureThreadWorker(ThreadWorker):
        def init_process(self) -> None:
            util.write_error = _write_error  # this worker process's error answers
            self.log.error_log.addFilter(_NoClientAddress())
            super().init_process()

    return SecureThreadWorker


def __getattr__(name: str) -> Any:  # gunicorn imports the worker class by its dotted name
    if name == "SecureThreadWorker":
        return _secure_worker_class()
    raise AttributeError(name)
