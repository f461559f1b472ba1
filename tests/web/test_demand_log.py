"""The search demand log through the real app: what a search leaves behind, and what not.

Item 19/20 of ../shared/notes/reliability.md: no client address or user agent stored; only
query, day and result count kept, personal-looking queries dropped, text published from five.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.web.conftest import CLIENT_IP, CLIENT_UA, make_settings
from web import create_app
from web.demand import demand_log

ALLOWED_COLUMNS = {
    "searches": ["day", "query_key", "zero_results", "count"],
    "query_texts": ["query_key", "query"],
    "daily_counts": ["day", "name", "count"],
    "meta": ["key", "value"],
}


@pytest.fixture
def demand_file(tmp_path: Path) -> Path:
    return tmp_path / "demand" / "demand.sqlite3"


def _app(catalogue_dir: Path, demand_file: Path, **overrides: object) -> Flask:
    settings = make_settings(
        catalogue_dir,
        demand_path=demand_file,
        demand_flush_seconds=3600,  # only the test flushes
        demand_min_count=2,
        **overrides,
    )
    return create_app({"TESTING": True, "SETTINGS": settings})


@pytest.fixture
def demand_app(catalogue_dir: Path, demand_file: Path) -> Iterator[Flask]:
    app = _app(catalogue_dir, demand_file)
    yield app
    app.extensions["leeraanbod"].close()


@pytest.fixture
def demand_client(demand_app: Flask) -> FlaskClient:
    client = demand_app.test_client()
    client.environ_base.update({"REMOTE_ADDR": CLIENT_IP, "HTTP_USER_AGENT": CLIENT_UA})
    return client


def _search(client: FlaskClient) -> None:
    """Two API and one page search for 'lassen', two fruitless ones with filters, a profile
    search, a personal-looking one, paging, suggestions and a search without text."""
    cookie = {"Cookie": "session=s3cr3t-session-cookie"}
    for url in (
        "/api/v1/search?q=Lassen",
        "/api/v1/search?q=lassen%20",
        "/?q=L%C3%A1ssen",
        "/api/v1/search?q=xyzzyplop&municipality=Gent&radius_km=25",
        "/?q=XYZZYPLOP&provinces=Limburg&delivery_modes=online_live",
        "/api/v1/search?q=excel&status=employee&joint_committee=200",
        "/?q=excel&status=job_seeker&free_for_me=true",
        "/?q=jan.peeters%40example.be",
        "/api/v1/search?q=lassen&page=2&page_size=1",
        "/api/v1/suggest?q=lassen",
        "/api/v1/search?provinces=Limburg",
        "/?q=eenmalig",
    ):
        response = client.get(url, headers=cookie)
        assert response.status_code == 200, (url, response.status_code)


def test_searches_are_counted_in_memory_and_written_only_by_a_flush(
    demand_client: FlaskClient, demand_app: Flask, demand_file: Path
) -> None:
    _search(demand_client)
    assert not demand_file.exists()  # nothing written while answering requests
    log = demand_log(demand_app)
    assert log is not None and log.flush() == 8
    data = log.store.published(log.today(), log.today())
    found = {q.query: (q.searches, q.zero_results) for q in data.queries}
    assert found == {"lassen": (3, 0), "xyzzyplop": (2, 2), "excel": (2, 0)}
    assert (data.searches, data.zero_results) == (8, 3)  # 'eenmalig' counted, not published
    assert data.counts == {
        "dropped:email": 1,
        "filter:location": 1,
        "filter:province": 1,
        "filter:delivery_mode": 1,
        "filter_zero:location": 1,
        "filter_zero:province": 1,
        "filter_zero:delivery_mode": 1,
        # the pages search what one can still start unless told otherwise (4 page searches)
        "filter:upcoming": 4,
        "filter_zero:upcoming": 2,
    }  # the profile (status, joint committee, free for me) left no trace


def test_the_stored_file_holds_only_the_allowed_columns_and_no_identity(
    demand_client: FlaskClient, demand_app: Flask, demand_file: Path
) -> None:
    _search(demand_client)
    demand_log(demand_app).flush()
    conn = sqlite3.connect(demand_file)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        assert sorted(tables) == sorted(ALLOWED_COLUMNS)
        for table, columns in ALLOWED_COLUMNS.items():
            assert [r[1] for r in conn.execute(f"PRAGMA table_info({table})")] == columns
        assert all(len(day) == 10 for (day,) in conn.execute("SELECT day FROM searches"))
    finally:
        conn.close()
    stored = b"".join(p.read_bytes() for p in demand_file.parent.iterdir()).lower()
    for secret in (
        CLIENT_IP,
        CLIENT_UA,
        "203.0.113",
        "s3cr3t",
        "employee",
        "job_seeker",
        "joint_committee",
        "jan.peeters",
        "example.be",
        "limburg",
        "gent",  # a filter's value (the hash key and hashes are hex: no 'g')
        "eenmalig",  # searched once: below the threshold, stored as a keyed hash only
    ):
        assert secret.lower().encode() not in stored, secret


def test_a_failing_demand_log_never_fails_a_search(
    demand_client: FlaskClient, demand_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("statistics bug")

    monkeypatch.setattr(demand_log(demand_app), "record", broken)
    assert demand_client.get("/api/v1/search?q=lassen").status_code == 200
    assert demand_client.get("/?q=lassen").status_code == 200


def test_logging_off_writes_nothing(catalogue_dir: Path, demand_file: Path) -> None:
    app = _app(catalogue_dir, demand_file, demand_log=False)
    try:
        assert demand_log(app) is None
        _search(app.test_client())
    finally:
        app.extensions["leeraanbod"].close()
    assert not demand_file.parent.exists()


def test_the_demand_report_publishes_only_queries_above_the_threshold(
    demand_client: FlaskClient, demand_app: Flask
) -> None:
    _search(demand_client)
    _search(demand_client)  # twice: 'eenmalig' now reaches the threshold of two
    demand_client.get("/?q=zeldzaam")  # once: below it
    demand_log(demand_app).flush()
    body = demand_client.get("/api/v1/reports/demand").get_json()
    unmet = body["tables"]["unmet"]["rows"]
    assert [(r["query"], r["zero_result_searches"], r["hint"]) for r in unmet] == [
        ("xyzzyplop", 4, "unknown_term"),
        ("eenmalig", 2, "unknown_term"),
    ]
    top = {r["query"]: r["searches"] for r in body["tables"]["top_queries"]["rows"]}
    assert top == {"lassen": 6, "xyzzyplop": 4, "excel": 4, "eenmalig": 2}
    assert body["parameters"]["searches"] == 17 and body["parameters"]["min_count"] == 2
    csv_text = demand_client.get("/api/v1/reports/demand?format=csv&table=top_queries").text
    assert [r[0] for r in csv.reader(io.StringIO(csv_text))][1:] == list(top)
    page = demand_client.get("/rapporten/").get_data(as_text=True)
    assert 'id="report-demand"' in page and "onbekend woord: synoniem nodig?" in page
    for response_text in (str(body), csv_text, page):
        assert "zeldzaam" not in response_text
    chart = demand_client.get("/rapporten/demand/unmet.svg").get_data(as_text=True)
    assert ">xyzzyplop<" in chart and ">eenmalig<" in chart and "zeldzaam" not in chart
    week = demand_client.get("/rapporten/?days=7&lang=fr").get_data(as_text=True)
    assert '<option value="7" selected>' in week and "mot inconnu : synonyme nécessaire ?" in week
    assert demand_client.get("/api/v1/reports/demand?days=0").status_code == 400
