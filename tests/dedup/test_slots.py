"""One run, one course (dedup/slots.py): a relisting with the same start, place and hours as a
listing of the same provider is linked to it when it is the provider's only course of that run
in that source, or the clearly best fitting one, and the titles say enough (SLOT_TITLE); a
weaker title, or two of the provider's courses that fit as well, put the pair on the review
list instead; never across providers. Incremental updates decide as a full recompute does."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from catalogue.model import Offer
from dedup import compare, features_of, recompute_clusters, update_clusters
from dedup.evaluation import load_labelled, offer_from_row
from dedup.explain import explain
from dedup.slots import MIN_UNIQUE, SLOT_TITLE

FILES = Path(__file__).parent / "files"
_count = iter(range(10_000))

RUN = {"d": ["2027-01-21"], "de": "2027-01-21", "l": "3000 Leuven", "h": 6}


def row(source: str, provider: str, title: str, **more: Any) -> Offer:
    return offer_from_row(
        {"k": f"s{next(_count)}", "s": source, "p": provider, "t": title, **RUN, **more}
    )


@pytest.fixture
def store(any_store):
    return any_store


def clustered(store, offers: list[Offer]) -> dict[str, str]:
    store.upsert_offers(offers)
    recompute_clusters(store)
    found = store.all_clusters()
    return {o.id or "": found.get(o.id or "", o.id or "") for o in offers}


PROVIDER = ("ergorisk", "ErgoRisk", "Til- en transfertechnieken voor zorgverleners")
FUND = ("vormingplus", "ErgoRisk bv", "Tiltechnieken in de zorg")
# a fund that says most of the title, without an end date or street (the score stays below
# the threshold: only the run's competition can link it)
STRONG = ("vormingplus", "ErgoRisk bv", "Zorgverleners: veilig tillen")
TOWN = {"de": None, "l": "Leuven"}


def reviewed(store) -> set[tuple[str, str]]:
    return {(p.offer_a, p.offer_b) for p in store.review_pairs(100)}


def pair(a: Offer, b: Offer) -> tuple[str, str]:
    return tuple(sorted((a.id or "", b.id or "")))  # type: ignore[return-value]


def test_the_providers_only_course_of_the_run_is_linked(store) -> None:
    own, fund = row(*PROVIDER, a="Brusselsestraat 61"), row(*STRONG, **TOWN)
    result = compare(features_of(own), features_of(fund))
    assert not result.linked and result.slot  # the titles alone would not link them
    assert result.title >= SLOT_TITLE
    clusters = clustered(store, [own, fund])
    assert clusters[own.id or ""] == clusters[fund.id or ""]
    reason = store.cluster_reasons([own.id or "", fund.id or ""])
    said = explain(next(r for r in reason.values() if r), "nl") or ""
    assert "enige of best passende cursus van deze aanbieder" in said
    assert "start 21/01" in said


def test_a_clearly_better_fitting_course_of_the_run_wins(store) -> None:
    own, fund = row(*PROVIDER), row(*STRONG, **TOWN)
    other = row("ergorisk", "ErgoRisk", "Brandpreventie in woonzorgcentra")
    clusters = clustered(store, [own, fund, other])
    assert clusters[fund.id or ""] == clusters[own.id or ""] != clusters[other.id or ""]


def test_a_weak_title_goes_to_the_review_list_even_for_the_runs_only_course(store) -> None:
    """'Tiltechnieken in de zorg' shares one word with the provider's only course of the run:
    had the provider's own listing of it been missing, that course would be another one. A
    coordinator decides."""
    own, fund = row(*PROVIDER), row(*FUND)
    result = compare(features_of(own), features_of(fund))
    assert result.slot and MIN_UNIQUE <= result.title < SLOT_TITLE
    clusters = clustered(store, [own, fund])
    assert clusters[own.id or ""] != clusters[fund.id or ""]
    assert pair(own, fund) in reviewed(store)


def test_a_relisting_stays_out_of_the_providers_other_course(store) -> None:
    """The provider's own listing of the relisted course is missing; its other course of that
    day, place and hours shares a generic word: not linked, only reviewed."""
    other = row("ergorisk", "ErgoRisk", "Omgaan met agressie in de zorg")
    fund = row(*FUND)
    clusters = clustered(store, [other, fund])
    assert clusters[other.id or ""] != clusters[fund.id or ""]


def test_two_courses_that_fit_as_well_leave_the_relisting_to_a_coordinator(store) -> None:
    own, fund = row(*PROVIDER), row(*FUND)
    twin = row("ergorisk", "ErgoRisk", "Til- en transfertechnieken voor verpleegkundigen")
    clusters = clustered(store, [own, fund, twin])
    assert clusters[fund.id or ""] not in (clusters[own.id or ""], clusters[twin.id or ""])
    assert {pair(own, fund), pair(twin, fund)} <= reviewed(store)


def test_no_title_evidence_no_link_even_alone(store) -> None:
    own, fund = row(*PROVIDER), row("vormingplus", "ErgoRisk", "Brandpreventie in de zorg")
    result = compare(features_of(own), features_of(fund))
    assert result.slot and result.title < MIN_UNIQUE
    clusters = clustered(store, [own, fund])
    assert clusters[own.id or ""] != clusters[fund.id or ""]


@pytest.mark.parametrize(
    "change",
    [
        {"p": "Preventa"},  # another provider
        {"h": 12},  # other hours
        {"d": ["2027-01-28"], "de": "2027-01-28"},  # another day
        {"l": "3500 Hasselt"},  # another place
    ],
)
def test_another_provider_or_run_is_never_the_runs_course(store, change) -> None:
    own = row(*PROVIDER)
    fund = row(*FUND, **change)
    assert not compare(features_of(own), features_of(fund)).slot
    clusters = clustered(store, [own, fund])
    assert clusters[own.id or ""] != clusters[fund.id or ""]


@pytest.mark.parametrize("seed", [1, 2])
def test_incremental_updates_decide_as_a_full_recompute(store, clock, seed) -> None:
    labelled = load_labelled(FILES / "relist_heldout2.yaml")
    rng = random.Random(seed)
    offers = list(labelled.offers)
    rng.shuffle(offers)
    while offers:
        size = rng.randint(1, 9)
        batch, offers = offers[:size], offers[size:]
        store.upsert_offers(batch)
        update_clusters(store, [o.id for o in batch])
        clock.tick(minutes=1)
    incremental = store.all_clusters()
    recompute_clusters(store)
    assert store.all_clusters() == incremental
