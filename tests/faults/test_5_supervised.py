"""Issue 19, item 5: a damaged search index never takes the server down.

Before: segment files truncated while serving killed a ``--workers 1`` (waitress) server for
good with SIGBUS; gunicorn workers died with their in-flight requests. Now ``serve`` always runs
under gunicorn's master (one worker for ``--workers 1``), a reader checks that no segment file
it maps has shrunk before each use (503 instead of SIGBUS), a worker that dies anyway is
replaced, and a rebuild opens and counts a new build before swapping it in.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.settings import Settings
from tests.faults.conftest import fetch, run_cli, serve
from tests.web.test_cli import children


def _truncate_live_build(data_dir: Path) -> int:
    live = (data_dir / "index" / "current").resolve()
    damaged = 0
    for path in live.iterdir():
        if not path.name.endswith(".json") and path.stat().st_size > 64:
            os.truncate(path, 16)
            damaged += 1
    return damaged


def _wait_for(predicate, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    pytest.fail("condition not met in time")


def test_truncated_index_while_serving_is_503_and_the_server_lives_on(data_dir, tmp_path):
    with serve(
        data_dir, tmp_path / "serve.log", "--workers", "1", LEERAANBOD_WEB_RETRY_AFTER="5"
    ) as server:
        search = server.url + "/api/v1/search?q=excel"
        assert fetch(search).status == 200
        assert _truncate_live_build(data_dir) > 0
        # the same search (cached before the damage) and new ones that must read the files
        words = ["excel", "lassen", "boekhouding", "python", "heftruck"]
        answers = [fetch(f"{server.url}/api/v1/search?q={w}") for w in words]
        assert [a.status for a in answers] == [503] * 5, server.text()[-3000:]
        assert all(a.headers["Retry-After"] == "5" for a in answers)
        assert answers[0].json()["error"] == "search_unavailable"
        assert server.process.poll() is None and "SIGBUS" not in server.text()

        # the index is rebuilt from the store: the same server answers again
        rebuilt = run_cli("index", "rebuild", env={"LEERAANBOD_DATA_DIR": str(data_dir)})
        assert rebuilt.returncode == 0, rebuilt.stderr[-2000:]
        _wait_for(lambda: fetch(search).status == 200)


def test_a_worker_killed_by_sigbus_is_replaced(data_dir, tmp_path):
    with serve(data_dir, tmp_path / "serve.log", "--workers", "1") as server:
        (worker,) = children(server.process.pid)
        os.kill(worker, signal.SIGBUS)
        _wait_for(lambda: children(server.process.pid) - {worker})
        _wait_for(lambda: fetch(server.url + "/api/v1/search?q=excel").status == 200)
        assert server.process.poll() is None


# Run in a child process: a tantivy index opened over files that are then truncated may touch
# its memory map again when it is dropped, and a SIGBUS there would end the whole test run.
_VERIFY_DAMAGED = """
import os, sys
from pathlib import Path
from index.base import RebuildRejected
from index.tantivy.builds import Opened, verify_build

live = Path(sys.argv[1])
documents = Opened(live).index.searcher().num_docs
verify_build(live, documents)  # the intact build passes
try:
    verify_build(live, documents - 1)  # fewer documents than the build holds
except RebuildRejected as exc:
    assert "holds" in str(exc), exc
else:
    raise SystemExit("a build with other counts than written was accepted")
for path in live.iterdir():
    if not path.name.endswith(".json") and path.stat().st_size > 64:
        os.truncate(path, 16)
try:
    verify_build(live, documents)
except RebuildRejected as exc:
    print("rejected:", exc)
    os._exit(0)  # leave without dropping the maps of the damaged files
raise SystemExit("a damaged build passed verification")
"""


def test_a_damaged_build_is_never_swapped_in(data_dir):
    live = (data_dir / "index" / "current").resolve()
    result = subprocess.run(
        [sys.executable, "-c", _VERIFY_DAMAGED, str(live)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "rejected:" in result.stdout and "cannot be opened" in result.stdout


def test_settings_index_dir_is_where_the_suite_damages(data_dir):
    assert Settings(data_dir=data_dir).index_dir == data_dir / "index"
