"""The Flask JSON API and the server-rendered search pages.

``create_app(test_config)`` builds the app (Flask tutorial style): settings from
``LEERAANBOD_*`` environment variables (``core.settings``), the ``api`` blueprint under
``/api/v1`` and the ``pages`` blueprint, the store and the search engine opened lazily and
shared by the process.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from core.settings import Settings, get_settings

__all__ = ["create_app"]


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """``test_config`` may hold Flask settings and ``SETTINGS`` (a ``Settings``) or
    ``SERVICES`` (a ``web.services.Services``) to use instead of the environment's."""
    from web import api, errors, i18n, pages, security
    from web.demand import init_demand
    from web.reports import register as register_reports
    from web.review import register as register_review
    from web.services import EXTENSION, Services

    app = Flask(__name__)
    app.config.update(JSON_SORT_KEYS=False, MAX_CONTENT_LENGTH=16 * 1024)
    if test_config:
        app.config.update(test_config)
    settings: Settings = app.config.get("SETTINGS") or get_settings()
    app.extensions[EXTENSION] = app.config.get("SERVICES") or Services(settings)

    i18n.init_i18n(app)
    security.init_security(app, settings)
    errors.init_errors(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(pages.bp)
    pages.init_template_helpers(app)
    register_reports(app)  # /api/v1/reports and the dashboard /rapporten/
    register_review(app)  # the duplicate links to review, /rapporten/dubbels/
    init_demand(app, settings)  # counts text searches (web.demand.note_search)
    from web.metrics import init_metrics

    init_metrics(app, app.extensions[EXTENSION])  # GET /metrics (Prometheus)
    return app
