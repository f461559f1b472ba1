"""The cost model's invariants on generated offers × profiles × dates (hypothesis).

- the person's part, the employer's part and every scheme's part add up to the price, never more;
- premiums and wage compensation paid to the employer never lower the worker's cost;
- a fund's own course is € 0 only for whom the fund (or another scheme) pays: for anyone else it
  costs the price it states for them, or is "not open" / "ask the provider", never € 0;
- "free" is the billed party's part known and 0, and the index facets decide it the same way;
- the next start is the first session starting on or after the day; past runs are past.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from catalogue.model import CompanySize, SessionState, WorkerStatus
from funding import (
    Access,
    EducationLevel,
    OfferKind,
    Profile,
    default_rules,
    estimate,
    free_for_everyone,
    free_rule_ids,
    is_free_for,
    offer_rule_ids,
)
from funding.conditions import own_course_rules
from funding.schema import Payer
from tests.factories import make_offer

COMMITTEES = [None, "200", "124", "112", "149.01", "118", "207", "111", "302", "330"]
profiles = st.builds(
    Profile,
    status=st.sampled_from(WorkerStatus),
    joint_committee=st.sampled_from(COMMITTEES),
    education_level=st.sampled_from([None, *EducationLevel]),
    company_size=st.sampled_from([None, *CompanySize]),
    private_sector=st.booleans(),
)
days = st.dates(min_value=date(2018, 1, 1), max_value=date(2030, 12, 31))
SOURCES = ["cevora", "educam", "constructiv", "volta", "alimento", "co-valent", "vdab", "syntra-ab"]
PROVIDERS = ["Cevora", "Educam", "Syntra AB", "Alimento", "Andere Opleider bv"]


@st.composite
def sessions(draw):
    start = draw(st.none() | st.dates(min_value=date(2017, 1, 1), max_value=date(2031, 12, 31)))
    length = draw(st.integers(min_value=0, max_value=400))
    session = {
        "start_date": start,
        "end_date": start + timedelta(days=length) if start and draw(st.booleans()) else None,
        "status": draw(st.sampled_from([None, "open", "full", "cancelled"])),
        "places_left": draw(st.none() | st.integers(min_value=0, max_value=20)),
        "delivery_mode": "online_self_paced" if start is None else "classroom",
    }
    if start and draw(st.booleans()):
        session["registration_deadline"] = start - timedelta(days=draw(st.integers(0, 30)))
    if draw(st.booleans()):
        amount = draw(st.decimals(min_value=0, max_value=3000, places=2))
        session["prices"] = [{"amount": str(amount)}]
    return session


@st.composite
def offers(draw):
    source = draw(st.sampled_from(SOURCES))
    identifiers = []
    if draw(st.booleans()):
        identifiers.append({"scheme": "odb", "value": "ODB-0002141"})
    if draw(st.booleans()):
        identifiers.append({"scheme": "vdab", "value": "750417"})
    provider = {"name": draw(st.sampled_from(PROVIDERS))}
    if draw(st.booleans()):
        provider["kmo_portefeuille_number"] = "DV.O101767"
    prices = []
    if draw(st.booleans()):
        amount = draw(st.sampled_from([Decimal(0), Decimal(120)]) | st.decimals(0, 5000, places=2))
        unit = draw(st.sampled_from(["total", "per_day", "per_hour"]))
        audience = draw(st.sampled_from(["all", "member", "non_member"]))
        prices.append({"amount": str(amount), "unit": unit, "audience": audience})
    funding = []
    if draw(st.booleans()):
        option = {
            "scheme": "sector_fund",
            "fund": draw(st.sampled_from([None, "Cevora", "Alimento", "Constructiv"])),
            "joint_committees": [draw(st.sampled_from(["200", "124", "112", "118"]))],
            "percentage": draw(st.none() | st.floats(min_value=0, max_value=100)),
        }
        if draw(st.booleans()):
            option["amount"] = str(draw(st.decimals(min_value=0, max_value=40, places=2)))
            option["amount_unit"] = "per_hour"
        funding.append(option)
    for scheme in ("opleidingscheques", "vlaams_opleidingsverlof", "vdab", "kmo_portefeuille"):
        if draw(st.integers(0, 3)) == 0:
            funding.append({"scheme": scheme})
    duration = draw(st.sampled_from([None, {"hours": 7}, {"days": 3}, {"hours": 300}]))
    return make_offer(
        source=source,
        source_id="p1",
        identifiers=identifiers,
        provider=provider,
        offer_type=draw(st.sampled_from([None, "open", "in_company", "inter_company"])),
        prices=prices,
        funding=funding,
        duration=duration,
        sessions=draw(st.lists(sessions(), max_size=3)),
    )


@settings(max_examples=400, deadline=None)
@given(profiles, offers(), days)
def test_the_parts_add_up_to_the_price_never_more(profile, offer, day) -> None:
    result = estimate(profile, offer, day)
    assert estimate(profile, offer, day) == result  # pure
    parts = (result.cost_to_person, result.cost_to_employer)
    if result.access != Access.OPEN:
        assert parts == (None, None) and result.my_cost is None and not result.free
        assert not result.applied
        return
    for part in parts:
        assert part is None or part >= 0
    subsidies = [a.subsidy_eur for a in result.applied]
    assert all(s is None or s >= 0 for s in subsidies)
    if result.price_eur is not None:
        assert None not in parts
        assert result.cost_to_person + result.cost_to_employer + result.schemes_total == (
            result.price_eur
        )
    # only the billed party pays: the other part is 0
    other = result.cost_to_employer if result.billed == Payer.PERSON else result.cost_to_person
    assert other == 0
    for applied in result.applied:
        assert applied.explanation["nl"] and "{" not in applied.explanation["nl"]
    for step in result.next_steps:
        assert set(step.text) == {"nl", "fr", "en"} and "{" not in step.text["nl"]


@settings(max_examples=300, deadline=None)
@given(profiles, offers(), days)
def test_premiums_and_wage_compensation_never_lower_the_workers_cost(profile, offer, day) -> None:
    rules = default_rules()
    plain = [
        r.model_copy(
            update={
                "effect": r.effect.model_copy(
                    update={"premium_per_hour_eur": None, "wage_compensation_per_hour_eur": None}
                )
            }
        )
        for r in rules
        if r.effect.covers_percent or r.effect.paid_leave_hours_max or r.effect.time_credit
    ]
    with_premiums = estimate(profile, offer, day, rules)
    without = estimate(profile, offer, day, plain)
    assert with_premiums.cost_to_person == without.cost_to_person
    assert with_premiums.cost_to_employer == without.cost_to_employer
    assert with_premiums.free == without.free
    if with_premiums.my_cost is not None and profile.status != WorkerStatus.EMPLOYER:
        assert with_premiums.my_cost == with_premiums.cost_to_person


@settings(max_examples=400, deadline=None)
@given(profiles, offers(), days)
def test_a_funds_course_is_never_free_for_whom_no_scheme_pays(profile, offer, day) -> None:
    result = estimate(profile, offer, day)
    own = own_course_rules(default_rules(), offer, day)
    assert (result.offer_kind == OfferKind.FUND_COURSE) == bool(own)
    billed = result.cost_to_person if result.billed == Payer.PERSON else result.cost_to_employer
    if billed == 0 and result.price_eur != 0:
        # € 0 of a price that is not 0 (or unknown): a scheme paid it
        assert result.applied, result
    if result.free and not free_for_everyone(offer, day):
        assert any(a.subsidy_eur is None or a.subsidy_eur > 0 for a in result.applied) or (
            result.price_eur == 0 and result.applied
        ), result
    if result.access == Access.NOT_OPEN:
        assert any(r.effect.non_members.value == "not_open" for r in own)


@settings(max_examples=400, deadline=None)
@given(profiles, offers(), days)
def test_free_is_the_billed_part_and_the_index_facets_agree(profile, offer, day) -> None:
    result = estimate(profile, offer, day)
    billed = result.cost_to_person if result.billed == Payer.PERSON else result.cost_to_employer
    assert result.free == (result.access == Access.OPEN and billed is not None and billed <= 0)
    assert is_free_for(profile, offer, day) == result.free
    shared = set(offer_rule_ids(offer, day)) & set(free_rule_ids(profile, day))
    by_facets = free_for_everyone(offer, day) or bool(shared)
    if by_facets:
        assert result.free, (shared, result)
    stated_amount = any(o.amount is not None for o in offer.funding)
    if result.free and not stated_amount:
        assert by_facets, result


@settings(max_examples=400, deadline=None)
@given(st.lists(sessions(), max_size=4), days)
def test_the_next_start_is_the_first_session_starting_on_or_after_the_day(runs, day) -> None:
    offer = make_offer(source_id="s1", sessions=runs)
    nxt = offer.next_session(day)
    dated = [
        s.start_date
        for s in offer.sessions
        if s.start_date and s.start_date >= day and s.status != "cancelled"
    ]
    if dated:
        assert nxt is not None and nxt.start_date == min(dated)
    elif nxt is not None:
        assert nxt.start_date is None and nxt.delivery_mode == "online_self_paced"
    for session in offer.sessions:
        state = session.state_on(day)
        if session.is_past(day):
            assert state in (SessionState.PAST, SessionState.CANCELLED)
        if state in (SessionState.FULL, SessionState.OPEN, SessionState.PLANNED):
            assert not session.is_past(day)
            assert session.start_date is None or session.start_date >= day


@settings(max_examples=400, deadline=None)
@given(st.lists(sessions(), max_size=4), days)
def test_a_session_can_be_booked_only_when_it_is_open_or_planned_and_still_to_start(
    runs, day
) -> None:
    """One rule behind the offer page's "Inschrijven" and the session table's state: never
    for a full (also "0 places left"), cancelled, past, running or closed session."""
    offer = make_offer(source_id="s1", sessions=runs)
    for session in offer.sessions:
        state = session.state_on(day)
        if session.can_book(day):
            assert state in (SessionState.OPEN, SessionState.PLANNED), state
            assert session.is_upcoming(day)
            assert session.places_left != 0
        elif session.is_upcoming(day):
            assert state not in (SessionState.OPEN, SessionState.PLANNED), state
