"""Blocking: only offers that share a key are compared. Strong keys (ODB number, VDAB code)
always count; fuzzy keys (a title word with the provider's first word, or with a start month;
a taxonomy concept a title names, with the provider) are ignored when too many offers share them.
The run's facts (a start date with the municipality) and a concept the title names (with the
start month) find relistings whose titles and provider names share no word.
Title words count by their first six letters, so 'reachtruck' meets 'reachtruckchauffeur';
with the provider by their first four, so 'wondzorg' meets 'wonden' at one provider."""

from __future__ import annotations

from dedup.features import OfferFeatures

STRONG_PREFIXES = ("odb:", "vdab:", "code:")
PREFIX = 6  # words are blocked on their first letters, so compounds meet their parts
PROVIDER_PREFIX = 4  # within one provider a shorter prefix: short heads of compounds (werk|vloer)
BLOCK_LIMIT = 300  # a fuzzy key shared by more offers than this is too common to block on


def is_strong(key: str) -> bool:
    return key.startswith(STRONG_PREFIXES)


def block_keys(f: OfferFeatures) -> frozenset[str]:
    keys = set()
    if f.odb:
        keys.add(f"odb:{f.odb}")
    if f.vdab:
        keys.add(f"vdab:{f.vdab}")
    keys.update(f"code:{code}" for code in f.codes)
    months = {d.strftime("%Y-%m") for d in f.starts}
    # one run's facts: its start with its place, whatever the title or the provider says
    places = set(f.places) | ({"online"} if f.online else set())
    keys.update(f"f:{d.isoformat()}|{p}" for d in f.starts for p in places)
    # a concept the title names, with the start month ('EHBO' meets 'eerste hulp')
    keys.update(f"cm:{c}|{m}" for c in f.concepts for m in months)
    # 'GDPR' meets 'AVG' (same provider only: the synonym rule never links two providers)
    concepts = {f"c:{c}" for t in f.terms for c in t.label_of}
    if f.provider_head:
        keys.update(
            f"tp:{word}|{f.provider_head}"
            for word in {w[:PROVIDER_PREFIX] for w in f.words} | concepts
        )
    for word in {w[:PREFIX] for w in f.words}:
        keys.update(f"tm:{word}|{month}" for month in months)
    return frozenset(keys)
