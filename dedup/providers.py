"""Provider names as a person reads them: 'SYNTRA WEST vzw - campus Brugge', 'Syntra West' and
'Syntra West (Brugge)' are one provider; 'Syntra AB' is 'Syntra Antwerpen en Vlaams-Brabant';
a sector fund that lists a course under its own name ('Cevora i.s.m. Rode Kruis Vlaanderen',
'Volta (organisator: Syntra Limburg)', or 'Alimento' with 'Organisator: HygiQual.' in the text)
names the organising provider, which is the one compared.

``provider_key`` gives the words that tell a provider apart: legal forms, campus and city
suffixes and generic words ('academy', 'opleidingscentrum') dropped, known aliases written out
the same way. ``provider_similarity`` compares two keys (0..1). A fund named without its
organiser is *unknown*: it neither links nor separates two listings (``None``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from dedup.places import fold, is_municipality


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# legal forms and words that say nothing about which provider it is
PROVIDER_NOISE = _words(
    "vzw asbl nv sa bv bvba srl cv cvba scrl vof comm v ltd ivzw aisbl de het en voor van the"
)
# words many different providers share: they alone do not make two providers the same
PROVIDER_GENERIC = _words(
    "cvo syntra centrum center centre training academy academie school instituut institute "
    "opleidingen vormingscentrum hogeschool university universiteit college group groep "
    "opleider opleidingscentrum competentiecentrum lifelong learning"
)
# the kinds of provider: a CVO is never a Syntra
PROVIDER_KINDS = _words("cvo syntra hogeschool universiteit university")
# names written two ways, folded: the long form -> the short one
ALIASES = {
    "centrum voor volwassenenonderwijs": "cvo",
    "centrum volwassenenonderwijs": "cvo",
    "syntra antwerpen en vlaams brabant": "syntra ab",
    "syntra antwerpen vlaams brabant": "syntra ab",
    "syntra midden vlaanderen": "syntra mv",
    "rode kruis vlaanderen": "rode kruis",
    "vlaamse dienst voor arbeidsbemiddeling en beroepsopleiding": "vdab",
}
# sector funds and intermediaries that list other providers' courses under their own name
FUNDS = _words(
    "cevora alimento volta educam constructiv sftl horeca forma co valent covalent "
    "techniek industrie ifpm opleidingsfonds sociaal fonds transport logistiek"
)
FUND_WORDS = _words("fonds fund")  # a name with one of these is a fund's
# 'Cevora i.s.m. X', 'Volta (organisator: X)', 'Organisator: X.' in a fund's text, and the
# other ways funds name who gives the course: a role followed by a colon ('Lesgever:',
# 'Opleidingsverstrekker:', 'Aanbieder:', 'Opleidingspartner:', 'Uitvoerder:', 'Trainer:')
# or a participle with 'door' ('gegeven door', 'uitgevoerd door', 'verzorgd door'), in Dutch,
# French and English
_ROLES = (
    r"(?:opleidings|cursus)?(?:verstrekker|aanbieder|partner|organisator|uitvoerder)"
    r"|lesgever|docent|trainer|uitvoering|organiser|provider|organisateur|formateur"
    r"|partenaire|prestataire"
)
_DONE_BY = (
    r"(?:georganiseerd|gegeven|uitgevoerd|verzorgd|aangeboden|ingericht|begeleid)\s+door"
    r"|(?:organis[ée]e?|donn[ée]e?|dispens[ée]e?|assur[ée]e?)\s+par"
    r"|(?:organi[sz]ed|given|delivered|run)\s+by"
)
ORGANISER = re.compile(
    rf"(?:\bi\.?\s?s\.?\s?m\.?|\bin samenwerking met|\ben collaboration avec"
    rf"|\bin cooperation with|\b(?:{_ROLES})s?\s*:|\b(?:{_DONE_BY})\b)"
    r"\s*([^.;,()\n]+)",
    re.IGNORECASE,
)
# where the organiser's name ends: 'gegeven door X in hun salon te Y'
_NAME_END = re.compile(r"\s(?:in|te|op|tijdens|-|–)\s.*$", re.IGNORECASE)
CAMPUS = re.compile(r"\b(?:campus|afdeling|vestiging|site)\b.*$")
OTHER_KIND = 0.3  # provider similarity when one is a CVO and the other a Syntra, say
SAME_WORD = 90  # rapidfuzz ratio of two spellings of one distinguishing word
NO_SHARED_WORD = 0.4  # at most this alike when no distinguishing word is shared


@dataclass(frozen=True, slots=True)
class ProviderName:
    text: str  # folded, aliases applied, legal forms and campus dropped: 'syntra west'
    key: tuple[str, ...]  # the words that tell it apart, cities dropped: ('west',)
    kinds: frozenset[str]  # 'cvo', 'syntra', ...
    unknown: bool  # a fund named without the organiser: says nothing about the provider
    organiser_named: bool  # the organiser came from a fund's wording ('i.s.m.', the text)
    token: str = ""  # one string for all of it: a cheap key for caching comparisons


def _is_fund(text: str) -> bool:
    """A sector fund's name: 'Cevora', 'Sociaal Fonds Transport en Logistiek', any
    '… fonds …' or 'opleidingsfonds'."""
    words = {w for w in text.split() if not is_municipality(w)}
    if any(w in FUND_WORDS or w.endswith("fonds") for w in words):
        return True
    return bool(words & FUNDS) and words <= FUNDS | PROVIDER_NOISE | PROVIDER_GENERIC


def _clean(name: str) -> str:
    text = fold(name.replace("(", " - ").replace(")", " "))
    text = CAMPUS.sub("", text)
    text = " ".join(text.split())
    for long_form, short in ALIASES.items():
        text = re.sub(rf"\b{long_form}\b", short, text)
    return " ".join(w for w in text.split() if w not in PROVIDER_NOISE)


def organiser_in(text: str) -> str | None:
    """The organising provider a fund's wording names, if any."""
    match = ORGANISER.search(text or "")
    if match is None:
        return None
    found = _NAME_END.sub("", match.group(1)).strip(" :-,")
    return found or None


@lru_cache(maxsize=65536)
def provider_of(name: str, description: str = "") -> ProviderName:
    """The provider a listing names: its own name, or the organiser a fund names."""
    organiser = organiser_in(name)
    named = organiser is not None
    text = _clean(organiser or name)
    if _is_fund(text):
        organiser = organiser_in(description[:2000])
        if organiser:
            text, named = _clean(organiser), True
    unknown = _is_fund(text) and not named
    distinct = [w for w in text.split() if w not in PROVIDER_GENERIC]
    without_cities = [w for w in distinct if not is_municipality(w)]
    key = tuple(without_cities or distinct)
    kinds = frozenset(set(text.split()) & PROVIDER_KINDS)
    text = text or fold(name)
    token = f"{text}|{' '.join(key)}|{int(unknown)}"
    return ProviderName(text, key, kinds, unknown, named, token)


def _initials(short: str, words: tuple[str, ...]) -> bool:
    """'ab' for 'antwerpen vlaams brabant', 'mv' for 'midden vlaanderen'."""
    letters = iter(w[0] for w in words)
    return len(short) >= 2 and all(any(c == i for i in letters) for c in short)


def provider_similarity(a: ProviderName, b: ProviderName) -> float | None:
    """0..1 on the words that tell providers apart; None when one side is a fund that does
    not say who organises the course."""
    if (a.unknown or b.unknown) and a.key != b.key:
        return None  # one fund's listing against another provider's: not known
    if a.kinds and b.kinds and not a.kinds & b.kinds:
        return OTHER_KIND  # 'CVO Antwerpen' is not 'Syntra Antwerpen'
    x, y = a.key, b.key
    if not x or not y:
        return fuzz.token_set_ratio(a.text, b.text) / 100
    if _joined(a) & _joined(b):
        return 1.0  # 'DigitalMind' / 'Digital Mind', 'DataSchool' / 'Data School'
    score = fuzz.token_set_ratio(" ".join(x), " ".join(y)) / 100
    if not any(fuzz.ratio(v, w) >= SAME_WORD for v in x for w in y):
        score = min(score, NO_SHARED_WORD)  # 'ProSafe' is not 'FireSafe'
    for one, other, whole in ((x, y, b), (y, x, a)):
        if len(one) == 1 and len(other) > 1 and _initials(one[0], other):
            score = max(score, 0.9)
        elif len(one) == 1 and _acronym(one[0], whole):
            score = max(score, 0.9)  # 'FTP' / 'Financial Training Partners'
    return score


def _named_words(name: ProviderName) -> list[str]:
    """The name's words without the towns in it (generic words kept); nothing when only
    generic words are left ('CVO Gent' says no more than 'cvo')."""
    words = [w for w in name.text.split() if not is_municipality(w)]
    return words if any(w not in PROVIDER_GENERIC for w in words) else []


def _joined(name: ProviderName) -> set[str]:
    """The name written as one word, with and without its generic words: 'Data School' and
    'DataSchool' are 'dataschool', whichever word is generic."""
    return {"".join(name.key), "".join(_named_words(name))} - {""}


def _acronym(short: str, name: ProviderName) -> bool:
    """'ftp' is the initials of every word of 'Financial Training Partners' (generic words
    included: 'training' is one of them)."""
    words = _named_words(name)
    return len(short) >= 2 and len(words) == len(short) and "".join(w[0] for w in words) == short
