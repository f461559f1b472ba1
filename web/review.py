"""The coordinators' review of uncertain duplicate links, on the dashboard:
``/rapporten/dubbels/`` lists the pairs the matcher is unsure about (both listings side by
side, and why they may be one course run); a coordinator confirms or refuses each link
(``POST /rapporten/dubbels/beslissing``). The decision is stored and the clusters around the
pair are recomputed at once (``dedup.review.decide``); every later recompute respects it.

A decision changes data, so it is accepted from the site's own pages only: a POST whose
``Origin`` (or, without it, ``Referer``) is another site is refused (403). Nothing about the
coordinator is stored.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, abort, redirect, render_template, request, url_for
from flask_babel import get_locale
from werkzeug.wrappers import Response

from dedup.review import ReviewError, decide, recent_decisions, review_list
from web.services import services

PAGE_SIZE = 25
bp = Blueprint("review_pages", __name__, url_prefix="/rapporten/dubbels")


def register(app: Flask) -> None:
    app.register_blueprint(bp)


def _lang() -> str:
    locale = get_locale()
    return locale.language if locale and locale.language in ("nl", "fr", "en") else "nl"


def _same_site() -> bool:
    sent = request.headers.get("Origin") or request.headers.get("Referer")
    if not sent or sent == "null":
        return False
    return urlsplit(sent).netloc == request.host


@bp.get("/")
def review_page() -> str:
    try:
        offset = max(0, int(request.args.get("offset", "0")))
    except ValueError:
        offset = 0
    store = services().store
    lang = _lang()
    return render_template(
        "review/list.html",
        items=review_list(store, PAGE_SIZE, offset, lang),
        decided=recent_decisions(store, 10, lang),
        counts=store.review_counts(),
        offset=offset,
        page_size=PAGE_SIZE,
        done=request.args.get("done", ""),
        lang=lang,
    )


@bp.post("/beslissing")
def review_decision() -> Response:
    if not _same_site():
        abort(403)
    form = request.form
    a, b, decision = form.get("a", ""), form.get("b", ""), form.get("decision", "")
    try:
        decide(services().store, a, b, decision)
    except ReviewError:
        abort(400)
    lang = request.args.get("lang") or form.get("lang") or None
    target = url_for("review_pages.review_page", done=decision, lang=lang)
    return redirect(target, code=303)
