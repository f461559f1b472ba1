"""Is this pair the same course and session? Hard conflicts first (different ODB number,
level, dates or place), then strong keys, then a fuzzy score compared with ``THRESHOLD``.

Two offers of the same source are linked only by a strong key, never by the score alone.
The weights and the threshold were tuned on ``tests/dedup/files/labelled.yaml`` with
``scripts/eval_dedup.py`` (see docs/dedup.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Prefix

from core.analysis import stem
from dedup.evidence import Facts, facts
from dedup.features import LEVEL_WORDS, OfferFeatures, Term
from dedup.lexicon import Lexicon, get_lexicon
from dedup.providers import provider_similarity as _names_similarity

THRESHOLD = 0.78
# Bump when features, blocking keys or scores change: stored clusters of another version are
# recomputed in full on the next update (dedup.service.update_clusters).
MATCHER_VERSION = "2026-12-02.3"
OTHER_PROVIDER = "other provider"
UNSURE = "|provider:?"  # a fund named without the organiser: a coordinator decides
PROVIDER_MIN = 0.60  # below this the providers differ: the same title elsewhere is not a match
REVIEW_THRESHOLD = 0.65  # from here up to THRESHOLD a pair goes to the coordinators' review
REVIEW_TITLE = 0.55  # ... when its titles say at least this much (not one shared word of four)
TITLE_WEIGHT = 0.45
PROVIDER_WEIGHT = 0.15
FACTS_WEIGHT = 0.40  # the run's facts (dedup.evidence): start, end, place, hours
UNKNOWN_PROVIDER = 0.6  # a fund that does not name the organiser
MIN_TITLE = 0.35  # below this the titles are of other courses, whatever the facts say
SLOT_PROVIDER = 0.8  # a run's competition (dedup.slots) is between listings of one provider
CONCEPT_TITLE = 0.3  # naming one concept of the taxonomy closes this much of the gap
OTHER_CONCEPTS = 0.5  # titles naming only other concepts count this much of their words
MIN_AFFIX = 5  # a shared prefix or suffix this long makes two words the same word
SHARED_STEM = 0.8  # two long words sharing this much of the shorter one from the start
WORD_RATIO = 88  # rapidfuzz ratio for two spellings of one long word
SAME_START = 4  # two words with one stem also start alike (begeleiding is not beleid)
MIN_ROOT = 5  # a derivational root this long (installer: installatie/installeren)
MIN_PART = 3  # the shortest word a compound is split on (werk|vloer, wond|zorg)
MIN_REST = 4  # the shortest rest of a compound that must be a taxonomy word
LINKS = ("", "s", "e", "en")  # tussenklanken: opfrissing-s-cursus
MARKER_KINDS = ("level:", "num:", "cefr:", "code:")
AGENT_WORDS = ("chauffeur", "bestuurder", "machinist", "bediener", "operator")
AGENT_SUFFIXES = ("aar", "er")  # lasser/lassen, metselaar/metselen
# level markers that a title without a level word does not have: it is the basic course
ONE_SIDED_LEVELS = frozenset({"level:advanced", "level:expert", "level:refresh"})
# words of certificate courses that say nothing of the subject
TITLE_GENERIC = frozenset(
    (
        *("attest", "certificaat", "getuigschrift", "basistechnieken", "module", "praktijk"),
        *("dag", "dagen", "uur", "veilig"),
        *("chauffeur", "bestuurder", "machinist", "bediener", "operator"),
    )
)


@dataclass(frozen=True, slots=True)
class PairScore:
    score: float  # 0..1 (a strong key gives 1)
    linked: bool  # the pair may be in one cluster
    strong: bool  # linked by an ODB number, VDAB code, the provider's course code, or a
    # coordinator's confirmation
    reason: str  # why: "odb:ODB-…", "score 0.91|start:2027-01-12|…", "conflict: dates"
    review: bool = False  # uncertain: between REVIEW_THRESHOLD and the threshold
    title: float = 0.0  # how alike the titles are (title_evidence), for the run's competition
    # one run's facts (same start, place and hours) at the same provider, the titles too
    # unlike to link on their own: linked by dedup.slots when this is the provider's only
    # (or clearly best fitting) course of that run among the other source's listings
    slot: bool = False

    @property
    def conflict(self) -> bool:
        return self.reason.startswith("conflict")

    @property
    def keeps_apart(self) -> bool:
        """Never in one cluster: a conflict (or a coordinator's refusal), or other providers
        without a strong key."""
        return self.conflict or self.reason == OTHER_PROVIDER or self.reason.endswith(UNSURE)


def _levels_conflict(a: OfferFeatures, b: OfferFeatures) -> bool:
    if a.level is not None and b.level is not None and a.level != b.level:
        return True
    if a.languages and b.languages and not a.languages & b.languages:
        return True
    if a.schedules and b.schedules and not a.schedules & b.schedules:
        return True
    if (a.markers ^ b.markers) & ONE_SIDED_LEVELS:
        return True  # 'gevorderd' or 'opfrissing' on one side only: the other is the basic one
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


def _undouble(word: str) -> str:
    return word[:-1] if len(word) > 2 and word[-1] == word[-2] else word


def _agent_form(word: str) -> str:
    """'reachtruckchauffeur' and 'reachtruckbestuurder' -> 'reachtruck*': who drives or
    operates a machine, however the source calls it."""
    for tail in AGENT_WORDS:
        if word.endswith(tail):
            return word[: -len(tail)] + "*"
    return word


def _same_agent(a: Term, b: Term) -> bool:
    """The one who does it and the doing: lasser/lassen, metselaar/metselen,
    tegelzetter/tegelzetten; and one machine's driver by two names (chauffeur, bestuurder,
    machinist, bediener)."""
    x, y = _agent_form(a.word), _agent_form(b.word)
    if x != a.word and x == y:
        return True
    for suffix in AGENT_SUFFIXES:
        if a.word.endswith(suffix) and len(a.word) - len(suffix) >= MIN_ROOT - 1:
            root = _undouble(a.word[: -len(suffix)])
            if root == _undouble(b.stem) and b.word != a.word:
                return True
    return False


def same_term(a: Term, b: Term, lexicon: Lexicon) -> bool:
    """``same_word``, or one word by the title rules: one stem (onderhoud/onderhouden), one
    derivational root (installatie/installeren), an elided compound filled in (til- en
    transfertechnieken / tiltechnieken), a compound and its part (werkvloer/werk), or an
    abbreviation and a synonym term of its concept in the taxonomy (AVG/GDPR), or the doer and
    the doing (lasser/lassen; reachtruckchauffeur/reachtruckbestuurder)."""
    if same_word(a.word, b.word):
        return True
    if a.stem == b.stem and _starts_alike(a.word, b.word):
        return True
    if len(a.root) >= MIN_ROOT and a.root == b.root and _starts_alike(a.word, b.word):
        return True
    if _fills_elided(a, b) or _fills_elided(b, a):
        return True
    if _same_agent(a, b) or _same_agent(b, a):
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


def provider_similarity(a: OfferFeatures, b: OfferFeatures) -> float | None:
    """0..1 on what tells providers apart ('CVO SNT' is not 'CVO Waas en Dender', a CVO is not
    a Syntra, 'Syntra AB' is 'Syntra Antwerpen en Vlaams-Brabant', a fund's organiser counts
    for the fund); None when a fund does not say who organises (``dedup.providers``)."""
    x, y = a.provider_name, b.provider_name
    if x is None or y is None:
        return None
    key = (x.token, y.token)
    if key not in _PROVIDER_CACHE:
        if len(_PROVIDER_CACHE) >= PROVIDER_CACHE_SIZE:
            _PROVIDER_CACHE.clear()
        _PROVIDER_CACHE[key] = _names_similarity(x, y)
    return _PROVIDER_CACHE[key]


PROVIDER_CACHE_SIZE = 200_000  # provider pairs remembered (a few thousand providers)
_PROVIDER_CACHE: dict[tuple[str, str], float | None] = {}


def _other_provider(a: OfferFeatures, b: OfferFeatures) -> bool:
    similarity = provider_similarity(a, b)
    return similarity is not None and similarity < PROVIDER_MIN


def shares_strong_key(a: OfferFeatures, b: OfferFeatures) -> bool:
    return bool((a.odb and a.odb == b.odb) or (a.vdab and a.vdab == b.vdab) or (a.codes & b.codes))


def may_link(a: OfferFeatures, b: OfferFeatures) -> bool:
    """What ``compare`` needs before it can link a pair, checked without scoring it: a shared
    identifier, or two sources and providers that may be one (a fund that does not name the
    organiser may be any). False means ``compare`` would not link them (most candidates of a
    large catalogue: listings of one source, or one title word at two providers)."""
    if a.source != b.source and not _other_provider(a, b):
        return True
    return shares_strong_key(a, b)


def kept_apart_cheaply(a: OfferFeatures, b: OfferFeatures) -> bool | None:
    """For clustering: True when the pair may never share a cluster (two listings of one
    source, or other providers, without a strong key), None when only ``compare`` can tell."""
    if shares_strong_key(a, b):
        return None
    return True if a.source == b.source else _other_provider(a, b) or None


def _core(terms: tuple[Term, ...]) -> tuple[Term, ...]:
    """The words that say what the course is about: no level words ('basis' is compared as a
    marker), no words every certificate course carries."""
    return tuple(t for t in terms if t.word not in LEVEL_WORDS and t.word not in TITLE_GENERIC)


def _siblings(a: OfferFeatures, b: OfferFeatures) -> bool:
    """Each title names a subject, the two under one broader concept, neither the other's."""
    if not a.concepts or not b.concepts or a.concepts & b.related or b.concepts & a.related:
        return False
    return bool((a.related - a.concepts) & (b.related - b.concepts))


def title_evidence(
    a: OfferFeatures, b: OfferFeatures, lexicon: Lexicon | None = None
) -> tuple[float, tuple[str, ...]]:
    """How alike two titles are (0..1), through the words (``title_similarity`` on the words
    that say what the course is about) and the taxonomy's concepts the titles name: the same
    most specific concept lifts them to at least ``CONCEPT_TITLE``; two titles that name two
    subjects under one broader concept (TIG- and MIG/MAG-lassen) count half their words. With the
    evidence codes: ``concept:vl:lassen-tig``, ``words:tig lassen``."""
    lexicon = lexicon or get_lexicon()
    x, y = _core(a.terms), _core(b.terms)
    if x and y:
        words, shared = _word_overlap(x, y, lexicon)
        # a level word one title has and the other not stays a difference
        words = min(words, _word_overlap(a.terms, b.terms, lexicon)[0])
    else:
        words, shared = title_similarity(a, b, lexicon), []
    codes = []
    common = a.concepts & b.concepts
    if common:
        codes.append("concept:" + ",".join(sorted(common)))
        score = CONCEPT_TITLE + (1 - CONCEPT_TITLE) * words
    elif _siblings(a, b):
        score = words * OTHER_CONCEPTS  # two subjects ('TIG-lassen', 'MIG/MAG-lassen')
    else:
        score = words
    if shared:
        codes.append("words:" + " ".join(shared))
    return round(min(score, 1.0), 4), tuple(codes)


def _word_overlap(
    x: tuple[Term, ...], y: tuple[Term, ...], lexicon: Lexicon
) -> tuple[float, list[str]]:
    matched_x: set[int] = set()
    matched_y: set[int] = set()
    for i, s in enumerate(x):
        for j, t in enumerate(y):
            if (i in matched_x and j in matched_y) or not same_term(s, t, lexicon):
                continue
            if (i in matched_x or j in matched_y) and _by_synonym_only(s, t):
                continue  # 'SEO' stands for one term, not for every word of a topic's labels
            matched_x.add(i)
            matched_y.add(j)
    dice = (len(matched_x) + len(matched_y)) / (len(x) + len(y))
    coverage = max(len(matched_x) / len(x), len(matched_y) / len(y))
    return (dice + coverage) / 2, [x[i].word for i in sorted(matched_x)]


def _by_synonym_only(a: Term, b: Term) -> bool:
    """The two words are one only as an abbreviation and a word of its concept's terms."""
    synonym = a.abbreviation_of & b.label_of or b.abbreviation_of & a.label_of
    return bool(synonym) and not same_word(a.word, b.word) and a.stem != b.stem


def _conflict(a: OfferFeatures, b: OfferFeatures) -> tuple[str | None, Facts | None]:
    if a.odb and b.odb and a.odb != b.odb:
        return "conflict: different ODB numbers", None
    found = facts(a, b)
    if found.conflict:
        return f"conflict: {found.conflict}", None
    if _levels_conflict(a, b):
        return "conflict: level or language", None
    return None, found


def _strong(a: OfferFeatures, b: OfferFeatures, found: Facts) -> str | None:
    evidence = "|".join(found.codes)
    tail = f"|{evidence}" if evidence else ""
    if a.odb and a.odb == b.odb:
        return f"odb:{a.odb}{tail}"
    if a.vdab and a.vdab == b.vdab:
        return f"vdab:{a.vdab}{tail}"
    if a.codes & b.codes:
        return f"code:{min(a.codes & b.codes)}{tail}"
    return None


def compare(
    a: OfferFeatures,
    b: OfferFeatures,
    threshold: float = THRESHOLD,
    review: float = REVIEW_THRESHOLD,
) -> PairScore:
    """Conflicts first (another ODB number, start or end date, place, length, level, language
    or schedule), then identifiers (decisive), then the score: title (words and concepts),
    provider and the run's facts. Linked from ``threshold``; from ``review`` up to it the pair
    is uncertain (``PairScore.review``)."""
    conflict, found = _conflict(a, b)
    if conflict or found is None:
        return PairScore(0.0, False, False, conflict or "conflict")
    strong = _strong(a, b, found)
    if strong:
        return PairScore(1.0, True, True, strong)
    provider = provider_similarity(a, b)
    title, title_codes = title_evidence(a, b)
    score = round(
        TITLE_WEIGHT * title
        + PROVIDER_WEIGHT * (UNKNOWN_PROVIDER if provider is None else provider)
        + FACTS_WEIGHT * found.strength,
        4,
    )
    if a.source == b.source:
        return PairScore(score, False, False, "same source: fuzzy match not enough")
    if provider is not None and provider < PROVIDER_MIN:
        return PairScore(score, False, False, OTHER_PROVIDER)
    who = "provider:?" if provider is None else f"provider:{a.provider}"
    reason = "|".join([f"score {score:.2f}", *found.codes, *title_codes, who])
    slot = provider is not None and provider >= SLOT_PROVIDER and found.one_run
    if title < MIN_TITLE:
        return PairScore(score, False, False, reason, title=title, slot=slot)
    if provider is None:  # never linked on a guess about the provider: reviewed instead
        uncertain = score >= review and title >= REVIEW_TITLE
        return PairScore(score, False, False, reason, review=uncertain, title=title)
    linked = score >= threshold
    return PairScore(
        score,
        linked,
        False,
        reason,
        review=not linked and score >= review and title >= REVIEW_TITLE,
        title=title,
        slot=slot and not linked,
    )
