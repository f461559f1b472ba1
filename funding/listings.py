"""Which way to take a course is cheapest for me: the listings of one course run (a dedup
cluster) each with their estimate, cheapest first."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from catalogue.model import Offer
from funding.engine import Estimate, estimate
from funding.profile import Profile
from funding.schema import Rule


def rank_listings(
    profile: Profile, offers: Iterable[Offer], today: date, rules: Sequence[Rule] | None = None
) -> list[tuple[Offer, Estimate]]:
    """Every listing with its estimate, by the cost that matters to the profile (unknown
    last), then by how many schemes apply, then by offer id."""
    pairs = [(offer, estimate(profile, offer, today, rules)) for offer in offers]

    def key(pair: tuple[Offer, Estimate]) -> tuple:
        cost = pair[1].my_cost
        return (
            cost is None,
            cost if cost is not None else Decimal(0),
            -len(pair[1].applied),
            pair[0].id or "",
        )

    return sorted(pairs, key=key)
