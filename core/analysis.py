"""Text analysis shared by labels, offers and queries: accent folding, lowercasing,
tokenising, stop-word removal, Snowball stemming (PyStemmer) and Dutch decompounding.

Labels and text go through the same functions, so a label matches text when their analysed
token sequences are equal: 'MIG/MAG-lassen' and 'lassen met MIG/MAG' both become 'mig mag las'.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

LANGUAGES = ("nl", "fr", "en")  # the languages of the product, its data and its pages
STEMMER_LANGUAGES = {"nl": "dutch", "fr": "french", "en": "english"}
MIN_PART = 3  # shortest head a compound is split into ('las-opleiding')
MIN_TAIL = 4  # shortest tail ('ruwbouw-ers' is no split)
MIN_COMPOUND = 7  # shortest word tried for splitting
MAX_CACHED_WORDS = 200_000
LINKING = ("s", "e", "en")  # tussenklanken: veiligheid-s-coördinator, boek-en-kast

STOPWORDS = frozenset(
    [
        "de",
        "het",
        "een",
        "der",
        "des",
        "den",
        "van",
        "voor",
        "en",
        "of",
        "met",
        "in",
        "op",
        "aan",
        "te",
        "tot",
        "bij",
        "als",
        "om",
        "door",
        "uit",
        "naar",
        "over",
        "je",
        "u",
        "uw",
        "jouw",
        "we",
        "wij",
        "ze",
        "zij",
        "hun",
        "dit",
        "dat",
        "die",
        "deze",
        "er",
        "is",
        "zijn",
        "wordt",
        "worden",
        "le",
        "la",
        "les",
        "l",
        "un",
        "une",
        "du",
        "d",
        "et",
        "ou",
        "pour",
        "en",
        "a",
        "au",
        "aux",
        "dans",
        "sur",
        "par",
        "avec",
        "des",
        "the",
        "a",
        "an",
        "of",
        "and",
        "or",
        "for",
        "to",
        "in",
        "on",
        "at",
        "with",
        "by",
        "from",
        "as",
        "is",
        "are",
        "be",
    ]
)

# Words of the training domain that are no concept themselves but end many compounds
# ('reachtruckcursus', 'lasopleiding', 'heftruckattest'); they let the decompounder split.
TRAINING_WORDS = [
    "opleiding",
    "opleidingen",
    "cursus",
    "cursussen",
    "training",
    "trainingen",
    "attest",
    "attesten",
    "examen",
    "examens",
    "certificaat",
    "certificaten",
    "bijscholing",
    "workshop",
    "module",
    "modules",
    "les",
    "lessen",
    "praktijk",
    "theorie",
    "herhaling",
    "opfrissing",
    "basis",
    "gevorderden",
    "beginners",
    "initiatie",
    "vorming",
    "dag",
    "dagen",
    "traject",
    "programma",
    "proef",
    "test",
]

_TOKEN = re.compile(r"[^\W_]+")
_DOUBLE_END = re.compile(r"([bcdfgklmnprstvz])\1$")


def fold(text: str) -> str:
    """Lowercase and strip accents: 'Coördinator Sécurité' → 'coordinator securite'."""
    if text.isascii():
        return text.lower()
    return _strip_marks(text).lower()


_NON_WORD = re.compile(r"[\W_]+")


def fold_words(text: str) -> str:
    """``fold`` with punctuation to spaces and one space between words: the form names and
    labels are compared in ('Sint-Genesius-Rode' → 'sint genesius rode')."""
    return " ".join(_NON_WORD.sub(" ", fold(text)).split())


def fold_case_kept(text: str) -> str:
    """Strip accents but keep case (for case-sensitive abbreviations)."""
    return text if text.isascii() else _strip_marks(text)


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii():
        return decomposed
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True, slots=True)
class Token:
    """One analysed token and the span of the original text it came from."""

    term: str  # the stem (or, for abbreviations, the case-kept surface form)
    start: int
    end: int
    surface: str  # the folded surface form
    part: bool = False  # a part of a split compound


@lru_cache(maxsize=4)
def _stemmer(lang: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(STEMMER_LANGUAGES.get(lang, "dutch"))


@lru_cache(maxsize=200_000)
def stem(word: str, lang: str) -> str:
    """Snowball stem; for Dutch also undouble a final consonant ('lass' → 'las') so that
    'lassen', 'las' and the compound head 'las-' meet."""
    result = _stemmer(lang).stemWord(word)
    if lang == "nl":
        result = _DOUBLE_END.sub(r"\1", result)
    return result


def words(text: str) -> list[tuple[str, int, int]]:
    """Folded words with their character spans in ``text``."""
    folded = fold(text)
    if len(folded) == len(text):
        return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(folded)]
    return _words_one_by_one(text, fold)


def raw_words(text: str) -> list[tuple[str, int, int]]:
    """Accent-folded words that keep their case, with spans (abbreviation matching)."""
    kept = fold_case_kept(text)
    if len(kept) == len(text):
        return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(kept)]
    return _words_one_by_one(text, fold_case_kept)


def _words_one_by_one(text: str, folder: Callable[[str], str]) -> list[tuple[str, int, int]]:
    """Folding changed the length ('ﬁ' → 'fi', 'İ' → 'i̇'): fold word by word so that every
    word keeps the span it has in the original text."""
    out: list[tuple[str, int, int]] = []
    for start, end in _word_spans(text):
        for part in _TOKEN.findall(folder(text[start:end])):
            out.append((part, start, end))
    return out


def _word_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the words of ``text`` as it is (letters and digits, with the combining marks
    that follow them), so that a span never points past the text."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for i, char in enumerate(text):
        inside = (char.isalnum() and char != "_") or (
            start is not None and unicodedata.combining(char) > 0
        )
        if inside and start is None:
            start = i
        elif not inside and start is not None:
            spans.append((start, i))
            start = None
    if start is not None:
        spans.append((start, len(text)))
    return spans


class Decompounder:
    """Splits Dutch compounds into words the taxonomy knows: 'lasopleiding' → 'las' +
    'opleiding', 'veiligheidsregels' → 'veiligheid' + 'regel'. The vocabulary is the set of
    stems of all Dutch label words, so splitting only ever yields taxonomy words."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        words = {*vocabulary, *TRAINING_WORDS, *(stem(w, "nl") for w in TRAINING_WORDS)}
        self.vocabulary = frozenset(w for w in words if len(w) >= MIN_PART)
        self._cache: dict[str, tuple[str, ...] | None] = {}

    def known(self, word: str) -> bool:
        return word in self.vocabulary or stem(word, "nl") in self.vocabulary

    def split(self, word: str) -> tuple[str, ...] | None:
        """The parts (as stems) of ``word``, or None when it is known or cannot be split."""
        if len(word) < MIN_COMPOUND or not word.isalpha() or self.known(word):
            return None
        if word in self._cache:
            return self._cache[word]
        result = self._split(word, depth=0)
        if len(self._cache) >= MAX_CACHED_WORDS:  # a long-running process meets many words
            self._cache.clear()
        self._cache[word] = result
        return result

    def _split(self, word: str, depth: int) -> tuple[str, ...] | None:
        # longest known head first; the rest is a known word or splits again
        for i in range(len(word) - MIN_PART, MIN_PART - 1, -1):
            head, rest = word[:i], word[i:]
            if not self.known(head):
                continue
            for link in ("", *LINKING):
                if link and not rest.startswith(link):
                    continue
                tail = rest[len(link) :]
                if len(tail) < MIN_TAIL:
                    continue
                if self.known(tail):
                    return (stem(head, "nl"), stem(tail, "nl"))
                if depth < 2 and len(tail) >= MIN_COMPOUND:
                    more = self._split(tail, depth + 1)
                    if more:
                        return (stem(head, "nl"), *more)
        return None


def analyse(
    text: str, lang: str, decompounder: Decompounder | None = None, offset: int = 0
) -> list[Token]:
    """Stemmed tokens without stop words; Dutch compounds unknown to the taxonomy are
    replaced by their parts (each part keeps the whole word's span)."""
    tokens: list[Token] = []
    for word, start, end in words(text):
        if word in STOPWORDS:
            continue
        parts = decompounder.split(word) if decompounder and lang == "nl" else None
        if parts:
            tokens.extend(Token(p, start + offset, end + offset, word, True) for p in parts)
        else:
            tokens.append(Token(stem(word, lang), start + offset, end + offset, word))
    return tokens


# function words that tell the three languages apart (none is shared between them)
_MARKERS = {
    "nl": frozenset(
        ["het", "een", "van", "voor", "met", "je", "jouw", "wordt", "naar", "bij", "ook", "niet"]
    ),
    "fr": frozenset(
        ["le", "la", "les", "des", "du", "et", "pour", "avec", "vous", "votre", "est", "une"]
    ),
    "en": frozenset(
        ["the", "and", "of", "for", "with", "you", "your", "are", "this", "will", "how"]
    ),
}


def guess_language(text: str, default: str = "nl") -> str:
    """nl, fr or en by counting function words; ``default`` when the text says too little
    (for offers whose source does not state their language)."""
    counts = dict.fromkeys(_MARKERS, 0)
    for word, _, _ in words(text[:2000]):
        for lang, markers in _MARKERS.items():
            if word in markers:
                counts[lang] += 1
    best = max(counts, key=lambda lang: (counts[lang], lang == default))
    return best if counts[best] >= 2 and counts[best] > counts[default] else default


def analyse_label(text: str, lang: str) -> str:
    """The automaton key of a label: its stems joined by single spaces ('' if none)."""
    return " ".join(t.term for t in analyse(text, lang))


def abbreviation_key(text: str) -> str:
    """The case-sensitive key of an abbreviation: 'MIG/MAG' → 'MIG MAG'."""
    return " ".join(w for w, _, _ in raw_words(text))
