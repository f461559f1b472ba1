"""Vraag zonder aanbod: the demand report over a demand log whose every count is known."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from demand.store import DemandStore
from index.vocabulary import Vocabulary as SearchVocabulary
from leeraanbod.cli import main
from reports.demand import demand, taxonomy_hint
from reports.registry import ReportRequest, run_report
from reports.table import csv_cell
from reports.vocabulary import MappingVocabulary

DAY = date(2026, 11, 2)
TERMS = SearchVocabulary(
    synonyms=[frozenset({"heftruck", "vorkheftruck"})],
    concept_labels={"lassen": {"vl:lassen"}, "heftruck": {"vl:heftruck"}},
)
LABELS = MappingVocabulary(labels={"vl:lassen": "Lassen", "vl:heftruck": "Heftruck rijden"})


def fill(store: DemandStore) -> None:
    """Within the last 7 days: 'lassen' 6× (all fruitless), 'vorkheftruck' 5× (2 fruitless),
    'gfa' 9× (all fruitless), 'excel' 7× (none fruitless), 'lassen gent' 5× (fruitless),
    'zeldzaam' 4× (fruitless, below the threshold of 5); 'gfa' 20× more 8 days ago."""
    day = DAY - timedelta(days=1)
    store.add(
        {
            (DAY, "lassen", True): 4,
            (day, "lassen", True): 2,
            (DAY, "vorkheftruck", True): 2,
            (DAY, "vorkheftruck", False): 3,
            (DAY, "gfa", True): 9,
            (day, "excel", False): 7,
            (DAY, "lassen gent", True): 5,
            (DAY, "zeldzaam", True): 4,
            (DAY - timedelta(days=8), "gfa", True): 20,
        },
        {
            (DAY, "filter:province"): 6,
            (DAY, "filter_zero:province"): 5,
            (DAY, "filter:level"): 2,
            (DAY, "dropped:email"): 3,
            (DAY, "dropped:number"): 1,
        },
        DAY,
    )


@pytest.fixture
def demand_store(tmp_path: Path) -> DemandStore:
    store = DemandStore(tmp_path / "demand.sqlite3", min_count=5)
    fill(store)
    return store


def report_for(store: DemandStore, days: int = 7, period: str | None = "day"):
    request = ReportRequest(vocabulary=LABELS, demand=store, terms=TERMS, days=days)
    request.now = request.now.replace(year=DAY.year, month=DAY.month, day=DAY.day)
    request.period = period
    return run_report("demand", None, request)  # type: ignore[arg-type]


def test_unmet_queries_with_counts_and_the_taxonomy_hint(demand_store: DemandStore) -> None:
    report = report_for(demand_store)
    assert [
        (r["query"], r["zero_result_searches"], r["searches"], r["hint"], r["concept_label"])
        for r in report.table("unmet").rows
    ] == [
        ("gfa", 9, 9, "unknown_term", None),  # synonym needed?
        ("lassen", 6, 6, "concept_known", "Lassen"),  # known concept, no offer
        ("lassen gent", 5, 5, "partly_known", "Lassen"),
        ("vorkheftruck", 2, 5, "concept_known", "Heftruck rijden"),  # through the synonym
    ]
    assert report.table("unmet").rows[1]["concepts"] == "vl:lassen"
    assert report.table("unmet").rows[3]["zero_result_share"] == 0.4


def test_top_queries_totals_periods_filters_and_dropped(demand_store: DemandStore) -> None:
    report = report_for(demand_store)
    assert [(r["query"], r["searches"]) for r in report.table("top_queries").rows] == [
        ("gfa", 9),
        ("excel", 7),
        ("lassen", 6),
        ("lassen gent", 5),
        ("vorkheftruck", 5),
    ]
    p = report.parameters
    assert (p["searches"], p["zero_result_searches"], p["searches_listed"]) == (36, 26, 32)
    assert p["zero_result_share"] == round(26 / 36, 4)
    assert (p["start"], p["end"], p["days"], p["min_count"]) == ("2026-10-27", "2026-11-02", 7, 5)
    assert report.table("by_period").rows == [
        {
            "period": "2026-11-01",
            "searches": 9,
            "zero_result_searches": 2,
            "zero_result_share": 0.2222,
        },
        {
            "period": "2026-11-02",
            "searches": 27,
            "zero_result_searches": 24,
            "zero_result_share": 0.8889,
        },
    ]
    assert [
        (r["filter_kind"], r["searches"], r["zero_result_share"])
        for r in report.table("filters").rows
    ] == [("province", 6, 0.8333), ("level", 2, 0.0)]
    assert report.table("dropped").rows == [
        {"reason": "email", "searches": 3, "share": 0.075},  # of 36 kept + 4 dropped
        {"reason": "number", "searches": 1, "share": 0.025},
    ]


def test_the_period_is_the_days_up_to_as_of(demand_store: DemandStore) -> None:
    month = report_for(demand_store, days=30, period=None)
    gfa = next(r for r in month.table("top_queries").rows if r["query"] == "gfa")
    assert (gfa["searches"], gfa["days"], gfa["last_day"]) == (29, 2, "2026-11-02")
    assert [r["period"] for r in month.table("by_period").rows] == [
        "2026-W43",
        "2026-W44",
        "2026-W45",
    ]
    one_day = report_for(demand_store, days=1)
    assert [r["query"] for r in one_day.table("top_queries").rows] == [
        "gfa",
        "lassen gent",
        "vorkheftruck",
    ]  # lassen: 4 that day, below 5


def test_no_hint_without_a_vocabulary() -> None:
    assert taxonomy_hint("lassen", None) == (None, [])
    assert taxonomy_hint("lassen", TERMS) == ("concept_known", ["vl:lassen"])


def test_without_a_demand_log_the_report_is_empty_and_says_so() -> None:
    report = run_report("demand", None, ReportRequest())  # type: ignore[arg-type]
    assert all(not t.rows for t in report.tables)
    assert any("LEERAANBOD_DEMAND_LOG" in note for note in report.notes)


queries = st.dictionaries(
    st.sampled_from(["lassen", "vca", "excel", "gfa", "nt2", "boekhouden", "heftruck"]),
    st.lists(st.tuples(st.integers(0, 9), st.booleans(), st.integers(1, 4)), max_size=6),
    max_size=7,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(searches=queries, min_count=st.integers(2, 8))
def test_below_the_threshold_never_appears_in_report_json_or_csv(searches, min_count) -> None:
    counts: dict[tuple[date, str, bool], int] = {}
    for query, entries in searches.items():
        for offset, zero, n in entries:
            key = (DAY - timedelta(days=offset), query, zero)
            counts[key] = counts.get(key, 0) + n
    with tempfile.TemporaryDirectory() as folder:
        store = DemandStore(Path(folder) / "demand.sqlite3", min_count=min_count)
        half = dict(list(counts.items())[::2])  # two flushes, as two workers would
        store.add(half, {}, DAY)
        store.add({k: v for k, v in counts.items() if k not in half}, {}, DAY)
        report = report_for(store, days=10)
    totals: dict[str, int] = {}
    for (_, query, _), n in counts.items():
        totals[query] = totals.get(query, 0) + n
    published = {q for q, n in totals.items() if n >= min_count}
    assert {r["query"] for r in report.table("top_queries").rows} == published
    assert {r["query"] for r in report.table("unmet").rows} <= published
    hidden = set(totals) - published
    text = report.to_json() + "".join(t.to_csv() for t in report.tables)
    for query in hidden:
        assert query not in text


def test_cli_report_demand_json_and_csv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir = tmp_path / "var"
    monkeypatch.setenv("LEERAANBOD_DATA_DIR", str(data_dir))
    monkeypatch.setenv("LEERAANBOD_TAXONOMY_DIR", str(tmp_path / "no-taxonomy"))
    monkeypatch.delenv("LEERAANBOD_DATABASE_URL", raising=False)
    fill(DemandStore(data_dir / "demand.sqlite3"))
    runner = CliRunner()
    args = ["report", "demand", "--as-of", "2026-11-02", "--days", "7"]
    as_json = runner.invoke(main, args)
    assert as_json.exit_code == 0, as_json.output
    body = json.loads(as_json.stdout)
    unmet = body["tables"]["unmet"]["rows"]
    assert [r["query"] for r in unmet] == ["gfa", "lassen", "lassen gent", "vorkheftruck"]
    assert "zeldzaam" not in as_json.output
    as_csv = runner.invoke(main, [*args, "--format", "csv", "--table", "unmet"])
    assert as_csv.exit_code == 0, as_csv.output
    parsed = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert parsed == [{k: csv_cell(v) for k, v in row.items()} for row in unmet]


def test_a_pure_report_from_data(demand_store: DemandStore) -> None:
    data = demand_store.published(DAY, DAY)
    report = demand(data, TERMS, LABELS, "week")
    assert report.name == "demand"
    assert [t.name for t in report.tables] == [
        "unmet",
        "top_queries",
        "by_period",
        "filters",
        "dropped",
    ]
