"""The eligibility engine: profile × offer × date → the schemes that apply and what is left.

Pure and deterministic: the same rules, profile, offer and date give the same estimate. Rules
apply in priority order, each on what is left of the price for its payer (a sector fund that
pays everything leaves nothing for the KMO-portefeuille to pay). Caps are applied per offer; the
engine cannot know how much of a yearly cap was already used.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, Field, computed_field

from catalogue.model import FundingOption, Offer, WorkerStatus
from core.analysis import LANGUAGES
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
from funding.schema import Effect, OfferMatch, Payer, Rule

Language = Literal["nl", "fr", "en"]

# Whose costs a status looks at, and which payers' schemes lower each of them. A self-employed
# person is their own enterprise: schemes for employers lower their own cost too.
PERSPECTIVES: dict[WorkerStatus, dict[str, frozenset[Payer]]] = {
    WorkerStatus.EMPLOYEE: {
        "person": frozenset({Payer.PERSON}),
        "employer": frozenset({Payer.EMPLOYER}),
    },
    WorkerStatus.JOB_SEEKER: {"person": frozenset({Payer.PERSON})},
    WorkerStatus.SELF_EMPLOYED: {"person": frozenset({Payer.PERSON, Payer.EMPLOYER})},
    WorkerStatus.EMPLOYER: {"employer": frozenset({Payer.EMPLOYER})},
}
UNKNOWN = {"nl": "onbekend", "fr": "inconnu", "en": "unknown"}
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


class MaybeRule(BaseModel):
    rule_id: str
    title: str
    missing: list[str]  # the profile fields that were not given


class Estimate(BaseModel):
    offer_id: str
    on: date
    status: WorkerStatus
    price_eur: Decimal | None = None  # the total list price the estimate starts from
    price_basis: str = "prijs onbekend"  # how that total was computed (Dutch)
    price_basis_i18n: dict[str, str] = Field(default_factory=dict)  # nl, fr, en
    applied: list[AppliedRule] = Field(default_factory=list)
    declared: list[FundingOption] = Field(default_factory=list)  # source-stated, no rule
    # rules that would apply if the profile said more (e.g. education level not given)
    maybe: list[MaybeRule] = Field(default_factory=list)
    cost_to_person: Decimal | None = None  # None: not this profile's cost, or unknown
    cost_to_employer: Decimal | None = None
    premiums_to_employer: Decimal = Decimal("0")
    paid_leave_hours: float | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def net_cost_to_employer(self) -> Decimal | None:
        """Employer's cost minus premiums it receives (negative: the training pays)."""
        if self.cost_to_employer is None:
            return None
        return self.cost_to_employer - self.premiums_to_employer

    @computed_field  # type: ignore[prop-decorator]
    @property
    def my_cost(self) -> Decimal | None:
        """The cost that matters to this profile: the employer's for an employer, else the
        person's own."""
        if self.status == WorkerStatus.EMPLOYER:
            return self.net_cost_to_employer
        return self.cost_to_person

    @computed_field  # type: ignore[prop-decorator]
    @property
    def free(self) -> bool:
        """Nothing is left to pay for the course itself by whoever pays for this profile.
        Premiums an employer receives on top (for the wage during training) do not make a
        paid course free: they lower ``my_cost`` but are not a course discount."""
        cost = (
            self.cost_to_employer if self.status == WorkerStatus.EMPLOYER else self.cost_to_person
        )
        return cost is not None and cost <= 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def schemes(self) -> list[str]:
        return sorted({a.scheme for a in self.applied})

    def explanations(self, lang: Language = "nl") -> list[str]:
        return [a.explanation.get(lang) or a.explanation["nl"] for a in self.applied]


# --------------------------------------------------------------------------- conditions
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


# --------------------------------------------------------------------------- estimate
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


def _starting_price(
    rules: Sequence[Rule], offer: Offer, today: date
) -> tuple[Decimal | None, dict[str, str]]:
    """The offer's own price, else a matching fund's list price (what anyone pays for it,
    covered or not), with how it was computed."""
    price = pick_price(offer, today)
    if price is not None:
        return total_price(price.amount, price.unit, offer)
    listed = next((r.effect.list_price for r in rules if _lists_price(r, offer, today)), None)
    if listed is not None:
        total, basis = total_price(listed.amount, listed.unit, offer)
        return total, list_price_basis(basis)
    return None, unknown_basis()


def _cover(
    views: dict[str, frozenset[Payer]],
    left: dict[str, Decimal | None],
    effect: Effect,
    percent: float,
    fixed: Decimal | None,
) -> tuple[bool, Decimal | None]:
    """Take the scheme's share off what is left for each view it pays for (in place).
    Returns whether it pays for any view, and the largest share it paid (None: unknown)."""
    touched, subsidy = False, None
    for view, payers in views.items():
        if not payers & set(effect.payers) or not (percent or fixed):
            continue
        touched = True
        remaining = left[view]
        if remaining is None:  # unknown price: only "pays everything" is still known
            if percent >= 100 and effect.cap_eur is None:
                left[view] = Decimal("0")
            continue
        share = cents(remaining * Decimal(str(percent)) / 100)
        if fixed is not None:
            share = min(remaining, share + fixed)
        if effect.cap_eur is not None:
            share = min(share, effect.cap_eur)
        left[view] = remaining - share
        subsidy = share if subsidy is None else max(subsidy, share)
    return touched, subsidy


def estimate(
    profile: Profile,
    offer: Offer,
    today: date,
    rules: Sequence[Rule] | None = None,
    *,
    with_maybe: bool = True,
) -> Estimate:
    """What the offer costs this profile on ``today``: the list price (next session's, else the
    offer's; a fund's published list price when the offer states none), then every applicable
    rule in priority order on what is left for its payer. ``with_maybe=False`` leaves
    ``maybe`` empty (half the work, for callers that never show it: ``sme_view``)."""
    rules = default_rules() if rules is None else rules
    found = applicable_rules(profile, offer, today, rules)
    total, basis = _starting_price(rules, offer, today)
    views = PERSPECTIVES[profile.status]
    left: dict[str, Decimal | None] = dict.fromkeys(views, total)
    hours = offer.duration.approx_hours() if offer.duration else None
    result = Estimate(offer_id=offer.id or "", on=today, status=profile.status)
    result.price_eur, result.price_basis = total, basis["nl"]
    result.price_basis_i18n = basis
    scheme_names = set()
    for rule in found:
        effect = rule.effect
        option = declared_share(rule, offer)
        percent = effect.covers_percent
        fixed: Decimal | None = None
        if option is not None:
            percent = option.percentage if option.percentage is not None else 0
            if option.amount is not None:  # per hour: × the offer's hours (None: unknown)
                fixed, _ = total_price(option.amount, option.amount_unit, offer)
        touched, subsidy = _cover(views, left, effect, percent, fixed)
        if touched and subsidy == 0 and total:
            touched = False  # an earlier scheme already paid everything
        leave = premium = compensation = None
        employer_side = any(Payer.EMPLOYER in p for p in views.values())
        if effect.paid_leave_hours_max and hours:
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
        if not (touched or premium or leave or compensation or effect.time_credit):
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
                time_credit=effect.time_credit,
                explanation=_explain(rule, values, option),
                source_url=rule.source_url,
                indicative=rule.indicative,
            )
        )
    if with_maybe:
        result.maybe = _maybe(rules, profile, offer, today, found)
    result.cost_to_person = left.get("person")
    result.cost_to_employer = left.get("employer")
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
    """True when the cost that matters to this profile is known and zero (or less)."""
    return estimate(profile, offer, today, rules).free
