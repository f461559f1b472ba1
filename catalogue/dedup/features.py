"""What matching looks at, normalised once per offer: provider and title words, level markers,
session start dates and places, strong identifiers."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from catalogue.model import DeliveryMode, IdentifierScheme, Offer

_NON_WORD = re.compile(r"[^0-9a-z]+")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# legal forms and words that say nothing about which provider it is
PROVIDER_NOISE = _words(
    "vzw asbl nv sa bv bvba srl cv cvba scrl vof comm v ltd ivzw aisbl de het en voor van"
)
# words many different providers share: they alone do not make two providers the same
PROVIDER_GENERIC = _words(
    "cvo syntra centrum center centre training academy academie school instituut opleidingen "
    "vormingscentrum hogeschool university universiteit college group groep opleider"
)
PROVIDER_PHRASES = {"centrum volwassenenonderwijs": "cvo"}
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
            "kennismaking fundamentals essentials debutant debutants basisopleiding"
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
CODE = re.compile(r"^[a-z]{1,4}\d{1,5}$")  # BA4, ISO9001: a code names one course
ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6"}
CEFR = re.compile(r"^[abc][12]$")


def fold(text: str) -> str:
    """Lower case, accents off, punctuation to spaces, one space between words."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(_NON_WORD.sub(" ", plain).split())


def provider_name(name: str) -> str:
    words = [w for w in fold(name).split() if w not in PROVIDER_NOISE]
    text = " ".join(words)
    for phrase, short in PROVIDER_PHRASES.items():
        text = text.replace(phrase, short)
    return text


def _head(provider: str) -> str:
    """The first word that tells this provider apart ('Syntra West' -> 'west')."""
    words = provider.split()
    distinct = [w for w in words if w not in PROVIDER_GENERIC]
    return (distinct or words or [""])[0]


def title_words(title: str) -> tuple[str, ...]:
    words = " ".join(ABBREVIATIONS.get(w, w) for w in fold(title).split()).split()
    return tuple(w for w in words if w not in TITLE_STOPWORDS)


def content_words(words: tuple[str, ...]) -> frozenset[str]:
    """Title words without schedule words: what the course is about."""
    return frozenset(w for w in words if w not in SCHEDULE_WORDS)


def markers(words: tuple[str, ...]) -> frozenset[str]:
    """Level classes, numbers (module 2, Excel 2019), CEFR levels and codes (BA4) in a title."""
    found = set()
    for word in words:
        if word in LEVEL_WORDS:
            found.add(LEVEL_WORDS[word])
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


def features_of(offer: Offer, first_seen: datetime | None = None) -> OfferFeatures:
    words = title_words(offer.title)
    provider = provider_name(offer.provider.name) or fold(offer.provider.name)
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
        provider_head=_head(provider),
        title=" ".join(words),
        title_set=content_words(words),
        words=frozenset(
            w
            for w in words
            if len(w) >= 3 and not w.isdigit() and w not in LEVEL_WORDS and w not in SCHEDULE_WORDS
        ),
        markers=markers(words),
        level=offer.level.value if offer.level else None,
        starts=frozenset(s.start_date for s in live if s.start_date),
        postcodes=frozenset(p.postcode for p in places if p.postcode),
        municipalities=frozenset(fold(p.municipality) for p in places if p.municipality),
        online=online,
        schedules=frozenset(
            {str(x) for s in live for x in s.schedule}
            | {SCHEDULE_WORDS[w] for w in words if w in SCHEDULE_WORDS}
        ),
        languages=frozenset(offer.languages),
        odb=offer.identifier(IdentifierScheme.ODB),
        vdab=offer.identifier(IdentifierScheme.VDAB),
    )
