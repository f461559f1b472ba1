"""The fault suite: every probe that once broke the product, replayed against the real app, the
real store and real local HTTP servers (an in-process werkzeug server, or `leeraanbod serve`
as a real gunicorn process), asserting the fixed behaviour.

Each test module names the item of issue 19 it reproduces; docs/reliability.md maps them to
the requirements of the reliability notes.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from core.settings import Settings
from tests.sockets import closed_port
from tests.web.conftest import fill_catalogue, make_settings

ROOT = Path(__file__).resolve().parents[2]
# this checkout's CLI (an installed console script may run another checkout's code)
CLI = [sys.executable, "-c", "from leeraanbod.cli import main; main()"]


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body)


def fetch(url: str, timeout: float = 30) -> Answer:
    """A real HTTP GET; error statuses are answers too."""
    request = urllib.request.Request(url, headers={"User-Agent": "LeeraanbodFaults/1.0"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Answer(response.status, dict(response.headers), response.read())
    except urllib.error.HTTPError as exc:
        return Answer(exc.code, dict(exc.headers), exc.read())


@contextmanager
def served(app: Flask) -> Iterator[str]:
    """``app`` behind a real threaded HTTP server on 127.0.0.1; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def catalogue_master(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A filled catalogue (store + tantivy index), built once; tests copy it to change it."""
    data_dir = tmp_path_factory.mktemp("faults-catalogue")
    fill_catalogue(make_settings(data_dir))
    return data_dir


@pytest.fixture
def data_dir(catalogue_master: Path, tmp_path: Path) -> Path:
    """A private copy of the filled catalogue, free to damage."""
    target = tmp_path / "data"
    shutil.copytree(catalogue_master, target, symlinks=True)
    return target


@pytest.fixture
def settings(data_dir: Path) -> Settings:
    return make_settings(data_dir)


@pytest.fixture
def base_url(app: Flask) -> Iterator[str]:
    with served(app) as url:
        yield url


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*CLI, *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )


@dataclass
class Server:
    process: subprocess.Popen
    url: str
    log: Path

    def text(self) -> str:
        return self.log.read_text(errors="replace")


@contextmanager
def serve(data_dir: Path, log: Path, *args: str, **env: str) -> Iterator[Server]:
    """`leeraanbod serve` in a real process over ``data_dir``, until it answers /health."""
    port = closed_port()
    environment = {
        **os.environ,
        "LEERAANBOD_DATA_DIR": str(data_dir),
        "LEERAANBOD_WEB_RATE_LIMIT": "100000/minute",
        **env,
    }
    with log.open("w") as out:
        process = subprocess.Popen(
            [*CLI, "serve", "--port", str(port), *args],
            cwd=ROOT,
            env=environment,
            stdout=out,
            stderr=out,
        )
    server = Server(process, f"http://127.0.0.1:{port}", log)
    try:
        for _ in range(300):
            try:
                fetch(server.url + "/api/v1/health", timeout=5)
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(f"server exited: {server.text()}")
                time.sleep(0.2)
        else:
            pytest.fail(f"server did not start: {server.text()}")
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
