"""The demand log under gunicorn's pre-fork model: the app preloaded in the master, two
worker processes counting on their own, each writing its counts when it exits.

gunicorn is a dependency (``leeraanbod serve --workers``); a real server on 127.0.0.1.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.web.conftest import CLIENT_UA

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
SERVER = """
from gunicorn.app.base import BaseApplication
from web import create_app

app = create_app()


class Server(BaseApplication):
    def load_config(self):
        for key, value in {
            "bind": ["127.0.0.1:%(port)d"],
            "workers": 2,
            "worker_class": "gthread",
            "threads": 4,
            "preload_app": True,
            "accesslog": None,
            "graceful_timeout": 10,
            "control_socket_disable": True,
        }.items():
            self.cfg.set(key, value)

    def load(self):
        return app


Server().run()
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("gunicorn did not start")


def test_worker_processes_count_alone_and_their_counts_add_up_at_exit(
    catalogue_dir: Path, tmp_path: Path
) -> None:
    demand_file = tmp_path / "demand.sqlite3"
    port = _free_port()
    env = {
        **os.environ,
        "LEERAANBOD_DATA_DIR": str(catalogue_dir),
        "LEERAANBOD_DEMAND_PATH": str(demand_file),
        "LEERAANBOD_DEMAND_FLUSH_SECONDS": "3600",
        "LEERAANBOD_DEMAND_MIN_COUNT": "2",
        "LEERAANBOD_WEB_RATE_LIMIT": "100000/minute",
    }
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER % {"port": port}],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for(port)
        for i in range(40):
            query = "lassen" if i % 2 else "xyzzyplop"
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/v1/search?q={query}",
                headers={"User-Agent": CLIENT_UA, "Connection": "close"},
            )
            with urllib.request.urlopen(request, timeout=30) as response:
                assert response.status == 200
        assert not demand_file.exists()  # counted in the workers' memory only
    finally:
        server.send_signal(signal.SIGTERM)  # graceful: workers exit, their atexit flushes
        _, errors = server.communicate(timeout=60)
        for line in errors.decode().splitlines():  # joins the suite's privacy check
            log.info("gunicorn: %s", line)
    assert server.returncode == 0, errors.decode()[-2000:]
    conn = sqlite3.connect(demand_file)
    try:
        assert conn.execute("SELECT sum(count) FROM searches").fetchone() == (40,)
        texts = conn.execute("SELECT query FROM query_texts ORDER BY query").fetchall()
        assert texts == [("lassen",), ("xyzzyplop",)]
    finally:
        conn.close()
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert b"127.0.0.1" not in stored and CLIENT_UA.encode() not in stored
    assert errors.count(b"Booting worker") == 2
    assert CLIENT_UA not in errors.decode()
