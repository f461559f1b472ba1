from __future__ import annotations

import csv
import io

import pytest
from flask import Flask

from reports.registry import REPORTS, ReportRequest, run_report
from reports.table import csv_cell
from reports.web import register
from tests.reports.catalogue import NOW, VOCABULARY


@pytest.fixture
def client(catalogue):
    app = Flask(__name__)
    app.config["TESTING"] = True
    register(app, lambda: catalogue.store, VOCABULARY)
    return app.test_client()


def test_index_lists_every_report(client) -> None:
    body = client.get("/api/v1/reports").get_json()
    assert [r["name"] for r in body["reports"]] == list(REPORTS)
    assert body["reports"][0]["url"] == "/api/v1/reports/coverage"


@pytest.mark.parametrize("name", list(REPORTS))
def test_json_is_the_report_and_csv_matches_it(client, catalogue, name) -> None:
    response = client.get(f"/api/v1/reports/{name}?as_of=2026-11-02&fund=Cevora")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.get_json()
    request = ReportRequest(now=NOW.replace(hour=0), vocabulary=VOCABULARY)
    request.filters = request.filters.parse(fund="Cevora")
    expected = run_report(name, catalogue.store, request)
    for table in expected.tables:
        assert body["tables"][table.name]["rows"] == table.rows
        response = client.get(
            f"/api/v1/reports/{name}?as_of=2026-11-02&fund=Cevora&format=csv&table={table.name}"
        )
        assert response.mimetype == "text/csv"
        assert f"leeraanbod-{name}-{table.name}.csv" in response.headers["Content-Disposition"]
        rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
        assert rows[0] == body["tables"][table.name]["columns"]
        assert rows[1:] == [
            [csv_cell(r[c]) for c in rows[0]] for r in body["tables"][table.name]["rows"]
        ]


def test_access_numbers_through_the_api(client) -> None:
    body = client.get("/api/v1/reports/access?province=Oost-Vlaanderen").get_json()
    assert {r["criterion"]: r["offers"] for r in body["tables"]["criteria"]["rows"]} == {
        "free": 2,
        "evening_or_weekend": 0,
        "online": 0,
        "nt2_support": 1,
        "job_seekers": 2,
        "no_secondary_diploma": 2,
    }
    assert body["parameters"]["province"] == "Oost-Vlaanderen"


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("/api/v1/reports/nope", 404, "unknown report"),
        ("/api/v1/reports/access?province=Gent", 400, "unknown province"),
        ("/api/v1/reports/access?format=xml", 400, "format"),
        ("/api/v1/reports/access?format=csv&table=nope", 400, "no table"),
        ("/api/v1/reports/trends?period=year", 400, "period"),
        ("/api/v1/reports/gaps?few=0", 400, "few"),
        ("/api/v1/reports/gaps?few=abc", 400, "few"),
        ("/api/v1/reports/coverage?granularity=street", 400, "granularity"),
        ("/api/v1/reports/freshness?as_of=gisteren", 400, "as_of"),
    ],
)
def test_bad_requests_get_clear_json_errors(client, query, status, message) -> None:
    response = client.get(query)
    assert response.status_code == status
    assert message in response.get_json()["error"]


def test_charts_are_svg_without_scripts_from_elsewhere(client) -> None:
    response = client.get("/rapporten/coverage/province.svg?as_of=2026-11-02")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    assert "<svg" in svg
    assert "Oost-Vlaanderen" in svg
    assert 'src="http' not in svg and "kozea.github.io" not in svg
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert client.get("/rapporten/coverage/nope.svg").status_code == 404


def test_dashboard_has_every_report_filters_and_downloads(client) -> None:
    response = client.get("/rapporten/?as_of=2026-11-02&fund=Cevora")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for name in REPORTS:
        assert f'id="report-{name}"' in html
    assert '<option value="Cevora" selected>' in html
    assert '<option value="Constructiv" >' in html
    assert "format=csv&amp;table=criteria" in html
    assert "Rapporten voor coördinatoren" in html
    assert "Reports for coordinators" in client.get("/rapporten/?lang=en").get_data(as_text=True)
    bad = client.get("/rapporten/?province=Gent")
    assert bad.status_code == 400
    assert "unknown province" in bad.get_data(as_text=True)
