"""Errors: JSON on the API (``ApiError``), a page on the site; never a stack trace."""

from __future__ import annotations

import logging

from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from index.base import SearchUnavailable
from web.params import ParamError
from web.schemas import ApiError

log = logging.getLogger(__name__)


def wants_json() -> bool:
    return request.path.startswith("/api/")


def _api_error(status: int, code: str, message: str, fields=None) -> Response:
    body = ApiError(error=code, message=message, fields=fields)
    return Response(
        body.model_dump_json(exclude_none=True), status=status, mimetype="application/json"
    )


def init_errors(app: Flask) -> None:
    @app.errorhandler(ParamError)
    def _invalid(exc: ParamError):
        if wants_json():
            return _api_error(400, "invalid_parameters", str(exc), exc.fields)
        return render_template("error.html", status=400, fields=exc.fields), 400

    @app.errorhandler(SearchUnavailable)
    def _unavailable(exc: SearchUnavailable):
        # Retry-After: web.security sets it on every 503 (the configured value)
        if wants_json():
            return _api_error(503, "search_unavailable", str(exc))
        return Response(render_template("error.html", status=503), status=503)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        status = exc.code or 500
        if wants_json():
            code = (exc.name or "error").lower().replace(" ", "_")
            response = _api_error(status, code, exc.description or exc.name)
        else:
            response = Response(render_template("error.html", status=status), status=status)
        # keep the headers werkzeug puts on the error (Allow); Retry-After is web.security's
        for name, value in exc.get_headers():
            if name.lower() not in ("content-type", "retry-after"):
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def _crash(exc: Exception):
        log.exception("unhandled error on %s", request.path)
        if wants_json():
            return _api_error(500, "internal_error", "internal error; it has been logged")
        return render_template("error.html", status=500), 500

    _ = InternalServerError
