"""The demand log of several web nodes in one PostgreSQL database (``demand.postgres``): the
counts of every node add up, the threshold and the keyed hashes hold as in the SQLite file."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from datetime import date, timedelta

import psycopg
import pytest

from core.settings import Settings
from demand.log import DemandLog
from demand.postgres import PostgresDemandStore
from demand.store import demand_store
from tests.pg import fresh_url

DAY = date(2026, 11, 2)
CTX = multiprocessing.get_context("fork")


@pytest.fixture
def url() -> Iterator[str]:
    with fresh_url() as pg_url:
        yield pg_url


def node(url: str, query: str, times: int) -> None:
    log = DemandLog(PostgresDemandStore(url, min_count=5), flush_seconds=3600, today=lambda: DAY)
    for _ in range(times):
        log.record(query, 0, ["province"])
    assert log.flush() == times
    log.close()


def test_the_counts_of_several_nodes_add_up_in_one_database(url: str) -> None:
    nodes = [CTX.Process(target=node, args=(url, "heftruck", 2)) for _ in range(3)]
    for n in nodes:
        n.start()
    for n in nodes:
        n.join(60)
        assert n.exitcode == 0
    store = PostgresDemandStore(url, min_count=5)
    data = store.published(DAY - timedelta(days=7), DAY)
    assert [(q.query, q.searches, q.zero_results) for q in data.queries] == [("heftruck", 6, 6)]
    assert data.counts == {"filter:province": 6, "filter_zero:province": 6}


def test_below_the_threshold_a_query_is_only_a_keyed_hash(url: str) -> None:
    node(url, "jan peeters lasser", 4)
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(*) FROM query_texts").fetchone()[0] == 0
        keys = [r[0] for r in conn.execute("SELECT query_key FROM searches")]
    assert keys and all("peeters" not in k for k in keys)
    store = PostgresDemandStore(url, min_count=5)
    assert store.published(DAY, DAY).queries == []
    node(url, "jan peeters lasser", 1)  # the fifth search, from another node
    assert [q.searches for q in store.published(DAY, DAY).queries] == [5]
    store.prune(DAY + timedelta(days=400))  # retention: everything old is deleted
    assert store.published(DAY, DAY).searches == 0


def test_a_postgresql_catalogue_keeps_the_demand_log_beside_it(url: str, tmp_path) -> None:
    settings = Settings(data_dir=tmp_path, database_url=url)  # type: ignore[call-arg]
    assert isinstance(demand_store(settings), PostgresDemandStore)
    own_file = Settings(  # type: ignore[call-arg]
        data_dir=tmp_path, database_url=url, demand_path=tmp_path / "d.sqlite3"
    )
    assert not isinstance(demand_store(own_file), PostgresDemandStore)
