"""Builders of profiles and offers that meet a rule, and of cases that break one condition.

The satisfying case is read from the rule's own data; each violation changes exactly one thing,
so a test can assert that exactly that condition fails."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from catalogue.model import (
    CompanySize,
    IdentifierScheme,
    Offer,
    WorkerStatus,
)
from funding.profile import EducationLevel, Profile
from funding.schema import OfferMatch, Rule
from tests.factories import make_offer

IDENTIFIER_VALUES = {
    IdentifierScheme.ODB: "ODB-0002141",
    IdentifierScheme.VDAB: "750417",
}


def profile_data(rule: Rule) -> dict[str, Any]:
    who = rule.profile
    return {
        "status": (who.statuses or [WorkerStatus.EMPLOYEE])[0],
        "joint_committee": who.joint_committees[0] if who.joint_committees else None,
        "company_size": who.company_sizes[0] if who.company_sizes else None,
        "education_level": who.education_levels[0] if who.education_levels else None,
        "private_sector": who.private_sector if who.private_sector is not None else True,
    }


def offer_data(rule: Rule, match: OfferMatch | None = None, with_match: bool = True) -> dict:
    """A neutral offer (another source, provider, no identifiers) plus what the rule asks."""
    data: dict[str, Any] = {
        "source": "otherprovider",
        "source_id": f"case-{rule.id}",
        "url": "https://www.example.be/opleiding/1",
        "identifiers": [],
        "title": "Projectmanagement in de praktijk",
        "provider": {"name": "Andere Opleider bv"},
        "prices": [{"amount": "400", "unit": "total"}],
        "duration": {"hours": 14},
        "funding": [],
    }
    schemes = set(rule.offer.identifiers)
    if with_match and rule.offer.any_of:
        match = match or rule.offer.any_of[0]
        if match.sources:
            data["source"] = match.sources[0]
        if match.providers:
            data["provider"] = {"name": match.providers[0]}
        schemes |= set(match.identifiers[:1])
        if match.funding:
            option: dict[str, Any] = {"scheme": match.funding.scheme}
            if match.funding.funds:
                option["fund"] = match.funding.funds[0]
            if match.funding.joint_committees:
                option["joint_committees"] = match.funding.joint_committees[:1]
            data["funding"] = [option]
    data["identifiers"] = [{"scheme": s, "value": IDENTIFIER_VALUES[s]} for s in sorted(schemes)]
    if rule.offer.provider_kmo_number:
        data["provider"] = {**data["provider"], "kmo_portefeuille_number": "DV.O101767"}
    if rule.offer.min_hours:
        data["duration"] = {"hours": rule.offer.min_hours}
    return data


def meeting(rule: Rule, match: OfferMatch | None = None) -> tuple[Profile, Offer, date]:
    return (
        Profile(**profile_data(rule)),
        make_offer(**offer_data(rule, match)),
        rule.valid_from,
    )


def _other(values: list, every: type) -> Any:
    return next(v for v in every if v not in values)


def violations(rule: Rule) -> list[tuple[str, Profile, Offer, date]]:
    """One case per condition of the rule, each breaking only that condition."""
    cases = []
    base_profile = profile_data(rule)
    offer = make_offer(**offer_data(rule))
    day = rule.valid_from

    def profile(**change: Any) -> Profile:
        return Profile(**{**base_profile, **change})

    cases.append(("valid_from", Profile(**base_profile), offer, day - timedelta(days=1)))
    if rule.valid_to is not None:
        cases.append(("valid_to", Profile(**base_profile), offer, rule.valid_to + timedelta(1)))
    who = rule.profile
    if who.statuses:
        cases.append(
            ("profile.statuses", profile(status=_other(who.statuses, WorkerStatus)), offer, day)
        )
    if who.joint_committees:
        cases.append(("profile.joint_committees", profile(joint_committee="111"), offer, day))
        cases.append(("profile.joint_committees", profile(joint_committee=None), offer, day))
    if who.company_sizes:
        other = _other(who.company_sizes, CompanySize)
        cases.append(("profile.company_sizes", profile(company_size=other), offer, day))
        cases.append(("profile.company_sizes", profile(company_size=None), offer, day))
    if who.education_levels:
        other = _other(who.education_levels, EducationLevel)
        cases.append(("profile.education_levels", profile(education_level=other), offer, day))
        cases.append(("profile.education_levels", profile(education_level=None), offer, day))
    if who.private_sector is not None:
        cases.append(
            ("profile.private_sector", profile(private_sector=not who.private_sector), offer, day)
        )
    what = rule.offer
    if what.any_of:
        unmatched = make_offer(**offer_data(rule, with_match=False))
        cases.append(("offer.any_of", Profile(**base_profile), unmatched, day))
    if what.identifiers:
        data = offer_data(rule)
        data["identifiers"] = [
            i for i in data["identifiers"] if i["scheme"] not in set(what.identifiers)
        ]
        cases.append(("offer.identifiers", Profile(**base_profile), make_offer(**data), day))
    if what.provider_kmo_number is not None:
        data = offer_data(rule)
        provider = dict(data["provider"])
        if what.provider_kmo_number:
            provider.pop("kmo_portefeuille_number", None)
        else:
            provider["kmo_portefeuille_number"] = "DV.O101767"
        data["provider"] = provider
        cases.append(
            ("offer.provider_kmo_number", Profile(**base_profile), make_offer(**data), day)
        )
    if what.min_hours:
        data = {**offer_data(rule), "duration": {"hours": what.min_hours / 2}}
        cases.append(("offer.min_hours", Profile(**base_profile), make_offer(**data), day))
    return cases
