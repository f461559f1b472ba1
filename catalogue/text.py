"""Cleaning of text that comes from crawled HTML: tags stripped, entities decoded,
whitespace normalised. Paragraph breaks survive in multi-line text."""

from __future__ import annotations

import html
import re
import warnings

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

_BLOCK_TAGS = ("p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr")
_SPACES = re.compile(r"[ \t\f\v\u00a0\u200b]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_TAG_HINT = re.compile(r"<[a-zA-Z/!]")


def strip_html(value: str) -> str:
    """Return the visible text of an HTML fragment; scripts and styles are dropped."""
    if not _TAG_HINT.search(value):
        return html.unescape(value)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(value, "lxml")
    for tag in soup(["script", "style", "template", "noscript"]):
        tag.decompose()
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    return soup.get_text("")


def clean_line(value: str) -> str:
    """One line of plain text: HTML stripped and all whitespace collapsed to single spaces."""
    return " ".join(strip_html(value).split())


def clean_paragraphs(value: str) -> str:
    """Plain text that keeps paragraph breaks: lines trimmed, runs of blank lines collapsed."""
    text = strip_html(value).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = _BLANK_LINES.sub("\n\n", text)
    # single newlines inside a paragraph are layout, not meaning
    paragraphs = [" ".join(p.split("\n")) for p in text.strip().split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)
