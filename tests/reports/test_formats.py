"""Every table of every report reads back from its CSV exactly as its JSON says."""

from __future__ import annotations

import csv
import io
import json

import pytest

from reports.filters import OfferFilter
from reports.registry import REPORTS, ReportRequest, run_report
from reports.table import csv_cell
from tests.reports.catalogue import NOW, VOCABULARY


@pytest.mark.parametrize("name", list(REPORTS))
@pytest.mark.parametrize("filters", [OfferFilter(), OfferFilter.parse("Cevora", "Oost-Vlaanderen")])
def test_csv_equals_json(catalogue, name: str, filters: OfferFilter) -> None:
    request = ReportRequest(
        filters=filters, now=NOW, vocabulary=VOCABULARY, clusters=catalogue.clusters
    )
    report = run_report(name, catalogue.store, request)
    data = json.loads(report.to_json())
    assert data["report"] == name
    assert list(data["tables"]) == [t.name for t in report.tables]
    for table in report.tables:
        parsed = list(csv.reader(io.StringIO(table.to_csv())))
        assert parsed[0] == data["tables"][table.name]["columns"]
        expected = [
            [csv_cell(row[c]) for c in parsed[0]] for row in data["tables"][table.name]["rows"]
        ]
        assert parsed[1:] == expected


def test_unknown_report_and_table_are_clear_errors(catalogue) -> None:
    with pytest.raises(KeyError, match="coverage"):
        run_report("nope", catalogue.store)
    report = run_report("access", catalogue.store, ReportRequest(now=NOW))
    with pytest.raises(KeyError, match="criteria, by_province"):
        report.table("nope")


def test_freshness_filter_keeps_the_funds_sources(catalogue) -> None:
    request = ReportRequest(filters=OfferFilter.parse(fund="Cevora"), now=NOW)
    report = run_report("freshness", catalogue.store, request)
    assert [r["source"] for r in report.table("sources").rows] == ["cevora"]
    assert {r["source"] for r in report.table("runs").rows} == {"cevora"}


@pytest.mark.parametrize("name", list(REPORTS))
def test_a_shared_snapshot_gives_the_same_reports(catalogue, name: str) -> None:
    from reports.registry import CatalogueReader

    request = ReportRequest(
        filters=OfferFilter.parse(province="Oost-Vlaanderen"), now=NOW, vocabulary=VOCABULARY
    )
    snapshot = CatalogueReader(catalogue.store, keep=True)
    first = run_report(name, snapshot, request)
    assert first.to_dict() == run_report(name, catalogue.store, request).to_dict()
    assert run_report(name, snapshot, request).to_dict() == first.to_dict()


@pytest.mark.parametrize("name", list(REPORTS))
def test_an_empty_catalogue_gives_empty_tables_not_errors(store, name: str) -> None:
    report = run_report(name, store, ReportRequest(now=NOW, vocabulary=VOCABULARY))
    for table in report.tables:
        assert table.columns
        if name == "gaps":  # every listed occupation is still there, missing every skill
            assert all(r["offers"] == 0 for r in table.rows)
        elif name == "access":  # every criterion, with nothing to share
            assert all(r["share"] is None for r in table.rows)
        else:
            assert table.rows == []
