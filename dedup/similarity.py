"""Is this pair the same course and session? Hard conflicts first (different ODB number,
level, dates or place), then strong keys, then a fuzzy score compared with ``THRESHOLD``.

Two offers of the same source are linked only by a strong key, never by the score alone.
The weights and the threshold were tuned on ``tests/dedup/files/labelled.yaml`` with
``scripts/eval_dedup.py`` (see docs/dedup.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Prefix

from core.analysis import stem
from dedup.features import LEVEL_WORDS, PROVIDER_GENERIC, OfferFeatures, Term
from dedup.lexicon import Lexicon, get_lexicon

THRESHOLD = 0.80
# Bump when features, blocking keys or scores change: stored clusters of another version are
# recomputed in full on the next update (dedup.service.update_clusters).
MATCHER_VERSION = "2026-11-27.2"
OTHER_PROVIDER = "other provider"
PROVIDER_MIN = 0.60  # below this the providers differ: the same title elsewhere is not a match
DATE_TOLERANCE_DAYS = 3  # sources round or shift a start date by a day or two
TITLE_WEIGHT = 0.65
PROVIDER_WEIGHT = 0.25
OTHER_KIND = 0.3  # provider similarity when one is a CVO and the other a Syntra, say
MIN_AFFIX = 5  # a shared prefix or suffix this long makes two words the same word
SHARED_STEM = 0.8  # two long words sharing this much of the shorter one from the start
WORD_RATIO = 88  # rapidfuzz ratio for two spellings of one long word
SAME_START = 4  # two words with one stem also start alike (begeleiding is not beleid)
MIN_ROOT = 5  # a derivational root this long (installer: installatie/installeren)
MIN_PART = 3  # the shortest word a compound is split on (werk|vloer, wond|zorg)
MIN_REST = 4  # the shortest rest of a compound that must be a taxonomy word
LINKS = ("", "s", "e", "en")  # tussenklanken: opfrissing-s-cursus
MARKER_KINDS = ("level:", "num:", "cefr:", "code:")
EVIDENCE_WEIGHT = 0.05  # each of: dates agree, place agrees (half when unknown)


@dataclass(frozen=True, slots=True)
class PairScore:
    score: float  # 0..1 (a strong key gives 1)
    linked: bool  # the pair may be in one cluster
    strong: bool  # linked by an ODB number or VDAB code
    reason: str  # why: "odb:ODB-…", "score 0.91", "conflict: dates"

    @property
    def conflict(self) -> bool:
        return self.reason.startswith("conflict")

    @property
    def keeps_apart(self) -> bool:
        """Never in one cluster: a conflict, or other providers without a strong key."""
        return self.conflict or self.reason == OTHER_PROVIDER


def _dates(a: OfferFeatures, b: OfferFeatures) -> float | None:
    """1 when a start date is the same, 0.75 when one is a few days off, 0.5 when one side has
    none, None on a conflict."""
    if not a.starts or not b.starts:
        return 0.5
    if a.starts & b.starts:
        return 1.0
    close = any(abs((x - y).days) <= DATE_TOLERANCE_DAYS for x in a.starts for y in b.starts)
    return 0.75 if close else None


def _place(a: OfferFeatures, b: OfferFeatures) -> float | None:
    if a.online and b.online:
        return 1.0
    if a.postcodes & b.postcodes or a.municipalities & b.municipalities:
        return 1.0
    comparable = (a.postcodes and b.postcodes) or (a.municipalities and b.municipalities)
    return None if comparable else 0.5


def _levels_conflict(a: OfferFeatures, b: OfferFeatures) -> bool:
    if a.level is not None and b.level is not None and a.level != b.level:
        return True
    if a.languages and b.languages and not a.languages & b.languages:
        return True
    if a.schedules and b.schedules and not a.schedules & b.schedules:
        return True
    if not a.markers or not b.markers or a.markers & b.markers == a.markers == b.markers:
        return False
    for kind in MARKER_KINDS:
        x = {m for m in a.markers if m.startswith(kind)}
        y = {m for m in b.markers if m.startswith(kind)}
        if x and y and not x & y:
            return True
    return False


def same_word(x: str, y: str) -> bool:
    """Equal, two words for one level (basis/beginners), one a prefix or suffix of the other
    (gevorderd/gevorderden, heftruck/heftruckchauffeur, leiding geven/leidinggeven), one stem
    with another ending (graafmachine/graafmachinist), or a near spelling of a long word."""
    if x == y or (x in LEVEL_WORDS and LEVEL_WORDS.get(x) == LEVEL_WORDS.get(y)):
        return True
    short, long_ = sorted((x, y), key=len)
    if len(short) >= MIN_AFFIX and (long_.startswith(short) or long_.endswith(short)):
        return True
    if len(short) >= 7 and Prefix.similarity(x, y) >= SHARED_STEM * len(short):
        return True  # graafmachine / graafmachinist: one stem, another ending
    return len(short) >= 6 and fuzz.ratio(x, y) >= WORD_RATIO


def _starts_alike(x: str, y: str) -> bool:
    n = min(SAME_START, len(x), len(y))
    return x[:n] == y[:n]


def _is_compound_of(whole: Term, part: Term, lexicon: Lexicon) -> bool:
    """``whole`` is ``part`` joined to a taxonomy word: 'werkvloer' = 'werk' + 'vloer',
    'wondzorg' = 'wond(en)' + 'zorg', 'buschauffeur' = 'bus' + 'chauffeur'."""
    if len(whole.word) <= len(part.word) or part.donor:
        return False  # an elided head ('dak-') stands for one compound only
    for piece in {part.word, part.stem}:
        if len(piece) < MIN_PART:
            continue
        if whole.word.startswith(piece):
            rest = whole.word[len(piece) :]
            for link in LINKS:
                tail = rest[len(link) :]
                if rest.startswith(link) and len(tail) >= MIN_REST and lexicon.known(tail):
                    return True
        for text in (whole.word, whole.stem):
            if text.endswith(piece) and len(text) > len(piece):
                head = text[: -len(piece)]
                for link in LINKS:
                    if (
                        head.endswith(link)
                        and len(head) - len(link) >= MIN_PART
                        and lexicon.known(head[: len(head) - len(link)])
                    ):
                        return True
    return False


def _fills_elided(head: Term, word: Term) -> bool:
    """'til' of 'til- en transfertechnieken' is 'tiltechnieken': the word starts with the
    head and ends as the compound the head borrows its tail from."""
    if not head.donor or word.donor or not word.word.startswith(head.word):
        return False
    tail = word.word[len(head.word) :]
    if len(tail) < MIN_REST:
        return False
    return head.donor.endswith(tail) or stem(head.donor, "nl").endswith(stem(tail, "nl"))


def same_term(a: Term, b: Term, lexicon: Lexicon) -> bool:
    """``same_word``, or one word by the title rules: one stem (onderhoud/onderhouden), one
    derivational root (installatie/installeren), an elided compound filled in (til- en
    transfertechnieken / tiltechnieken), a compound and its part (werkvloer/werk), or an
    abbreviation and a synonym term of its concept in the taxonomy (AVG/GDPR)."""
    if same_word(a.word, b.word):
        return True
    if a.stem == b.stem and _starts_alike(a.word, b.word):
        return True
    if len(a.root) >= MIN_ROOT and a.root == b.root and _starts_alike(a.word, b.word):
        return True
    if _fills_elided(a, b) or _fills_elided(b, a):
        return True
    if a.abbreviation_of & b.label_of or b.abbreviation_of & a.label_of:
        return True
    return _is_compound_of(a, b, lexicon) or _is_compound_of(b, a, lexicon)


def title_similarity(a: OfferFeatures, b: OfferFeatures, lexicon: Lexicon | None = None) -> float:
    """Word overlap with fuzzy word equality (``same_term``): half Dice, half the better
    coverage. Counted on words, not characters, so one long shared word does not make two
    titles alike."""
    x, y = a.terms, b.terms
    if not x or not y:
        return fuzz.ratio(a.title, b.title) / 100
    lexicon = lexicon or get_lexicon()
    matched_x: set[int] = set()
    matched_y: set[int] = set()
    for i, s in enumerate(x):
        for j, t in enumerate(y):
            if (i not in matched_x or j not in matched_y) and same_term(s, t, lexicon):
                matched_x.add(i)
                matched_y.add(j)
    in_x, in_y = len(matched_x), len(matched_y)
    dice = (in_x + in_y) / (len(x) + len(y))
    coverage = max(in_x / len(x), in_y / len(y))
    return (dice + coverage) / 2


def _initials(short: str, words: list[str]) -> bool:
    """'ab' for 'antwerpen vlaams brabant', 'mv' for 'midden vlaanderen'."""
    letters = iter(w[0] for w in words)
    return len(short) >= 2 and all(any(c == i for i in letters) for c in short)


def provider_similarity(a: OfferFeatures, b: OfferFeatures) -> float:
    """Compared on what tells providers apart: 'CVO SNT' and 'CVO Waas en Dender' share only
    a generic word and differ; 'Syntra AB' matches 'Syntra Antwerpen en Vlaams-Brabant'."""
    return _provider_similarity(a.provider, b.provider)


@lru_cache(maxsize=65536)  # a catalogue has a few thousand providers, compared again and again
def _provider_similarity(pa: str, pb: str) -> float:
    x = [w for w in pa.split() if w not in PROVIDER_GENERIC]
    y = [w for w in pb.split() if w not in PROVIDER_GENERIC]
    if not x or not y:
        return fuzz.token_set_ratio(pa, pb) / 100
    kinds_x = set(pa.split()) & PROVIDER_GENERIC
    kinds_y = set(pb.split()) & PROVIDER_GENERIC
    if kinds_x and kinds_y and not kinds_x & kinds_y:
        return OTHER_KIND  # 'CVO Antwerpen' is not 'Syntra Antwerpen'
    score = fuzz.token_set_ratio(" ".join(x), " ".join(y)) / 100
    for one, other in ((x, y), (y, x)):
        if len(one) == 1 and len(other) > 1 and _initials(one[0], other):
            score = max(score, 0.9)
    return score


def shares_strong_key(a: OfferFeatures, b: OfferFeatures) -> bool:
    return bool((a.odb and a.odb == b.odb) or (a.vdab and a.vdab == b.vdab))


def may_link(a: OfferFeatures, b: OfferFeatures) -> bool:
    """What ``compare`` needs before it can link a pair, checked without scoring it: a shared
    ODB number or VDAB code, or two sources and providers close enough. False means
    ``compare`` would not link them (most candidates of a large catalogue: listings of one
    source, or one title word at two providers), so they need not be scored."""
    if shares_strong_key(a, b):
        return True
    return a.source != b.source and provider_similarity(a, b) >= PROVIDER_MIN


def kept_apart_cheaply(a: OfferFeatures, b: OfferFeatures) -> bool | None:
    """For clustering: True when the pair may never share a cluster (two listings of one
    source, or other providers, without a strong key), None when only ``compare`` can tell."""
    if shares_strong_key(a, b):
        return None
    return True if a.source == b.source else (provider_similarity(a, b) < PROVIDER_MIN) or None


def compare(a: OfferFeatures, b: OfferFeatures, threshold: float = THRESHOLD) -> PairScore:
    if a.odb and b.odb and a.odb != b.odb:
        return PairScore(0.0, False, False, "conflict: different ODB numbers")
    dates = _dates(a, b)
    if dates is None:
        return PairScore(0.0, False, False, "conflict: dates")
    place = _place(a, b)
    if place is None:
        return PairScore(0.0, False, False, "conflict: place")
    if _levels_conflict(a, b):
        return PairScore(0.0, False, False, "conflict: level or language")
    if a.odb and a.odb == b.odb:
        return PairScore(1.0, True, True, f"odb:{a.odb}")
    if a.vdab and a.vdab == b.vdab:
        return PairScore(1.0, True, True, f"vdab:{a.vdab}")
    score = (
        TITLE_WEIGHT * title_similarity(a, b)
        + PROVIDER_WEIGHT * provider_similarity(a, b)
        + EVIDENCE_WEIGHT * (dates + place)
    )
    score = round(score, 4)
    if a.source == b.source:
        return PairScore(score, False, False, "same source: fuzzy match not enough")
    if provider_similarity(a, b) < PROVIDER_MIN:
        return PairScore(score, False, False, OTHER_PROVIDER)
    return PairScore(score, score >= threshold, False, f"score {score:.2f}")
