"""The SME view: every offer a joint committee's sector fund pays for, grouped by competence
area (ISCED-F broad field, else the offer's strongest competence), with the employer's cost."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, Field

from catalogue.model import CompanySize, FundingScheme, Offer, WorkerStatus
from funding.conditions import date_failures, profile_failures
from funding.engine import estimate
from funding.loader import default_rules
from funding.profile import Profile
from funding.schema import Rule

OTHER_AREA = ("overig", "Overige")
# ISCED-F 2013 broad fields, in Dutch
ISCED_BROAD_FIELDS_NL = {
    "00": "Generieke programma's",
    "01": "Onderwijs",
    "02": "Kunst en geesteswetenschappen",
    "03": "Sociale wetenschappen, journalistiek en informatie",
    "04": "Bedrijfskunde, administratie en recht",
    "05": "Natuurwetenschappen, wiskunde en statistiek",
    "06": "Informatie- en communicatietechnologie",
    "07": "Techniek, industrie en bouw",
    "08": "Landbouw, bosbouw, visserij en diergeneeskunde",
    "09": "Gezondheid en welzijn",
    "10": "Diensten",
}


class SmeOffer(BaseModel):
    offer_id: str
    title: str
    provider: str
    url: str
    next_start: date | None = None
    price_eur: Decimal | None = None
    price_basis: str
    employer_cost: Decimal | None = None  # after subsidies and premiums
    schemes: list[str]
    explanations: list[str]  # Dutch, one per applied rule
    cluster_id: str | None = None
    also_via: list[str] = Field(default_factory=list)  # other listings of the same course run


class SmeGroup(BaseModel):
    area: str  # "isced:07", "concept:<id>" or "overig"
    name: str
    offers: list[SmeOffer] = Field(default_factory=list)


def competence_area(
    offer: Offer, concept_name: Callable[[str], str | None] | None = None
) -> tuple[str, str]:
    """(key, Dutch name) of the offer's area: ISCED-F broad field, else strongest competence."""
    for code in offer.fields_of_education:
        broad = code[:2]
        if broad in ISCED_BROAD_FIELDS_NL:
            return f"isced:{broad}", ISCED_BROAD_FIELDS_NL[broad]
    if offer.competences:
        best = max(offer.competences, key=lambda c: (c.score, c.concept_id))
        name = concept_name(best.concept_id) if concept_name else None
        return f"concept:{best.concept_id}", name or best.concept_id
    return OTHER_AREA


def employer_profile(joint_committee: str, company_size: CompanySize | None = None) -> Profile:
    """The profile the SME view estimates for. Raises a pydantic ``ValidationError`` naming
    ``joint_committee`` when it is not a valid committee number."""
    return Profile(
        status=WorkerStatus.EMPLOYER, joint_committee=joint_committee, company_size=company_size
    )


def sme_rule_ids(
    joint_committee: str,
    today: date,
    company_size: CompanySize | None = None,
    rules: Sequence[Rule] | None = None,
) -> list[str]:
    """Ids of the sector-fund rules in force on ``today`` whose profile conditions an employer
    of ``joint_committee`` meets. With the offer's own sector-fund options that name the
    committee, they decide what :func:`sme_view` lists: an offer is listed only if it meets
    the offer conditions of one of these rules (its ``funding.offer_rule_ids``, as the search
    index stores them per course run) or declares such an option. The cheap first step of
    the SME view over a large catalogue (``index.sme``)."""
    rules = default_rules() if rules is None else rules
    profile = employer_profile(joint_committee, company_size)
    return sorted(
        {
            r.id
            for r in rules
            if r.scheme == FundingScheme.SECTOR_FUND
            and not date_failures(r, today)
            and not profile_failures(r, profile)
        }
    )


def _funded_for(offer: Offer, joint_committee: str, applied_sector_fund: bool) -> bool:
    if applied_sector_fund:
        return True
    return any(
        o.scheme == FundingScheme.SECTOR_FUND and joint_committee in o.joint_committees
        for o in offer.funding
    )


def _cost_key(item: SmeOffer) -> tuple:
    return (item.employer_cost is None, item.employer_cost or Decimal(0), item.offer_id)


def _one_per_cluster(items: list[SmeOffer]) -> list[SmeOffer]:
    kept: dict[str, SmeOffer] = {}
    for item in sorted(items, key=_cost_key):
        key = item.cluster_id or item.offer_id
        if key in kept:
            kept[key].also_via.append(item.offer_id)
        else:
            kept[key] = item
    return list(kept.values())


def sme_view(
    offers: Iterable[Offer],
    joint_committee: str,
    today: date,
    company_size: CompanySize | None = None,
    rules: Sequence[Rule] | None = None,
    concept_name: Callable[[str], str | None] | None = None,
    clusters: Mapping[str, str] | None = None,
) -> list[SmeGroup]:
    """Offers funded by the sector fund of ``joint_committee``, grouped by area (sorted by name),
    each group sorted by the employer's cost (unknown last), then title. With ``clusters``
    (offer id -> cluster id, from ``dedup.cluster_ids``) a course run listed by
    several sources appears once, as its cheapest listing, with the others in ``also_via``.
    Raises a pydantic ``ValidationError`` naming ``joint_committee`` when it is not a valid
    committee number."""
    profile = employer_profile(joint_committee, company_size)
    groups: dict[str, SmeGroup] = {}
    for offer in offers:
        result = estimate(profile, offer, today, rules, with_maybe=False)
        sector = any(a.scheme == FundingScheme.SECTOR_FUND for a in result.applied)
        if not _funded_for(offer, joint_committee, sector):
            continue
        key, name = competence_area(offer, concept_name)
        session = offer.next_session(today)
        groups.setdefault(key, SmeGroup(area=key, name=name)).offers.append(
            SmeOffer(
                offer_id=offer.id or "",
                title=offer.title,
                provider=offer.provider.name,
                url=offer.url,
                next_start=session.start_date if session else None,
                price_eur=result.price_eur,
                price_basis=result.price_basis,
                employer_cost=result.net_cost_to_employer,
                schemes=result.schemes,
                explanations=result.explanations("nl"),
                cluster_id=clusters.get(offer.id or "") if clusters else None,
            )
        )
    for group in groups.values():
        group.offers = _one_per_cluster(group.offers)
        group.offers.sort(
            key=lambda o: (
                o.employer_cost is None,
                o.employer_cost or Decimal(0),
                o.title.casefold(),
                o.offer_id,
            )
        )
    return sorted(groups.values(), key=lambda g: (g.area == OTHER_AREA[0], g.name, g.area))
