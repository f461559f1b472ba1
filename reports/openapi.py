"""The reports endpoints in the API's OpenAPI document (``web.api.ENDPOINTS``)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from reports.params import REPORT_NAME, ReportParams
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


REPORT_ENDPOINTS = [
    Endpoint("/reports", "reports", "The coordinator reports", NoReportParams, ReportList),
    Endpoint(
        "/reports/{name}",
        "report",
        "One coordinator report: every table as JSON, or one table as CSV",
        ReportParams,
        None,
        (400, 404),
        path_params={"name": REPORT_NAME},
        media_types=("application/json", "text/csv"),
    ),
]
