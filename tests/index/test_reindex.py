"""Rebuilds on both engines: readers never see a gap, failures leave the live index alone."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from catalogue.model import Offer
from index.base import RebuildInProgress, RebuildRejected, SearchIndex, SearchUnavailable
from index.opensearch import OpenSearchIndex
from index.search_query import SearchQuery
from index.tantivy import TantivyIndex
from tests.index.conftest import ENGINES

MakeEngine = Callable[[str], SearchIndex]


def leftovers(engine: SearchIndex) -> set[str]:
    """Builds or concrete indices other than the live one (and its predecessor for tantivy)."""
    if isinstance(engine, TantivyIndex):
        return {p.name for p in engine.builds.iterdir()} - {engine.stats().name}
    assert isinstance(engine, OpenSearchIndex)
    names = engine.adapter.request("GET", f"/{engine.alias}-*")
    return set(names) - {engine.stats().name, f"{engine.alias}-lock"}


def failing_after(offers: list[Offer], n: int) -> Iterator[Offer]:
    yield from offers[:n]
    raise RuntimeError("the store went away mid-export")


@pytest.mark.parametrize("kind", ENGINES)
def test_readers_never_see_an_error_or_an_empty_index(
    kind: str, make_engine: MakeEngine, offers: list[Offer]
) -> None:
    engine = make_engine(kind)
    engine.rebuild(offers)
    problems: list[str] = []
    searches = 0
    stop = threading.Event()

    def reader() -> None:
        nonlocal searches
        while not stop.is_set():
            try:
                everything = engine.search(SearchQuery(page_size=1))
                lassen = engine.search(SearchQuery(q="lassen"))
                if everything.total != len(offers) or lassen.total != 3:
                    problems.append(f"saw {everything.total} / {lassen.total}")
            except Exception as exc:  # any error at all is a failure
                problems.append(repr(exc))
            searches += 1

    threads = [threading.Thread(target=reader) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        for _ in range(3):
            engine.rebuild(offers)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert problems == []
    assert searches > 10


@pytest.mark.parametrize("kind", ENGINES)
def test_exception_mid_bulk_leaves_live_index_and_no_orphan(
    kind: str, make_engine: MakeEngine, offers: list[Offer]
) -> None:
    engine = make_engine(kind)
    engine.rebuild(offers)
    before = engine.stats()
    with pytest.raises(RuntimeError, match="mid-export"):
        engine.rebuild(failing_after(offers, 10))
    after = engine.stats()
    assert after.name == before.name and after.documents == len(offers)
    assert leftovers(engine) == set()
    assert engine.search(SearchQuery(q="lassen")).total == 3


@pytest.mark.parametrize("kind", ENGINES)
def test_shrunken_source_is_rejected_unless_forced(
    kind: str, make_engine: MakeEngine, offers: list[Offer]
) -> None:
    engine = make_engine(kind)
    first = engine.rebuild(offers)
    without_most_syntra = [o for o in offers if o.source != "syntra"] + [
        o for o in offers if o.source == "syntra"
    ][:2]
    with pytest.raises(RebuildRejected, match="syntra"):
        engine.rebuild(without_most_syntra)
    assert engine.stats().name == first.name
    assert not leftovers(engine) - {first.name}
    forced = engine.rebuild(without_most_syntra, force=True)
    assert forced.warnings and engine.stats().name == forced.name
    assert engine.stats().per_source["syntra"] == 2


@pytest.mark.parametrize("kind", ENGINES)
def test_two_rebuilds_at_once_one_runs(
    kind: str, make_engine: MakeEngine, offers: list[Offer]
) -> None:
    engine = make_engine(kind)
    engine.rebuild(offers)
    started = threading.Event()
    release = threading.Event()

    def slow() -> Iterator[Offer]:
        started.set()
        release.wait(30)
        yield from offers

    outcome: list[object] = []
    first = threading.Thread(target=lambda: outcome.append(engine.rebuild(slow())))
    first.start()
    assert started.wait(30)
    try:
        with pytest.raises(RebuildInProgress):
            engine.rebuild(offers)
    finally:
        release.set()
        first.join()
    assert len(outcome) == 1 and engine.stats().name == outcome[0].name  # type: ignore[attr-defined]
    engine.rebuild(offers)  # the lock is free again


def test_tantivy_bad_document_is_reported_by_id(
    make_engine: MakeEngine, offers: list[Offer], monkeypatch: pytest.MonkeyPatch
) -> None:
    import index.tantivy.engine as module

    engine = make_engine("tantivy")
    bad = offers[3].id
    real = module.build_document

    def build(offer: Offer, *args: object, **kwargs: object) -> dict:
        if offer.id == bad:
            raise ValueError("cannot index this one")
        return real(offer, *args, **kwargs)

    monkeypatch.setattr(module, "build_document", build)
    result = engine.rebuild(offers)
    assert result.bulk.errors == {bad: "ValueError: cannot index this one"}
    assert result.bulk.indexed == len(offers) - 1
    assert engine.get(bad) is None


def test_tantivy_not_built_is_unavailable(tmp_path: Path) -> None:
    from index.base import SearchUnavailable

    engine = TantivyIndex(tmp_path / "nothing")
    with pytest.raises(SearchUnavailable):
        engine.search(SearchQuery(q="lassen"))
    assert engine.stats().documents == 0


@pytest.mark.parametrize("kind", ENGINES)
def test_incremental_update_and_delete(
    kind: str, make_engine: MakeEngine, offers: list[Offer]
) -> None:
    engine = make_engine(kind)
    engine.rebuild(offers)
    changed = offers[0].model_copy(update={"title": "Lasser MIG/MAG gevorderd"})
    changed = Offer.model_validate(changed.model_dump())
    assert engine.bulk_index([changed]).indexed == 1
    assert engine.stats().documents == len(offers)
    assert engine.search(SearchQuery(q="gevorderd lasser")).hits[0].id == changed.id
    assert engine.delete([changed.id, "nope"]) == 1
    assert engine.get(changed.id) is None


def test_tantivy_reopen_registers_the_analysers_the_index_was_built_with(
    make_engine: MakeEngine, offers: list[Offer]
) -> None:
    from index.vocabulary import Vocabulary

    engine = make_engine("tantivy")
    assert isinstance(engine, TantivyIndex)
    engine.rebuild(offers)
    # a fresh process, with a vocabulary that knows no compound words at all
    reopened = TantivyIndex(engine.directory, Vocabulary(), today=engine.today)
    assert [h.title for h in reopened.search(SearchQuery(q="chauffeur")).hits] == [
        "Heftruckchauffeur"
    ]
    assert [h.title for h in reopened.search(SearchQuery(q="opleidingen verpleegkunde")).hits] == [
        "Opleiding verpleegkunde: bijscholing wondzorg"
    ]


def test_tantivy_corrupt_live_index_can_be_replaced_and_killed_builds_are_cleaned(
    make_engine: MakeEngine, offers: list[Offer]
) -> None:
    engine = make_engine("tantivy")
    assert isinstance(engine, TantivyIndex)
    first = engine.rebuild(offers)
    killed = engine.builds / "20200101T000000-deadbeef"  # a rebuild killed mid-way
    killed.mkdir()
    (killed / "half.idx").write_bytes(b"\0" * 10)
    for f in (engine.builds / first.name).glob("*.json"):
        f.write_text("{not json")  # the live index is damaged
    broken = TantivyIndex(engine.directory)
    with pytest.raises(SearchUnavailable):
        broken.search(SearchQuery(q="lassen"))
    second = broken.rebuild(offers)
    assert broken.search(SearchQuery(q="lassen")).total == 3
    assert {p.name for p in engine.builds.iterdir()} == {first.name, second.name}


@pytest.mark.parametrize("kind", ENGINES)
def test_an_offer_given_twice_is_indexed_once(
    kind: str, make_engine: MakeEngine, offers: list[Offer]
) -> None:
    engine = make_engine(kind)
    engine.rebuild([*offers, offers[0]])
    assert engine.stats().documents == len(offers)
    assert engine.search(SearchQuery(q="lassen")).total == 3
