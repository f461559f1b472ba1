from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalogue.runs import RunStats
from catalogue.store import open_store
from leeraanbod.cli import main
from tests.factories import make_offer


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LEERAANBOD_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("LEERAANBOD_DATABASE_URL", raising=False)
    return tmp_path / "var"


def _seed(data_dir: Path) -> None:
    store = open_store(f"sqlite:///{data_dir / 'catalogue.sqlite3'}")
    offers = [make_offer(source_id=str(100 + i), identifiers=[]) for i in range(5)]
    run = store.start_run("vdab")
    store.upsert_offers(offers, run_id=run)
    store.finish_run(run, RunStats(pages=1, items_seen=5))
    run = store.start_run("vdab")
    store.upsert_offers(offers[:4], run_id=run)
    store.finish_run(run, RunStats(pages=1, items_seen=4))  # offer 5 goes stale
    run = store.start_run("cevora")
    store.finish_run(run, RunStats(pages=1))  # zero items: failed, never good
    store.close()


def test_init_creates_the_store(env: Path) -> None:
    result = CliRunner().invoke(main, ["init"])
    assert result.exit_code == 0, result.output
    assert (env / "catalogue.sqlite3").is_file()
    from catalogue.store.sqlite import _migrations

    assert f"schema version {max(m[0] for m in _migrations())}" in result.output


def test_status_on_an_empty_store_says_what_to_do(env: Path) -> None:
    result = CliRunner().invoke(main, ["status"])
    assert result.exit_code == 0
    assert "leeraanbod crawl" in result.output


def test_status_table(env: Path) -> None:
    _seed(env)
    result = CliRunner().invoke(main, ["status"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == [
        "source",
        "active",
        "stale",
        "expired",
        "retired",
        "quarantined",
        "last",
        "good",
        "run",
        "last",
        "run",
    ]
    cevora = next(line for line in lines if line.startswith("cevora"))
    vdab = next(line for line in lines if line.startswith("vdab"))
    # active, stale, expired, retired, quarantined, last good run
    assert cevora.split()[1:7] == ["0", "0", "0", "0", "0", "never"]
    assert cevora.split()[-1] == "failed"
    assert vdab.split()[1:6] == ["4", "1", "5", "0", "0"]  # the factory's sessions are past
    assert vdab.split()[-1] == "good"
    assert lines[-1] == "total: 4 active, 1 stale, 0 retired"


def test_status_json(env: Path) -> None:
    _seed(env)
    result = CliRunner().invoke(main, ["status", "--format", "json"])
    rows = {r["source"]: r for r in json.loads(result.output)}
    assert rows["vdab"]["stale"] == 1
    assert rows["cevora"]["last_good_run"] is None
    assert rows["vdab"]["last_good_run"] is not None
