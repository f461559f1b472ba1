from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalogue.runs import RunStats
from catalogue.store import open_store
from leeraanbod.cli import main
from tests.index.corpus import corpus


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LEERAANBOD_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("LEERAANBOD_DATABASE_URL", raising=False)
    monkeypatch.setenv("LEERAANBOD_SEARCH_BACKEND", "tantivy")
    return tmp_path / "var"


def test_rebuild_from_the_store_then_status(env: Path) -> None:
    runner = CliRunner()
    assert "no index built yet" in runner.invoke(main, ["index", "status"]).output
    env.mkdir(parents=True)
    store = open_store(f"sqlite:///{env / 'catalogue.sqlite3'}")
    offers = corpus()
    run = store.start_run("mixed")
    store.upsert_offers(offers, run_id=run)
    store.finish_run(run, RunStats(pages=1, items_seen=len(offers)))
    store.close()

    result = runner.invoke(main, ["index", "rebuild"])
    assert result.exit_code == 0, result.output
    assert f"{len(offers)} course runs indexed" in result.output  # none clustered

    result = runner.invoke(main, ["index", "status", "--format", "json"])
    stats = json.loads(result.output)
    assert stats["backend"] == "tantivy" and stats["documents"] == len(offers)
    assert stats["per_source"]["syntra"] == sum(o.source == "syntra" for o in offers)
    assert (env / "index" / "current").is_symlink()


def test_rebuild_indexes_one_document_per_cluster(env: Path) -> None:
    from dedup import update_clusters
    from tests.factories import make_offer

    env.mkdir(parents=True)
    store = open_store(f"sqlite:///{env / 'catalogue.sqlite3'}")
    odb = [{"scheme": "odb", "value": "ODB-0002141"}]
    same = [
        make_offer(source="syntra", source_id="S1", identifiers=odb, url="https://a.be/1"),
        make_offer(source="cevora", source_id="C1", identifiers=odb, url="https://b.be/1"),
    ]
    other = make_offer(source="vdab", source_id="V9", title="Heftruck", url="https://c.be/9")
    store.upsert_offers([*same, other])
    update_clusters(store, [o.id or "" for o in [*same, other]])
    store.close()
    runner = CliRunner()
    result = runner.invoke(main, ["index", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "2 course runs indexed" in result.output
    stats = json.loads(runner.invoke(main, ["index", "status", "--format", "json"]).output)
    assert stats["documents"] == 2
    assert stats["per_source"] == {"cevora": 1, "syntra": 1, "vdab": 1}


def test_rebuild_refuses_to_empty_the_index(env: Path) -> None:
    env.mkdir(parents=True)
    store = open_store(f"sqlite:///{env / 'catalogue.sqlite3'}")
    store.upsert_offers(corpus())
    store.close()
    runner = CliRunner()
    assert runner.invoke(main, ["index", "rebuild"]).exit_code == 0
    (env / "catalogue.sqlite3").unlink()  # an empty catalogue: every source would vanish
    result = runner.invoke(main, ["index", "rebuild"])
    assert result.exit_code != 0 and "geweigerd" in result.output
    stats = json.loads(runner.invoke(main, ["index", "status", "--format", "json"]).output)
    assert stats["documents"] == len(corpus())


def test_open_index_picks_the_backend(tmp_path: Path) -> None:
    from core.settings import Settings
    from index import open_index
    from index.tantivy import TantivyIndex

    engine = open_index(Settings(data_dir=tmp_path, search_backend="tantivy"))
    assert isinstance(engine, TantivyIndex) and engine.directory == tmp_path / "index"
    with pytest.raises(ValueError, match="unknown search backend"):
        open_index(Settings(search_backend="solr"))
    with pytest.raises(ValueError, match="SEARCH_URL"):
        open_index(Settings(search_backend="opensearch"))


@pytest.mark.opensearch
def test_open_index_auto_detects_opensearch() -> None:
    from core.settings import Settings
    from index import open_index
    from index.opensearch import OpenSearchIndex
    from tests.index.conftest import OPENSEARCH_URL

    engine = open_index(Settings(search_backend="auto", search_url=OPENSEARCH_URL))
    assert isinstance(engine, OpenSearchIndex)
    engine.stats()  # the first call reads the kind from the server's root response
    assert engine.backend == "opensearch"
    engine.close()
