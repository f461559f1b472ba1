"""The demand file: threshold, retention, additive concurrent flushes, failures, exit."""

from __future__ import annotations

import multiprocessing
import sqlite3
import subprocess
import sys
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest

from demand.log import DemandLog
from demand.store import DemandStore

DAY = date(2026, 11, 2)
ROOT = Path(__file__).resolve().parents[2]


def rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def searched(store: DemandStore, query: str) -> int:
    data = store.published(DAY - timedelta(days=365), DAY)
    return sum(q.searches for q in data.queries if q.query == query)


def test_record_does_no_io_and_flush_writes_daily_counts(tmp_path: Path) -> None:
    store = DemandStore(tmp_path / "demand.sqlite3", min_count=2)
    log = DemandLog(store, flush_seconds=3600, today=lambda: DAY)
    for query, total in [("Lassen", 0), ("lassen", 0), ("heftruck", 7), ("jan@x.be", 0)]:
        log.record(query, total, ["province"])
    assert not store.path.exists()  # counting touched no file
    assert log.flush() == 3
    assert rows(store.path, "SELECT day, zero_results, count FROM searches ORDER BY count") == [
        ("2026-11-02", 0, 1),
        ("2026-11-02", 1, 2),
    ]
    assert rows(store.path, "SELECT query FROM query_texts") == [("lassen",)]
    assert dict(rows(store.path, "SELECT name, count FROM daily_counts")) == {
        "dropped:email": 1,  # a dropped query leaves only its reason
        "filter:province": 3,
        "filter_zero:province": 2,
    }
    log.close()


def test_a_log_that_counted_nothing_creates_no_file(tmp_path: Path) -> None:
    log = DemandLog(DemandStore(tmp_path / "demand.sqlite3"), today=lambda: DAY)
    log.record("   ", 0)  # no text: not a text search
    log.close()
    assert not (tmp_path / "demand.sqlite3").exists()


def test_a_query_below_the_threshold_is_stored_only_as_a_keyed_hash(tmp_path: Path) -> None:
    store = DemandStore(tmp_path / "demand.sqlite3", min_count=5)
    log = DemandLog(store, flush_seconds=3600, today=lambda: DAY)
    for _ in range(4):
        log.record("jan peeters lasser", 0)
    log.flush()
    assert b"peeters" not in store.path.read_bytes()
    assert rows(store.path, "SELECT * FROM query_texts") == []
    assert searched(store, "jan peeters lasser") == 0
    data = store.published(DAY, DAY)
    assert (data.searches, data.zero_results) == (4, 4)  # counted, just not as text
    log.record("jan peeters lasser", 3)  # the fifth search, on another flush
    log.flush()
    assert searched(store, "jan peeters lasser") == 5
    assert store.published(DAY, DAY).queries[0].zero_results == 4
    log.close()


def test_the_threshold_applies_to_the_period_read(tmp_path: Path) -> None:
    store = DemandStore(tmp_path / "demand.sqlite3", min_count=3)
    for offset in range(6):  # one search a day for six days
        store.add({(DAY - timedelta(days=offset), "vca", True): 1}, {}, DAY)
    assert [q.searches for q in store.published(DAY - timedelta(days=5), DAY).queries] == [6]
    assert [q.searches for q in store.published(DAY - timedelta(days=2), DAY).queries] == [3]
    assert store.published(DAY - timedelta(days=1), DAY).queries == []  # 2 < 3


def test_retention_deletes_old_days_and_texts_that_fall_below_the_threshold(
    tmp_path: Path,
) -> None:
    store = DemandStore(tmp_path / "demand.sqlite3", min_count=3, retention_days=90)
    old = DAY - timedelta(days=90)  # the first day no longer kept on DAY
    store.add({(old, "vca", False): 5, (old, "lassen", True): 2}, {(old, "filter:level"): 4}, old)
    store.add({(DAY - timedelta(days=89), "lassen", True): 1}, {}, old)
    assert sorted(rows(store.path, "SELECT query FROM query_texts")) == [("lassen",), ("vca",)]
    store.prune(DAY)
    assert rows(store.path, "SELECT day FROM searches") == [("2026-08-05",)]
    assert rows(store.path, "SELECT * FROM daily_counts") == []
    assert rows(store.path, "SELECT * FROM query_texts") == []  # lassen: 1 left, vca: none
    # counts for days already outside the window are not written at all
    store.add({(old, "vca", False): 9}, {(old, "dropped:url"): 1}, DAY)
    assert rows(store.path, "SELECT count(*) FROM searches WHERE day < '2026-08-05'") == [(0,)]


def test_retention_is_configurable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from core.settings import Settings
    from demand.store import demand_store

    monkeypatch.setenv("LEERAANBOD_DEMAND_RETENTION_DAYS", "7")
    monkeypatch.setenv("LEERAANBOD_DEMAND_MIN_COUNT", "10")
    store = demand_store(Settings(data_dir=tmp_path))
    assert (store.retention_days, store.min_count) == (7, 10)
    assert store.path == tmp_path / "demand.sqlite3"
    assert store.cutoff(DAY) == DAY - timedelta(days=6)
    assert Settings().demand_log is True  # on by default: the design keeps it anonymous
    monkeypatch.setenv("LEERAANBOD_DEMAND_LOG", "off")
    assert Settings().demand_log is False


def _worker(path: str, searches: int) -> None:
    log = DemandLog(DemandStore(path), flush_seconds=0.01, flush_entries=3, today=lambda: DAY)
    for i in range(searches):
        log.record(f"lassen {i % 7}", i % 2)
    log.close()  # a gunicorn worker's atexit does this; multiprocessing children skip atexit


def test_flushes_from_several_processes_add_up(tmp_path: Path) -> None:
    path = tmp_path / "demand.sqlite3"
    parent = DemandLog(DemandStore(path), flush_seconds=3600, today=lambda: DAY)
    parent.record("lassen 0", 0)  # pending in the parent when it forks: not the children's
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_worker, args=(str(path), 300)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    parent.close()
    assert rows(path, "SELECT sum(count) FROM searches") == [(4 * 300 + 1,)]
    assert rows(path, "SELECT sum(count) FROM searches WHERE zero_results = 1") == [(4 * 150 + 1,)]
    assert len(rows(path, "SELECT * FROM query_texts")) == 7
    assert rows(path, "PRAGMA journal_mode") == [("wal",)]


def test_flushes_from_several_threads_with_their_own_connections_add_up(tmp_path: Path) -> None:
    path = tmp_path / "demand.sqlite3"
    logs = [
        DemandLog(DemandStore(path), flush_seconds=0.005, flush_entries=2, today=lambda: DAY)
        for _ in range(4)
    ]
    start = threading.Barrier(len(logs))

    def search(log: DemandLog) -> None:
        start.wait()
        for i in range(250):
            log.record(f"vca {i % 5}", 1)
            if i % 25 == 0:
                log.flush()  # flushes from the callers and the flush threads interleave

    threads = [threading.Thread(target=search, args=(log,)) for log in logs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for log in logs:
        log.close()
    assert rows(path, "SELECT sum(count) FROM searches") == [(1000,)]
    store = DemandStore(path)
    assert sorted(q.searches for q in store.published(DAY, DAY).queries) == [200] * 5


def test_a_failed_write_keeps_the_counts_for_the_next_flush(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import demand.store

    store = DemandStore(tmp_path / "demand.sqlite3", min_count=1)
    store.prune(DAY)  # creates the file
    log = DemandLog(store, flush_seconds=3600, today=lambda: DAY)
    log.record("lassen", 0)
    monkeypatch.setattr(demand.store, "BUSY_TIMEOUT_SECONDS", 0.05)
    blocker = sqlite3.connect(store.path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")  # another writer holds the file too long
    try:
        assert log.flush() == 0
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert log.flush() == 1
    assert [q.searches for q in store.published(DAY, DAY).queries] == [1]
    log.close()


def test_counts_are_written_at_exit_without_an_explicit_flush(tmp_path: Path) -> None:
    path = tmp_path / "demand.sqlite3"
    script = (
        "from demand.log import DemandLog; from demand.store import DemandStore;"
        f"log = DemandLog(DemandStore({str(path)!r}, min_count=2), flush_seconds=3600);"
        "[log.record('heftruck', 3) for _ in range(2)]"
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True, timeout=60)
    assert rows(path, "SELECT query FROM query_texts") == [("heftruck",)]
    assert rows(path, "SELECT sum(count) FROM searches") == [(2,)]
