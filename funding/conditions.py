"""Whether a rule applies: its dates, the profile's and the offer's conditions, and which
rules make an offer a fund's own course."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from catalogue.model import FundingOption, FundingScheme, Offer
from funding.loader import default_rules
from funding.profile import Profile
from funding.schema import OfferMatch, Rule


@lru_cache(maxsize=8192)
def _fold(value: str) -> str:
    """Case- and space-insensitive form of a name (kept: rules and providers repeat)."""
    return " ".join(value.casefold().split())


def _matched_option(m: OfferMatch, offer: Offer) -> FundingOption | None:
    if m.funding is None:
        return None
    funds = {_fold(f) for f in m.funding.funds}
    wanted_jc = set(m.funding.joint_committees)
    for option in offer.funding:
        if option.scheme != m.funding.scheme:
            continue
        if funds and (option.fund is None or _fold(option.fund) not in funds):
            continue
        if wanted_jc and not wanted_jc & set(option.joint_committees):
            continue
        return option
    return None


def declared_share(rule: Rule, offer: Offer) -> FundingOption | None:
    """The offer's own funding option that a rule matched on, when it states another share or
    an amount: the source's figure for this offer is more specific than the rule's default."""
    for m in rule.offer.any_of:
        if not _match(m, offer):
            continue
        option = _matched_option(m, offer)
        if option is None:
            continue
        if option.amount is not None or (
            option.percentage is not None and option.percentage != rule.effect.covers_percent
        ):
            return option
    return None


def _match(m: OfferMatch, offer: Offer) -> bool:
    if m.sources and offer.source not in m.sources:
        return False
    if m.providers and _fold(offer.provider.name) not in {_fold(p) for p in m.providers}:
        return False
    if m.identifiers and not any(offer.identifier(s) for s in m.identifiers):
        return False
    return m.funding is None or _matched_option(m, offer) is not None


def date_failures(rule: Rule, day: date) -> list[str]:
    failed = []
    if day < rule.valid_from:
        failed.append("valid_from")
    if rule.valid_to is not None and day > rule.valid_to:
        failed.append("valid_to")
    return failed


def profile_failures(rule: Rule, profile: Profile) -> list[str]:
    failed = []
    who = rule.profile
    if who.statuses and profile.status not in who.statuses:
        failed.append("profile.statuses")
    if who.joint_committees and profile.joint_committee not in who.joint_committees:
        failed.append("profile.joint_committees")
    if who.company_sizes and profile.company_size not in who.company_sizes:
        failed.append("profile.company_sizes")
    if who.education_levels and profile.education_level not in who.education_levels:
        failed.append("profile.education_levels")
    if who.private_sector is not None and profile.private_sector != who.private_sector:
        failed.append("profile.private_sector")
    return failed


def offer_failures(rule: Rule, offer: Offer) -> list[str]:
    failed = []
    what = rule.offer
    if what.any_of and not any(_match(m, offer) for m in what.any_of):
        failed.append("offer.any_of")
    if what.identifiers and not all(offer.identifier(s) for s in what.identifiers):
        failed.append("offer.identifiers")
    if what.provider_kmo_number is not None and (
        bool(offer.provider.kmo_portefeuille_number) != what.provider_kmo_number
    ):
        failed.append("offer.provider_kmo_number")
    if what.min_hours is not None:
        hours = offer.duration.approx_hours() if offer.duration else None
        if hours is None or hours < what.min_hours:
            failed.append("offer.min_hours")
    return failed


def failed_conditions(rule: Rule, profile: Profile, offer: Offer, day: date) -> list[str]:
    """The names of the rule's conditions this case does not meet (empty: the rule applies)."""
    return date_failures(rule, day) + profile_failures(rule, profile) + offer_failures(rule, offer)


def applicable_rules(
    profile: Profile, offer: Offer, day: date, rules: Sequence[Rule] | None = None
) -> list[Rule]:
    rules = default_rules() if rules is None else rules
    found = [r for r in rules if not failed_conditions(r, profile, offer, day)]
    return sorted(found, key=lambda r: (r.priority, r.id, r.version))


def _own_match(m: OfferMatch, offer: Offer) -> bool:
    """The match recognises the offer by who publishes it (its source or provider)."""
    if not (m.sources or m.providers):
        return False
    return _match(m, offer)


def own_course_rules(rules: Sequence[Rule], offer: Offer, day: date) -> list[Rule]:
    """The sector-fund rules in force that pay a whole course and recognise this offer as the
    fund's own (by its source or provider): the offer is then a fund's course, free for whom
    those rules apply to and, for anyone else, priced by the course itself or not open."""
    return [
        r
        for r in rules
        if r.scheme == FundingScheme.SECTOR_FUND
        and r.effect.covers_percent >= 100
        and not date_failures(r, day)
        and any(_own_match(m, offer) for m in r.offer.any_of)
    ]
