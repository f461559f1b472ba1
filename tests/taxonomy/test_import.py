"""The importers on the official CSV layout (small files in files/official/), the shipped
snapshot they produced from the full files, and their handling of bad input."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from taxonomy.core import Taxonomy, build_taxonomy
from taxonomy.importing.report import ImportReport, TaxonomyImportError
from taxonomy.importing.run import import_all, run_import
from taxonomy.model import ConceptType
from taxonomy.store import read_store

WELDER = "esco:occupation/7aedaa07-3884-4c5b-88f9-80997b2aa54b"
MAG_WELDING = "esco:skill/60ff3eac-7d4d-4e51-87b8-74c3b5d62498"
PYTHON = "esco:skill/ccd0a1d9-afda-43d9-b901-96344886e14d"

HEADER = (
    "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,altLabels,hiddenLabels,"
    "status,modifiedDate,scopeNote,definition,inScheme,description\n"
)


def _skill_row(uuid: str, label: str, alt: str = "") -> str:
    uri = f"http://data.europa.eu/esco/skill/{uuid}"
    return f'KnowledgeSkillCompetence,{uri},skill/competence,,{label},"{alt}",,released,,,,,\n'


def _mini_export(directory: Path, nl_rows: str, en_rows: str = "") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "skills_nl.csv").write_text(HEADER + nl_rows, encoding="utf-8")
    if en_rows:
        (directory / "skills_en.csv").write_text(HEADER + en_rows, encoding="utf-8")
    return directory


def _concept_rows(store: Path) -> list[tuple[str, str]]:
    con = sqlite3.connect(store)
    try:
        return list(con.execute("SELECT id, data FROM concepts ORDER BY id"))
    finally:
        con.close()


# ---------------------------------------------------------------- the shipped snapshot
def test_counts_of_the_real_export(esco_taxonomy: Taxonomy) -> None:
    counts = esco_taxonomy.counts()
    assert counts["esco/occupation"] == 3039
    isco = [c for c in esco_taxonomy if c.id.startswith("esco:isco/")]
    assert len(isco) == 619
    skills = [c for c in esco_taxonomy if c.id.startswith("esco:skill/")]
    # every skill of the hierarchy is there, labelled or not (the label files are partial)
    assert len(skills) >= 13939
    assert sum(1 for c in skills if "nl" in c.preferred) >= 5300
    # English labels of v1.2.0, completed from v1.1.1; French ones from the collections
    assert sum(1 for c in skills if "en" in c.preferred) >= 13500
    assert sum(1 for c in skills if "fr" in c.preferred) >= 2300
    assert sum(1 for c in skills if "digital" in c.collections) >= 1200
    assert sum(1 for c in skills if "green" in c.collections) >= 500
    assert counts["isced-f/field_of_education"] == 220
    occupations = [c for c in esco_taxonomy if c.id.startswith("esco:occupation/")]
    assert sum(1 for c in occupations if c.essential) >= 3000
    assert sum(len(c.essential) + len(c.optional) for c in occupations) >= 122000


def test_labels_are_merged_by_uri_across_languages(esco_taxonomy: Taxonomy) -> None:
    welder = esco_taxonomy.get(WELDER)
    assert welder is not None and welder.type == ConceptType.OCCUPATION
    assert welder.preferred == {"nl": "lasser", "en": "welder", "fr": "soudeur/soudeuse"}
    assert welder.alternative["nl"] and welder.alternative["en"]
    python = esco_taxonomy.get(PYTHON)
    assert python.preferred["nl"] == "Python (computerprogrammering)"
    assert python.preferred["en"] == "Python (computer programming)"
    # skills_en.csv repeats a URI on several rows: their alternative labels are united
    haccp = esco_taxonomy.get("esco:skill/2d7bf28a-2487-4443-9115-47478080b1a4")
    assert len(haccp.alternative["en"]) >= 2


def test_the_skill_hierarchy_and_iscedf_fields(esco_taxonomy: Taxonomy) -> None:
    ancestors = esco_taxonomy.broader(PYTHON, transitive=True)
    assert "isced-f:06" in ancestors or any(a.startswith("isced-f:06") for a in ancestors)
    # narrower_closure walks the other way
    group = esco_taxonomy.broader(PYTHON)[0]
    assert PYTHON in esco_taxonomy.narrower_closure(group)
    assert esco_taxonomy.get("isced-f:0715").broader == ["isced-f:071"]
    assert "isced-f:0715" in esco_taxonomy.narrower_closure("isced-f:07")


def test_uris_are_accepted_as_ids(esco_taxonomy: Taxonomy) -> None:
    uri = "http://data.europa.eu/esco/occupation/7aedaa07-3884-4c5b-88f9-80997b2aa54b"
    assert esco_taxonomy.get(uri).id == WELDER
    assert esco_taxonomy.uri(WELDER) == uri
    assert esco_taxonomy.label(uri, "en") == "welder"


def test_vdab_crosswalk_attaches_competent_codes(esco_taxonomy: Taxonomy) -> None:
    # 'fysiologie van dieren' is an exact match of Competent KN-10 'Dierlijke fysiologie'
    concept = esco_taxonomy.get("esco:skill/60e0ed61-6340-4372-984a-416d1fe0010c")
    assert "KN-10" in concept.competent
    assert "Dierlijke fysiologie" in concept.alternative["nl"]
    with_codes = [c for c in esco_taxonomy if c.competent]
    assert len(with_codes) > 1000
    assert any(code.startswith("OP-") for c in with_codes for code in c.competent)


def test_flemish_concepts_link_to_their_esco_concept(esco_taxonomy: Taxonomy) -> None:
    assert MAG_WELDING in esco_taxonomy.equivalents["vl:lassen-mig-mag"]
    assert "vl:lasser" in esco_taxonomy.equivalents[WELDER]


def test_the_snapshot_records_the_release_of_each_piece_and_the_licence(
    imported_store: Path,
) -> None:
    _, meta = read_store(imported_store)
    assert meta["origin"] == "bundled"
    assert meta["esco_release"] == "v1.2.0"
    assert meta["esco_relations_release"] == "v1.1.1"
    assert meta["esco_labels_en_release"].startswith("v1.2.0; v1.1.1 for ")
    assert meta["snapshot"].startswith("esco-v1.2.0-")
    assert "2011/833/EU" in meta["licence"] and "Nalantis" in meta["licence"]
    assert int(meta["concepts"]) > 18000
    assert meta["problems"] == "4"


# ---------------------------------------------------------------- the official layout
def test_the_official_layout_with_the_v111_supplement(tmp_path: Path, official: Path) -> None:
    store = tmp_path / "taxonomy.sqlite3"
    report = import_all(store, official)
    assert report.counts["supplement/labels-en"] == 2  # MAG and TIG welding had no English
    # two relations name skills this (tiny) release lacks: counted and skipped
    assert report.counts["relations/skipped-not-in-release"] == 2
    assert len(report.missing) == 2
    taxonomy = build_taxonomy(store)
    welder = taxonomy.get(WELDER)
    assert welder.preferred == {"nl": "lasser", "en": "welder", "fr": "soudeur/soudeuse"}
    assert set(welder.essential) == {MAG_WELDING, "esco:skill/a51adea8-bf02-488a-a0d8-b0961caca5b0"}
    assert taxonomy.get(MAG_WELDING).preferred["en"] == "perform metal active gas welding"
    haskell = taxonomy.get("esco:skill/000f1d3d-220f-4789-9c0a-cc742521fb02")
    assert haskell.collections == ["digital"] and haskell.preferred == {"fr": "Haskell"}
    assert taxonomy.meta["esco_release"] == "unknown"  # 'esco/' does not say which release
    assert taxonomy.meta["esco_relations_release"] == "v1.1.1"
    assert taxonomy.meta["origin"] == "import"


def test_an_official_download_directory_is_read_directly(tmp_path: Path, official: Path) -> None:
    download = tmp_path / "ESCO dataset - v1.2.0 - classification - nl - csv"
    shutil.copytree(official / "esco", download)
    import_all(tmp_path / "t.sqlite3", download)
    taxonomy = build_taxonomy(tmp_path / "t.sqlite3")
    assert taxonomy.get(WELDER) is not None
    assert taxonomy.meta["esco_release"] == "v1.2.0"


def test_a_missing_or_empty_directory_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(TaxonomyImportError, match=f"{tmp_path / 'nowhere'}: no such directory"):
        import_all(tmp_path / "t.sqlite3", tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(TaxonomyImportError, match=f"{tmp_path / 'empty'}: nothing to import"):
        import_all(tmp_path / "t.sqlite3", tmp_path / "empty")
    assert not (tmp_path / "t.sqlite3").exists()


# ---------------------------------------------------------------- bad input
def test_a_malformed_row_is_reported_with_file_and_line_and_skipped(tmp_path: Path) -> None:
    export = _mini_export(
        tmp_path / "esco",
        _skill_row("00000000-0000-0000-0000-000000000001", "lassen")
        + "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/x,too,few\n"
        + _skill_row("00000000-0000-0000-0000-000000000002", "", "")
        + _skill_row("00000000-0000-0000-0000-000000000003", "frezen", "draaien\nboren"),
    )
    store = tmp_path / "var" / "taxonomy.sqlite3"
    report = run_import(store, esco_dir=export)
    messages = [str(p) for p in report.problems]
    assert any(m.startswith("skills_nl.csv:3: expected 13 fields, found 4") for m in messages)
    assert any(m.startswith("skills_nl.csv:4: empty preferredLabel") for m in messages)
    concepts, _ = read_store(store)
    labels = {c.preferred.get("nl") for c in concepts}
    assert labels == {"lassen", "frezen"}  # the good rows, including the multi-line one


def test_a_row_after_a_multiline_field_gets_its_own_line_number(tmp_path: Path) -> None:
    export = _mini_export(
        tmp_path / "esco",
        _skill_row("00000000-0000-0000-0000-000000000001", "frezen", "draaien\nboren\nzagen")
        + "broken,row\n",
    )
    report = run_import(tmp_path / "t.sqlite3", esco_dir=export)
    assert [str(p).split(": ")[0] for p in report.problems] == ["skills_nl.csv:5"]


def test_an_unknown_language_file_is_reported(tmp_path: Path) -> None:
    export = _mini_export(
        tmp_path / "esco", _skill_row("00000000-0000-0000-0000-000000000001", "lassen")
    )
    (export / "skills_de.csv").write_text(
        HEADER + _skill_row("00000000-0000-0000-0000-000000000001", "Schweißen"), "utf-8"
    )
    report = run_import(tmp_path / "t.sqlite3", esco_dir=export)
    assert any(
        p.file == "skills_de.csv" and "unknown language 'de'" in p.message for p in report.problems
    )
    concepts, _ = read_store(tmp_path / "t.sqlite3")
    assert concepts[0].preferred == {"nl": "lassen"}


def test_an_unknown_language_column_in_iscedf_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "isced.csv"
    path.write_text(
        "code,level,label_en,label_nl,label_de,esco_uri\n"
        "07,broad,engineering,ingenieurswetenschappen,Ingenieurwesen,\n"
        "0715,detailed,mechanics,mechanica en metaal,Mechanik,\n"
        "07x5,detailed,bad,slecht,schlecht,\n",
        "utf-8",
    )
    report = run_import(tmp_path / "t.sqlite3", iscedf_file=path)
    messages = [str(p) for p in report.problems]
    assert "isced.csv:1: unknown language column 'label_de'; ignored" in messages
    assert any(m.startswith("isced.csv:4: not an ISCED-F code") for m in messages)
    concepts, _ = read_store(tmp_path / "t.sqlite3")
    assert {c.id for c in concepts} == {"isced-f:07", "isced-f:0715"}


def test_a_failed_import_leaves_the_old_store(tmp_path: Path) -> None:
    store = tmp_path / "taxonomy.sqlite3"
    good = _mini_export(
        tmp_path / "good", _skill_row("00000000-0000-0000-0000-000000000001", "lassen")
    )
    run_import(store, esco_dir=good)
    before = _concept_rows(store)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "skills_nl.csv").write_text("conceptUri,label\nx,y\n", "utf-8")  # no preferredLabel
    with pytest.raises(TaxonomyImportError, match="preferredLabel"):
        run_import(store, esco_dir=bad)
    assert _concept_rows(store) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_directory_without_label_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(TaxonomyImportError, match="no skills"):
        run_import(tmp_path / "t.sqlite3", esco_dir=tmp_path / "empty")
    assert not (tmp_path / "t.sqlite3").exists()


def test_reimport_is_idempotent(tmp_path: Path, official: Path) -> None:
    root = official
    store = tmp_path / "taxonomy.sqlite3"
    import_all(store, root)
    first = _concept_rows(store)
    import_all(store, root)
    assert _concept_rows(store) == first
    # importing one scheme keeps the others
    run_import(store, iscedf_file=root / "isced-f" / "isced_f_2013_from_esco_en_nl.csv")
    assert _concept_rows(store) == first


def test_the_report_summarises_counts(tmp_path: Path) -> None:
    export = _mini_export(
        tmp_path / "esco",
        _skill_row("00000000-0000-0000-0000-000000000001", "lassen"),
        _skill_row("00000000-0000-0000-0000-000000000001", "welding", "weld"),
    )
    report = run_import(tmp_path / "t.sqlite3", esco_dir=export)
    assert isinstance(report, ImportReport)
    assert report.counts["esco/skill"] == 1
    assert report.counts["labels/nl"] == 1 and report.counts["labels/en"] == 1
    taxonomy = build_taxonomy(tmp_path / "t.sqlite3")
    concept = taxonomy.get("esco:skill/00000000-0000-0000-0000-000000000001")
    assert concept.preferred == {"nl": "lassen", "en": "welding"}
    assert concept.alternative == {"en": ["weld"]}


def test_occupation_skill_relations_are_read_and_lift_skills(tmp_path: Path) -> None:
    """The shared sample lacks occupationSkillRelations; the full release has it."""
    export = _mini_export(
        tmp_path / "esco",
        _skill_row("00000000-0000-0000-0000-00000000000a", "dakgoten plaatsen")
        + _skill_row("00000000-0000-0000-0000-00000000000b", "zinkwerk solderen"),
    )
    occupation_uri = "http://data.europa.eu/esco/occupation/00000000-0000-0000-0000-0000000000cc"
    (export / "occupations_nl.csv").write_text(
        "conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,hiddenLabels,status,"
        "modifiedDate,regulatedProfessionNote,scopeNote,definition,inScheme,description,code\n"
        f"Occupation,{occupation_uri},7213,zinkdakwerker,zinker,,released,,,,,,,7213.1\n",
        "utf-8",
    )
    skill = "http://data.europa.eu/esco/skill/00000000-0000-0000-0000-00000000000"
    (export / "occupationSkillRelations_en.csv").write_text(
        "occupationUri,relationType,skillType,skillUri\n"
        f"{occupation_uri},essential,skill/competence,{skill}a\n"
        f"{occupation_uri},optional,skill/competence,{skill}b\n"
        f"{occupation_uri},essential\n",
        "utf-8",
    )
    (export / "skills_en_iscedf_category.csv").write_text(
        f"conceptUri,iscedfUri\n{skill}a,http://data.europa.eu/esco/isced-f/0732\n", "utf-8"
    )
    store = tmp_path / "t.sqlite3"
    report = run_import(store, esco_dir=export)
    assert [str(p) for p in report.problems] == [
        "occupationSkillRelations_en.csv:4: expected 4 fields, found 2; skipped"
    ]
    taxonomy = build_taxonomy(store)
    occupation = taxonomy.get(occupation_uri)
    assert occupation.code == "7213.1"
    assert occupation.essential == ["esco:skill/00000000-0000-0000-0000-00000000000a"]
    assert occupation.optional == ["esco:skill/00000000-0000-0000-0000-00000000000b"]
    found = {r.concept_id: r for r in taxonomy.tagger.tag("Opleiding zinkdakwerker")}
    lifted = found["esco:skill/00000000-0000-0000-0000-00000000000a"]
    assert lifted.method.value == "occupation"
    # the occupation has no field of its own: it takes its essential skill's field
    occupation_only = [r for r in found.values() if r.concept_id == occupation.id]
    assert taxonomy.tagger.fields_of_education(occupation_only) == ["0732"]
    assert "esco:skill/00000000-0000-0000-0000-00000000000b" not in found


def test_a_damaged_store_is_reported_and_the_layer_still_loads(tmp_path: Path) -> None:
    store = tmp_path / "taxonomy.sqlite3"
    store.write_bytes(b"this is not a database" * 100)
    taxonomy = build_taxonomy(store)
    assert "unreadable taxonomy store" in taxonomy.meta["store_error"]
    assert "vl:lassen" in taxonomy and not taxonomy.has_scheme("esco")
    # a new import replaces it and says so
    export = _mini_export(
        tmp_path / "esco", _skill_row("00000000-0000-0000-0000-000000000001", "lassen")
    )
    report = run_import(store, esco_dir=export)
    assert any("existing store unreadable, replaced" in p.message for p in report.problems)
    assert build_taxonomy(store).has_scheme("esco")
