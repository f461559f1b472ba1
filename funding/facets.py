"""Funding as search facets: what can be stored with an offer in the index, and matched with a
profile at query time, without estimating every offer for every profile.

An offer is indexed with the ids of the rules whose *offer* conditions it meets
(:func:`offer_rule_ids`); a profile yields the ids of the rules whose *profile* conditions it
meets and that would make the offer free for it (:func:`free_rule_ids`). "Free for me" is
then "the offer is free for everyone, or the two lists share an id" — a terms filter. It is
exact except where the offer states a smaller share than the rule (the page then shows the
estimate), and "sort by my cost" re-ranks a page of results with :func:`funding.estimate`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from catalogue.model import Offer, WorkerStatus
from funding.engine import PERSPECTIVES, date_failures, offer_failures, profile_failures
from funding.loader import default_rules
from funding.profile import Profile
from funding.schema import Rule


def offer_rule_ids(offer: Offer, today: date, rules: Sequence[Rule] | None = None) -> list[str]:
    """Ids of the rules in force on ``today`` whose offer conditions the offer meets."""
    rules = default_rules() if rules is None else rules
    return sorted(
        {r.id for r in rules if not date_failures(r, today) and not offer_failures(r, offer)}
    )


def free_rule_ids(profile: Profile, today: date, rules: Sequence[Rule] | None = None) -> list[str]:
    """Ids of the rules in force on ``today`` that apply to this profile and pay the whole price
    of the cost that matters to it (the employer's for an employer, else the person's)."""
    rules = default_rules() if rules is None else rules
    view = "employer" if profile.status == WorkerStatus.EMPLOYER else "person"
    payers = PERSPECTIVES[profile.status][view]
    return sorted(
        {
            r.id
            for r in rules
            if not date_failures(r, today)
            and not profile_failures(r, profile)
            and r.effect.covers_percent >= 100
            and r.effect.cap_eur is None
            and payers & set(r.effect.payers)
        }
    )
