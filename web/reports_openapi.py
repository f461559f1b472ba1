"""The reports endpoints in the API's OpenAPI document (``web.api.ENDPOINTS``)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from reports.params import PARAMS
from reports.registry import REPORTS
from web.openapi import Endpoint


class NoReportParams(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReportInfo(BaseModel):
    name: str
    title: dict[str, str]
    url: str
    tables: list[str]


class ReportList(BaseModel):
    reports: list[ReportInfo]


Cell = str | int | float | None


class ReportTable(BaseModel):
    title: dict[str, str]
    columns: list[str]
    rows: list[dict[str, Cell]]


class ReportResponse(BaseModel):
    """A report as JSON (``reports.table.Report.to_dict``); ``?format=csv`` gives one table."""

    report: str
    title: dict[str, str]
    parameters: dict[str, Cell | list[str]]
    notes: list[str]
    tables: dict[str, ReportTable]


REPORT_ENDPOINTS = [
    Endpoint("/reports", "reports", "The coordinator reports", NoReportParams, ReportList),
    *(
        Endpoint(
            f"/reports/{name}",
            f"report_{name}",
            f"{spec.title['en']}: every table as JSON, or one table as CSV (?format=csv&table=…)",
            PARAMS[name],
            ReportResponse,
            (400,),
            media_types=("application/json", "text/csv"),
        )
        for name, spec in REPORTS.items()
    ),
]
