"""The relevance benchmark (``tests/index/relevance``) must not fall below the figures recorded
in ``tests/index/relevance/figures.json`` (``scripts/eval_search.py --json``), per catalogue,
engine and query class; and the demo's promises hold (``lassen`` finds only welding, a typo
says which correction it used, a query of two words where one matches is not a dead end)."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.base import SearchIndex
from index.search_query import SearchQuery
from index.vocabulary import Vocabulary
from taxonomy.bundled import install_snapshot
from taxonomy.core import Taxonomy, build_taxonomy
from taxonomy.tagging import tag_offer
from tests.index.conftest import OPENSEARCH_URL
from tests.index.relevance.evaluate import (
    Catalogue,
    catalogues,
    drop,
    evaluate,
    opensearch_engine,
    summarise,
    tantivy_engine,
)

FIGURES = Path(__file__).parent / "relevance" / "figures.json"
SLACK = 0.005  # rounding: the recorded figures are the measured ones
ENGINES = ["tantivy", pytest.param("opensearch", marks=pytest.mark.opensearch)]


@pytest.fixture(scope="module")
def taxonomy() -> Iterator[Taxonomy]:
    with tempfile.TemporaryDirectory(prefix="leeraanbod-taxonomy-") as tmp:
        store = Path(tmp) / "taxonomy.sqlite3"
        install_snapshot(store)  # the ESCO snapshot the package ships
        yield build_taxonomy(store)


@pytest.fixture(scope="module")
def vocabulary(taxonomy: Taxonomy) -> Vocabulary:
    return Vocabulary.from_taxonomy(taxonomy)


@pytest.fixture(scope="module")
def benchmark(taxonomy: Taxonomy) -> dict[str, Catalogue]:
    return {c.name: c for c in catalogues(lambda o: tag_offer(o, taxonomy))}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("catalogue", ["demo", "large"])
def test_relevance_does_not_regress(
    engine: str, catalogue: str, benchmark: dict[str, Catalogue], vocabulary: Vocabulary
) -> None:
    recorded = json.loads(FIGURES.read_text())[catalogue][engine]
    rows, _ = summarise(evaluate(engine, benchmark[catalogue], vocabulary, OPENSEARCH_URL))
    worse = []
    for row in rows:
        was = recorded[row.kind]
        if row.recall < was["recall"] - SLACK:
            worse.append(f"{row.kind}: recall@10 {row.recall:.3f} < {was['recall']:.3f}")
        if row.ndcg < was["ndcg"] - SLACK:
            worse.append(f"{row.kind}: nDCG@10 {row.ndcg:.3f} < {was['ndcg']:.3f}")
        if row.zero > was["zero"] + SLACK:
            worse.append(f"{row.kind}: zero results {row.zero:.1%} > {was['zero']:.1%}")
    assert not worse, "relevance fell below docs/relevance.md:\n" + "\n".join(worse)


def _engine_over(
    kind: str, catalogue: Catalogue, vocabulary: Vocabulary
) -> Iterator[tuple[SearchIndex, Catalogue]]:
    """An engine of ``kind`` holding one benchmark catalogue, removed afterwards."""
    with tempfile.TemporaryDirectory() as tmp:
        if kind == "tantivy":
            engine = tantivy_engine(Path(tmp), vocabulary)
        else:
            if not OPENSEARCH_URL:
                pytest.skip("LEERAANBOD_OPENSEARCH_URL is unset")
            engine = opensearch_engine(OPENSEARCH_URL, vocabulary)
        engine.rebuild(catalogue.offers, force=True)
        yield engine, catalogue
        drop(engine)


@pytest.fixture(scope="module", params=ENGINES)
def demo(
    request: pytest.FixtureRequest, benchmark: dict[str, Catalogue], vocabulary: Vocabulary
) -> Iterator[tuple[SearchIndex, Catalogue]]:
    yield from _engine_over(request.param, benchmark["demo"], vocabulary)


def test_lassen_finds_only_welding_in_the_demo(demo: tuple[SearchIndex, Catalogue]) -> None:
    engine, catalogue = demo
    found = engine.search(SearchQuery(q="lassen"))
    assert found.hits and found.corrected_q is None
    assert {catalogue.topic.get(h.id) for h in found.hits} == {"lassen"}


@pytest.mark.parametrize(
    ("typed", "searched"),
    [("exel", "excel"), ("heftrcuk", "heftruck"), ("boekhoudr", "boekhouder")],
)
def test_a_corrected_word_is_said(
    demo: tuple[SearchIndex, Catalogue], typed: str, searched: str
) -> None:
    engine, _ = demo
    found = engine.search(SearchQuery(q=typed))
    assert found.corrected_q == searched
    assert [h.id for h in found.hits] == [h.id for h in engine.search(SearchQuery(q=searched)).hits]


@pytest.mark.parametrize("q", ["lasopleidingen", "excelcursus", "zonnepaneel", "exel"])
def test_the_issues_dead_ends_find_their_courses(
    demo: tuple[SearchIndex, Catalogue], q: str
) -> None:
    engine, catalogue = demo
    topic = {
        "lasopleidingen": "lassen",
        "excelcursus": "excel",
        "zonnepaneel": "zonnepanelen",
        "exel": "excel",
    }[q]
    found = engine.search(SearchQuery(q=q))
    assert found.total > 0
    assert catalogue.topic.get(found.hits[0].id) == topic


def test_one_matching_word_of_two_is_no_dead_end(demo: tuple[SearchIndex, Catalogue]) -> None:
    engine, catalogue = demo
    found = engine.search(SearchQuery(q="excel toverdrank"))
    assert found.relaxed and found.total > 0
    assert catalogue.topic.get(found.hits[0].id) == "excel"


@pytest.fixture(scope="module", params=ENGINES)
def large(
    request: pytest.FixtureRequest, benchmark: dict[str, Catalogue], vocabulary: Vocabulary
) -> Iterator[tuple[SearchIndex, Catalogue]]:
    yield from _engine_over(request.param, benchmark["large"], vocabulary)


def test_a_compound_title_is_found_by_its_part(large: tuple[SearchIndex, Catalogue]) -> None:
    """Index-side decompounding: 'Booglassen' and 'Pijplassen' are welding by their title,
    ranked with the other welding titles, above the courses that only mention it."""
    engine, catalogue = large
    found = engine.search(SearchQuery(q="lassen", page_size=20))
    titles = [h.title for h in found.hits]
    welding = [t for t in titles if catalogue.topic.get(found.hits[titles.index(t)].id) == "lassen"]
    assert "Booglassen met beklede elektrode" in titles[:10]
    assert "Pijplassen in alle posities" in titles[:12]
    assert len(welding) >= 10


def test_a_phrase_that_finds_nothing_becomes_its_words(
    demo: tuple[SearchIndex, Catalogue],
) -> None:
    engine, catalogue = demo
    found = engine.search(SearchQuery(q="vol-vca"))
    assert found.total > 0 and catalogue.topic.get(found.hits[0].id) == "vca"


def test_a_short_word_missing_two_letters_is_corrected(
    demo: tuple[SearchIndex, Catalogue],
) -> None:
    engine, catalogue = demo
    found = engine.search(SearchQuery(q="kapr"))
    assert found.corrected_q == "kapper"
    assert catalogue.topic.get(found.hits[0].id) == "kapper"
