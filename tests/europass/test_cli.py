"""`leeraanbod export elm` on a real store (the API: tests/web/test_export_elm.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from catalogue.runs import RunStats
from catalogue.store import open_store
from leeraanbod.cli import main
from tests.europass.conftest import assert_valid, top_level
from tests.factories import make_offer


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "var"
    monkeypatch.setenv("LEERAANBOD_DATA_DIR", str(data))
    monkeypatch.delenv("LEERAANBOD_DATABASE_URL", raising=False)
    store = open_store(f"sqlite:///{data / 'catalogue.sqlite3'}")
    for source, n in (("vdab", 3), ("cevora", 2)):
        offers = [make_offer(source=source, source_id=str(i), identifiers=[]) for i in range(n)]
        offers.append(make_offer(source=source, source_id="bad", title="X \uffff", identifiers=[]))
        run = store.start_run(source)
        store.upsert_offers(offers, run_id=run)
        store.finish_run(run, RunStats(pages=1, items_seen=len(offers)))
    store.close()
    return data


def test_export_elm_writes_validates_and_names_what_it_left_out(data_dir: Path, tmp_path: Path):
    out = tmp_path / "out" / "elm.xml"
    result = CliRunner().invoke(main, ["export", "elm", "--validate", str(out)])
    assert result.exit_code == 0, result.output
    assert "5 learning opportunities (5 sessions), 2 offers left out" in result.output
    assert "validates against loq.xsd" in result.output
    assert "holds a character XML 1.0 cannot carry" in result.output
    assert len(top_level(assert_valid(out.read_bytes()))) == 5
    assert [p.name for p in out.parent.iterdir()] == ["elm.xml"]  # no partial file left


def test_export_elm_of_one_source(data_dir: Path, tmp_path: Path):
    out = tmp_path / "cevora.xml"
    result = CliRunner().invoke(main, ["export", "elm", "--source", "cevora", str(out)])
    assert result.exit_code == 0, result.output
    ids = [lo.get("id") for lo in top_level(assert_valid(out.read_bytes()))]
    assert len(ids) == 2 and all(":cevora-" in i for i in ids)


def test_validation_names_a_broken_reference(tmp_path: Path):
    from europass import stream_elm, validation_errors

    data = b"".join(stream_elm([make_offer()]))
    good, bad = tmp_path / "good.xml", tmp_path / "bad.xml"
    good.write_bytes(data)
    broken = data.replace(b'idref="urn:leeraanbod:organisation:', b'idref="urn:x:')
    bad.write_bytes(broken)
    assert validation_errors(good) == []
    (error,) = validation_errors(bad)
    assert "providedBy" in error and "keyref" in error


def test_export_elm_validate_fails_loudly_on_an_invalid_document(data_dir, tmp_path, monkeypatch):
    import europass.writer

    monkeypatch.setattr(europass.writer, "XSD_VERSION", "9.9.9")  # not an allowed version
    out = tmp_path / "elm.xml"
    result = CliRunner().invoke(main, ["export", "elm", "--validate", str(out)])
    assert result.exit_code == 1
    assert "does not validate against loq.xsd" in result.output
    assert "xsdVersion" in result.output
    assert not out.exists() and (tmp_path / "elm.xml.invalid").is_file()
