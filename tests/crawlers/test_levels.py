"""Qualification levels that pages state (crawlers/parsers/levels.py), against a golden table,
and their way through the pipeline into the offer (the ODB's professional bachelor)."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from crawlers.parsers.levels import parse_level
from tests.crawlers.test_parsers import GOLDEN


def golden() -> list[tuple[str, object]]:
    return list(yaml.safe_load((GOLDEN / "levels.yaml").read_text(encoding="utf-8")).items())


@pytest.mark.parametrize(("text", "expected"), golden())
def test_levels(text: str, expected: list | None) -> None:
    level = parse_level(text)
    assert ([level.framework.value, level.value] if level else None) == expected


def test_a_stated_level_wins_over_a_degree_and_the_title_over_the_description() -> None:
    level = parse_level("Graduaat Verpleegkunde", None, "Kwalificatieniveau 5 (VKS).")
    assert (level.framework.value, level.value) == ("vks", 5)
    assert parse_level("Excel", None, "Daarna kan je de bachelor in de informatica volgen") is None


@given(st.text(max_size=200))
def test_any_text_gives_a_valid_level_or_none(text: str) -> None:
    level = parse_level(text, text, text)
    assert level is None or 1 <= level.value <= 8


def test_the_crawled_professional_bachelor_has_eqf_6(crawled) -> None:
    offers = crawled.offers("odb")
    bachelor = next(o for o in offers.values() if "bachelor" in o.title.lower())
    assert bachelor.level is not None
    assert (bachelor.level.framework.value, bachelor.level.value) == ("eqf", 6)
    assert all(o.level is None for o in offers.values() if "bachelor" not in o.title.lower())
