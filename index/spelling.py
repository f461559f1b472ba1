"""Typos only when needed, and said: a word of the query that finds nothing by itself (and
has no synonym or concept) is corrected to the nearest word that does find something, and the
plan records the correction so that the page can say "Resultaten voor *heftruck*". A word that
finds something is never corrected ('lassen' stays 'lassen', not 'lessen' or 'gassen'); short
words never are (``typo_distance``). Only when no correction finds anything does the word
become fuzzy in the engine (its last resort, still only that word).

Candidates are the words the search knows: the Dutch lexicon (``index.query_words``), the
taxonomy's label words and the curated synonyms, within the word's edit distance
(Damerau-Levenshtein: 'heftrcuk' is one transposition from 'heftruck'), nearest and most
frequent first; the engine counts each until one finds something.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein, Indel, Levenshtein

from index.plan import (
    QUERY_STOP_WORDS,
    TextPlan,
    Unit,
    query_language,
    typo_distance,
    unit_for,
)
from index.query_words import curated_synonyms, lexicon, lexicon_ranks
from index.vocabulary import Vocabulary

MAX_CANDIDATES = 8  # words tried (each one count) per word that found nothing

Counter = Callable[[TextPlan], int]


@lru_cache(maxsize=4)
def _known_words(vocabulary_id: int, label_words: frozenset[str]) -> tuple[str, ...]:
    words = set(lexicon()) | label_words
    for term, others in curated_synonyms().items():
        words.update(term.split())
        for other in others:
            words.update(other.split())
    return tuple(sorted(w for w in words if w.isalpha()))


def known_words(vocabulary: Vocabulary) -> tuple[str, ...]:
    return _known_words(id(vocabulary), vocabulary.label_words)


@lru_cache(maxsize=4)
def _by_length(words: tuple[str, ...]) -> dict[int, tuple[tuple[str, ...], tuple[int, ...]]]:
    """The known words by length, each with its place in ``known_words``."""
    groups: dict[int, list[tuple[str, int]]] = {}
    for at, word in enumerate(words):
        groups.setdefault(len(word), []).append((word, at))
    return {n: (tuple(w for w, _ in g), tuple(at for _, at in g)) for n, g in groups.items()}


def _within(word: str, distance: int, vocabulary: Vocabulary) -> list[tuple[str, float, int]]:
    """``process.extract`` over the known words with Damerau-Levenshtein (its 200 nearest,
    ties in word order), in a third of the time: only the lengths ``distance`` edits can
    reach, and only words within twice the distance in plain Levenshtein (a transposition is
    two of its edits; bit-parallel, so twice as fast to rule a word out) — the same answer."""
    groups = _by_length(known_words(vocabulary))
    found: list[tuple[float, int, str]] = []
    for n in range(len(word) - distance, len(word) + distance + 1):
        words, places = groups.get(n, ((), ()))
        near = process.extract(
            word, words, scorer=Levenshtein.distance, score_cutoff=2 * distance, limit=None
        )
        for w, _, at in near:
            d = DamerauLevenshtein.distance(word, w, score_cutoff=distance)
            if d <= distance:
                found.append((d, places[at], w))
    return [(w, d, at) for d, at, w in sorted(found)[:200]]


def warm(vocabulary: Vocabulary) -> None:
    """Load the lexicon and the known words now (seconds, once per process), so that the
    first search with a misspelling is not the one that waits past the engine timeout."""
    _by_length(known_words(vocabulary))


def correction_distance(word: str) -> int:
    """Edits a correction may make: as ``typo_distance``, and one for a four-letter word
    ('exel' -> 'excel'), which is safe here because a correction must itself find offers."""
    if len(word) == 4 and word.isalpha():
        return 1
    return typo_distance(word)


def candidates(word: str, vocabulary: Vocabulary) -> list[str]:
    """Words within ``correction_distance(word)`` edits, nearest first, then by frequency."""
    distance = correction_distance(word)
    if not distance:
        return []
    found = _within(word, distance, vocabulary)
    # nearest first; then the fewest inserts and deletes (a letter left out is likelier than
    # a wrong one); then words of the taxonomy's labels (the domain); then the more frequent
    domain = vocabulary.label_words
    ranks = lexicon_ranks()
    rare = len(ranks)
    ranked = sorted(
        (d, Indel.distance(word, w), w not in domain, ranks.get(w, rare), w)
        for w, d, _ in found
        if w != word
    )
    near = [r[-1] for r in ranked[:MAX_CANDIDATES]]
    return near + left_out_letters(word, vocabulary, set(near))


def left_out_letters(word: str, vocabulary: Vocabulary, seen: set[str]) -> list[str]:
    """Known words the typed one (4-8 letters) is missing two letters of ('kapr' ->
    'kapper'): one more left-out letter than ``correction_distance`` allows, the first letter
    kept; tried only after the nearer candidates (the most frequent slip is a letter left
    out, and a correction must still find offers)."""
    if correction_distance(word) != 1:
        return []  # a long word already has two edits: three would reach unrelated words
    extra = 2
    found = process.extract(
        word,
        known_words(vocabulary),
        scorer=Indel.distance,
        score_cutoff=extra,
        limit=200,
    )
    domain = vocabulary.label_words
    ranks = lexicon_ranks()
    rare = len(ranks)
    ranked = sorted(
        (w not in domain, ranks.get(w, rare), w)
        for w, d, _ in found
        if w not in seen
        and w[0] == word[0]
        and len(w) - len(word) == extra
        and d == extra  # letters added only
    )
    return [r[-1] for r in ranked[:MAX_CANDIDATES]]


def _alone(unit: Unit) -> TextPlan:
    return TextPlan(text=unit.text, units=(unit,))


def split_dead_phrases(plan: TextPlan, count: Counter, vocabulary: Vocabulary) -> TextPlan:
    """A known phrase that finds nothing as a whole ('vol-vca' where only 'VCA Basis' is
    given) becomes its words, each a unit of its own: corrected, and relaxed, as words are."""
    units: list[Unit] = []
    for unit in plan.units:
        if len(unit.words) < 2 or count(_alone(unit)):
            units.append(unit)
            continue
        words = [w for w in unit.words if len(w) > 1 and w not in QUERY_STOP_WORDS]
        units.extend(unit_for((w,), vocabulary) for w in words or unit.words)
    return replace(plan, units=tuple(units)) if len(units) != len(plan.units) else plan


def correct(plan: TextPlan, count: Counter, vocabulary: Vocabulary) -> TextPlan:
    """The plan with each word that finds nothing corrected, or else marked fuzzy (a phrase
    that finds nothing first split into its words)."""
    plan = split_dead_phrases(plan, count, vocabulary)
    for i, unit in enumerate(plan.units):
        if len(unit.words) != 1:
            continue
        word = unit.words[0]
        if not correction_distance(word) or count(_alone(unit)):
            continue
        for candidate in candidates(word, vocabulary):
            fixed = replace(unit_for((candidate,), vocabulary), corrected=word)
            if count(_alone(fixed)):
                plan = plan.with_unit(i, fixed)
                break
        else:
            plan = plan.with_unit(i, replace(unit, fuzzy=True))
    # the words searched decide the language lift, as they would typed so ('heftrcuk')
    return replace(plan, language=query_language(list(plan.units)))
