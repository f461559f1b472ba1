"""Access for priority groups: the share of offers that meet each access criterion.

Each criterion is a pure predicate on an offer (and the sessions the filter keeps); the exact
definitions are in ``CRITERIA`` below and in docs/reports.md. Shares are over the offers the
filter keeps (active and stale), rounded to four decimals.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from catalogue.model import FundingScheme, Offer, Schedule, Session, WorkerStatus
from reports.filters import OfferFilter
from reports.regions import FLEMISH_PROVINCES, is_online, province_of
from reports.table import Report, Table, share

# Words in an offer's own text (title, description, target groups, prerequisites).
NT2_PATTERN = re.compile(
    r"\bNT2\b|nederlands als tweede taal|\banderstalig\w*|\btaalondersteuning\b|\btaalcoach\w*",
    re.IGNORECASE,
)
JOB_SEEKER_PATTERN = re.compile(
    r"\bwerkzoekend\w*|\bjob ?seekers?\b|\bdemandeurs? d'emploi\b", re.IGNORECASE
)
# Target groups or prerequisites that say the offer is open without a secondary diploma.
NO_DIPLOMA_OPEN_PATTERN = re.compile(
    r"\bkortgeschoold\w*|\blaaggeschoold\w*|\bzonder (\w+ )?diploma\b"
    r"|\bgeen (\w+ )?(diploma|vooropleiding|voorkennis|toelatingsvoorwaarden?)\b",
    re.IGNORECASE,
)
# Prerequisites that ask for a secondary (or higher) diploma.
DIPLOMA_REQUIRED_PATTERN = re.compile(
    r"\bdiploma (van het )?(hoger |algemeen |technisch )?secundair\w*"
    r"|\bsecundair(e)? (onderwijs)?diploma\b|\bdiploma hoger onderwijs\b|\bbachelor\w*|\bmaster\w*",
    re.IGNORECASE,
)
MAX_LEVEL_WITHOUT_SECONDARY = 3  # EQF/VKS 4 is the level of a secondary-school diploma

TITLE = {
    "nl": "Toegankelijkheid voor prioritaire groepen",
    "fr": "Accessibilité pour les groupes prioritaires",
    "en": "Access for priority groups",
}


def _text(offer: Offer) -> str:
    return "\n".join([offer.title, offer.description, *offer.target_groups])


def is_free(offer: Offer, sessions: list[Session]) -> bool:
    """Every known price of the offer (or, without offer prices, of its sessions) is zero."""
    return offer.is_free()


def is_evening_or_weekend(offer: Offer, sessions: list[Session]) -> bool:
    """At least one session is scheduled in the evening or at the weekend."""
    wanted = {Schedule.EVENING, Schedule.WEEKEND}
    return any(wanted & set(s.schedule) for s in sessions)


def is_online_offer(offer: Offer, sessions: list[Session]) -> bool:
    """At least one session is online, live or self-paced (blended does not count)."""
    return any(is_online(s) for s in sessions)


def has_nt2_support(offer: Offer, sessions: list[Session]) -> bool:
    """Title, description, target groups or prerequisites mention NT2, Nederlands als tweede
    taal, anderstaligen, taalondersteuning or a taalcoach."""
    return bool(NT2_PATTERN.search(_text(offer) + "\n" + (offer.prerequisites or "")))


def is_open_to_job_seekers(offer: Offer, sessions: list[Session]) -> bool:
    """A funding option is for job seekers or is VDAB's, or a target group names them."""
    for option in offer.funding:
        if option.scheme == FundingScheme.VDAB or WorkerStatus.JOB_SEEKER in option.worker_statuses:
            return True
    return any(JOB_SEEKER_PATTERN.search(group) for group in offer.target_groups)


def is_open_without_secondary_diploma(offer: Offer, sessions: list[Session]) -> bool:
    """Target groups or prerequisites say so (kortgeschoolden, zonder diploma, geen
    vooropleiding …); otherwise, when the prerequisites ask for no secondary or higher diploma,
    an EQF/VKS level of 3 or lower. No stated level and no statement: not counted."""
    stated = "\n".join([*offer.target_groups, offer.prerequisites or ""])
    if NO_DIPLOMA_OPEN_PATTERN.search(stated):
        return True
    if DIPLOMA_REQUIRED_PATTERN.search(offer.prerequisites or ""):
        return False
    return offer.level is not None and offer.level.value <= MAX_LEVEL_WITHOUT_SECONDARY


@dataclass(frozen=True)
class Criterion:
    name: str
    label: dict[str, str]
    test: Callable[[Offer, list[Session]], bool]


CRITERIA: tuple[Criterion, ...] = (
    Criterion("free", {"nl": "Gratis", "fr": "Gratuit", "en": "Free"}, is_free),
    Criterion(
        "evening_or_weekend",
        {
            "nl": "'s Avonds of in het weekend",
            "fr": "En soirée ou le week-end",
            "en": "Evening or weekend",
        },
        is_evening_or_weekend,
    ),
    Criterion("online", {"nl": "Online", "fr": "En ligne", "en": "Online"}, is_online_offer),
    Criterion(
        "nt2_support",
        {"nl": "Met NT2-ondersteuning", "fr": "Avec soutien NT2", "en": "With Dutch L2 support"},
        has_nt2_support,
    ),
    Criterion(
        "job_seekers",
        {
            "nl": "Open voor werkzoekenden",
            "fr": "Ouvert aux demandeurs d'emploi",
            "en": "Open to job seekers",
        },
        is_open_to_job_seekers,
    ),
    Criterion(
        "no_secondary_diploma",
        {
            "nl": "Zonder diploma secundair onderwijs",
            "fr": "Sans diplôme du secondaire",
            "en": "Without a secondary diploma",
        },
        is_open_without_secondary_diploma,
    ),
)


def access(offers: Iterable[Offer], filters: OfferFilter | None = None) -> Report:
    filters = filters or OfferFilter()
    total = 0
    matching = dict.fromkeys((c.name for c in CRITERIA), 0)
    province_total: dict[str, int] = {}
    province_matching: dict[tuple[str, str], int] = {}
    for offer in offers:
        if not filters.keeps(offer):
            continue
        sessions = filters.sessions(offer)
        total += 1
        provinces = {p.value for s in sessions if (p := province_of(s.location))}
        for province in provinces:
            province_total[province] = province_total.get(province, 0) + 1
        for criterion in CRITERIA:
            if criterion.test(offer, sessions):
                matching[criterion.name] += 1
                for province in provinces:
                    key = (province, criterion.name)
                    province_matching[key] = province_matching.get(key, 0) + 1

    criteria = Table(
        "criteria",
        {"nl": "Aandeel per criterium", "fr": "Part par critère", "en": "Share per criterion"},
        ["criterion", "label", "offers", "total", "share"],
    )
    for criterion in CRITERIA:
        n = matching[criterion.name]
        criteria.add(
            criterion=criterion.name,
            label=criterion.label["nl"],
            offers=n,
            total=total,
            share=share(n, total),
        )
    by_province = Table(
        "by_province",
        {
            "nl": "Aandeel per provincie en criterium",
            "fr": "Part par province et critère",
            "en": "Share per province and criterion",
        },
        ["province", "criterion", "offers", "total", "share"],
    )
    shown_provinces = (
        [filters.province.value]
        if filters.province
        else sorted({p.value for p in FLEMISH_PROVINCES} | set(province_total))
    )
    for province in shown_provinces:
        for criterion in CRITERIA:
            n = province_matching.get((province, criterion.name), 0)
            whole = province_total.get(province, 0)
            by_province.add(
                province=province,
                criterion=criterion.name,
                offers=n,
                total=whole,
                share=share(n, whole),
            )
    return Report(
        name="access",
        title=TITLE,
        parameters=filters.as_parameters(),
        tables=[criteria, by_province],
    )
