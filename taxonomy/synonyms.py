"""Synonym sets and the compound-word list for the search index, generated from the taxonomy.

``synonym_lines`` gives Solr/OpenSearch ``synonym_graph`` lines ('vca, veiligheid gezondheid
milieu checklist aannemers, …'): all labels of one concept in one language form one
equivalence set. ``compound_words`` gives the word list for a dictionary decompounder
(OpenSearch ``dictionary_decompounder`` / ``hyphenation_decompounder``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from core.analysis import TRAINING_WORDS, words
from taxonomy.core import Taxonomy
from taxonomy.model import Concept

MAX_TERMS = 24  # a synonym set larger than this mostly adds noise
_UNSAFE = re.compile(r"[,=>#\\]")


def _term(label: str) -> str:
    """A label as a synonym term: folded, punctuation that the format uses removed."""
    return " ".join(w for w, _, _ in words(_UNSAFE.sub(" ", label)))


def synonym_set(concept: Concept, lang: str | None = None) -> list[str]:
    """The distinct terms of a concept (in ``lang``, plus abbreviations; or all languages)."""
    terms: list[str] = []
    for label_lang, text, _kind in concept.labels():
        if lang is not None and label_lang not in (lang, ""):
            continue
        term = _term(text)
        if term and term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


def synonym_lines(
    taxonomy: Taxonomy,
    lang: str | None = None,
    schemes: Iterable[str] = ("flemish",),
) -> list[str]:
    """One line per concept with at least two terms. By default only the curated Flemish
    layer: ESCO's many alternative labels would make the index expand far too eagerly.
    With ``lang`` None, the labels of all languages share one set, so 'lassen' and
    'soudage' and 'welding' find each other."""
    wanted = set(schemes)
    lines = []
    for concept in sorted(taxonomy, key=lambda c: c.id):
        if concept.scheme not in wanted:
            continue
        terms = synonym_set(concept, lang)
        if len(terms) >= 2:
            lines.append(", ".join(terms))
    return lines


def synonym_sets(
    taxonomy: Taxonomy, lang: str | None = None, schemes: Iterable[str] = ("flemish",)
) -> list[list[str]]:
    """The same sets as ``synonym_lines`` as lists, for engines without a synonym filter
    (expand the query with the set of each term the query contains)."""
    return [line.split(", ") for line in synonym_lines(taxonomy, lang, schemes)]


def compound_words(
    taxonomy: Taxonomy, min_length: int = 3, imported_min_length: int = 5
) -> list[str]:
    """Dutch words from the labels, for decompounding 'heftruckopleiding' into
    'heftruck' + 'opleiding' at index and query time. As in the tagger's decompounder,
    short words come only from the curated Flemish layer ('las'); imported labels add
    words of at least ``imported_min_length`` letters, so 'werkgevers' is not cut up."""
    vocabulary: set[str] = set(TRAINING_WORDS)
    for concept in taxonomy:
        shortest = min_length if concept.scheme == "flemish" else imported_min_length
        for lang, text, _kind in concept.labels():
            if lang not in ("nl", ""):
                continue
            vocabulary.update(w for w, _, _ in words(text) if len(w) >= shortest)
    return sorted(w for w in vocabulary if w.isalpha())


__all__ = ["compound_words", "synonym_lines", "synonym_set", "synonym_sets"]
