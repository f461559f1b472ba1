"""The worked examples in files/cases.yaml: schemes and costs computed by hand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from funding import Profile, estimate, load_rules
from tests.funding.test_estimate import offer

CASES = yaml.safe_load((Path(__file__).parent / "files" / "cases.yaml").read_text("utf-8"))["cases"]
DOCS = Path(__file__).resolve().parents[2] / "docs" / "funding.md"


def _eur(value):
    return None if value is None else Decimal(value)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_worked_example(case) -> None:
    day = case.get("day", date(2026, 11, 27))
    result = estimate(Profile(**case["profile"]), offer(**case["offer"]), day)
    assert sorted(a.rule_id for a in result.applied) == sorted(case["rules"])
    assert result.cost_to_person == _eur(case["person"])
    assert result.cost_to_employer == _eur(case["employer"])
    if "price" in case:
        assert result.price_eur == _eur(case["price"])
    if "premiums" in case:
        assert result.premiums_to_employer == _eur(case["premiums"])
    if "leave_hours" in case:
        assert result.paid_leave_hours == case["leave_hours"]


def test_every_rule_has_a_worked_example_and_is_documented() -> None:
    examples = {rule_id for case in CASES for rule_id in case["rules"]}
    docs = DOCS.read_text("utf-8")
    for rule in load_rules():
        assert rule.id in examples, f"{rule.id} has no worked example"
        assert f"`{rule.id}" in docs, f"{rule.id} is not in docs/funding.md"
