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

Third round: the competition cannot see a course whose provider listing is missing from the
catalogue (a fund relists a run the provider does not publish). Then the relisting's only
partner is the provider's *other* course of that day, and linking it hides a course from
search. So a slot pair is linked only with real title evidence (``SLOT_TITLE``: most of the
titles' words or a concept and words shared); a weaker one that is the run's only or best
fitting partner, and the pairs of a tie, go to the coordinators' review list
(``slot_review``) with at least ``MIN_UNIQUE`` title evidence.
"""

from __future__ import annotations

from collections.abc import Mapping

from dedup.features import OfferFeatures
from dedup.similarity import PairScore

Pair = tuple[str, str]
MARGIN = 0.15  # the best title among a run's courses beats the next one by at least this
SLOT_TITLE = 0.6  # what the titles must say for a slot link, even for the run's only listing
MIN_UNIQUE = 0.25  # below this a slot pair is not even a candidate for the review list
SLOT = "slot"  # the evidence code of such a link (dedup.explain: 'the provider's only …')


def _fits(me: str, other: str, partners: dict[str, dict[str, list[tuple[float, str]]]], feats):
    """``other`` is ``me``'s only partner of the run in ``other``'s source, or the clearly
    best fitting one."""
    rivals = sorted(partners[me][feats[other].source], reverse=True)
    best, best_id = rivals[0]
    if best_id != other or best < SLOT_TITLE:
        return False
    return len(rivals) == 1 or best - rivals[1][0] >= MARGIN


def _partners(feats, pairs: Mapping[Pair, PairScore]):
    partners: dict[str, dict[str, list[tuple[float, str]]]] = {}
    for (a, b), result in pairs.items():
        if not (result.slot or (result.linked and not result.strong)):
            continue
        fa, fb = feats[a], feats[b]
        if fa is None or fb is None:
            continue
        partners.setdefault(a, {}).setdefault(fb.source, []).append((result.title, b))
        partners.setdefault(b, {}).setdefault(fa.source, []).append((result.title, a))
    return partners


def slot_links(
    feats: Mapping[str, OfferFeatures | None], pairs: Mapping[Pair, PairScore]
) -> dict[Pair, PairScore]:
    """The flagged pairs of a connected set that are the run's one course, as linked scores
    (reason + '|slot'); ``pairs`` are the set's compared pairs (keys sorted)."""
    partners = _partners(feats, pairs)
    found = {}
    for (a, b), result in sorted(pairs.items()):
        if not result.slot or result.linked:
            continue
        if _fits(a, b, partners, feats) and _fits(b, a, partners, feats):
            found[(a, b)] = PairScore(
                result.score, True, False, f"{result.reason}|{SLOT}", title=result.title
            )
    return found


def slot_review(
    feats: Mapping[str, OfferFeatures | None],
    pairs: Mapping[Pair, PairScore],
    linked: Mapping[Pair, PairScore],
) -> dict[Pair, PairScore]:
    """The flagged pairs a coordinator should decide: not linked (``linked`` are
    ``slot_links``' answers), with at least ``MIN_UNIQUE`` title evidence, and on both sides
    the run's only or best fitting partner in the other's source, or one of a tie (within
    ``MARGIN`` of the best): a pair with a clearly better rival is no candidate."""
    partners = _partners(feats, pairs)

    def contender(me: str, other: str, title: float) -> bool:
        fo = feats[other]
        rivals = partners.get(me, {}).get(fo.source, []) if fo else []
        return not rivals or title >= max(rivals)[0] - MARGIN + 1e-9

    return {
        key: PairScore(result.score, False, False, result.reason, review=True, title=result.title)
        for key, result in sorted(pairs.items())
        if result.slot
        and not result.linked
        and key not in linked
        and result.title >= MIN_UNIQUE
        and contender(key[0], key[1], result.title)
        and contender(key[1], key[0], result.title)
    }
