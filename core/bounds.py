"""Bounds every date and number parameter keeps, stated once for the models and their schemas.

A date parameter is a day from 1900-01-01 to 2199-12-31 (the engines store dates in a bounded
range, tantivy 1677-2262; the reports count periods up to it). The JSON schema says so with a
``pattern`` next to ``format: date``, so the OpenAPI document and the validation agree.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field, WithJsonSchema

EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)
DATE_PATTERN = r"^(19|20|21)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"

BoundedDate = Annotated[
    date,
    Field(ge=EARLIEST_DATE, le=LATEST_DATE),
    WithJsonSchema(
        {
            "type": "string",
            "format": "date",
            "pattern": DATE_PATTERN,
            "description": f"a day from {EARLIEST_DATE} to {LATEST_DATE}",
        }
    ),
]
