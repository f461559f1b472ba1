"""One run, one course: a listing that states the same start day, place and hours as a listing
of the same provider in another source is that course's relisting, unless the provider has
another course in that run. A person reading a fund's 'Tiltechnieken in de zorg' (ErgoRisk,
21/01, Brusselsestraat 61, 6 hours) next to ErgoRisk's own 'Til- en transfertechnieken voor
zorgverleners' on that day, in that room, for those hours, links them although the titles
share one short word: nothing else of ErgoRisk's is on then.

``slot_links`` decides this for a connected set of offers from the pairs compared in it. A
pair flagged ``PairScore.slot`` (one run's facts, one provider, titles too unlike to link on
their own) is linked when, on both sides, it is the listing's only partner of that run in the
other's source, or its title fits clearly better (``MARGIN``) than every other partner's. The
partners are the pairs of the set that are linked or flagged, so the decision depends only on
the set: an incremental update decides as a full recompute does. Clustering then applies its
usual rules (never two listings of one source without a strong key, no conflict, no other
provider across a cluster).
"""

from __future__ import annotations

from collections.abc import Mapping

from dedup.features import OfferFeatures
from dedup.similarity import PairScore

Pair = tuple[str, str]
MARGIN = 0.15  # the best title among a run's courses beats the next one by at least this
MIN_BEST = 0.2  # and says at least this much
MIN_UNIQUE = 0.25  # what the titles must say even when the partner is the run's only listing
SLOT = "slot"  # the evidence code of such a link (dedup.explain: 'the provider's only …')


def _fits(me: str, other: str, partners: dict[str, dict[str, list[tuple[float, str]]]], feats):
    """``other`` is ``me``'s only partner of the run in ``other``'s source, or the clearly
    best fitting one."""
    rivals = sorted(partners[me][feats[other].source], reverse=True)
    best, best_id = rivals[0]
    if best_id != other or best < MIN_UNIQUE:
        return False
    return len(rivals) == 1 or (best >= MIN_BEST and best - rivals[1][0] >= MARGIN)


def slot_links(
    feats: Mapping[str, OfferFeatures | None], pairs: Mapping[Pair, PairScore]
) -> dict[Pair, PairScore]:
    """The flagged pairs of a connected set that are the run's one course, as linked scores
    (reason + '|slot'); ``pairs`` are the set's compared pairs (keys sorted)."""
    partners: dict[str, dict[str, list[tuple[float, str]]]] = {}
    for (a, b), result in pairs.items():
        if not (result.slot or (result.linked and not result.strong)):
            continue
        fa, fb = feats[a], feats[b]
        if fa is None or fb is None:
            continue
        partners.setdefault(a, {}).setdefault(fb.source, []).append((result.title, b))
        partners.setdefault(b, {}).setdefault(fa.source, []).append((result.title, a))
    found = {}
    for (a, b), result in sorted(pairs.items()):
        if not result.slot or result.linked:
            continue
        if _fits(a, b, partners, feats) and _fits(b, a, partners, feats):
            found[(a, b)] = PairScore(
                result.score, True, False, f"{result.reason}|{SLOT}", title=result.title
            )
    return found
