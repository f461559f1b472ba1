"""What matching looks at, normalised once per offer: provider and title words, level markers,
session start dates and places, strong identifiers; and the title's terms (stems, elided
compounds, synonyms) that the title rules compare."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from catalogue.model import DeliveryMode, IdentifierScheme, Offer
from core.analysis import STEMMER_LANGUAGES, fold_words, stem
from dedup.lexicon import MAX_CACHED_TITLES, Lexicon, get_lexicon
from dedup.places import municipality_key, street_key
from dedup.providers import ProviderName, provider_of

_NON_WORD = re.compile(r"[^0-9a-z]+")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# schedule words in titles ("avondgroep") and the session schedule values they mean
SCHEDULE_WORDS = {
    **dict.fromkeys(_words("avond avondgroep avondles avondlessen avondonderwijs soir"), "evening"),
    **dict.fromkeys(_words("dag daggroep dagonderwijs overdag journee"), "daytime"),
    **dict.fromkeys(_words("weekend zaterdag zaterdaggroep samedi"), "weekend"),
}
# function words (nl/fr/en) and words every course title could carry
TITLE_STOPWORDS = _words(
    """
    de het een en of van voor in op met tot te aan bij naar over uit om door als je jouw uw
    hoe wat die dat dit deze der des du la le les et pour dans avec sur un une au aux the and
    for to of a an on with your how what
    cursus opleiding opleidingen training trainingen vorming workshop formation cours course
    online klassikaal webinar sessie editie
    """
)
# words that name a level; synonyms map to one class
LEVEL_WORDS = {
    **dict.fromkeys(
        _words(
            "basis beginner beginners starter starters instap inleiding introductie initiatie "
            "kennismaking fundamentals essentials essentie debutant debutants basisopleiding"
        ),
        "level:basic",
    ),
    **dict.fromkeys(
        _words(
            "gevorderd gevorderde gevorderden vervolg verdieping verdiepend advanced avance "
            "avances intermediate"
        ),
        "level:advanced",
    ),
    **dict.fromkeys(_words("expert experts experten masterclass"), "level:expert"),
    **dict.fromkeys(
        _words("opfrissing herhaling bijscholing refresher recyclage"), "level:refresh"
    ),
    "vol": "level:vol",  # VCA-VOL (operationeel leidinggevenden) versus VCA basis
}
# abbreviations that sources write out (or not); expanded before comparing
ABBREVIATIONS = {
    "nt2": "nederlands tweede taal",
    "ehbo": "eerste hulp bij ongevallen",
    "ev": "elektrische voertuigen",
    "pm": "projectmanagement",
}
# 'basiscursus', 'opfrissingscursus': a level word with a training word is the level word
LEVEL_COMPOUND = re.compile(
    r"^([a-z]+)(cursus|opleiding|training|vorming|workshop|vaardigheden|technieken|kennis)$"
)
# 'in 2 dagen', '3 uur': a number that gives the length is no marker of another course
DURATION_WORDS = _words("dag dagen uur uren week weken maand maanden avonden")
# a compound with its tail left out before 'en'/'of' ('til- en transfertechnieken'); the
# hyphen is followed by a space or a comma, unlike 'MIG/MAG-lassen'
ELIDED = re.compile(r"([0-9a-z]+)(-(?=[\s,]))?")
CONJUNCTIONS = frozenset({"en", "of", "et", "ou", "and", "or"})
CODE = re.compile(r"^[a-z]{1,4}\d{1,5}$")  # BA4, ISO9001: a code names one course
ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6"}
CEFR = re.compile(r"^[abc][12]$")


fold = fold_words  # the one folding of names and labels (core.analysis)


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _level_of_compound(word: str) -> str:
    """'basiscursus' -> 'basis', 'opfrissingscursus' -> 'opfrissing'; other words as they are."""
    match = LEVEL_COMPOUND.match(word)
    if match is None or word in LEVEL_WORDS:
        return word
    head = match.group(1)
    for candidate in (head, head[:-1] if head.endswith("s") else ""):
        if candidate in LEVEL_WORDS:
            return candidate
    return word


@lru_cache(maxsize=MAX_CACHED_TITLES)
def _title_tokens(title: str) -> tuple[tuple[str, str], ...]:
    """Title words without stopwords, abbreviations written out, level compounds reduced to
    their level word; each with the compound it borrows its tail from when its own was left
    out ('til' in 'til- en transfertechnieken' -> ('til', 'transfertechnieken')), else ''."""
    raw = [(m.group(1), bool(m.group(2))) for m in ELIDED.finditer(_plain(title))]
    out: list[tuple[str, str]] = []
    for i, (word, elided) in enumerate(raw):
        donor = ""
        if elided:
            rest = [w for w, e in raw[i + 1 :] if not e]
            if len(rest) >= 2 and rest[0] in CONJUNCTIONS:
                donor = rest[1]
        for part in ABBREVIATIONS.get(word, word).split():
            part = _level_of_compound(part)
            if part not in TITLE_STOPWORDS:
                out.append((part, donor))
    return tuple(out)


def title_words(title: str) -> tuple[str, ...]:
    return tuple(word for word, _ in _title_tokens(title))


@dataclass(frozen=True, slots=True)
class Term:
    """A title word as the title rules see it."""

    word: str  # folded
    stem: str  # Snowball stem in the offer's language
    root: str  # the stem with a doubled vowel in its last syllable undoubled (nl):
    # installatie/installeer and installeren/installer meet as 'installer'
    donor: str  # the compound whose tail this elided head borrows ('til-'), or ''
    abbreviation_of: frozenset[str]  # concepts this word abbreviates ('gdpr', 'avg')
    label_of: frozenset[str]  # concepts a synonym term of which this word is part of


_LAST_SYLLABLE = re.compile(r"([aeiou])\1([^aeiou]+)$")


def _synonyms(words: list[str], lexicon: Lexicon) -> list[tuple[set[str], set[str]]]:
    """Per word: the concepts it abbreviates and those whose synonym terms it is part of
    (terms are matched as whole runs of title words)."""
    found: list[tuple[set[str], set[str]]] = [(set(), set()) for _ in words]
    for i, word in enumerate(words):
        for key, concept, is_abbreviation in lexicon.terms.get(word, ()):
            if tuple(words[i : i + len(key)]) != key:
                continue
            for j in range(i, i + len(key)):
                found[j][1].add(concept)
                if is_abbreviation:
                    found[j][0].add(concept)
    return found


def title_terms(title: str, lang: str = "nl", lexicon: Lexicon | None = None) -> tuple[Term, ...]:
    """The content terms of a title (no schedule words), each word once. Remembered per
    lexicon: the same title comes from many sources and runs."""
    lexicon = lexicon or get_lexicon()
    lang = lang if lang in STEMMER_LANGUAGES else "nl"
    key = (title, lang)
    terms = lexicon.titles.get(key)
    if terms is None:
        if len(lexicon.titles) >= MAX_CACHED_TITLES:
            lexicon.titles.clear()
        terms = lexicon.titles[key] = _terms(title, lang, lexicon)
    return terms


def _terms(title: str, lang: str, lexicon: Lexicon) -> tuple[Term, ...]:
    tokens = _title_tokens(title)
    synonyms = _synonyms([w for w, _ in tokens], lexicon)
    terms: dict[str, Term] = {}
    for (word, donor), (abbreviation_of, label_of) in zip(tokens, synonyms, strict=True):
        if word in SCHEDULE_WORDS or word in terms:
            continue
        stemmed = stem(word, lang) if word.isalpha() else word
        root = _LAST_SYLLABLE.sub(r"\1\2", stemmed) if lang == "nl" else stemmed
        terms[word] = Term(
            word,
            stemmed,
            root,
            donor,
            frozenset(abbreviation_of),
            frozenset(label_of),
        )
    return tuple(terms.values())


def title_concepts(title: str, lang: str = "nl", lexicon: Lexicon | None = None):
    """(the concepts the taxonomy's tagger finds in a title with a score of at least
    ``CONCEPT_MIN``, those with their broader concepts); remembered per lexicon."""
    lexicon = lexicon or get_lexicon()
    key = (title, lang)
    found = lexicon.concepts.get(key)
    if found is None:
        if len(lexicon.concepts) >= MAX_CACHED_TITLES:
            lexicon.concepts.clear()
        found = lexicon.concepts[key] = lexicon.title_concepts(title, lang)
    return found


def content_words(words: tuple[str, ...]) -> frozenset[str]:
    """Title words without schedule words: what the course is about."""
    return frozenset(w for w in words if w not in SCHEDULE_WORDS)


def markers(words: tuple[str, ...]) -> frozenset[str]:
    """Level classes, numbers (module 2, Excel 2019; not 'in 2 dagen'), CEFR levels and codes
    (BA4) in a title."""
    found = set()
    for i, word in enumerate(words):
        if word in LEVEL_WORDS:
            found.add(LEVEL_WORDS[word])
        elif word.isdigit() and words[i + 1 : i + 2] and words[i + 1] in DURATION_WORDS:
            continue
        elif word.isdigit():
            found.add(f"num:{int(word)}")
        elif word in ROMAN:
            found.add(f"num:{ROMAN[word]}")
        elif CEFR.match(word):
            found.add(f"cefr:{word}")
        elif CODE.match(word):
            found.add(f"code:{word}")
    return frozenset(found)


@dataclass(frozen=True, slots=True)
class OfferFeatures:
    id: str
    source: str
    first_seen: datetime | None
    provider: str  # folded, legal forms dropped
    provider_head: str  # its first distinguishing word: the blocking key
    title: str  # folded title words, stopwords dropped
    title_set: frozenset[str]  # the title's content words
    terms: tuple[Term, ...]  # the same words as the title rules compare them
    words: frozenset[str]  # title words used for blocking (no level or schedule words)
    markers: frozenset[str]
    level: int | None
    starts: frozenset[date]
    postcodes: frozenset[str]
    municipalities: frozenset[str]
    online: bool
    schedules: frozenset[str]
    languages: frozenset[str]
    odb: str | None
    vdab: str | None
    # issue 23: the run's facts, the provider as named, the title's taxonomy concepts
    provider_name: ProviderName | None = None
    ends: frozenset[date] = frozenset()
    places: frozenset[str] = frozenset()  # municipality keys (postcode or name)
    streets: frozenset[str] = frozenset()  # 'spoorwegstraat 14'
    hours: float | None = None
    prices: frozenset[str] = frozenset()  # amounts above zero, as '495.00'
    codes: frozenset[str] = frozenset()  # the provider's own course codes ('SW-24117')
    concepts: frozenset[str] = frozenset()  # concepts the title names (score >= 0.8)
    related: frozenset[str] = frozenset()  # those and their broader concepts


def _prices(offer: Offer, live) -> frozenset[str]:
    amounts = [p.amount for p in offer.prices] + [p.amount for s in live for p in s.prices]
    return frozenset(f"{a:.2f}" for a in amounts if a > 0)


def features_of(offer: Offer, first_seen: datetime | None = None) -> OfferFeatures:
    words = title_words(offer.title)
    named = provider_of(offer.provider.name, offer.description[:2000])
    provider = named.text
    lang = offer.languages[0] if offer.languages else "nl"
    live = [s for s in offer.sessions if s.status != "cancelled"]
    places = [s.location for s in live if s.location is not None]
    online = any(
        s.delivery_mode in (DeliveryMode.ONLINE_LIVE, DeliveryMode.ONLINE_SELF_PACED) for s in live
    )
    return OfferFeatures(
        id=offer.id or "",
        source=offer.source,
        first_seen=first_seen or offer.first_seen,
        provider=provider,
        provider_head=(named.key or ("",))[0],
        title=" ".join(words),
        title_set=content_words(words),
        terms=title_terms(offer.title, lang),
        words=frozenset(
            w
            for w in words
            if len(w) >= 3 and not w.isdigit() and w not in LEVEL_WORDS and w not in SCHEDULE_WORDS
        ),
        markers=markers(words),
        level=offer.level.value if offer.level else None,
        starts=frozenset(s.start_date for s in live if s.start_date),
        postcodes=frozenset(p.postcode for p in places if p.postcode),
        municipalities=frozenset(fold_words(p.municipality) for p in places if p.municipality),
        online=online,
        schedules=frozenset(
            {str(x) for s in live for x in s.schedule}
            | {SCHEDULE_WORDS[w] for w in words if w in SCHEDULE_WORDS}
        ),
        languages=frozenset(offer.languages),
        odb=offer.identifier(IdentifierScheme.ODB),
        vdab=offer.identifier(IdentifierScheme.VDAB),
        provider_name=named,
        ends=frozenset(s.end_date for s in live if s.end_date),
        places=frozenset(
            k for p in places if (k := municipality_key(p.postcode, p.municipality)) is not None
        ),
        streets=frozenset(k for p in places if (k := street_key(p.address)) is not None),
        hours=offer.duration.hours if offer.duration else None,
        prices=_prices(offer, live),
        codes=frozenset(
            i.value.strip().upper() for i in offer.identifiers if i.scheme == IdentifierScheme.OTHER
        ),
        concepts=(found := title_concepts(offer.title, lang))[0],
        related=found[1],
    )
