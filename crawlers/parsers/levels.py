"""The qualification level a page states: 'EQF-niveau 5', 'VKS 4', 'kwalificatieniveau 4',
'niveau 4 van de Vlaamse kwalificatiestructuur', 'niveau 6 du CEC', 'EQF level 5', and the
Flemish degrees whose level is fixed by law: a (professional or academic) bachelor is level
6, a master 7, a graduaat (HBO5) 5, a doctorate 8 (the VKS levels equal the EQF levels).

Only what is stated: a bare 'niveau 1' (an ATEX awareness level, a language level) is not a
qualification level and gives nothing.
"""

from __future__ import annotations

import re

from catalogue.model import Level, LevelFramework

_N = r"([1-8])\b"
_STATED = [
    (
        LevelFramework.EQF,
        re.compile(
            r"\b(?:EQF|EKR|CEC|european qualifications? framework|europees kwalificatiekader)"
            r"[-\s:]*(?:niveau|level|niv\.?)?[-\s:]*" + _N,
            re.I,
        ),
    ),
    (
        LevelFramework.EQF,
        re.compile(
            r"\b(?:niveau|level)[-\s:]*" + _N + r"\s*(?:\(|van het|op het|du|of the|of)?\s*"
            r"(?:EQF|EKR|CEC|europees kwalificatiekader|european qualifications? framework)",
            re.I,
        ),
    ),
    (
        LevelFramework.VKS,
        re.compile(
            r"\b(?:VKS|kwalificatieniveau|vlaamse kwalificatiestructuur)"
            r"[-\s:]*(?:niveau|level)?[-\s:]*" + _N,
            re.I,
        ),
    ),
    (
        LevelFramework.VKS,
        re.compile(
            r"\bniveau[-\s:]*" + _N + r"\s*(?:\(|van de|in de|volgens de)?\s*"
            r"(?:VKS|vlaamse kwalificatiestructuur)",
            re.I,
        ),
    ),
]
# degrees: the name of the programme states its level (VKS = EQF for these, so EQF)
_DEGREES = [
    (8, re.compile(r"\bdoctoraat\b|\bdoctorat\b|\bph\.?\s?d\b", re.I)),
    (7, re.compile(r"\bmaster(?:-na-master)?\s+(?:in|of|en|na)\b|\bmaster-na-master\b", re.I)),
    (
        6,
        re.compile(
            r"\b(?:professionele|academische|professionnel|professional|academic)\s+bachelor\b|"
            r"\bbachelor(?:-na-bachelor)?\s+(?:in|of|en|na)\b|\bbanaba\b",
            re.I,
        ),
    ),
    (5, re.compile(r"\bgraduaat(?:sopleiding)?\b|\bHBO\s?5\b", re.I)),
]


def parse_level(*texts: str | None) -> Level | None:
    """The first level the texts state (title, certificate, description in that order)."""
    for text in texts:
        if not text:
            continue
        for framework, pattern in _STATED:
            found = pattern.search(text)
            if found:
                return Level(framework=framework, value=int(found.group(1)))
    for text in texts[:2]:  # a degree is named in the title or the certificate, not in passing
        if not text:
            continue
        for value, pattern in _DEGREES:
            if pattern.search(text):
                return Level(framework=LevelFramework.EQF, value=value)
    return None
