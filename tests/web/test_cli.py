"""`leeraanbod serve` (one or several gunicorn workers under a master, in real processes) and
`leeraanbod demo` end to end."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalogue.store import open_store
from core.settings import Settings
from leeraanbod.cli import main
from tests.sockets import closed_port
from tests.web.conftest import CLIENT_UA

ROOT = Path(__file__).resolve().parents[2]
# this checkout's code (an installed console script may run another checkout's)
LEERAANBOD = [sys.executable, "-c", "from leeraanbod.cli import main; main()"]


def get(url: str) -> tuple[int, dict]:
    request = urllib.request.Request(url, headers={"User-Agent": CLIENT_UA})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, json.load(response)


def test_serve_with_one_worker_is_supervised_and_logs_no_client_data(catalogue_dir, tmp_path):
    port = closed_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "LEERAANBOD_DATA_DIR": str(catalogue_dir)}
    with log.open("w") as out:
        server = subprocess.Popen(
            [*LEERAANBOD, "serve", "--port", str(port), "--workers", "1"],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=out,
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
    # one worker under gunicorn's master (which replaces it if it dies), not a bare process
    assert "Using worker: web.server.SecureThreadWorker" in text, text
    assert "GET /api/v1/search 200" in text
    access = [line for line in text.splitlines() if " GET " in line]
    assert access and not any("127.0.0.1" in line or CLIENT_UA in line for line in access)


def wait_started(base: str, log: Path) -> None:
    for _ in range(150):
        try:
            get(base + "/api/v1/health")
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"server did not start: {log.read_text()}")


def children(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (Linux /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def test_serve_with_two_workers_answers_from_both_and_stops_cleanly(catalogue_dir, tmp_path):
    port = closed_port()
    log = tmp_path / "serve.log"
    env = {
        **os.environ,
        "LEERAANBOD_DATA_DIR": str(catalogue_dir),
        "LEERAANBOD_WEB_RATE_LIMIT": "100000/minute",
    }
    with log.open("w") as out:
        server = subprocess.Popen(
            [*LEERAANBOD, "serve", "--port", str(port), "--workers", "2", "--threads", "2"],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=out,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_started(base, log)
        for _ in range(100):  # the master forks its workers one after the other
            workers = children(server.pid)
            if len(workers) == 2:
                break
            time.sleep(0.1)
        assert len(workers) == 2, log.read_text()

        def search(i: int) -> tuple[int, int]:
            status, body = get(f"{base}/api/v1/search?q=excel&page={1 + i % 2}&page_size=1")
            return status, body["total"]

        answered: set[int] = set()
        with ThreadPoolExecutor(8) as pool:
            for _ in range(25):  # until both workers have answered (each round is concurrent)
                answers = list(pool.map(search, range(16)))
                assert all(status == 200 and total >= 1 for status, total in answers)
                access = re.findall(r"\[(\d+)\] GET /api/v1/search 200", log.read_text())
                answered = {int(pid) for pid in access}
                if answered == workers:
                    break
        assert answered == workers, f"answered by {answered}, workers {workers}"
    finally:
        server.terminate()
        code = server.wait(timeout=20)
    assert code == 0
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)  # no worker left behind
    text = log.read_text()
    assert "SecureThreadWorker" in text and "Shutting down" in text
    access = [line for line in text.splitlines() if " GET " in line]
    assert access and not any("127.0.0.1" in line or CLIENT_UA in line for line in access)


def test_demo_crawls_clusters_and_indexes_the_shipped_fixtures(tmp_path, monkeypatch):
    monkeypatch.setenv("LEERAANBOD_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(main, ["demo", "--no-serve"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "- skipped (" not in result.output  # every step ran (commands and data present)
    settings = Settings(data_dir=tmp_path)
    store = open_store(settings.store_url)
    statuses = store.source_statuses()
    from dedup import cluster_ids

    live = [s.offer.id or "" for s in store.iter_offers()]
    runs = len(set(cluster_ids(store, live).values()))  # one document per course run
    store.close()
    assert len(statuses) >= 5 and all(s.last_outcome == "good" for s in statuses)
    offers = sum(s.active for s in statuses)
    assert runs < offers == len(live)  # the fixtures list some courses at two sources

    from web import create_app
    from web.services import services

    app = create_app({"TESTING": True, "SETTINGS": settings})
    services(app).warm_up()  # as `serve` does: opening with all of ESCO takes seconds
    client = app.test_client()
    health = client.get("/api/v1/health").get_json()
    assert health["status"] == "ok" and health["index"]["documents"] == runs
    assert client.get("/api/v1/search?q=lassen").get_json()["total"] >= 1
    assert client.get("/").status_code == 200
