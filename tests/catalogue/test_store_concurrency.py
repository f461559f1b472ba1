"""Several processes on one store (SQLite file and PostgreSQL server): two crawls of different
sources and a full dedup rebuild at once, a reader during a write, a writer killed mid-batch.
Nothing is lost and no half-written run or batch is ever seen."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from catalogue.runs import RunOutcome, RunStats
from catalogue.store import OfferStatus, open_store
from tests.factories import make_offer
from tests.pg import ENGINES, fresh_url

CTX = multiprocessing.get_context("fork")  # children open their own store from the URL


@pytest.fixture(params=ENGINES)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'catalogue.sqlite3'}"
        return
    with fresh_url() as pg_url:
        yield pg_url


def offers(source: str, n: int, start: int = 0) -> list:
    return [
        make_offer(
            source=source,
            source_id=f"{source}-{i}",
            url=f"https://example.org/{source}/{i}",
            title=f"Cursus {source} nummer {i}",
        )
        for i in range(start, start + n)
    ]


def crawl(url: str, source: str, n: int, batch: int) -> None:
    store = open_store(url)
    run = store.start_run(source)
    for start in range(0, n, batch):
        store.upsert_offers(offers(source, batch, start), run_id=run)
    store.finish_run(run, RunStats(items_seen=n))
    store.close()


def rebuild(url: str, rounds: int) -> None:
    from dedup import recompute_clusters

    store = open_store(url)
    for _ in range(rounds):
        recompute_clusters(store)
    store.close()


def test_two_crawls_and_a_rebuild_at_once_lose_nothing(url: str) -> None:
    store = open_store(url)
    store.upsert_offers(offers("seed", 20))
    jobs = [
        CTX.Process(target=crawl, args=(url, "syntra", 400, 25)),
        CTX.Process(target=crawl, args=(url, "vdab", 400, 25)),
        CTX.Process(target=rebuild, args=(url, 3)),
    ]
    for job in jobs:
        job.start()
    for job in jobs:
        job.join(240)
        assert job.exitcode == 0, f"{job} ended with {job.exitcode}"
    try:
        for source in ("syntra", "vdab"):
            assert store.count_offers(source)[OfferStatus.ACTIVE] == 400
            (run,) = store.runs(source)
            assert run.outcome == RunOutcome.GOOD and run.items_valid == 400
        assert store.count_offers("seed")[OfferStatus.ACTIVE] == 20
        # after one more rebuild, every live offer is in exactly one cluster
        rebuild(url, 1)
        assert store.unclustered_offers() == []
        assert len(store.all_clusters()) == 820
    finally:
        store.close()


def slow_offers(source: str, n: int, started: object) -> Iterator:
    """The batch, with a pause in the middle (the write transaction stays open meanwhile)."""
    for i, offer in enumerate(offers(source, n)):
        if i == n // 2:
            started.set()  # type: ignore[attr-defined]
            time.sleep(1.5)
        yield offer


def write_slowly(url: str, n: int, started: object) -> None:
    store = open_store(url)
    run = store.start_run("syntra")
    store.upsert_offers(slow_offers("syntra", n, started), run_id=run)
    store.finish_run(run, RunStats(items_seen=n))
    store.close()


def test_a_reader_during_a_write_sees_all_of_it_or_none(url: str) -> None:
    store = open_store(url)
    started = CTX.Event()
    writer = CTX.Process(target=write_slowly, args=(url, 300, started))
    writer.start()
    try:
        assert started.wait(60)
        seen = set()
        while writer.is_alive():
            seen.add(store.count_offers("syntra")[OfferStatus.ACTIVE])
            seen.add(len(list(store.iter_offers("syntra"))))
            time.sleep(0.05)
        writer.join(30)
        assert writer.exitcode == 0
        seen.add(store.count_offers("syntra")[OfferStatus.ACTIVE])
        assert seen <= {0, 300} and 300 in seen  # never half a batch
        assert 0 in seen  # the reader was not blocked by the open write transaction
    finally:
        store.close()


def write_forever(url: str, started: object) -> None:
    store = open_store(url)
    run = store.start_run("syntra")
    started.set()  # type: ignore[attr-defined]

    def endless() -> Iterator:
        yield from offers("syntra", 50)
        time.sleep(600)  # killed here, inside the write transaction

    store.upsert_offers(endless(), run_id=run)


def test_a_killed_writer_leaves_no_half_batch_and_the_next_run_goes_on(url: str) -> None:
    store = open_store(url)
    store.upsert_offers(offers("vdab", 10))
    started = CTX.Event()
    writer = CTX.Process(target=write_forever, args=(url, started))
    writer.start()
    assert started.wait(60)
    time.sleep(0.5)  # the 50 offers are written inside the open transaction
    os.kill(writer.pid or 0, signal.SIGKILL)
    writer.join(30)
    try:
        assert store.count_offers("syntra")[OfferStatus.ACTIVE] == 0  # rolled back
        assert store.count_offers("vdab")[OfferStatus.ACTIVE] == 10  # nothing else lost
        (left,) = store.runs("syntra")
        assert left.outcome == RunOutcome.RUNNING
        # the store is writable again at once (the dead writer's lock is gone), and the next
        # run of the source closes the dead one as abandoned
        crawl(url, "syntra", 50, 50)
        outcomes = [r.outcome for r in store.runs("syntra")]
        assert outcomes == [RunOutcome.GOOD, RunOutcome.ABANDONED]
        assert store.count_offers("syntra")[OfferStatus.ACTIVE] == 50
    finally:
        store.close()
