"""The cost model: profile × offer × date → who pays what, and why.

Pure and deterministic: the same rules, profile, offer and date give the same estimate.

One computation says who pays what: the price is split between **the person**, **the employer**
and **each scheme**, and those parts add up to the price, never more. Who is billed depends on
the status and the kind of offer (:class:`OfferKind`):

- an *open* offer is paid by whoever enrols: the person (employee, job seeker, self-employed)
  or the employer (an employer buying training for staff);
- a *company* training (in-company, inter-company) goes through the employer: an employee's
  own part is 0, the employer is billed;
- a *fund's own course* is free for the fund's joint committees and statuses; for anyone else
  it costs the price the course states for them, else the fund's list price, else it is "not
  open to you" or "price unknown – ask the provider" (never € 0).

Rules apply in priority order, each on what is left of the billed party's part (a sector fund
that pays everything leaves nothing for the KMO-portefeuille). Premiums and wage compensation
go to the employer on top: they never lower the worker's cost (``net_cost_to_employer`` shows
them). Caps are applied per offer; the engine cannot know how much of a yearly cap was used.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field, computed_field

from catalogue.model import FundingOption, Offer, OfferType, WorkerStatus
from core.analysis import LANGUAGES
from funding.conditions import (
    applicable_rules,
    date_failures,
    declared_share,
    failed_conditions,
    offer_failures,
    own_course_rules,
    profile_failures,
)
from funding.loader import default_rules
from funding.money import (
    cents,
    format_eur,
    list_price_basis,
    pick_price,
    total_price,
    unit_price,
    unknown_basis,
)
from funding.profile import Profile
from funding.schema import Effect, NonMembers, Payer, Rule

Language = Literal["nl", "fr", "en"]
__all__ = [
    "Access",
    "AppliedRule",
    "Estimate",
    "MaybeRule",
    "NextStep",
    "OfferKind",
    "applicable_rules",
    "billed_party",
    "date_failures",
    "declared_share",
    "estimate",
    "failed_conditions",
    "free_for_everyone",
    "is_free_for",
    "offer_failures",
    "profile_failures",
    "scheme_payers",
]


class OfferKind(StrEnum):
    OPEN = "open"  # a person (or an employer for staff) enrols and pays
    COMPANY = "company"  # in-company / inter-company training: through the employer
    FUND_COURSE = "fund_course"  # a sector fund's own course


class Access(StrEnum):
    OPEN = "open"  # the profile can take it; the costs say at what price (None: unknown)
    NOT_OPEN = "not_open"  # a fund's course only for its joint committees and statuses
    ASK_PROVIDER = "ask_provider"  # a fund's course; its price for this profile is unknown


WAGED = (WorkerStatus.EMPLOYEE, WorkerStatus.EMPLOYER)  # training leave: worker and employer
UNKNOWN = {"nl": "onbekend", "fr": "inconnu", "en": "unknown"}
START = {"nl": "de start", "fr": "le début", "en": "the start"}
# when the offer states its own share of a fund's support, this line replaces the rule's
DECLARED_LINE = {
    "nl": "{fund} betaalt volgens de aanbieder {share} van de prijs, hier {subsidy}.",
    "fr": "Selon l'organisateur, {fund} paie {share} du prix, ici {subsidy}.",
    "en": "According to the provider, {fund} pays {share} of the price, here {subsidy}.",
}


class AppliedRule(BaseModel):
    rule_id: str
    version: int
    scheme: str
    fund: str | None
    title: str
    payers: list[Payer]
    subsidy_eur: Decimal | None = None  # what the scheme pays of the price (None: unknown)
    premium_eur: Decimal | None = None  # paid to the employer on top (per training hour)
    wage_compensation_eur: Decimal | None = None  # for the wage during leave (not a discount)
    paid_leave_hours: float | None = None
    time_credit: bool = False
    explanation: dict[str, str]  # language -> one line
    source_url: str
    indicative: bool


class NextStep(BaseModel):
    rule_id: str
    scheme: str
    text: dict[str, str]  # language -> what to do and when
    url: str  # the rule's official page
    before: date | None = None  # the date it refers to (the next start), when known


class MaybeRule(BaseModel):
    rule_id: str
    title: str
    missing: list[str]  # the profile fields that were not given


class Estimate(BaseModel):
    offer_id: str
    on: date
    status: WorkerStatus
    offer_kind: OfferKind = OfferKind.OPEN
    access: Access = Access.OPEN
    billed: Payer | None = None  # who is billed for the course in this situation
    fund: str | None = None  # the fund whose own course this is
    price_eur: Decimal | None = None  # the total list price the estimate starts from
    price_basis: str = "prijs onbekend"  # how that total was computed (Dutch)
    price_basis_i18n: dict[str, str] = Field(default_factory=dict)  # nl, fr, en
    applied: list[AppliedRule] = Field(default_factory=list)
    declared: list[FundingOption] = Field(default_factory=list)  # source-stated, no rule
    # rules that would apply if the profile said more (e.g. education level not given)
    maybe: list[MaybeRule] = Field(default_factory=list)
    next_steps: list[NextStep] = Field(default_factory=list)
    # the parts of the price: person + employer + every scheme's subsidy = price (None: unknown)
    cost_to_person: Decimal | None = None
    cost_to_employer: Decimal | None = None
    premiums_to_employer: Decimal = Decimal("0")
    paid_leave_hours: float | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def schemes_total(self) -> Decimal:
        """What the schemes pay of the price together (known subsidies)."""
        return sum((a.subsidy_eur or Decimal(0) for a in self.applied), Decimal(0))

    @computed_field  # type: ignore[prop-decorator]
    @property
    def net_cost_to_employer(self) -> Decimal | None:
        """Employer's part minus premiums it receives (negative: the training pays)."""
        if self.cost_to_employer is None:
            return None
        return self.cost_to_employer - self.premiums_to_employer

    @computed_field  # type: ignore[prop-decorator]
    @property
    def my_cost(self) -> Decimal | None:
        """The cost that matters to this profile: the employer's net cost for an employer,
        else the person's own part (premiums to an employer never lower it)."""
        if self.access != Access.OPEN:
            return None
        if self.status == WorkerStatus.EMPLOYER:
            return self.net_cost_to_employer
        return self.cost_to_person

    @computed_field  # type: ignore[prop-decorator]
    @property
    def free(self) -> bool:
        """Open to this profile and nothing is left to pay for the course by whoever is billed
        (premiums on top do not make a paid course free)."""
        if self.access != Access.OPEN or self.billed is None:
            return False
        cost = self.cost_to_person if self.billed == Payer.PERSON else self.cost_to_employer
        return cost is not None and cost <= 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def schemes(self) -> list[str]:
        return sorted({a.scheme for a in self.applied})

    def explanations(self, lang: Language = "nl") -> list[str]:
        return [a.explanation.get(lang) or a.explanation["nl"] for a in self.applied]


# --------------------------------------------------------------------------- who pays
def offer_kind(offer: Offer, own: Sequence[Rule]) -> OfferKind:
    if own:
        return OfferKind.FUND_COURSE
    if offer.offer_type in (OfferType.IN_COMPANY, OfferType.INTER_COMPANY):
        return OfferKind.COMPANY
    return OfferKind.OPEN


def billed_party(status: WorkerStatus, company_training: bool) -> Payer:
    """Who is billed: the employer for an employer and for company training, else the person
    (a self-employed person is their own enterprise)."""
    if status == WorkerStatus.EMPLOYER:
        return Payer.EMPLOYER
    if company_training and status == WorkerStatus.EMPLOYEE:
        return Payer.EMPLOYER
    return Payer.PERSON


def scheme_payers(status: WorkerStatus, billed: Payer) -> frozenset[Payer]:
    """Whose schemes lower the billed part: a self-employed person's own cost is lowered by
    schemes for persons and for employers (they are their own enterprise)."""
    if status == WorkerStatus.SELF_EMPLOYED:
        return frozenset({Payer.PERSON, Payer.EMPLOYER})
    return frozenset({billed})


def _lists_price(rule: Rule, offer: Offer, day: date) -> bool:
    """The rule publishes a list price and the offer is one of its offers (whoever asks)."""
    if rule.effect.list_price is None:
        return False
    return not date_failures(rule, day) and not offer_failures(rule, offer)


def _option_fits(option: FundingOption, profile: Profile) -> bool:
    if option.worker_statuses and profile.status not in option.worker_statuses:
        return False
    if option.joint_committees and profile.joint_committee not in option.joint_committees:
        return False
    return not (option.company_sizes and profile.company_size not in option.company_sizes)


def _explain(
    rule: Rule,
    values: dict[str, str | dict[str, str] | None],
    option: FundingOption | None = None,
) -> dict[str, str]:
    """One line per language; a value may itself be per language (a price per day)."""
    lines = {}
    if option is not None:
        share = []
        if option.percentage is not None:
            share.append(f"{option.percentage:g} %")
        amount = unit_price(option.amount, option.amount_unit) if option.amount is not None else {}
        share_text = {
            lang: " + ".join([*share, amount.get(lang, "")]).strip(" +") for lang in LANGUAGES
        }
        values = {**values, "share": share_text, "fund": option.fund or rule.fund}
    for lang in LANGUAGES:
        template = DECLARED_LINE[lang] if option is not None else getattr(rule.explanation, lang)
        if template:
            filled = {
                k: (v[lang] if isinstance(v, dict) else v if v is not None else UNKNOWN[lang])
                for k, v in values.items()
            }
            lines[lang] = template.format_map(filled)
    return lines


def _list_price(
    rules: Sequence[Rule], offer: Offer, today: date
) -> tuple[Decimal | None, dict[str, str]]:
    listed = next((r.effect.list_price for r in rules if _lists_price(r, offer, today)), None)
    if listed is None:
        return None, unknown_basis()
    total, basis = total_price(listed.amount, listed.unit, offer)
    return total, list_price_basis(basis)


def _starting_price(
    rules: Sequence[Rule], offer: Offer, today: date, *, member: bool = True
) -> tuple[Decimal | None, dict[str, str]]:
    """The offer's own price, else a matching fund's list price, with how it was computed.
    ``member=False`` (a fund's course for someone the fund does not pay for): a stated € 0
    is the members' price, so only a positive stated price counts."""
    price = pick_price(offer, today)
    if price is not None and (member or price.amount > 0):
        return total_price(price.amount, price.unit, offer)
    return _list_price(rules, offer, today)


def _cover(
    remaining: Decimal | None, effect: Effect, percent: float, fixed: Decimal | None
) -> tuple[Decimal | None, Decimal | None]:
    """(what is left, what the scheme pays) of the billed part (None: unknown)."""
    if remaining is None:  # unknown price: only "pays everything" is still known
        if percent >= 100 and effect.cap_eur is None and fixed is None:
            return Decimal("0"), None
        return None, None
    share = cents(remaining * Decimal(str(percent)) / 100)
    if fixed is not None:
        share = min(remaining, share + fixed)
    if effect.cap_eur is not None:
        share = min(share, effect.cap_eur)
    return remaining - share, share


def _format_day(day: date | None, lang: str) -> str:
    return day.strftime("%d/%m/%Y") if day else START[lang]


def _next_step(rule: Rule, profile: Profile, offer: Offer, today: date) -> NextStep | None:
    if rule.next_step is None:
        return None
    session = offer.next_session(today)
    start = session.start_date if session else None
    text = {}
    for lang in LANGUAGES:
        template = getattr(rule.next_step, lang) or rule.next_step.nl
        text[lang] = template.format_map(
            {
                "start_date": _format_day(start, lang),
                "fund": rule.fund or UNKNOWN[lang],
                "joint_committee": profile.joint_committee or UNKNOWN[lang],
            }
        )
    return NextStep(
        rule_id=rule.id,
        scheme=rule.scheme.value,
        text=text,
        url=rule.next_step_url or rule.source_url,
        before=start,
    )


# --------------------------------------------------------------------------- estimate
def estimate(
    profile: Profile,
    offer: Offer,
    today: date,
    rules: Sequence[Rule] | None = None,
    *,
    with_maybe: bool = True,
) -> Estimate:
    """Who pays what for the offer, for this profile, on ``today`` (see the module's doc).
    ``with_maybe=False`` leaves ``maybe`` empty (half the work, for callers that never show
    it: ``sme_view``)."""
    rules = default_rules() if rules is None else rules
    found = applicable_rules(profile, offer, today, rules)
    own = own_course_rules(rules, offer, today)
    kind = offer_kind(offer, own)
    member = not own or any(r in found for r in own)
    company = kind == OfferKind.COMPANY or offer.offer_type in (
        OfferType.IN_COMPANY,
        OfferType.INTER_COMPANY,
    )
    billed = billed_party(profile.status, company)
    paying = scheme_payers(profile.status, billed)
    total, basis = _starting_price(rules, offer, today, member=member)
    result = Estimate(
        offer_id=offer.id or "",
        on=today,
        status=profile.status,
        offer_kind=kind,
        billed=billed,
        fund=own[0].fund if own else None,
        price_eur=total,
        price_basis=basis["nl"],
        price_basis_i18n=basis,
    )
    left: Decimal | None = total
    hours = offer.duration.approx_hours() if offer.duration else None
    employer_side = profile.status != WorkerStatus.JOB_SEEKER
    scheme_names = set()
    for rule in found:
        effect = rule.effect
        # the offer's own figure replaces a share of the price, never a premium's amount
        option = declared_share(rule, offer) if effect.covers_percent else None
        percent = effect.covers_percent
        fixed: Decimal | None = None
        if option is not None:
            percent = option.percentage if option.percentage is not None else 0
            if option.amount is not None:  # per hour: × the offer's hours (None: unknown)
                fixed, _ = total_price(option.amount, option.amount_unit, offer)
        touched, subsidy = False, None
        # a fund's own course stated at € 0 is free through the fund: it is still named
        if (percent or fixed) and paying & set(effect.payers) and (left != 0 or rule in own):
            touched = True
            left, subsidy = _cover(left, effect, percent, fixed)
        leave = premium = compensation = None
        if effect.paid_leave_hours_max and hours and profile.status in WAGED:
            leave = min(hours, effect.paid_leave_hours_max)
        if effect.premium_per_hour_eur and hours and employer_side:
            premium = cents(effect.premium_per_hour_eur * Decimal(str(leave or hours)))
            result.premiums_to_employer += premium
        if effect.wage_compensation_per_hour_eur and hours and employer_side:
            compensation = cents(
                effect.wage_compensation_per_hour_eur * Decimal(str(leave or hours))
            )
        if leave:
            result.paid_leave_hours = max(result.paid_leave_hours or 0, leave)
        time_credit = effect.time_credit and profile.status == WorkerStatus.EMPLOYEE
        if not (touched or premium or leave or compensation or time_credit):
            continue  # nothing this profile gains from it
        listed = effect.list_price
        values = {
            "percent": f"{effect.covers_percent:g} %",
            "subsidy": format_eur(subsidy) if subsidy is not None else None,
            "cap": format_eur(effect.cap_eur) if effect.cap_eur is not None else None,
            "premium": format_eur(premium) if premium is not None else None,
            "wage_compensation": format_eur(compensation) if compensation is not None else None,
            "hours": f"{(leave or hours):g}" if (leave or hours) else None,
            "joint_committee": profile.joint_committee,
            "fund": rule.fund,
            "list_price": unit_price(listed.amount, listed.unit) if listed else None,
            "start_date": None,
        }
        scheme_names.add(rule.scheme)
        result.applied.append(
            AppliedRule(
                rule_id=rule.id,
                version=rule.version,
                scheme=rule.scheme.value,
                fund=rule.fund,
                title=rule.title,
                payers=list(effect.payers),
                subsidy_eur=subsidy,
                premium_eur=premium,
                wage_compensation_eur=compensation,
                paid_leave_hours=leave,
                time_credit=time_credit,
                explanation=_explain(rule, values, option),
                source_url=rule.source_url,
                indicative=rule.indicative,
            )
        )
        step = _next_step(rule, profile, offer, today)
        if step is not None:
            result.next_steps.append(step)
    if with_maybe:
        result.maybe = _maybe(rules, profile, offer, today, found)
    if not member and total is None and left != 0:
        # a fund's course for someone it does not pay for, no price for them: never € 0
        not_open = any(r.effect.non_members == NonMembers.NOT_OPEN for r in own)
        result.access = Access.NOT_OPEN if not_open else Access.ASK_PROVIDER
        result.billed, result.applied, result.next_steps = None, [], []
        result.premiums_to_employer, result.paid_leave_hours = Decimal("0"), None
        return result
    zero = Decimal("0.00")
    if billed == Payer.PERSON:
        result.cost_to_person, result.cost_to_employer = left, zero
    else:
        result.cost_to_person, result.cost_to_employer = zero, left
    result.declared = [
        o for o in offer.funding if o.scheme not in scheme_names and _option_fits(o, profile)
    ]
    return result


_PROFILE_FIELD = {
    "profile.joint_committees": "joint_committee",
    "profile.company_sizes": "company_size",
    "profile.education_levels": "education_level",
}


def _maybe(
    rules: Sequence[Rule], profile: Profile, offer: Offer, day: date, found: list[Rule]
) -> list[MaybeRule]:
    """Rules that fail only on profile fields left empty."""
    result = []
    for rule in rules:
        if rule in found:
            continue
        failed = failed_conditions(rule, profile, offer, day)
        fields = [_PROFILE_FIELD.get(name) for name in failed]
        if failed and all(f is not None and getattr(profile, f) is None for f in fields):
            result.append(MaybeRule(rule_id=rule.id, title=rule.title, missing=sorted(set(fields))))
    return result


def is_free_for(
    profile: Profile, offer: Offer, today: date, rules: Sequence[Rule] | None = None
) -> bool:
    """True when the offer is open to this profile and nothing is left to pay for it."""
    return estimate(profile, offer, today, rules, with_maybe=False).free


def free_for_everyone(offer: Offer, today: date, rules: Sequence[Rule] | None = None) -> bool:
    """The price quoted on ``today`` (the next session's, else the offer's) is € 0 and it is
    not a fund's course free for its members only: the estimate is then 0 for everyone."""
    rules = default_rules() if rules is None else rules
    price = pick_price(offer, today)
    if price is None or price.amount != 0:
        return False
    return not own_course_rules(rules, offer, today)
