"""Query-string parameters → pydantic models, with per-field messages on error.

A list field is given as a repeated parameter (``languages=nl&languages=fr``); a scalar given
twice, an unknown parameter or a value the model rejects is a 400 naming the parameter.
"""

from __future__ import annotations

import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from werkzeug.datastructures import MultiDict

from index.query import MAX_QUERY_LENGTH

M = TypeVar("M", bound=BaseModel)
ROOT = "query"  # the key for errors that concern several parameters at once


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
    format: typing.Literal["jsonl", "csv"] = Field(default="jsonl")
    source: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_-]{1,39}$")


class NoParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
