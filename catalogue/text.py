"""Text cleaning in two steps, so that validating an offer again never changes it.

1. **Decoding, once, where markup enters.** :func:`html_to_text` reads an HTML fragment (a
   JSON-LD string that holds markup or entities): tags stripped, scripts and styles dropped,
   block elements turned into paragraph breaks, entities decoded. It is a decoder, not a
   cleaner: ``&amp;lt;`` becomes ``&lt;``, and decoding that again would change the text's
   meaning. Only crawlers call it, on raw input. Text that a parser has already decoded
   (parsel's ``::text``, microdata read by extruct) must not go through it again.
2. **Normalising plain text, in the model.** :func:`clean_line` and :func:`clean_paragraphs`
   take text that is already plain: they collapse whitespace (non-breaking spaces too), drop
   invisible and control characters and keep paragraph breaks where the field has them. They
   never decode entities or strip tags, so ``a < b & c`` and ``<p>`` written in plain text
   stay as they are. Both are fixed points, ``f(f(x)) == f(x)``: the store, the tagger and
   the index re-validate offers and get back exactly what was written.
"""

from __future__ import annotations

import html
import re
import warnings

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, NavigableString

_BLOCK_TAGS = ("p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr")
_DROPPED_TAGS = ["script", "style", "template", "noscript"]
_TAG_HINT = re.compile(r"<[a-zA-Z/!?]")
# Invisible characters that carry no text: C0/C1 controls that are not whitespace, soft
# hyphen, zero-width space, word joiner, byte-order mark, lone surrogates (from a JSON
# "\ud800" escape; they cannot be encoded as UTF-8).
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u00ad\u200b\u2060\ufeff\ud800-\udfff]"
)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")  # a blank line, whatever whitespace it holds
_LINE_BREAKS = re.compile(r"\r\n?")
_LAYOUT_WHITESPACE = re.compile(r"\s+")
_PREFORMATTED = ["pre", "textarea"]


def clean_line(value: str) -> str:
    """One line of plain text: invisible characters dropped, all whitespace (line breaks and
    non-breaking spaces too) collapsed to single spaces, ends trimmed."""
    return " ".join(_INVISIBLE.sub("", value).split())


def clean_paragraphs(value: str) -> str:
    """Plain text that keeps its paragraphs: a blank line separates paragraphs; inside one,
    single line breaks are layout and all whitespace collapses to single spaces. The result
    holds non-empty paragraphs joined by exactly one blank line."""
    text = _LINE_BREAKS.sub("\n", _INVISIBLE.sub("", value))
    paragraphs = (" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(text))
    return "\n\n".join(p for p in paragraphs if p)


def html_to_text(fragment: str) -> str:
    """The visible text of an HTML fragment as :func:`clean_paragraphs` text: entities
    decoded exactly once, scripts and styles dropped, ``<p>``, ``<br>``, ``<li>`` and other
    block elements separate paragraphs. A fragment without tags is text with entities: there
    a blank line separates paragraphs too (JSON-LD descriptions are often written so)."""
    if not _TAG_HINT.search(fragment):
        return clean_paragraphs(html.unescape(fragment))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(fragment, "lxml")
    for tag in soup(_DROPPED_TAGS):
        tag.decompose()
    for string in soup.find_all(string=_LAYOUT_WHITESPACE):
        # in markup, line breaks are layout (comments and CDATA are not text: left alone)
        if type(string) is NavigableString and string.find_parent(_PREFORMATTED) is None:
            string.replace_with(_LAYOUT_WHITESPACE.sub(" ", string))
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    return clean_paragraphs(soup.get_text(""))
