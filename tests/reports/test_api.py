from __future__ import annotations

import csv
import io

import pytest

from reports.registry import REPORTS, ReportRequest, run_report
from reports.table import csv_cell
from tests.reports.catalogue import LASSER, NOW, VOCABULARY


@pytest.fixture
def client(web_app):
    return web_app.test_client()


def test_index_lists_every_report_with_its_tables(client, catalogue) -> None:
    body = client.get("/api/v1/reports").get_json()
    assert [r["name"] for r in body["reports"]] == list(REPORTS)
    assert body["reports"][0]["url"] == "/api/v1/reports/coverage"
    request = ReportRequest(now=NOW, vocabulary=VOCABULARY)
    for info in body["reports"]:
        report = run_report(info["name"], catalogue.store, request)
        assert info["tables"] == [t.name for t in report.tables]


def test_openapi_documents_the_reports(client) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    for name, report in REPORTS.items():
        operation = spec["paths"][f"/api/v1/reports/{name}"]["get"]
        params = {p["name"]: p for p in operation["parameters"]}
        assert {"format", "table", "fund", "province", "period", "as_of"} <= set(params)
        assert set(operation["responses"]["200"]["content"]) == {"application/json", "text/csv"}
        table = params["table"]["schema"]["anyOf"][0]
        assert table["enum"] == list(report.tables)


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
    ("query", "field", "message"),
    [
        ("/api/v1/reports/access?province=Gent", "province", "'Oost-Vlaanderen'"),
        ("/api/v1/reports/access?format=xml", "format", "json"),
        ("/api/v1/reports/access?format=csv&table=nope", "table", "'criteria' or 'by_province'"),
        ("/api/v1/reports/trends?period=year", "period", "day"),
        ("/api/v1/reports/gaps?few=0", "few", "greater than or equal to 1"),
        ("/api/v1/reports/gaps?few=abc", "few", "whole number"),
        ("/api/v1/reports/coverage?granularity=street", "granularity", "municipality"),
        ("/api/v1/reports/freshness?as_of=gisteren", "as_of", "date"),
        ("/api/v1/reports/freshness?colour=red", "colour", "unknown parameter"),
        ("/api/v1/reports/access?fund=a&fund=b", "fund", "at most once"),
    ],
)
def test_bad_parameters_are_400s_naming_the_parameter(client, query, field, message) -> None:
    response = client.get(query)
    assert response.status_code == 400
    body = response.get_json()
    assert body["error"] == "invalid_parameters"
    assert any(message in m for m in body["fields"][field]), body


def test_unknown_report_is_a_json_404(client) -> None:
    response = client.get("/api/v1/reports/nope")
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"


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
    # every bar of the chart is a row of the table it draws, named in words (never unlabelled)
    rows = client.get("/api/v1/reports/coverage?as_of=2026-11-02").get_json()["tables"]
    for row in rows["by_province"]["rows"]:
        assert f">{row['province'] or 'onbekend'}<" in svg


def test_dashboard_has_every_report_filters_and_downloads(client) -> None:
    response = client.get("/rapporten/?as_of=2026-11-02&fund=Cevora")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for name in REPORTS:
        assert f'id="report-{name}"' in html
    assert '<option value="Cevora" selected>' in html
    assert '<option value="Constructiv">' in html
    assert "format=csv&amp;table=criteria" in html
    assert "Rapporten voor coördinatoren" in html
    # ESCO URIs are shortened in the page (the CSV keeps them whole)
    assert (
        '<a href="http://data.europa.eu/esco/occupation/7aedaa07-3884-4c5b-88f9-80997b2aa54b"'
        in html
    )
    assert ">esco:occupation/7aedaa07…</a>" in html
    assert 'href="/rapporten/">Rapporten</a>' in html  # in the site's navigation
    english = client.get("/rapporten/?lang=en").get_data(as_text=True)
    assert "Reports for coordinators" in english and "Coverage of the offer" in english
    assert client.get("/rapporten/?province=Gent").status_code == 400
    by_town = client.get("/rapporten/?granularity=municipality&period=month").get_data(True)
    assert '<option value="municipality" selected>' in by_town
    assert '<option value="month" selected>' in by_town
    # coverage cells name the municipality
    assert '<td data-label="gemeente">Hasselt</td>' in by_town
    assert '<td data-label="periode">2026-10</td>' in by_town  # trends per month
    assert (
        client.get("/rapporten/", headers={"Accept-Language": "fr"})
        .get_data(as_text=True)
        .count("Rapports pour coordinateurs")
    )


def test_every_column_has_dutch_french_and_english_headers(catalogue) -> None:
    from reports.labels import COLUMNS

    request = ReportRequest(now=NOW, vocabulary=VOCABULARY, clusters=catalogue.clusters)
    for name in REPORTS:
        for table in run_report(name, catalogue.store, request).tables:
            for column in table.columns:
                assert column in COLUMNS, f"{name}/{table.name}: {column}"
                assert set(COLUMNS[column]) == {"nl", "fr", "en"}


def test_reports_are_served_again_within_the_cache_time(web_app, catalogue) -> None:
    from web.reports import EXTENSION

    client = web_app.test_client()
    url = "/api/v1/reports/access?format=csv"
    before = client.get(url).get_data(as_text=True)
    catalogue.store.mark_gone(catalogue.id("O1"), 410)
    assert client.get(url).get_data(as_text=True) == before  # within the minute: the same
    web_app.extensions[EXTENSION].cache_seconds = 0
    after = client.get(url).get_data(as_text=True)
    assert after != before
    assert "free,Gratis,1,5,0.2" in after  # O1 is gone: one free offer of five


def test_bar_charts_keep_the_largest_first_and_at_most_twenty_bars() -> None:
    from reports.charts import MAX_BARS, chart_rows, chart_spec
    from reports.table import Table

    table = Table(
        "by_field_of_education",
        {},
        ["field_of_education", "label", "offers", "upcoming_sessions"],
        [
            {"field_of_education": f"{i:04d}", "label": None, "offers": i, "upcoming_sessions": 0}
            for i in range(30)
        ],
    )
    rows = chart_rows(chart_spec("coverage", "field"), table)
    assert len(rows) == MAX_BARS == 20
    assert [r["offers"] for r in rows[:3]] == [29, 28, 27]


def test_a_configured_shortage_list_drives_the_gaps_report(web_app, tmp_path) -> None:
    from web.services import services

    path = tmp_path / "knelpunt.csv"
    path.write_text(f"occupation,weight,label\n{LASSER},5,lassers\n", encoding="utf-8")
    with web_app.app_context():
        services().settings.reports_shortage_list = path
    body = web_app.test_client().get("/api/v1/reports/gaps").get_json()
    rows = body["tables"]["occupations"]["rows"]
    assert {(r["occupation_label"], r["weight"]) for r in rows} == {("lassers", 5.0)}


def test_an_unusable_configured_shortage_list_is_a_clear_503(web_app, tmp_path) -> None:
    from web.services import services

    with web_app.app_context():
        services().settings.reports_shortage_list = tmp_path / "missing.csv"
    response = web_app.test_client().get("/api/v1/reports/gaps")
    assert response.status_code == 503
    assert response.get_json()["error"] == "shortage_list_unusable"
    assert "missing.csv" in response.get_json()["message"]


def test_the_gaps_chart_follows_the_province_filter(client) -> None:
    everywhere = client.get("/rapporten/gaps/gap_score.svg?as_of=2026-11-02").get_data(True)
    limburg = client.get("/rapporten/gaps/gap_score.svg?province=Limburg").get_data(True)
    for svg in (everywhere, limburg):
        assert ">lasser<" in svg and ">boekhouder<" in svg
        assert svg.count('class="rect reactive tooltip-trigger"') == 2  # one bar each
