"""The OpenAPI 3.1 document, built from the pydantic models (``models_json_schema``), not YAML.

Each endpoint names its parameter model (every field becomes a query parameter; list fields
are repeated parameters, ``style: form, explode: true``) and its response model. OpenAPI 3.1
uses JSON Schema 2020-12, so pydantic's schemas go into ``components/schemas`` unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from web.params import clean_param_schema
from web.schemas import ApiError

REF = "#/components/schemas/{model}"
ERROR_TEXT = {
    400: "Invalid parameters: `fields` names each one with its messages",
    404: "Not found",
    405: "Method not allowed (read endpoints answer GET, HEAD and OPTIONS)",
    429: "Too many requests from this client; retry after `Retry-After` seconds",
    503: "The search engine (or taxonomy) is down or slow; retry after `Retry-After` seconds",
}
RETRY_AFTER = {
    "Retry-After": {"description": "seconds to wait", "schema": {"type": "string"}},
}


@dataclass(frozen=True)
class Endpoint:
    path: str  # relative to /api/v1, OpenAPI style: /offers/{offer_id}
    operation_id: str
    summary: str
    params: type[BaseModel]
    response: type[BaseModel] | None  # None: a streamed non-JSON body (see media_types)
    errors: tuple[int, ...] = ()
    path_params: dict[str, str] = field(default_factory=dict)  # name -> regex
    media_types: tuple[str, ...] = ("application/json",)
    # rules that span parameters, which JSON Schema cannot state: a request valid per the
    # schema may still be a 400 for these (and only these) reasons; each is part of the
    # message the 400's ``fields`` give (``x-cross-parameter-rules`` in the document)
    rules: tuple[str, ...] = ()


def build_spec(endpoints: list[Endpoint]) -> dict[str, Any]:
    models: list[tuple[type[BaseModel], Any]] = [(ApiError, "serialization")]
    for ep in endpoints:
        models.append((ep.params, "validation"))
        if ep.response is not None:
            models.append((ep.response, "serialization"))
    keys, top = models_json_schema(models, ref_template=REF)
    components = top.get("$defs", {})

    paths: dict[str, Any] = {}
    for ep in endpoints:
        param_schema = components[_name(keys[(ep.params, "validation")])]
        paths["/api/v1" + ep.path] = {
            "get": _operation(ep, param_schema, keys),
        }
    # parameter models are inlined as parameters; they are not bodies anyone receives
    for ep in endpoints:
        components.pop(_name(keys[(ep.params, "validation")]), None)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Leeraanbod API",
            "version": "1.0.0",
            "description": (
                "Every adult-learning and continuing-training offer in Flanders, searchable. "
                "Labels follow Accept-Language (nl, fr, en; Dutch by default). "
                "Open data: /api/v1/export."
            ),
            "license": {"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {"schemas": components},
    }


def _name(ref: dict[str, Any]) -> str:
    return ref["$ref"].rsplit("/", 1)[1]


def _operation(ep: Endpoint, param_schema: dict[str, Any], keys: Any) -> dict[str, Any]:
    parameters: list[dict[str, Any]] = [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": {"type": "string", "pattern": pattern},
        }
        for name, pattern in ep.path_params.items()
    ]
    required = set(param_schema.get("required", []))
    for name, schema in param_schema.get("properties", {}).items():
        schema = clean_param_schema(schema)
        description = schema.pop("description", None)
        schema.pop("title", None)
        param: dict[str, Any] = {
            "name": name,
            "in": "query",
            "required": name in required,
            "schema": schema,
        }
        if description:
            param["description"] = description
        if schema.get("type") == "array":
            param["style"] = "form"
            param["explode"] = True
        parameters.append(param)

    if ep.response is not None:
        ok_content = {"application/json": {"schema": keys[(ep.response, "serialization")]}}
        # other formats of the same resource (e.g. a report's CSV) are plain text
        ok_content |= {
            m: {"schema": {"type": "string"}} for m in ep.media_types if m not in ok_content
        }
    else:
        ok_content = {media: {"schema": {"type": "string"}} for media in ep.media_types}
    responses: dict[str, Any] = {"200": {"description": "OK", "content": ok_content}}
    for status in sorted({*ep.errors, 405, 429}):
        responses[str(status)] = {
            "description": ERROR_TEXT[status],
            "content": {"application/json": {"schema": {"$ref": REF.format(model="ApiError")}}},
        }
        if status in (429, 503):
            responses[str(status)]["headers"] = RETRY_AFTER
    if ep.operation_id == "health":  # health answers 503 with its own body
        responses["503"]["content"] = ok_content
    operation: dict[str, Any] = {
        "operationId": ep.operation_id,
        "summary": ep.summary,
        "parameters": parameters,
        "responses": responses,
    }
    if ep.rules:
        operation["description"] = "Also a 400, for rules across parameters: " + "; ".join(ep.rules)
        operation["x-cross-parameter-rules"] = list(ep.rules)
    return operation
