"""Errors: JSON on the API (``ApiError``), a page on the site; never a stack trace."""

from __future__ import annotations

import logging

from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from index.base import SearchUnavailable
from web.params import ParamError
from web.schemas import ApiError
from web.services import services

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
        retry = str(services().settings.web_retry_after)
        if wants_json():
            response = _api_error(503, "search_unavailable", str(exc))
        else:
            response = Response(render_template("error.html", status=503), status=503)
        response.headers["Retry-After"] = retry
        return response

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        status = exc.code or 500
        if wants_json():
            code = (exc.name or "error").lower().replace(" ", "_")
            response = _api_error(status, code, exc.description or exc.name)
        else:
            response = Response(render_template("error.html", status=status), status=status)
        # keep the headers werkzeug and Flask-Limiter put on the error (Allow, Retry-After)
        for name, value in exc.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        if status == 429 and "Retry-After" not in response.headers:
            response.headers["Retry-After"] = "60"
        if status == 503 and "Retry-After" not in response.headers:
            response.headers["Retry-After"] = str(services().settings.web_retry_after)
        return response

    @app.errorhandler(Exception)
    def _crash(exc: Exception):
        log.exception("unhandled error on %s", request.path)
        if wants_json():
            return _api_error(500, "internal_error", "internal error; it has been logged")
        return render_template("error.html", status=500), 500

    _ = InternalServerError
