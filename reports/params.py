"""The query parameters of the reports API and dashboard, as one pydantic model (→ OpenAPI)."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from catalogue.model import Province
from core.bounds import BoundedDate
from reports.demand import DEFAULT_DAYS
from reports.filters import OfferFilter
from reports.registry import REPORTS, ReportRequest
from reports.vocabulary import Vocabulary


class ReportParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: Literal["json", "csv"] = Field(
        default="json", description="json: every table; csv: one table (see `table`)"
    )
    table: str | None = Field(
        default=None,
        pattern=r"^[a-z_]{1,40}$",
        description="the table to download as CSV; default the report's first",
    )
    fund: str | None = Field(
        default=None,
        min_length=1,
        max_length=100,
        description="only offers this sector fund pays for (funding option's fund, e.g. Cevora)",
    )
    province: Province | None = Field(
        default=None,
        description="only offers with a session in this province, e.g. Oost-Vlaanderen",
    )
    period: Literal["day", "week", "month"] | None = Field(
        default=None, description="freshness (default day) and trends (default week)"
    )
    granularity: Literal["province", "municipality"] = Field(
        default="province", description="coverage: places by province or by municipality"
    )
    few: int = Field(default=3, ge=1, le=1000, description="gaps: fewer offers makes a skill thin")
    days: int = Field(
        default=DEFAULT_DAYS, ge=1, le=366, description="demand: the days up to as_of (or today)"
    )
    as_of: BoundedDate | None = Field(
        default=None, description="compute as on this day (UTC midnight); default now"
    )
    lang: Literal["nl", "fr", "en"] | None = Field(
        default=None, description="dashboard language (pages only)"
    )

    def filters(self) -> OfferFilter:
        return OfferFilter(fund=self.fund, province=self.province)

    def request(self, vocabulary: Vocabulary) -> ReportRequest:
        report_request = ReportRequest(
            filters=self.filters(),
            period=self.period,
            granularity=self.granularity,
            few=self.few,
            vocabulary=vocabulary,
            days=self.days,
        )
        if self.as_of is not None:
            report_request.now = datetime.combine(self.as_of, time(), UTC)
        return report_request

    def cache_key(self) -> tuple:
        return tuple(self.model_dump(exclude={"format", "table", "lang"}).items())


def _with_tables(name: str, tables: tuple[str, ...]) -> type[ReportParams]:
    """``ReportParams`` whose ``table`` names exactly the tables of report ``name``."""
    model = create_model(
        f"{name.capitalize()}ReportParams",
        __base__=ReportParams,
        # a Literal of the report's own table names, built at run time: no static type exists
        table=(  # type: ignore[arg-type]
            Literal[tables] | None,
            Field(default=None, description="the table to download as CSV; default the first"),
        ),
    )
    return model


# report name -> its parameter model (the API checks ``table`` against the report's tables)
PARAMS: dict[str, type[ReportParams]] = {
    name: _with_tables(name, spec.tables) for name, spec in REPORTS.items()
}
