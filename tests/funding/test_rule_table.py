"""Every packaged rule, on both sides of each of its conditions (built from the rule's data)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from funding import default_rules
from funding.engine import applicable_rules, estimate, failed_conditions
from tests.funding.cases import meeting, violations

RULES = default_rules()


def _rule_id(rule) -> str:
    return f"{rule.id}@v{rule.version}"


@pytest.mark.parametrize("rule", RULES, ids=_rule_id)
def test_the_rule_applies_when_every_condition_holds(rule) -> None:
    profile, offer, day = meeting(rule)
    assert failed_conditions(rule, profile, offer, day) == []
    assert rule in applicable_rules(profile, offer, day, RULES)
    applied = [a.rule_id for a in estimate(profile, offer, day, RULES).applied]
    assert rule.id in applied


MATCH_CASES = [
    pytest.param(rule, match, id=f"{rule.id}-match{n}")
    for rule in RULES
    for n, match in enumerate(rule.offer.any_of)
]


@pytest.mark.parametrize(("rule", "match"), MATCH_CASES)
def test_each_way_to_recognise_the_offer_is_enough_on_its_own(rule, match) -> None:
    profile, offer, day = meeting(rule, match)
    assert failed_conditions(rule, profile, offer, day) == []


VIOLATIONS = [
    pytest.param(rule, condition, profile, offer, day, id=f"{rule.id}-{condition}-{n}")
    for rule in RULES
    for n, (condition, profile, offer, day) in enumerate(violations(rule))
]


@pytest.mark.parametrize(("rule", "condition", "profile", "offer", "day"), VIOLATIONS)
def test_breaking_one_condition_stops_the_rule(rule, condition, profile, offer, day) -> None:
    assert failed_conditions(rule, profile, offer, day) == [condition]
    assert rule not in applicable_rules(profile, offer, day, RULES)


def test_every_rule_has_a_violation_case_per_condition() -> None:
    for rule in RULES:
        conditions = {c for c, *_ in violations(rule)}
        expected = {"valid_from"}
        expected |= {f"profile.{k}" for k, v in rule.profile if v not in ([], None)}
        expected |= {f"offer.{k}" for k, v in rule.offer if v not in ([], None)}
        if rule.valid_to:
            expected.add("valid_to")
        assert conditions == expected, rule.id


@pytest.mark.parametrize("rule", RULES, ids=_rule_id)
def test_a_rule_outside_its_validity_dates_does_not_apply(rule) -> None:
    profile, offer, _day = meeting(rule)
    before = rule.valid_from - timedelta(days=1)
    assert rule.id not in [a.rule_id for a in estimate(profile, offer, before, RULES).applied]
    if rule.valid_to is not None:
        after = rule.valid_to + timedelta(days=1)
        assert rule.id not in [a.rule_id for a in estimate(profile, offer, after, RULES).applied]


@pytest.mark.parametrize("rule", RULES, ids=_rule_id)
def test_every_rule_cites_an_official_source_and_explains_itself_in_dutch(rule) -> None:
    profile, offer, day = meeting(rule)
    [applied] = [a for a in estimate(profile, offer, day, RULES).applied if a.rule_id == rule.id]
    assert applied.source_url.startswith("https://")
    assert applied.explanation["nl"]
    assert "{" not in applied.explanation["nl"]
    assert "\n" not in applied.explanation["nl"]
