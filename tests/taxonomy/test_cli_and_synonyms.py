"""The ``leeraanbod taxonomy`` commands and the generated synonym sets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from leeraanbod.cli import main
from taxonomy.core import Taxonomy, clear_cache, load_taxonomy
from taxonomy.synonyms import compound_words, synonym_lines, synonym_sets


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LEERAANBOD_DATA_DIR", str(tmp_path / "var"))
    clear_cache()
    yield tmp_path / "var"
    clear_cache()


def test_import_iscedf_then_info(env: Path, official: Path) -> None:
    runner = CliRunner()
    path = official / "isced-f" / "isced_f_2013_from_esco_en_nl.csv"
    result = runner.invoke(main, ["taxonomy", "import-iscedf", str(path)])
    assert result.exit_code == 0, result.output
    assert "isced-f/field_of_education: 4" in result.output
    assert (env / "taxonomy.sqlite3").exists()
    info = runner.invoke(main, ["taxonomy", "info"])
    assert "isced-f/field_of_education" in info.output and "4" in info.output
    assert "flemish/skill" in info.output


def test_a_failed_import_exits_nonzero_and_says_the_store_is_unchanged(
    env: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = CliRunner().invoke(main, ["taxonomy", "import-esco", str(empty)])
    assert result.exit_code != 0
    assert "store unchanged" in result.output


def test_tag_command_prints_json(env: Path) -> None:
    result = CliRunner().invoke(
        main, ["taxonomy", "tag", "Heftruck en reachtruck", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    ids = [c["concept_id"] for c in payload["competences"]]
    assert {"vl:heftruck", "vl:reachtruck"} <= set(ids)
    assert payload["fields_of_education"] == ["1041"]


def test_search_concepts_by_prefix(env: Path) -> None:
    taxonomy = load_taxonomy()
    hits = [c.id for c in taxonomy.search_concepts("heftr", "nl", 5)]
    assert hits[0] in ("vl:heftruck", "vl:heftruckchauffeur")
    assert next(c.id for c in taxonomy.search_concepts("soud", "fr", 3)).startswith("vl:lassen")
    result = CliRunner().invoke(main, ["taxonomy", "search", "vca"])
    assert "vl:vca" in result.output


def test_load_taxonomy_is_cached_and_sees_a_new_import(env: Path, official: Path):
    first = load_taxonomy()
    assert load_taxonomy() is first
    assert not first.has_scheme("isced-f")
    path = official / "isced-f" / "isced_f_2013_from_esco_en_nl.csv"
    CliRunner().invoke(main, ["taxonomy", "import-iscedf", str(path)])
    second = load_taxonomy()
    assert second is not first and second.has_scheme("isced-f")


def test_synonym_lines(flemish_taxonomy: Taxonomy) -> None:
    lines = synonym_lines(flemish_taxonomy)
    vca = next(line for line in lines if line.startswith("vca,"))
    assert "veiligheid gezondheid milieu checklist aannemers" in vca
    welding = next(line for line in lines if line.startswith("lassen,"))
    assert "soudage" in welding and "welding" in welding
    assert all("," in line and "=>" not in line for line in lines)
    dutch_only = synonym_lines(flemish_taxonomy, lang="nl")
    assert not any("soudage" in line for line in dutch_only)


def test_compound_words(flemish_taxonomy: Taxonomy) -> None:
    words = compound_words(flemish_taxonomy)
    assert {"heftruck", "chauffeur", "opleiding", "veiligheid", "las"} <= set(words)
    assert words == sorted(words)
    assert all(w.isalpha() and w == w.lower() for w in words)


def test_search_concepts_ranks_and_filters(esco_taxonomy: Taxonomy) -> None:
    hits = esco_taxonomy.search_concepts("las", "nl", 10)
    assert hits[0].id == "vl:lassen"  # the Flemish layer and preferred labels first
    assert "esco:occupation/7aedaa07-3884-4c5b-88f9-80997b2aa54b" in [c.id for c in hits]
    only_esco = esco_taxonomy.search_concepts("las", "nl", 10, schemes=["esco"])
    assert only_esco and all(c.scheme == "esco" for c in only_esco)
    fields = esco_taxonomy.search_concepts("mechanica", "nl", 5, types=["field_of_education"])
    assert [c.id for c in fields][:1] == ["isced-f:0715"]
    # a word inside a label matches too, after the labels that start with it
    assert "vl:lassen-tig" in [c.id for c in esco_taxonomy.search_concepts("lassen", "nl", 20)]
    assert esco_taxonomy.search_concepts("   ", "nl") == []


def test_synonym_sets_match_the_lines(flemish_taxonomy: Taxonomy) -> None:
    sets = synonym_sets(flemish_taxonomy, lang="nl")
    assert len(sets) == len(synonym_lines(flemish_taxonomy, lang="nl"))
    heftruck = next(s for s in sets if s[0] == "heftruck")
    assert "vorkheftruck" in heftruck and all(", " not in term for term in heftruck)


def test_compound_words_take_only_long_words_from_imported_labels(
    esco_taxonomy: Taxonomy, flemish_taxonomy: Taxonomy
) -> None:
    words = set(compound_words(esco_taxonomy))
    assert "magazijnmedewerker" in words  # an ESCO occupation label
    short = {w for w in words if len(w) < 5}
    assert short <= set(compound_words(flemish_taxonomy))


def test_init_loads_the_bundled_esco_and_info_counts_it(env: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["init"])
    assert result.exit_code == 0, result.output
    assert "bundled ESCO snapshot esco-v1.2.0-" in result.output
    again = runner.invoke(main, ["init"])
    assert "taxonomy store" in again.output and "up to date" in again.output
    info = runner.invoke(main, ["taxonomy", "info"])
    line = next(x for x in info.output.splitlines() if x.startswith("ESCO:"))
    occupations, skills = (int(part.split()[0]) for part in line[5:].split(",")[:2])
    assert occupations >= 3000 and skills >= 13000
    assert "esco_relations_release: v1.1.1" in info.output
    assert "2011/833/EU" in info.output


def test_an_import_of_official_files_is_kept_by_init(env: Path, official: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["taxonomy", "import", str(official)])
    assert result.exit_code == 0, result.output
    assert "leeraanbod taxonomy retag" in result.output
    runner.invoke(main, ["init"])
    assert load_taxonomy().meta["origin"] == "import"


def test_import_without_a_directory_names_the_path(env: Path, tmp_path: Path) -> None:
    missing = tmp_path / "no-taxonomy-here"
    result = CliRunner().invoke(
        main, ["taxonomy", "import"], env={"LEERAANBOD_TAXONOMY_DIR": str(missing)}
    )
    assert result.exit_code != 0
    assert f"{missing}: no such directory" in result.output
    assert "esco.ec.europa.eu" in result.output


def test_import_without_a_directory_says_what_to_give(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["taxonomy", "import"],
        env={"LEERAANBOD_DATA_DIR": str(tmp_path), "LEERAANBOD_TAXONOMY_DIR": None},
    )
    assert result.exit_code == 2
    assert "official ESCO download" in result.output
    assert "LEERAANBOD_TAXONOMY_DIR" in result.output
