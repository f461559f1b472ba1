"""`leeraanbod serve` (waitress in a real process) and `leeraanbod demo` end to end."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalogue.store import open_store
from leeraanbod.cli import main
from leeraanbod.settings import Settings
from tests.web.conftest import CLIENT_UA
from tests.web.engines import closed_port

LEERAANBOD = Path(sys.executable).parent / "leeraanbod"


def get(url: str) -> tuple[int, dict]:
    request = urllib.request.Request(url, headers={"User-Agent": CLIENT_UA})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, json.load(response)


def test_serve_runs_waitress_and_logs_no_client_data(catalogue_dir, tmp_path):
    port = closed_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "LEERAANBOD_DATA_DIR": str(catalogue_dir)}
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(LEERAANBOD), "serve", "--port", str(port)], env=env, stdout=out, stderr=out
        )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                status, health = get(base + "/api/v1/health")
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail(f"server did not start: {log.read_text()}")
        assert status == 200 and health["index"]["backend"] == "tantivy"
        status, body = get(base + "/api/v1/search?q=excel")
        assert status == 200 and body["total"] >= 1
    finally:
        server.terminate()
        server.wait(timeout=10)
    text = log.read_text()
    assert "waitress" in text.lower() and "GET /api/v1/search 200" in text
    access = [line for line in text.splitlines() if " GET " in line]
    assert access and not any("127.0.0.1" in line or CLIENT_UA in line for line in access)


def test_demo_crawls_clusters_and_indexes_the_shipped_fixtures(tmp_path, monkeypatch):
    monkeypatch.setenv("LEERAANBOD_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(main, ["demo", "--no-serve"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "skipped" not in result.output  # every step's command is installed
    settings = Settings(data_dir=tmp_path)
    store = open_store(settings.store_url)
    statuses = store.source_statuses()
    store.close()
    assert len(statuses) >= 5 and all(s.last_outcome == "good" for s in statuses)
    offers = sum(s.active for s in statuses)

    from web import create_app

    client = create_app({"TESTING": True, "SETTINGS": settings}).test_client()
    health = client.get("/api/v1/health").get_json()
    assert health["status"] == "ok" and health["index"]["documents"] == offers
    assert client.get("/api/v1/search?q=lassen").get_json()["total"] >= 1
    assert client.get("/").status_code == 200
