"""Funding eligibility: which schemes pay for an offer, for whom, and what is left to pay.

The rules are data (``funding/rules/*.yaml``), validated by :mod:`funding.schema` and read by
:mod:`funding.loader`; :mod:`funding.engine` applies them to a :class:`~funding.profile.Profile`
and an :class:`~catalogue.model.Offer` on a given date. Everything here is a pure function.
"""

from __future__ import annotations

from funding.engine import (
    Access,
    AppliedRule,
    Estimate,
    MaybeRule,
    NextStep,
    OfferKind,
    estimate,
    free_for_everyone,
    is_free_for,
)
from funding.facets import free_rule_ids, offer_rule_ids
from funding.listings import rank_listings
from funding.loader import RuleError, default_rules, load_rules
from funding.profile import EducationLevel, Profile, profile_from_params
from funding.sme import SmeGroup, SmeOffer, sme_rule_ids, sme_view

__all__ = [
    "Access",
    "AppliedRule",
    "EducationLevel",
    "Estimate",
    "MaybeRule",
    "NextStep",
    "OfferKind",
    "Profile",
    "RuleError",
    "SmeGroup",
    "SmeOffer",
    "default_rules",
    "estimate",
    "free_for_everyone",
    "free_rule_ids",
    "is_free_for",
    "load_rules",
    "offer_rule_ids",
    "profile_from_params",
    "rank_listings",
    "sme_rule_ids",
    "sme_view",
]
