"""Smoke tests of the benchmark scripts (issue 21) on tiny data, so that they do not rot: the
never-repeated query streams, ``bench_ingest.py`` (setup on the clock), ``bench_index.py``
(uncached and cached side by side, ``--keep``/``--reuse``) and ``bench_api.py`` (in-process,
and the real server started with its caches off for the memory figures)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts"
sys.path.insert(0, str(SCRIPTS))

import query_stream  # noqa: E402
from query_stream import CLASSES, Streams, assert_unique, mixed, stream  # noqa: E402


def run_script(*args: str, timeout: float = 240) -> str:
    done = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "LEERAANBOD_OPENSEARCH_URL": ""},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


# ------------------------------------------------------------------ query streams
def test_the_streams_use_the_judged_relevance_queries() -> None:
    from tests.index.relevance.judgements import QUERIES

    assert {q for _, q, _ in query_stream.judged_queries()} == {j.q for j in QUERIES}
    texts = {dict(s.params)["q"] for s in stream("text", 2000)}
    assert len(texts) > 150  # most of the 200 queries, not a handful of words


@given(
    seed=st.integers(0, 10_000),
    kind=st.sampled_from(CLASSES),
    n=st.integers(1, 300),
)
def test_a_stream_never_repeats_and_every_search_is_valid(seed: int, kind: str, n: int) -> None:
    searches = stream(kind, n, seed)
    assert len(searches) == n and {s.kind for s in searches} == {kind}
    assert_unique(searches)
    assert searches == stream(kind, n, seed)  # reproducible
    for search in searches[:20]:
        if kind == "suggest":
            assert search.path.startswith("/api/v1/suggest?q=") and len(search.prefix) >= 2
        else:
            query = search.query()  # the API's parameters validate as the engine's query
            assert query.facets == type(query)().facets  # the default: every facet
            assert (kind == "browse + filters") == (query.q == "")


def test_scenarios_drawn_from_one_streams_share_no_search() -> None:
    streams = Streams(3)
    drawn = streams.take_mixed(300) + streams.take("text", 500) + streams.take("suggest", 200)
    assert_unique(drawn)
    assert {s.kind for s in drawn} == set(CLASSES)


def test_a_repeat_is_caught_and_an_exhausted_class_says_so() -> None:
    searches = mixed(50)
    with pytest.raises(AssertionError, match="1 of 51 searches repeat"):
        assert_unique([*searches, searches[7]])
    with pytest.raises(ValueError, match="'suggest' search left"):
        stream("suggest", 100_000)
    with pytest.raises(ValueError, match="unknown query class"):
        stream("everything", 1)


# ------------------------------------------------------------------ the scripts
@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    data_dir = tmp_path_factory.mktemp("ingest")
    out = run_script("scripts/bench_ingest.py", "--offers", "300", "--data-dir", str(data_dir))
    return data_dir, out


def test_bench_ingest_has_the_setup_on_the_clock(ingested: tuple[Path, str]) -> None:
    data_dir, out = ingested
    rows = dict(re.findall(r"^\| \**([a-z ]+?)\** \| \**([\d.]+)", out, re.M))
    assert set(rows) >= {"setup", "tag", "cluster", "index", "end to end"}
    stages = sum(float(v) for k, v in rows.items() if k != "end to end")
    assert float(rows["setup"]) > 0  # installing ESCO and building the tagger: on the clock
    assert float(rows["end to end"]) == pytest.approx(stages, rel=0.1)
    assert (data_dir / "taxonomy.sqlite3").exists() and (data_dir / "index").is_dir()


def test_bench_index_uncached_and_cached_side_by_side(tmp_path: Path) -> None:
    args = ["scripts/bench_index.py", "--offers", "300", "--queries", "5", "--tantivy-only"]
    args += ["--default-vocabulary", "--cached", "--keep", str(tmp_path)]
    out = run_script(*args)
    assert "| class | tantivy uncached | tantivy cached, first sight |" in out
    for kind in CLASSES:
        assert re.search(rf"^\| {re.escape(kind)} \| [\d.]+ / [\d.]+ / [\d.]+ \(CPU", out, re.M)
    built = (tmp_path / "tantivy-300.json").read_text()
    again = run_script(*args, "--reuse")  # times the kept index without building it again
    assert "tantivy uncached" in again
    assert (tmp_path / "tantivy-300.json").read_text() == built


def test_bench_api_in_process_and_the_servers_memory(ingested: tuple[Path, str]) -> None:
    data_dir, _ = ingested
    out = run_script(
        "scripts/bench_api.py", "--data-dir", str(data_dir), "--in-process", "--repeat", "5"
    )
    assert "engine caches off" in out
    for name in ("text + place", "search page (HTML)", "mixed"):
        assert re.search(rf"^{re.escape(name)} +[\d.]+", out, re.M), out
    out = run_script(
        "scripts/bench_api.py", "--data-dir", str(data_dir), "--memory-only", "--workers", "2"
    )
    pss = re.findall(r"\*\*PSS (\d+) MB\*\* over 3 processes", out)
    assert len(pss) == 3 and all(int(x) > 0 for x in pss), out  # start, warm, after
