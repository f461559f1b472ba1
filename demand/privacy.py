"""Which search texts may be counted, and in which form.

A query is dropped (counted only as "dropped, reason") when it looks like it could say who is
searching or carry someone's details:

- ``email``: any ``@``;
- ``url``: a scheme, ``www.`` or a domain-like word (``x.be``, ``x.com`` …);
- ``number``: four or more digits in a row, or six or more digits in all: phone numbers,
  national register numbers (``85.07.30-033.61``), IBANs, but also a postcode typed with a name
  (the search has its own postcode field) and codes like "ISO 9001" — the safe side;
- ``too_long``: more than ``MAX_QUERY_CHARS`` characters (pasted text, not a search).

A kept query is stored folded as the search engine folds it (``index.vocabulary.fold``:
lowercase, accents removed, punctuation to spaces, whitespace collapsed), so that "Lassen",
"lassen " and "lássen" are one query.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.analysis import fold_words
from index.plan import clean_text

MAX_QUERY_CHARS = 100
MAX_DIGIT_RUN = 3  # four digits in a row are dropped
MAX_DIGITS = 5  # six digits in all are dropped

_EMAIL = re.compile(r"@")
_URL = re.compile(
    r"[a-z][a-z0-9+.-]*://|\bwww\.|\b[\w-]+\.(?:be|com|eu|org|net|nl|fr|de|lu|uk|io|info|biz)\b",
    re.IGNORECASE,
)
_DIGIT_RUN = re.compile(rf"\d{{{MAX_DIGIT_RUN + 1},}}")
_DIGIT = re.compile(r"\d")
_SIGNS = re.compile(r"[^\w\s]+")

DROP_REASONS = ("email", "url", "number", "too_long")


@dataclass(frozen=True)
class Normalised:
    """A query as counted (``text``), or the reason it is not (``dropped``)."""

    text: str | None
    dropped: str | None = None


def normalise_query(raw: str) -> Normalised:
    """The folded query to count, or why it is dropped; an empty text is neither."""
    text = clean_text(raw)
    if not text:
        return Normalised(None)
    if len(text) > MAX_QUERY_CHARS:
        return Normalised(None, "too_long")
    if _EMAIL.search(text):
        return Normalised(None, "email")
    if _URL.search(text):
        return Normalised(None, "url")
    folded = fold_words(text)
    # also without the signs between digits: '12€34' or '12.34' is the number 1234
    squeezed = _SIGNS.sub("", text)
    if any(_DIGIT_RUN.search(t) or len(_DIGIT.findall(t)) > MAX_DIGITS for t in (text, squeezed)):
        return Normalised(None, "number")
    return Normalised(folded or None)
