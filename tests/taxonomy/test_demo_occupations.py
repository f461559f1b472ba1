"""The demo on a fresh data directory (bundled ESCO, no ../shared): an occupation query finds
the courses that teach the occupation's essential skills; `taxonomy retag` re-tags the stored
catalogue and rebuilds the index without a recrawl."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from core.settings import Settings
from index import open_index
from index.search_query import SearchQuery
from leeraanbod.cli import main
from taxonomy.core import clear_cache, store_path

ELECTRICAL = ("AREI", "BA4/BA5", "Fotovolta", "Laadinfrastructuur")


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    data = tmp_path_factory.mktemp("demo") / "var"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LEERAANBOD_DATA_DIR", str(data))
        patch.setenv("LEERAANBOD_SEARCH_BACKEND", "tantivy")
        patch.setenv("LEERAANBOD_TAXONOMY_DIR", str(data / "no-shared-here"))
        clear_cache()
        result = CliRunner().invoke(main, ["demo", "--no-serve"])
        assert result.exit_code == 0, result.output
        assert "bundled ESCO snapshot" in result.output
        yield data
    clear_cache()


def _titles(data: Path, q: str) -> list[str]:
    settings = Settings(data_dir=data, search_backend="tantivy")
    index = open_index(settings)
    try:
        return [hit.title for hit in index.search(SearchQuery(q=q, page_size=50)).hits]
    finally:
        index.close()


@pytest.mark.parametrize("q", ["ik wil elektricien worden", "elektricien"])
def test_an_occupation_query_finds_the_courses_of_its_essential_skills(
    demo_dir: Path, q: str
) -> None:
    titles = _titles(demo_dir, q)
    for part in ELECTRICAL:
        assert any(part in title for title in titles), (part, titles)
    # not everything: a welding or bookkeeping course is no electrician's course
    assert not any("lassen" in t.lower() or "boekhoud" in t.lower() for t in titles), titles


def test_retag_reports_changes_and_rebuilds_the_index(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEERAANBOD_DATA_DIR", str(demo_dir))
    monkeypatch.setenv("LEERAANBOD_SEARCH_BACKEND", "tantivy")
    runner = CliRunner()
    unchanged = runner.invoke(main, ["taxonomy", "retag", "--no-index"])
    assert unchanged.exit_code == 0, unchanged.output
    assert ": 0 changed tags" in unchanged.output  # the demo tagged with this taxonomy
    # without ESCO (only the Flemish layer) the stored ESCO tags go, without a recrawl
    store_path(Settings(data_dir=demo_dir)).rename(demo_dir / "taxonomy.sqlite3.away")
    clear_cache()
    try:
        result = runner.invoke(main, ["taxonomy", "retag"])
        assert result.exit_code == 0, result.output
        changed = int(result.output.split(" changed tags")[0].rsplit(":", 1)[1])
        assert changed > 10
        assert "course runs indexed" in result.output
    finally:
        (demo_dir / "taxonomy.sqlite3.away").rename(store_path(Settings(data_dir=demo_dir)))
        clear_cache()
    again = runner.invoke(main, ["taxonomy", "retag"])
    assert again.exit_code == 0, again.output
    assert int(again.output.split(" changed tags")[0].rsplit(":", 1)[1]) > 10
    titles = _titles(demo_dir, "ik wil elektricien worden")
    assert any("AREI" in t for t in titles)
