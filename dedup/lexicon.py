"""What the title rules know of words, taken from the competence taxonomy and built once per
process: the Dutch words of its labels (to tell whether the rest of a compound is a word:
'werk|vloer', 'wond|zorg') and the Flemish layer's synonym sets with their abbreviations
('GDPR' ~ 'AVG' ~ 'privacywetgeving', 'ADR' ~ 'vervoer van gevaarlijke goederen').

The taxonomy is the process-wide one (``taxonomy.load_taxonomy``: the bundled Flemish layer,
plus the imported ESCO store when there is one). When it cannot be loaded the layer alone is
used, and when that fails too the lexicon is empty: titles are then compared on their stems
and elided compounds only. Nothing here is loaded per offer.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from core.analysis import stem

if TYPE_CHECKING:
    from taxonomy.core import Taxonomy

log = logging.getLogger(__name__)

MAX_CACHED_TITLES = 100_000  # analysed titles remembered per process
CONCEPT_MIN = 0.8  # a title names a concept when the tagger scores it this high
SYNONYM_SCHEMES = ("flemish",)  # ESCO's many alternative labels are topics, not synonyms


@dataclass(frozen=True, slots=True)
class Lexicon:
    source: str  # "taxonomy", "flemish layer" or "none": what it was built from
    vocabulary: frozenset[str] = frozenset()  # Dutch label words and their stems
    # folded first word -> (the term's folded words, concept id, is an abbreviation), for the
    # synonym sets of concepts that have an abbreviation
    terms: dict[str, tuple[tuple[tuple[str, ...], str, bool], ...]] = field(default_factory=dict)
    # (title, language) -> its analysed terms (features.title_terms), filled as titles come
    titles: dict[tuple[str, str], tuple] = field(default_factory=dict, compare=False, repr=False)
    # the taxonomy's tagger (None without a taxonomy) and each concept's broader concepts
    tagger: Any = field(default=None, compare=False, repr=False)
    broader: dict[str, frozenset[str]] = field(default_factory=dict, compare=False, repr=False)
    labels: dict[str, dict[str, str]] = field(default_factory=dict, compare=False, repr=False)
    # skills and knowledge of the Flemish layer: what a course teaches (an occupation, a
    # sector or a group says who it is for, not which course it is)
    subjects: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    # (title, language) -> (its concepts, with their broader ones): features.title_concepts
    concepts: dict[tuple[str, str], tuple[frozenset[str], frozenset[str]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def title_concepts(self, title: str, lang: str) -> tuple[frozenset[str], frozenset[str]]:
        """The most specific concepts a title names (tagger score >= ``CONCEPT_MIN``), and
        those with their broader concepts ('TIG-lassen' names vl:lassen-tig, under vl:lassen):
        'MIG/MAG-lassen' and 'Elektrodelassen' name two concepts under one."""
        if self.tagger is None:
            return frozenset(), frozenset()
        found = frozenset(
            r.concept_id
            for r in self.tagger.tag(title, "", lang)
            if r.score >= CONCEPT_MIN and r.concept_id in self.subjects
        )
        broader = {b for concept in found for b in self.broader.get(concept, ())}
        # the most specific concepts named: 'lassen' under 'lassen-tig' is not counted apart
        specific = frozenset(found - broader)
        return specific, frozenset(specific | broader)

    def label(self, concept_id: str, lang: str = "nl") -> str:
        """A concept's preferred label in a language (Dutch, else its id)."""
        names = self.labels.get(concept_id, {})
        return names.get(lang) or names.get("nl") or concept_id

    def known(self, word: str) -> bool:
        """A word of the taxonomy's Dutch labels (as written or by its stem)."""
        return word in self.vocabulary or stem(word, "nl") in self.vocabulary


EMPTY = Lexicon("none")


def build_lexicon(taxonomy: Taxonomy, source: str) -> Lexicon:
    """The lexicon of one taxonomy: its compound-word list (taxonomy.synonyms) with stems, and
    the synonym sets of the Flemish layer, abbreviations marked."""
    from core.analysis import fold_words
    from dedup.features import TITLE_STOPWORDS
    from taxonomy.model import ConceptType, LabelKind
    from taxonomy.synonyms import compound_words, synonym_set

    words = compound_words(taxonomy)
    vocabulary = frozenset({*words, *(stem(w, "nl") for w in words)})
    terms: dict[str, list[tuple[tuple[str, ...], str, bool]]] = defaultdict(list)
    for concept in taxonomy:
        if concept.scheme not in SYNONYM_SCHEMES:
            continue
        abbreviations = {
            fold_words(text) for _, text, kind in concept.labels() if kind == LabelKind.ABBREVIATION
        }
        if not abbreviations:
            continue  # the synonym rule needs an abbreviation on one side
        for term in synonym_set(concept):
            key = tuple(w for w in fold_words(term).split() if w not in TITLE_STOPWORDS)
            if key:
                terms[key[0]].append((key, concept.id, fold_words(term) in abbreviations))
        for abbreviation in abbreviations:
            key = tuple(abbreviation.split())
            if key and (key, concept.id, True) not in terms[key[0]]:
                terms[key[0]].append((key, concept.id, True))
    broader = {
        c.id: frozenset(b for b in c.broader if b in taxonomy.concepts)
        for c in taxonomy
        if c.scheme in SYNONYM_SCHEMES and c.broader
    }
    return Lexicon(
        source,
        vocabulary,
        {k: tuple(v) for k, v in terms.items()},
        tagger=taxonomy.tagger,
        broader=broader,
        labels={c.id: dict(c.preferred) for c in taxonomy if c.scheme in SYNONYM_SCHEMES},
        subjects=frozenset(
            c.id
            for c in taxonomy
            if c.scheme in SYNONYM_SCHEMES and c.type in (ConceptType.SKILL, ConceptType.KNOWLEDGE)
        ),
    )


def _load() -> Lexicon:
    try:
        from taxonomy import load_taxonomy

        return build_lexicon(load_taxonomy(), "taxonomy")
    except Exception as exc:  # a broken store or setting must not stop deduplication
        log.warning("dedup: taxonomy not loaded (%s); using the bundled Flemish layer", exc)
    try:
        from taxonomy.core import Taxonomy
        from taxonomy.flemish import load_flemish

        return build_lexicon(Taxonomy(load_flemish()), "flemish layer")
    except Exception as exc:
        log.warning("dedup: Flemish layer not loaded (%s); titles compared without it", exc)
    return EMPTY


_LEXICON: Lexicon | None = None
_LOCK = threading.Lock()


def get_lexicon() -> Lexicon:
    """The process-wide lexicon, built on first use."""
    global _LEXICON
    if _LEXICON is None:
        with _LOCK:
            if _LEXICON is None:
                _LEXICON = _load()
    return _LEXICON


def clear_lexicon() -> None:
    """Forget the lexicon (after a taxonomy re-import, and in tests)."""
    global _LEXICON
    with _LOCK:
        _LEXICON = None
