"""What a searcher's words mean before the engines see them: words every course shares
('opleiding', 'cursus', 'course'), intent phrasing ('ik wil … worden', 'werken in de …'),
Flemish everyday synonyms, Dutch compounds split with a real lexicon, and place names.

The lexicon is ``wordfreq``'s Dutch word list (frequent words from subtitles, Wikipedia, web
text; shipped as ``index/data/lexicon_nl.txt``) plus the taxonomy's label words:
'lasopleiding' splits into 'las' + 'opleiding' because both are Dutch words, not because a hand
list names them.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from core.analysis import fold_words

LEXICON_WORDS = 60_000  # the most frequent Dutch words taken from wordfreq
MIN_LEXICON_WORD = 3

# Words that every offer is about ("a course"), in the three languages: a query need not match
# them when it has other words ('excelcursus', 'cooking course', 'cours d'anglais').
GENERIC_WORDS = frozenset(
    [
        "opleiding",
        "opleidingen",
        "cursus",
        "cursussen",
        "training",
        "trainingen",
        "vorming",
        "vormingen",
        "les",
        "lessen",
        "lesje",
        "workshop",
        "workshops",
        "bijscholing",
        "opleidingstraject",
        "traject",
        "leren",
        "aanleren",
        "volgen",
        "initiatie",
        "module",
        "modules",
        "basiscursus",
        "attest",
        "attesten",
        "certificaat",
        "diploma",
        "ik",
        "wil",
        "graag",
        "zou",
        "willen",
        "worden",
        "werken",
        "job",
        "jobs",
        "werk",
        "beroep",
        "zoek",
        "zoeken",
        "course",
        "courses",
        "training",
        "class",
        "classes",
        "learn",
        "learning",
        "lesson",
        "lessons",
        "become",
        "job",
        "work",
        "cours",
        "formation",
        "formations",
        "apprendre",
        "devenir",
        "travailler",
        "emploi",
        "metier",
    ]
)

# French and English words of the curated synonyms: a query of them is not a Dutch one
# (``index.plan.query_language``), even when the Dutch lexicon also holds them
FOREIGN_WORDS = frozenset(
    w
    for group in (
        ("forklift", "spreadsheet", "tableur", "truck", "driver", "cleaning", "nettoyage"),
        ("first", "aid", "premiers", "secours", "coiffure", "hairdresser", "childcare"),
        ("programming", "programmation", "plumber", "plombier", "cooking", "cook", "baker"),
        ("boulanger", "cuisinier", "solar", "panels", "panneaux", "solaires", "heat", "pump"),
        ("pompe", "chaleur", "bricklaying", "macon", "bookkeeping", "accounting", "english"),
        ("comptabilite", "dutch", "neerlandais", "anglais", "french", "francais", "nursing"),
        ("infirmier", "project", "management", "gestion", "projet", "food", "safety"),
        ("securite", "alimentaire", "customer", "service", "welding", "soudage", "soudure"),
        ("soudeur", "painting", "peintre", "electrician", "electricien", "learn"),
    )
    for w in group
)

# 'werken in de bouw', 'ik wil in de zorg werken': a sector word stands for its occupations
SECTOR_WORDS: dict[str, tuple[str, ...]] = {
    "zorg": ("zorgkundige", "verpleegkunde", "verpleegkundige", "kinderbegeleider", "zorg"),
    "bouw": ("metselen", "metselaar", "tegelzetter", "dakwerker", "bouw", "vca"),
    "horeca": ("kok", "keuken", "kelner", "barista", "horeca"),
    "logistiek": ("magazijn", "heftruck", "reachtruck", "vrachtwagenchauffeur", "logistiek"),
    "kinderen": ("kinderbegeleider", "kinderopvang"),
    "magazijn": ("magazijn", "magazijnmedewerker", "orderpicker"),
}

# Flemish and everyday words for what providers call otherwise (each group: equivalents)
CURATED_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("vorming", "opleiding"),
    ("vorkheftruck", "heftruck", "clark", "forklift", "chariot elevateur"),
    ("rekenblad", "excel", "spreadsheet", "tableur"),
    ("camionchauffeur", "vrachtwagenchauffeur", "chauffeur zwaar vervoer", "truck driver"),
    ("camion", "vrachtwagen", "truck"),
    ("poetsen", "schoonmaken", "kuisen", "schoonmaak", "cleaning", "nettoyage"),
    ("poetshulp", "schoonmaker", "poetsvrouw"),
    ("eerste hulp", "ehbo", "first aid", "premiers secours"),
    ("coiffeur", "kapper", "coiffure", "hairdresser", "kapsalon"),
    ("hovenier", "tuinaanlegger", "tuinman", "tuinier", "groenbeheer"),
    ("garagist", "automecanicien", "mecanicien", "automonteur"),
    ("onthaalmoeder", "kinderbegeleider", "kinderopvang", "childcare", "onthaalouder"),
    ("secretaresse", "secretariaatsmedewerker", "administratief bediende"),
    (
        "coderen",
        "programmeren",
        "programming",
        "programmation",
        "programmeur",
        "informatica",
        "ontwikkelaar",
    ),
    ("kassier", "kassamedewerker", "kassa", "verkoper"),
    ("dakdekker", "dakwerker"),
    ("elektrieker", "elektricien", "electricien", "electrician"),
    ("elektriciteit", "elektricien", "elektrische installaties", "arei", "elektrotechniek"),
    ("loodgieter", "sanitair installateur", "loodgieterij", "plumber", "plombier"),
    ("kok", "koken", "kook", "keuken", "cuisinier", "cooking", "cook"),
    ("bakker", "bakken", "boulanger", "baker"),
    ("pc", "computer", "digitale basisvaardigheden"),
    ("zonne energie", "zonnepanelen", "fotovoltaische", "solar panels", "panneaux solaires"),
    ("zonnepaneel", "zonnepanelen"),
    ("warmtepomp", "warmtepompen", "heat pump", "pompe a chaleur"),
    ("metselaar", "metselen", "metselwerk", "bricklaying", "macon"),
    ("tegelzetter", "tegels", "carreleur"),
    ("boekhouding", "boekhouden", "boekhoud", "bookkeeping", "accounting", "comptabilite"),
    ("nederlands", "dutch", "neerlandais", "nt2"),
    ("engels", "english", "anglais"),
    ("frans", "french", "francais"),
    ("verpleegkunde", "verpleegkundige", "nursing", "infirmier"),
    ("projectmanagement", "project management", "gestion de projet", "projectbeheer"),
    ("voedselveiligheid", "food safety", "securite alimentaire", "haccp"),
    ("klantendienst", "klantenservice", "customer service", "callcenter"),
    ("lassen", "welding", "soudage", "soudure", "soudeur"),
    ("schilder", "schilderen", "painting", "peintre"),
    ("zelfstandige", "ondernemen", "ondernemerschap", "eigen zaak"),
    ("leidinggevende", "leidinggeven", "teamleider"),
    ("schoonheidsspecialiste", "schoonheidsspecialist"),
    ("chauffeur poids lourd", "vrachtwagenchauffeur"),
    ("heftruckchauffeur", "heftruck"),
    ("vrachtwagenchauffeur", "vrachtwagen", "rijbewijs c"),
)


@lru_cache(maxsize=1)
def curated_synonyms() -> dict[str, frozenset[str]]:
    """Folded word or phrase -> its curated equivalents."""
    out: dict[str, set[str]] = {}
    for group in CURATED_SYNONYMS:
        for term in group:
            out.setdefault(term, set()).update(t for t in group if t != term)
    return {k: frozenset(v) for k, v in out.items()}


LEXICON_FILE = Path(__file__).with_name("data") / "lexicon_nl.txt"


@lru_cache(maxsize=1)
def lexicon_ranks() -> dict[str, int]:
    """The Dutch lexicon, word -> frequency rank (0 = most frequent): ``wordfreq``'s most
    frequent Dutch words (letters only, 3+), shipped as ``index/data/lexicon_nl.txt``
    (``scripts/build_lexicon.py``)."""
    words = LEXICON_FILE.read_text(encoding="utf-8").split()
    return {w: rank for rank, w in enumerate(words[:LEXICON_WORDS])}


def lexicon() -> frozenset[str]:
    return _lexicon_set()


@lru_cache(maxsize=1)
def _lexicon_set() -> frozenset[str]:
    return frozenset(w for w in lexicon_ranks() if len(w) >= MIN_LEXICON_WORD)


MIN_HEAD = 3
MIN_TAIL = 4
LINKS = ("", "s", "en", "e")


def _known(word: str, extra: frozenset[str]) -> bool:
    """A lexicon word, or a verb stem ('metsel' of 'metselen', 'boekhoud' of 'boekhouden')."""
    words = lexicon()
    return (
        word in words
        or word in extra
        or word in GENERIC_WORDS
        or (len(word) >= 4 and (word + "en" in words or word + "n" in words))
    )


def _written(part: str, extra: frozenset[str]) -> str:
    """A part as a word: a verb stem as its infinitive ('metsel' -> 'metselen')."""
    if part in lexicon() or part in extra or part in GENERIC_WORDS:
        return part
    for ending in ("en", "n"):
        if part + ending in lexicon():
            return part + ending
    return part


@lru_cache(maxsize=50_000)
def split_compound(word: str, extra: frozenset[str] = frozenset()) -> tuple[str, ...] | None:
    """The parts of a Dutch compound the lexicon does not hold as one word, as written
    ('lasopleiding' -> ('las', 'opleiding'), 'boekhoudcursus' -> ('boekhoud', 'cursus')):
    the longest known head first, a linking s/e/en allowed, the tail known or split again.
    None when the word is a lexicon word or no split leaves only known parts."""
    if len(word) < 7 or not word.isalpha() or word in lexicon() or word in extra:
        return None
    return _split(word, extra, 0)


def _split(word: str, extra: frozenset[str], depth: int) -> tuple[str, ...] | None:
    # two known parts first (longest head), only then a tail that splits again
    for cut in range(len(word) - MIN_TAIL, MIN_HEAD - 1, -1):
        head = word[:cut]
        if _known(head, extra):
            for link in LINKS:
                tail = word[cut + len(link) :]
                if word[cut:].startswith(link) and len(tail) >= MIN_TAIL and _known(tail, extra):
                    return (_written(head, extra), _written(tail, extra))
    for cut in range(len(word) - MIN_TAIL, MIN_HEAD - 1, -1):
        head = word[:cut]
        if not _known(head, extra):
            continue
        for link in LINKS:
            rest = word[cut:]
            if link and not rest.startswith(link):
                continue
            tail = rest[len(link) :]
            if len(tail) < MIN_TAIL:
                continue
            if _known(tail, extra):
                return (_written(head, extra), _written(tail, extra))
            if depth < 2 and len(tail) >= 7:
                more = _split(tail, extra, depth + 1)
                if more:
                    return (_written(head, extra), *more)
    return None


MAX_INDEX_PARTS = 3  # a longer split is a foreign word cut up ('foto+vol+tai+scheen')


def compound_parts(text: str, extra: frozenset[str] = frozenset()) -> str:
    """Index-side decompounding: the parts of the Dutch compounds in ``text`` as written
    words ('Booglassen' -> 'boog lassen', 'Pijplassen' -> 'pijp lassen'), the words every
    course shares left out; what a title field of the parts holds, so that 'lassen' finds
    'Booglassen' as the query side's split makes 'lasopleiding' find 'lassen'."""
    out: list[str] = []
    for word in dict.fromkeys(fold_words(text).split()):
        # the lexicon alone first: a compound the taxonomy labels ('booglassen') is split too
        parts = split_compound(word) or split_compound(word, extra)
        if parts and len(parts) <= MAX_INDEX_PARTS:
            out.extend(p for p in parts if p not in GENERIC_WORDS and p not in out)
    return " ".join(out)


def word_forms(word: str) -> tuple[str, ...]:
    """The word and its singular when the lexicon knows it ('bakkers' -> 'bakker'): a
    compound's part is written as in the compound, an offer's title as a noun."""
    forms = [word]
    for ending in ("s", "en"):
        if word.endswith(ending) and word[: -len(ending)] in lexicon():
            forms.append(word[: -len(ending)])
    return tuple(forms)


def expand_sector(word: str) -> tuple[str, ...]:
    return SECTOR_WORDS.get(word, ())
