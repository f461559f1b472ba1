"""Language choice: ``?lang=`` on pages, then ``Accept-Language``; Dutch when nothing matches.

No cookie is set: the chosen language travels in the links (``lang=``) of the pages.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, g, request
from flask_babel import Babel, get_translations

from core.analysis import LANGUAGES

DEFAULT_LANGUAGE = "nl"
TRANSLATIONS = Path(__file__).parent / "translations"


def select_language() -> str:
    if not request.path.startswith("/api/"):
        asked = request.args.get("lang", "")
        if asked in LANGUAGES:
            return asked
    return request.accept_languages.best_match(LANGUAGES, default=DEFAULT_LANGUAGE) or "nl"


def init_i18n(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    Babel(app, locale_selector=select_language)
    # the templates' gettext with the request's catalogue looked up once: Flask-Babel's
    # resolves the locale, its identifier and the catalogue on each of a page's ~200 strings
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]  # the i18n extension adds it
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
    )

    @app.after_request
    def _content_language(response: Response) -> Response:
        if response.mimetype in ("application/json", "text/html"):
            response.headers.setdefault("Content-Language", select_language())
            response.vary.add("Accept-Language")
        return response


def _translations():
    """This request's catalogue (Flask-Babel's ``get_translations``), kept on ``g``."""
    found = g.get("_leeraanbod_translations")
    if found is None:
        found = g._leeraanbod_translations = get_translations()
    return found
