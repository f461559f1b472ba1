from __future__ import annotations

from datetime import date
from pathlib import Path
from textwrap import dedent

import pytest

from funding import Profile, RuleError, estimate, load_rules
from funding.loader import parse_rules
from tests.factories import make_offer

GOOD = """\
  - id: {id}
    version: {version}
    scheme: kmo_portefeuille
    title: Test rule
    valid_from: {start}
    valid_to: {end}
    source_url: https://www.vlaio.be/nl/subsidies-financiering/kmo-portefeuille
    profile: {{statuses: [employer], company_sizes: [small]}}
    offer: {{provider_kmo_number: true}}
    effect: {{payers: [employer], covers_percent: {percent}}}
    explanation: {{nl: "Test betaalt {{percent}}."}}
"""


def rule(id="kmo-test", version=1, start="2020-01-01", end="null", percent=40) -> str:
    return GOOD.format(id=id, version=version, start=start, end=end, percent=percent)


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_the_packaged_rules_load_and_cover_every_scheme() -> None:
    schemes = {r.scheme.value for r in load_rules()}
    assert schemes == {
        "sector_fund",
        "vdab",
        "opleidingscheques",
        "vlaams_opleidingsverlof",
        "vlaams_opleidingskrediet",
        "kmo_portefeuille",
    }


@pytest.mark.parametrize(
    ("text", "rule_label", "reason"),
    [
        (
            rule().replace(
                "    source_url: https://www.vlaio.be/nl/subsidies-financiering/kmo-portefeuille\n",
                "",
            ),
            "'kmo-test' (#1)",
            "source_url: Field required",
        ),
        (rule(start="2024-01-01", end="2023-01-01"), "'kmo-test' (#1)", "before valid_from"),
        (rule(percent=140), "'kmo-test' (#1)", "effect.covers_percent"),
        (rule().replace("{percent}.", "{amount}."), "'kmo-test' (#1)", "unknown placeholder"),
        (
            rule().replace("statuses: [employer]", "statuses: [boss]"),
            "'kmo-test' (#1)",
            "profile.statuses.0",
        ),
        (rule().replace("id: kmo-test", "id: Bad Id"), "'Bad Id' (#1)", "id: String should match"),
        (
            rule().replace("scheme: kmo_portefeuille", "scheme: kmo_portefeuille\n    colour: red"),
            "'kmo-test' (#1)",
            "colour: Extra inputs",
        ),
    ],
)
def test_a_bad_rule_is_reported_with_its_file_and_rule(tmp_path, text, rule_label, reason) -> None:
    folder = write(tmp_path / "rules", "kmo.yaml", "rules:\n" + rule(id="fine-one") + text)
    with pytest.raises(RuleError) as caught:
        load_rules(folder)
    assert caught.value.file.endswith("kmo.yaml")
    assert caught.value.rule == rule_label.replace("#1", "#2")
    assert reason in caught.value.reason


def test_broken_yaml_and_wrong_shape_are_reported_with_the_file(tmp_path) -> None:
    with pytest.raises(RuleError, match=r"a\.yaml: not valid YAML"):
        parse_rules("rules: [\n", "a.yaml")
    with pytest.raises(RuleError, match=r"b\.yaml: expected a mapping"):
        parse_rules("- id: x\n", "b.yaml")
    with pytest.raises(RuleError, match="no rule files"):
        load_rules(tmp_path)


def test_versions_of_one_rule_may_not_overlap_or_repeat(tmp_path) -> None:
    overlapping = "rules:\n" + rule(end="2024-06-30") + rule(version=2, start="2024-01-01")
    with pytest.raises(RuleError, match="version 2 overlaps version 1"):
        load_rules(write(tmp_path / "a", "x.yaml", overlapping))
    twice = "rules:\n" + rule(end="2023-12-31") + rule(start="2024-01-01")
    with pytest.raises(RuleError, match="version 1 is defined twice"):
        load_rules(write(tmp_path / "b", "x.yaml", twice))


def test_the_version_in_force_on_the_day_is_the_one_applied(tmp_path) -> None:
    text = (
        "rules:\n"
        + rule(end="2023-12-31", percent=40)
        + rule(version=2, start="2024-01-01", percent=30)
    )
    rules = load_rules(write(tmp_path / "rules", "kmo.yaml", dedent(text)))
    course = make_offer(
        provider={"name": "X", "kmo_portefeuille_number": "DV.O101767"},
        prices=[{"amount": "1000"}],
    )
    employer = Profile(status="employer", staff_count=10)
    assert estimate(employer, course, date(2023, 12, 31), rules).cost_to_employer == 600
    assert estimate(employer, course, date(2024, 1, 1), rules).cost_to_employer == 700
    assert estimate(employer, course, date(2019, 12, 31), rules).cost_to_employer == 1000
    [applied] = estimate(employer, course, date(2024, 1, 1), rules).applied
    assert (applied.version, applied.explanation["nl"]) == (2, "Test betaalt 30 %.")


def test_the_rules_check_command(tmp_path, capsys) -> None:
    from funding.__main__ import main

    assert main([]) == 0
    assert "cevora-pc200 v1  2024-01-01 .. open (indicative)" in capsys.readouterr().out
    folder = write(tmp_path / "bad", "x.yaml", "rules:\n" + rule(percent=140))
    assert main([str(folder)]) == 1
    assert "x.yaml, rule 'kmo-test' (#1): effect.covers_percent" in capsys.readouterr().err
