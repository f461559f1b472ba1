from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalogue.store import open_store
from leeraanbod.cli import main
from tests.dedup.test_store_clusters import listing


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LEERAANBOD_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("LEERAANBOD_DATABASE_URL", raising=False)
    store = open_store(f"sqlite:///{tmp_path / 'var' / 'catalogue.sqlite3'}")
    offers = [
        listing("syntra-ab", "1"),
        listing("cevora", "c1"),
        listing("vdab", "v1", title="Lassen"),
    ]
    store.upsert_offers(offers)
    store.close()
    return tmp_path / "var"


def test_dedup_command_clusters_the_catalogue(env: Path) -> None:
    result = CliRunner().invoke(main, ["dedup"])
    assert result.exit_code == 0, result.output
    assert "3 offers in 2 clusters, 2 offers share a cluster" in result.output
    result = CliRunner().invoke(main, ["dedup", "--format", "json"])
    assert json.loads(result.output) == {
        "offers": 3,
        "clusters": 2,
        "merged": 2,
        "removed": 0,
        "review": 0,
    }


def test_dedup_command_updates_around_given_offers(env: Path) -> None:
    offer_id = listing("cevora", "c1").id
    result = CliRunner().invoke(main, ["dedup", "--offer", offer_id, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["merged"] == 2


def test_dedup_is_listed_in_the_help(env: Path) -> None:
    assert "dedup" in CliRunner().invoke(main, ["--help"]).output
