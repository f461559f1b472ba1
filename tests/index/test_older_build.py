"""A build written by an older schema version (before the index-side compound parts) keeps
answering after an upgrade, until the next rebuild brings the new fields: an upgrade must not
leave users without search."""

from __future__ import annotations

import json
import types
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tantivy

import index.opensearch.aliases as aliases_module
import index.opensearch.mapping as mapping_module
import index.tantivy.schema as schema_module
from index.opensearch.dsl import for_older_mapping, search_body
from index.plan import plan_text
from index.search_query import SearchQuery
from index.tantivy import TantivyIndex
from index.vocabulary import default_vocabulary
from tests.factories import make_offer

NEW_FIELDS = ("title_parts", "description_parts")  # schema version 3
TODAY = date(2026, 11, 2)


class _OlderSchemaBuilder:
    """tantivy's SchemaBuilder without the fields schema version 3 added."""

    def __init__(self) -> None:
        self._builder = tantivy.SchemaBuilder()

    def add_text_field(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if name not in NEW_FIELDS:
            self._builder.add_text_field(name, *args, **kwargs)
        return self

    def __getattr__(self, name: str) -> Any:
        return getattr(self._builder, name)


def _older_build(directory: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    older = types.SimpleNamespace(**{k: getattr(tantivy, k) for k in dir(tantivy)})
    older.SchemaBuilder = _OlderSchemaBuilder
    with monkeypatch.context() as patch:
        patch.setattr(schema_module, "tantivy", older)
        engine = TantivyIndex(directory, today=lambda: TODAY)
        engine.rebuild(
            [
                make_offer(source_id="a", title="Booglassen voor beginners"),
                make_offer(source_id="b", title="Heftruck besturen"),
            ]
        )
        engine.close()
    (meta_path,) = directory.glob("builds/*/leeraanbod.json")
    meta = json.loads(meta_path.read_text("utf-8"))
    meta["schema_version"] = 2
    meta_path.write_text(json.dumps(meta), "utf-8")
    (tantivy_meta,) = directory.glob("builds/*/meta.json")
    names = {f["name"] for f in json.loads(tantivy_meta.read_text("utf-8"))["schema"]}
    assert not names & set(NEW_FIELDS)  # it is an older build indeed


def test_an_older_build_is_searched_and_written_after_an_upgrade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _older_build(tmp_path, monkeypatch)
    engine = TantivyIndex(tmp_path, today=lambda: TODAY)
    found = [h.title for h in engine.search(SearchQuery(q="heftruck")).hits]
    assert found == ["Heftruck besturen"]
    engine.bulk_index([make_offer(source_id="c", title="Metselen voor beginners")])
    found = [h.title for h in engine.search(SearchQuery(q="metselen")).hits]
    assert found == ["Metselen voor beginners"]
    engine.close()


def test_a_rebuild_brings_the_new_fields(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _older_build(tmp_path, monkeypatch)
    engine = TantivyIndex(tmp_path, today=lambda: TODAY)
    engine.rebuild(
        [
            make_offer(source_id="a", title="Booglassen voor beginners"),
            make_offer(source_id="b", title="Heftruck besturen"),
        ]
    )
    (live,) = (tmp_path / "current").resolve().glob("meta.json")
    names = {f["name"] for f in json.loads(live.read_text("utf-8"))["schema"]}
    assert set(NEW_FIELDS) <= names
    engine.close()


def _older_index_body(vocabulary: Any, **kwargs: Any) -> dict[str, Any]:
    """The index body as it was before the compound parts: no ``nl_plain`` analyser, no parts
    fields (and a strict mapping, as then)."""
    body = mapping_module.index_body(vocabulary, **kwargs)
    del body["settings"]["analysis"]["analyzer"][mapping_module.PLAIN_ANALYZER]
    mappings = body["mappings"]
    for name in NEW_FIELDS:
        del mappings["properties"][name]
    assert mappings["dynamic"] == "strict"
    return body


@pytest.mark.opensearch
def test_an_older_opensearch_index_keeps_answering(
    make_engine: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine("opensearch")
    with monkeypatch.context() as patch:
        patch.setattr(aliases_module, "index_body", _older_index_body)
        engine.rebuild(
            [
                make_offer(source_id="a", title="Booglassen voor beginners"),
                make_offer(source_id="b", title="Heftruck besturen"),
            ]
        )
    found = [h.title for h in engine.search(SearchQuery(q="heftruck")).hits]
    assert found == ["Heftruck besturen"]
    assert engine.search(SearchQuery(q="heftruk")).total == 1  # the typo path's count too
    written = engine.bulk_index([make_offer(source_id="c", title="Metselen voor beginners")])
    assert not written.errors
    found = [h.title for h in engine.search(SearchQuery(q="metselen")).hits]
    assert found == ["Metselen voor beginners"]


def test_the_older_form_of_a_search_names_nothing_the_older_mapping_lacks() -> None:
    plan = plan_text("lassen in gent", default_vocabulary())
    body = search_body(SearchQuery(q="lassen in gent"), plan, {}, None)
    assert "title_parts" in json.dumps(body)  # the current form does
    older = json.dumps(for_older_mapping(body))
    for name in (*NEW_FIELDS, mapping_module.PLAIN_ANALYZER):
        assert name not in older
    assert '"title"' in older and '"description"' in older  # the rest is kept
