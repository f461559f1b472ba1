"""``index.sme.AnswerCache``: bounded, least recently used out, one computation per key."""

from __future__ import annotations

import threading
import time

import pytest

from index.sme import AnswerCache


def test_the_least_recently_used_answer_goes_first() -> None:
    cache: AnswerCache[str] = AnswerCache(size=2)
    assert cache.get_or_compute("a", lambda: "A") == "A"
    assert cache.get_or_compute("b", lambda: "B") == "B"
    assert cache.get_or_compute("a", lambda: "changed") == "A"  # a is now the most recent
    cache.get_or_compute("c", lambda: "C")
    assert len(cache) == 2 and cache.get("b") is None and cache.get("a") == "A"
    assert cache.stats()["misses"] == 3


def test_an_uncacheable_answer_is_computed_every_time() -> None:
    cache: AnswerCache[int] = AnswerCache()
    calls = []
    for _ in range(3):
        cache.get_or_compute("k", lambda: calls.append(1) or len(calls), cacheable=False)
    assert len(calls) == 3 and len(cache) == 0


def test_concurrent_requests_compute_a_key_once() -> None:
    cache: AnswerCache[int] = AnswerCache()
    calls: list[int] = []

    def slow() -> int:
        calls.append(1)
        time.sleep(0.2)
        return 42

    results: list[int] = []
    threads = [
        threading.Thread(target=lambda: results.append(cache.get_or_compute("k", slow)))
        for _ in range(5)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [42] * 5 and len(calls) == 1


def test_a_failed_computation_is_not_kept() -> None:
    cache: AnswerCache[int] = AnswerCache()

    def fail() -> int:
        raise RuntimeError("engine down")

    with pytest.raises(RuntimeError):
        cache.get_or_compute("k", fail)
    assert cache.get_or_compute("k", lambda: 7) == 7


def test_the_cache_needs_room() -> None:
    with pytest.raises(ValueError, match="at least one"):
        AnswerCache(size=0)


def test_the_answers_weigh_no_more_than_allowed_together() -> None:
    cache: AnswerCache[list[int]] = AnswerCache(size=10, max_weight=10, weigh=len)
    cache.put("a", [1] * 4)
    cache.put("b", [1] * 5)
    assert cache.weight == 9 and len(cache) == 2
    cache.put("c", [1] * 3)  # 12 > 10: the oldest goes
    assert cache.get("a") is None and cache.weight == 8
    cache.put("b", [1])  # replacing an answer replaces its weight
    assert cache.weight == 4
    cache.put("huge", [1] * 50)  # alone over the limit: kept, the others go
    assert len(cache) == 1 and cache.get("huge") is not None and cache.weight == 50
