"""Held-out judgements: 70 queries (7 per class) written before the second round of ranking
work and never looked at query by query while tuning it, so that the main set
(``judgements.py``) cannot be overfitted unseen. Graded as ``judgements.py`` grades (2 = what
is asked, 1 = related; a place query grades the topic's offers in that municipality 2 and
elsewhere 1). Measured at the start and at the end of a round only
(``scripts/eval_search.py --queries heldout``).
"""

from __future__ import annotations

from tests.index.relevance.judgements import Judged, _j

L, H, E, V, B = "lassen", "heftruck", "excel", "vca", "boekhouding"

PLAIN = _j(
    "plain",
    [
        ("airco", {"airco": 2}),
        ("slager", {"slager": 2}),
        ("barista", {"barista": 2}),
        ("elektriciteit", {"elektriciteit": 2}),
        ("marketing", {"marketing": 2}),
        ("vrachtwagen", {"vrachtwagen": 2}),
        ("nederlands", {"nederlands": 2}),
    ],
)

INFLECTION = _j(
    "inflection",
    [
        ("elektriciens", {"elektriciteit": 2}),
        ("slagers", {"slager": 2}),
        ("programmeurs", {"programmeren": 2}),
        ("leidinggevenden", {"leidinggeven": 2}),
        ("boekhoudster", {B: 2}),
        ("lasnaden", {L: 2}),
        ("heftruckchauffeurs", {H: 2, "reachtruck": 1}),
    ],
)

COMPOUND = _j(
    "compound",
    [
        ("lasattest", {L: 2}),
        ("excelopleiding", {E: 2}),
        ("heftruckopleiding", {H: 2, "reachtruck": 1}),
        ("elektriciteitscursus", {"elektriciteit": 2}),
        ("programmeercursus", {"programmeren": 2}),
        ("boekhoudopleiding", {B: 2}),
        ("kappersvorming", {"kapper": 2}),
    ],
)

ABBREVIATION = _j(
    "abbreviation",
    [
        ("ba5", {"elektriciteit": 2}),
        ("vca-attest", {V: 2}),
        ("ehbo-attest", {"ehbo": 2}),
        ("mig-mag", {L: 2}),
        ("tig", {L: 2}),
        ("ms excel", {E: 2}),
        ("haccp-opleiding", {"haccp": 2}),
    ],
)

TYPO = _j(
    "typo",
    [
        ("boekhouidng", {B: 2}),
        ("exsel", {E: 2}),
        ("heftuck", {H: 2, "reachtruck": 1}),
        ("elecktriciteit", {"elektriciteit": 2}),
        ("zorgkundge", {"zorgkundige": 2}),
        ("marketng", {"marketing": 2}),
        ("bakkr", {"bakker": 2}),
    ],
)

SYNONYM = _j(
    "synonym",
    [
        ("rekenbladen", {E: 2}),
        ("autotechniek", {"automechanica": 2}),
        ("haarverzorging", {"kapper": 2}),
        ("voedselveiligheid", {"haccp": 2}),
        ("softwareontwikkeling", {"programmeren": 2}),
        ("fotovoltaïsche panelen", {"zonnepanelen": 2}),
        ("elektrische installaties", {"elektriciteit": 2}),
    ],
)

OCCUPATION = _j(
    "occupation",
    [
        ("ik wil lasser worden", {L: 2}),
        ("ik wil boekhouder worden", {B: 2}),
        ("zorgkundige worden", {"zorgkundige": 2}),
        ("ik wil kapper worden", {"kapper": 2}),
        ("heftruckbestuurder worden", {H: 2, "reachtruck": 1}),
        ("ik wil programmeur worden", {"programmeren": 2}),
        ("automecanicien worden", {"automechanica": 2}),
    ],
)

PLACE = _j(
    "place",
    [
        ("lassen antwerpen", {L: 2}, "Antwerpen"),
        ("excel gent", {E: 2}, "Gent"),
        ("heftruck leuven", {H: 2}, "Leuven"),
        ("boekhouding in brugge", {B: 2}, "Brugge"),
        ("kapper hasselt", {"kapper": 2}, "Hasselt"),
        ("programmeren in gent", {"programmeren": 2}, "Gent"),
        ("vca antwerpen", {V: 2}, "Antwerpen"),
    ],
)

ENGLISH = _j(
    "english",
    [
        ("welder", {L: 2, "fr_soudure": 2}),
        ("forklift driver", {H: 2, "reachtruck": 1}),
        ("hairdressing", {"kapper": 2}),
        ("spreadsheets", {E: 2}),
        ("dutch course", {"nederlands": 2}),
        ("digital marketing", {"marketing": 2}),
        ("software developer", {"programmeren": 2}),
    ],
)

FRENCH = _j(
    "french",
    [
        ("coiffeuse", {"kapper": 2}),
        ("cours de néerlandais", {"nederlands": 2}),
        ("cariste", {H: 2, "reachtruck": 1}),
        ("électricité", {"elektriciteit": 2}),
        ("hygiène alimentaire", {"haccp": 2}),
        ("développeur", {"programmeren": 2}),
        ("comptable", {B: 2, "fr_comptabilite": 2}),
    ],
)

QUERIES: tuple[Judged, ...] = (
    *PLAIN,
    *INFLECTION,
    *COMPOUND,
    *ABBREVIATION,
    *TYPO,
    *SYNONYM,
    *OCCUPATION,
    *PLACE,
    *ENGLISH,
    *FRENCH,
)
