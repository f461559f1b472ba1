from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalogue.store import SQLiteStore
from leeraanbod.cli import main
from reports.table import csv_cell
from tests.conftest import Clock
from tests.reports.catalogue import LASSER, NOW, Catalogue, build


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Catalogue:
    data_dir = tmp_path / "var"
    monkeypatch.setenv("LEERAANBOD_DATA_DIR", str(data_dir))
    monkeypatch.setenv("LEERAANBOD_TAXONOMY_DIR", str(tmp_path / "no-taxonomy"))
    monkeypatch.delenv("LEERAANBOD_DATABASE_URL", raising=False)
    store = SQLiteStore(data_dir / "catalogue.sqlite3", clock=Clock(NOW))
    store.migrate()
    catalogue = build(store, store._clock)
    store.close()
    return catalogue


def _invoke(*args: str):
    return CliRunner().invoke(main, ["report", *args])


def test_json_and_csv_agree(env: Catalogue) -> None:
    as_json = _invoke("access", "--as-of", "2026-11-02")
    as_csv = _invoke("access", "--format", "csv", "--as-of", "2026-11-02")
    assert as_json.exit_code == 0, as_json.output
    assert as_csv.exit_code == 0, as_csv.output
    rows = json.loads(as_json.output)["tables"]["criteria"]["rows"]
    parsed = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert parsed == [{k: csv_cell(v) for k, v in row.items()} for row in rows]
    assert parsed[0] == {
        "criterion": "free",
        "label": "Gratis",
        "offers": "2",
        "total": "6",
        "share": "0.3333",
    }


def test_csv_of_a_named_table_with_filters(env: Catalogue) -> None:
    result = _invoke(
        "coverage",
        "--format",
        "csv",
        "--table",
        "by_province",
        "--fund",
        "Cevora",
        "--as-of",
        "2026-11-02",
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "province,offers,upcoming_sessions",
        "Oost-Vlaanderen,1,1",
        "Vlaams-Brabant,1,0",
        ",1,1",
    ]


def test_freshness_as_of_a_day(env: Catalogue) -> None:
    result = _invoke("freshness", "--as-of", "2026-11-02")
    rows = json.loads(result.output)["tables"]["sources"]["rows"]
    assert [(r["source"], r["days_since_good_run"]) for r in rows] == [
        ("cevora", 27),
        ("syntra", 20),
        ("vdab", 27),
    ]


def test_overlap_with_a_cluster_file(env: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "clusters.csv"
    path.write_text(
        "offer_id,cluster_id\n" + "".join(f"{k},{v}\n" for k, v in env.clusters.items()),
        encoding="utf-8",
    )
    result = _invoke("overlap", "--format", "csv", "--clusters", str(path))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:] == ["cevora,syntra,1,3", "cevora,vdab,1,2"]


def test_gaps_with_the_projects_taxonomy(env: Catalogue, tmp_path: Path) -> None:
    """The CLI reads essential skills from the taxonomy (the bundled Flemish layer knows the
    lasser); bad rows and occupations without known skills are reported, not hidden."""
    unknown = "http://data.europa.eu/esco/occupation/00030d09-2b3a-4efd-87cc-c4ea39d27c34"
    path = tmp_path / "shortage.csv"
    path.write_text(
        f"occupation,weight\n{LASSER},2\n{LASSER},veel\n{unknown},1\n", encoding="utf-8"
    )
    result = _invoke("gaps", "--shortage", str(path), "--as-of", "2026-11-02")
    assert result.exit_code == 0, result.output
    assert "line 3: weight 'veel' is not a number" in result.output  # notes go to stderr
    assert f"{unknown}: no essential skills known" in result.output
    body = json.loads(result.output[result.output.index("{") :])
    everywhere = next(r for r in body["tables"]["occupations"]["rows"] if r["region"] == "all")
    assert (everywhere["occupation_label"], everywhere["essential_skills"]) == ("lasser", 6)
    assert everywhere["skills_missing"] == 6  # the fixture's offers carry no Flemish concepts


def test_bad_input_is_a_usage_error(env: Catalogue, tmp_path: Path) -> None:
    assert _invoke("nope").exit_code == 2
    bad_province = _invoke("access", "--province", "Gent")
    assert bad_province.exit_code == 2
    assert "Oost-Vlaanderen" in bad_province.output
    bad_table = _invoke("access", "--format", "csv", "--table", "nope")
    assert bad_table.exit_code == 2
    assert "criteria, by_province" in bad_table.output
    path = tmp_path / "shortage.csv"
    path.write_text("beroep\nlasser\n", encoding="utf-8")
    assert "column named occupation" in _invoke("gaps", "--shortage", str(path)).output
