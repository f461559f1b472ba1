"""Why two listings are linked, in words a coordinator understands: 'zelfde start 12/01, einde
23/03 en adres (Spoorwegstraat 14); titel: zelfde vaardigheden TIG-lassen; zelfde aanbieder'.

A pair's reason (``PairScore.reason``, stored as the cluster's ``linked_by``) is a list of
evidence codes separated by '|' (``dedup.similarity``, ``dedup.evidence``); ``explain``
renders it in Dutch, French or English. Reasons of older matcher versions ('score 0.91',
'odb:ODB-…') are rendered too.
"""

from __future__ import annotations

from datetime import date

from dedup.lexicon import get_lexicon

LANGUAGES = ("nl", "fr", "en")
PHRASES: dict[str, dict[str, str]] = {
    "same": {"nl": "zelfde", "fr": "même", "en": "same"},
    "and": {"nl": "en", "fr": "et", "en": "and"},
    "start": {"nl": "start {0}", "fr": "début {0}", "en": "start {0}"},
    "start~": {"nl": "start rond {0}", "fr": "début vers {0}", "en": "start around {0}"},
    "end": {"nl": "einde {0}", "fr": "fin {0}", "en": "end {0}"},
    "end~": {"nl": "einde rond {0}", "fr": "fin vers {0}", "en": "end around {0}"},
    "street": {"nl": "adres ({0})", "fr": "adresse ({0})", "en": "address ({0})"},
    "place": {"nl": "gemeente ({0})", "fr": "commune ({0})", "en": "municipality ({0})"},
    "online": {"nl": "online", "fr": "en ligne", "en": "online"},
    "hours": {"nl": "duur ({0} uur)", "fr": "durée ({0} h)", "en": "length ({0} hours)"},
    "price": {"nl": "prijs (€ {0})", "fr": "prix ({0} €)", "en": "price (€ {0})"},
    "concept": {
        "nl": "titel: zelfde vaardigheden {0}",
        "fr": "titre : mêmes compétences {0}",
        "en": "title: same skills {0}",
    },
    "words": {
        "nl": "titel: zelfde woorden {0}",
        "fr": "titre : mêmes mots {0}",
        "en": "title: same words {0}",
    },
    "provider": {"nl": "zelfde aanbieder", "fr": "même prestataire", "en": "same provider"},
    "provider?": {
        "nl": "aanbieder niet genoemd door het fonds",
        "fr": "prestataire non cité par le fonds",
        "en": "provider not named by the fund",
    },
    "odb": {
        "nl": "zelfde nummer in de opleidingsdatabank ({0})",
        "fr": "même numéro dans la base de formations ({0})",
        "en": "same training database number ({0})",
    },
    "vdab": {
        "nl": "zelfde VDAB-code ({0})",
        "fr": "même code VDAB ({0})",
        "en": "same VDAB code ({0})",
    },
    "code": {
        "nl": "zelfde cursuscode van de aanbieder ({0})",
        "fr": "même code de cours du prestataire ({0})",
        "en": "same provider course code ({0})",
    },
    "confirmed": {
        "nl": "bevestigd door een coördinator",
        "fr": "confirmé par un coordinateur",
        "en": "confirmed by a coordinator",
    },
    "slot": {
        "nl": "de enige of best passende cursus van deze aanbieder op die dag en plaats",
        "fr": (
            "le seul cours de ce prestataire ce jour-là à cet endroit, "
            "ou celui qui correspond le mieux"
        ),
        "en": "the provider's only or best fitting course on that day and place",
    },
    "score": {"nl": "overeenkomst {0}", "fr": "similarité {0}", "en": "similarity {0}"},
}
FACTS = ("start", "start~", "end", "end~", "street", "place", "online", "hours", "price")


def _say(key: str, lang: str, *args: str) -> str:
    return PHRASES[key][lang].format(*args)


def _day(text: str) -> str:
    try:
        return date.fromisoformat(text).strftime("%d/%m")
    except ValueError:
        return text


def _join(items: list[str], lang: str) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {_say('and', lang)} " + items[-1]


def _fact(kind: str, value: str, lang: str) -> str:
    if kind.startswith(("start", "end")):
        return _say(kind, lang, _day(value))
    if kind in ("street", "place"):
        return _say(kind, lang, value.title())
    if kind == "hours":
        return _say(kind, lang, value)
    if kind == "price":
        return _say(kind, lang, value.removesuffix(".00"))
    return _say(kind, lang)


def explain(reason: str | None, lang: str = "nl") -> str | None:
    """The reason in words, or None without a reason."""
    if not reason:
        return None
    lang = lang if lang in LANGUAGES else "nl"
    facts: list[str] = []
    parts: list[str] = []
    title: list[str] = []
    tail: list[str] = []
    score = ""
    for code in reason.split("|"):
        kind, _, value = code.partition(":")
        kind = kind.strip()
        if code == "confirmed":
            parts.append(_say("confirmed", lang))
        elif kind in ("odb", "vdab", "code"):
            parts.append(_say(kind, lang, value))
        elif kind in FACTS:
            facts.append(_fact(kind, value, lang))
        elif kind == "concept":
            lexicon = get_lexicon()
            names = [lexicon.label(c, lang) for c in value.split(",") if c]
            title.append(_say("concept", lang, _join(names, lang)))
        elif kind == "words" and not title:
            title.append(_say("words", lang, _join(value.split(), lang)))
        elif kind == "provider":
            tail.append(_say("provider?" if value == "?" else "provider", lang))
        elif code == "slot":
            title.append(_say("slot", lang))
        elif code.startswith("score "):
            score = code.removeprefix("score ")
    if facts:
        parts.append(f"{_say('same', lang)} {_join(facts, lang)}")
    if score and not (facts or title):
        tail.append(_say("score", lang, score))
    return "; ".join(parts + title + tail) or reason
