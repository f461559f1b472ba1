"""Highlight fragments made safe: every character of crawled text escaped, only ``<mark>`` kept.

The engines escape crawled text themselves; this is the second line of defence, applied to
whatever an engine returns, so that a crawled ``<img src=x onerror=alert(1)>`` renders inert.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup, escape

_MARK = re.compile(r"(</?mark>)", re.IGNORECASE)


def safe_fragment(fragment: str) -> str:
    """Escape a fragment so that the only tags left are balanced ``<mark>`` and ``</mark>``."""
    out: list[str] = []
    open_marks = 0
    for part in _MARK.split(fragment):
        lower = part.lower()
        if lower == "<mark>":
            if open_marks == 0:
                out.append("<mark>")
                open_marks = 1
        elif lower == "</mark>":
            if open_marks == 1:
                out.append("</mark>")
                open_marks = 0
        else:
            # undo the engine's own escaping (if any) and escape once, so text never
            # shows as &amp;lt; and nothing but text survives
            out.append(str(escape(html.unescape(part))))
    if open_marks:
        out.append("</mark>")
    return "".join(out)


def safe_highlights(highlights: dict[str, list[str]]) -> dict[str, list[str]]:
    return {field: [safe_fragment(f) for f in fragments] for field, fragments in highlights.items()}


def as_markup(fragment: str) -> Markup:
    """For templates: a fragment that went through ``safe_fragment``."""
    return Markup(safe_fragment(fragment))  # noqa: S704 - escaped above, only <mark> kept
