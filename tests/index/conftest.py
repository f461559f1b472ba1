"""Engines for the contract suite: tantivy in a temporary directory and, when
``LEERAANBOD_OPENSEARCH_URL`` is set (``scripts/test`` starts a node), a live OpenSearch."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from catalogue.model import Offer
from index.base import SearchIndex
from index.opensearch import OpenSearchIndex
from index.tantivy import TantivyIndex
from tests.index.corpus import TODAY, corpus

OPENSEARCH_URL = os.environ.get("LEERAANBOD_OPENSEARCH_URL")
# a generous per-call timeout for the real node: a loaded CI machine must not fail a contract
# test (the engine timeout itself is tested in test_opensearch.py with explicit values)
NODE_TIMEOUT = 30.0
ENGINES = ["tantivy", pytest.param("opensearch", marks=pytest.mark.opensearch)]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if OPENSEARCH_URL:
        return
    skip = pytest.mark.skip(reason="LEERAANBOD_OPENSEARCH_URL is unset (scripts/opensearch start)")
    for item in items:
        if "opensearch" in item.keywords:
            item.add_marker(skip)


def new_engine(
    kind: str, directory: Path, today: Callable[[], date] = lambda: TODAY
) -> SearchIndex:
    """An empty engine of a kind: tantivy in ``directory``, or an alias of its own on the live
    OpenSearch node (skips the test when there is none)."""
    if kind == "tantivy":
        return TantivyIndex(directory, today=today)
    if not OPENSEARCH_URL:
        pytest.skip("LEERAANBOD_OPENSEARCH_URL is unset")
    alias = f"test-{uuid.uuid4().hex[:10]}"
    return OpenSearchIndex.connect(
        OPENSEARCH_URL, alias, today=today, replicas=0, timeout=NODE_TIMEOUT
    )


def drop_opensearch_indices(index: OpenSearchIndex) -> None:
    index.adapter.request("DELETE", f"/{index.alias}-*", params={"expand_wildcards": "all"})


@pytest.fixture
def make_engine(tmp_path: Path) -> Iterator[Callable[[str], SearchIndex]]:
    """A factory of empty engines of a kind; OpenSearch indices are removed afterwards."""
    made: list[SearchIndex] = []

    def make(kind: str) -> SearchIndex:
        engine = new_engine(kind, tmp_path / f"index-{len(made)}")
        made.append(engine)
        return engine

    yield make
    for engine in made:
        if isinstance(engine, OpenSearchIndex):
            drop_opensearch_indices(engine)
        engine.close()


@pytest.fixture(scope="session")
def offers() -> list[Offer]:
    return corpus()


@pytest.fixture(scope="module", params=ENGINES)
def engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, offers: list[Offer]
) -> Iterator[SearchIndex]:
    """One engine per kind with the fixture corpus indexed, shared by a module's tests."""
    built = new_engine(request.param, tmp_path_factory.mktemp("tantivy"))
    result = built.rebuild(offers)
    assert result.bulk.indexed == len(offers), result.bulk.errors
    yield built
    if isinstance(built, OpenSearchIndex):
        drop_opensearch_indices(built)
    built.close()
