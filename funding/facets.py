"""Funding as search facets: what can be stored with an offer in the index, and matched with a
profile at query time, without estimating every offer for every profile.

An offer is indexed with the ids of the rules whose *offer* conditions it meets
(:func:`offer_rule_ids`), and, for each rule that pays the whole price of this offer, the same
id marked ``full:`` (a rule whose share the offer states as smaller is not). A profile yields
the ``full:`` ids of the rules whose *profile* conditions it meets and that pay everything for
whoever is billed (:func:`free_rule_ids`). "Free for me" is then "free for everyone
(:func:`funding.engine.free_for_everyone`), or the two lists share an id" — a terms filter that
decides as :func:`funding.estimate` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from catalogue.model import Offer, WorkerStatus
from funding.conditions import date_failures, declared_share, offer_failures, profile_failures
from funding.loader import default_rules
from funding.profile import Profile
from funding.schema import Payer, Rule

FULL = "full:"  # prefix of the ids of rules that pay an offer's whole price


def _pays_all(rule: Rule, offer: Offer) -> bool:
    """The rule pays everything (no cap), unless the offer states a share that is less."""
    if rule.effect.covers_percent < 100 or rule.effect.cap_eur is not None:
        return False
    option = declared_share(rule, offer)
    if option is None:
        return True
    # a stated amount or a smaller share: the estimate decides per price
    return option.percentage is not None and option.percentage >= 100


def offer_rule_ids(offer: Offer, today: date, rules: Sequence[Rule] | None = None) -> list[str]:
    """Ids of the rules in force on ``today`` whose offer conditions the offer meets, and
    ``full:<id>`` for those among them that pay its whole price."""
    rules = default_rules() if rules is None else rules
    met = [r for r in rules if not date_failures(r, today) and not offer_failures(r, offer)]
    return sorted({r.id for r in met} | {FULL + r.id for r in met if _pays_all(r, offer)})


def _payers_needed(status: WorkerStatus) -> frozenset[Payer]:
    """The payers a rule must pay for to make any offer free for this status: an employee is
    billed for open offers, their employer for company training."""
    if status == WorkerStatus.EMPLOYEE:
        return frozenset({Payer.PERSON, Payer.EMPLOYER})
    if status == WorkerStatus.EMPLOYER:
        return frozenset({Payer.EMPLOYER})
    return frozenset({Payer.PERSON})


def free_rule_ids(profile: Profile, today: date, rules: Sequence[Rule] | None = None) -> list[str]:
    """``full:`` ids of the rules in force on ``today`` that apply to this profile and pay the
    whole price for whoever is billed."""
    rules = default_rules() if rules is None else rules
    needed = _payers_needed(profile.status)
    # a self-employed person's own cost is lowered by schemes for persons and for employers
    pays = (
        (lambda payers: bool(payers & {Payer.PERSON, Payer.EMPLOYER}))
        if profile.status == WorkerStatus.SELF_EMPLOYED
        else needed.issubset
    )
    return sorted(
        {
            FULL + r.id
            for r in rules
            if not date_failures(r, today)
            and not profile_failures(r, profile)
            and r.effect.covers_percent >= 100
            and r.effect.cap_eur is None
            and pays(set(r.effect.payers))
        }
    )
