"""Query-string parameters → pydantic models, with per-field messages on error.

A list field is given as a repeated parameter (``languages=nl&languages=fr``); a scalar given
twice, an unknown parameter or a value the model rejects is a 400 naming the parameter.
"""

from __future__ import annotations

import re
import types
import typing
from functools import cache
from typing import Annotated, Any, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    WithJsonSchema,
)
from pydantic.json_schema import SkipJsonSchema
from werkzeug.datastructures import MultiDict

from catalogue.model import CompanySize, WorkerStatus
from funding.committees import check_committee, committees
from funding.profile import EducationLevel
from index.search_query import MAX_QUERY_LENGTH, SearchQuery

M = TypeVar("M", bound=BaseModel)
# a paritair comité number that is on the official list (``funding.committees``)
KnownCommittee = Annotated[
    str,
    AfterValidator(check_committee),
    WithJsonSchema({"type": "string", "enum": list(committees())}),
]
ROOT = "query"  # the key for errors that concern several parameters at once


_KIND_PATTERNS = {
    "boolean": re.compile(r"^(true|false)$"),
    # JSON Schema counts 2.0 as an integer, so the document allows it; its value is 2
    "integer": re.compile(r"^-?\d{1,18}(\.0{1,10})?$"),
    # a JSON number as the OpenAPI document types it (also 5e-324 or 1E3); "inf", "NaN" and
    # hex are not numbers; the models' bounds then apply
    "number": re.compile(r"^-?(\d{1,20}(\.\d{0,20})?|\.\d{1,20})([eE][+-]?\d{1,3})?$"),
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
}
_KIND_MESSAGES = {
    "boolean": "expected true or false",
    "integer": "expected a whole number",
    "number": "expected a number such as 12.5",
    "date": "expected a date as YYYY-MM-DD",
}


def clean_param_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A parameter's JSON schema as the query string sees it: pydantic's Decimal alternative
    ``{"type": "string"}`` next to a number is dropped (a query value is text either way)."""
    schema = dict(schema)
    alternatives = schema.get("anyOf")
    if alternatives and any(a.get("type") == "number" for a in alternatives):
        schema["anyOf"] = [a for a in alternatives if a.get("type") != "string"]
    return schema


def param_kind(schema: dict[str, Any]) -> str | None:
    """boolean | integer | number | date for scalar (or list-of-scalar) parameters."""
    if schema.get("type") == "array":
        schema = schema.get("items", {})
    candidates = [schema, *schema.get("anyOf", [])]
    for candidate in candidates:
        if candidate.get("format") == "date":
            return "date"
        if candidate.get("type") in ("boolean", "integer", "number"):
            return candidate["type"]
    return None


@cache
def _kinds(model: type[BaseModel]) -> dict[str, str | None]:
    properties = model.model_json_schema().get("properties", {})
    return {name: param_kind(clean_param_schema(p)) for name, p in properties.items()}


class ParamError(ValueError):
    def __init__(self, fields: dict[str, list[str]]) -> None:
        self.fields = fields
        names = ", ".join(sorted(fields))
        super().__init__(f"invalid parameters: {names}")


def is_list_field(model: type[BaseModel], name: str) -> bool:
    annotation = model.model_fields[name].annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation = args[0] if len(args) == 1 else annotation
    return typing.get_origin(annotation) is list


def parse_args(model: type[M], args: MultiDict[str, str], ignore: set[str] | None = None) -> M:
    ignore = ignore or set()
    errors: dict[str, list[str]] = {}
    data: dict[str, Any] = {}
    for key in args:
        if key in ignore:
            continue
        if key not in model.model_fields:
            errors.setdefault(key, []).append("unknown parameter")
            continue
        values = args.getlist(key)
        if not values:
            continue
        if is_list_field(model, key):
            data[key] = values
        elif len(values) > 1:
            errors.setdefault(key, []).append("give this parameter at most once")
        else:
            data[key] = values[0]
    kinds = _kinds(model)
    for key, value in data.items():
        kind = kinds.get(key)
        pattern = _KIND_PATTERNS.get(kind or "")
        given = value if isinstance(value, list) else [value]
        if pattern is not None and not all(pattern.match(v) for v in given):
            # strict, as the OpenAPI document says: no "yes", "inf" or Unix times
            errors.setdefault(key, []).append(_KIND_MESSAGES[kind or ""])
    if errors:
        raise ParamError(errors)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ParamError(validation_messages(exc)) from None


def validation_messages(exc: ValidationError) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in exc.errors(include_url=False, include_input=False):
        loc = [str(p) for p in error["loc"]]
        key = loc[0] if loc else ROOT
        message = error["msg"].removeprefix("Value error, ")
        if len(loc) > 1:  # a list item: name its position
            message = f"item {loc[1]}: {message}"
        fields.setdefault(key, []).append(message)
    return fields


class SuggestParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    q: str = Field(min_length=1, max_length=MAX_QUERY_LENGTH, description="what the user typed")
    limit: int = Field(default=8, ge=1, le=20)


class ConceptParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    q: str = Field(min_length=1, max_length=MAX_QUERY_LENGTH, description="concept label text")
    limit: int = Field(default=10, ge=1, le=50)


class ExportParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    format: typing.Literal["jsonl", "csv", "elm"] = Field(
        default="jsonl",
        description="jsonl | csv | elm (Europass ELM v3 learning opportunities, QDR LOQ XML)",
    )
    source: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_-]{1,39}$")


class OfferParams(BaseModel):
    """Who is asking, for "what does it cost me" (all optional; ``status`` turns it on)."""

    model_config = ConfigDict(extra="forbid")
    status: WorkerStatus | None = Field(
        default=None, description="employee | job_seeker | self_employed | employer"
    )
    joint_committee: KnownCommittee | None = Field(
        default=None,
        description="paritair comité on the FOD WASO list, e.g. 200 (unknown numbers: 400)",
    )
    education_level: EducationLevel | None = Field(
        default=None, description="low | medium | high (highest diploma)"
    )
    company_size: CompanySize | None = None
    staff_count: int | None = Field(default=None, ge=0, le=1_000_000)
    private_sector: bool = True


class NoParams(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SearchParams(SearchQuery, OfferParams):
    """``/search``: the query, and optionally who is asking (``status``, ``joint_committee``
    …), for ``free_for_me=true`` (free for this profile) and ``sort=my_cost``. The funding
    rules behind "free for me" come from the profile, never from the client."""

    free_for_rules: SkipJsonSchema[list[str]] = Field(default_factory=list, max_length=0)
    free_for_me: bool = Field(
        default=False,
        description="only offers free for the profile given by status, joint_committee … "
        "(needs that profile: 400 without status)",
    )

    def search_query(self) -> SearchQuery:
        return SearchQuery.model_validate(
            self.model_dump(include=set(SearchQuery.model_fields) - {"free_for_rules"})
        )

    def profile_params(self) -> OfferParams:
        return OfferParams.model_validate(self.model_dump(include=set(OfferParams.model_fields)))


SME_PER_AREA = 100  # courses per area in one SME answer (a large committee has thousands)
SME_MAX_PER_AREA = 1000


class SmeParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    joint_committee: KnownCommittee = Field(
        description="the employer's paritair comité on the FOD WASO list, e.g. 124",
    )
    company_size: CompanySize | None = Field(
        default=None, description="small | medium | large (for the KMO-portefeuille)"
    )
    area: str | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description='only this competence area (its `area` key: "isced:07", "concept:<id>", '
        '"overig"), to page through it',
    )
    per_area: int = Field(
        default=SME_PER_AREA,
        ge=1,
        le=SME_MAX_PER_AREA,
        description="courses per area in one answer; each area's `total` says how many it has",
    )
    page: int = Field(
        default=1, ge=1, le=10_000, description="which `per_area` courses of each area (from 1)"
    )
