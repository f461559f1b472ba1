"""A rebuild skips tantivy's per-document deletes, yet an id given twice still ends up once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from index.search_query import SearchQuery
from index.tantivy import TantivyIndex
from tests.factories import make_offer


def test_rebuild_keeps_the_last_of_an_id_given_twice(tmp_path: Path) -> None:
    engine = TantivyIndex(tmp_path, today=lambda: date(2026, 11, 2))
    first = make_offer(source_id="a", title="Lassen voor beginners")
    other = make_offer(source_id="b", title="Heftruck besturen")
    again = make_offer(source_id="a", title="Lassen voor gevorderden")
    result = engine.rebuild([first, other, again])
    assert engine.stats().documents == 2
    assert engine.get(first.id).title == "Lassen voor gevorderden"
    found = [h.title for h in engine.search(SearchQuery(q="lassen")).hits]
    assert "Lassen voor gevorderden" in found and "Lassen voor beginners" not in found
    assert result.per_source == {first.source: 3}  # what was fed, as before
    engine.close()
