"""The text parsers against golden tables (tests/crawlers/golden/*.yaml) and a few rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from catalogue.model import Province
from crawlers.parsers import (
    parse_date,
    parse_delivery_mode,
    parse_duration,
    parse_intensity,
    parse_location,
    parse_period,
    parse_prices,
    parse_schedule,
    province_for_postcode,
)
from crawlers.parsers.funding import parse_funding
from crawlers.parsers.identifiers import find_identifiers
from crawlers.parsers.schedules import parse_places_left, parse_session_status

GOLDEN = Path(__file__).parent / "golden"
TODAY = date(2024, 9, 1)


def golden(name: str) -> list[tuple[str, object]]:
    return list(yaml.safe_load((GOLDEN / f"{name}.yaml").read_text(encoding="utf-8")).items())


@pytest.mark.parametrize(("text", "expected"), golden("dates"))
def test_dates(text: str, expected: list[str | None]) -> None:
    start, end = parse_period(text, TODAY)
    got = [d.isoformat() if d else None for d in (start, end)]
    assert got == expected


@pytest.mark.parametrize(("text", "expected"), golden("prices"))
def test_prices(text: str, expected: list[list[str]]) -> None:
    got = [[str(p.amount), p.unit.value, p.vat.value, p.audience.value] for p in parse_prices(text)]
    assert got == expected


@pytest.mark.parametrize(("text", "expected"), golden("durations"))
def test_durations(text: str, expected: dict | None) -> None:
    duration = parse_duration(text)
    got = duration.model_dump(exclude_none=True) if duration else None
    assert got == expected


@pytest.mark.parametrize(("text", "expected"), golden("schedules"))
def test_schedules(text: str, expected: list) -> None:
    schedules, intensity, mode = expected
    assert [s.value for s in parse_schedule(text)] == schedules
    assert (parse_intensity(text) or None) == intensity
    assert (parse_delivery_mode(text) or None) == mode


def test_date_falls_back_to_dateparser_for_other_shapes() -> None:
    assert parse_date("September 3, 2024", TODAY) == date(2024, 9, 3)
    assert parse_date("geen datum", TODAY) is None


def test_price_amounts_are_decimals_with_cents() -> None:
    (price,) = parse_prices("€ 1,5 per lestijd")
    assert price.amount == Decimal("1.50")


@pytest.mark.parametrize(
    ("text", "postcode", "municipality", "province"),
    [
        ("Industrielaan 12, 1070 ANDERLECHT", "1070", "Anderlecht", Province.BRUSSEL),
        ("Kortrijksesteenweg 1094, 9051 GENT", "9051", "Gent", Province.OOST_VLAANDEREN),
        ("Kunstlaan 18, 3500 Hasselt", "3500", "Hasselt", Province.LIMBURG),
        ("Rue de la Loi 2, B-1000 Bruxelles", "1000", "Bruxelles", Province.BRUSSEL),
        ("Boulevard Tirou 1, 6000 Charleroi", "6000", "Charleroi", Province.HENEGOUWEN),
    ],
)
def test_locations(text: str, postcode: str, municipality: str, province: Province) -> None:
    location = parse_location(text)
    assert location is not None
    assert (location.postcode, location.municipality, location.province) == (
        postcode,
        municipality,
        province,
    )


@pytest.mark.parametrize(
    ("postcode", "province"),
    [
        (1000, Province.BRUSSEL),
        (1300, Province.WAALS_BRABANT),
        (1500, Province.VLAAMS_BRABANT),
        (2800, Province.ANTWERPEN),
        (3000, Province.VLAAMS_BRABANT),
        (3600, Province.LIMBURG),
        (4000, Province.LUIK),
        (5000, Province.NAMEN),
        (6700, Province.LUXEMBURG),
        (7000, Province.HENEGOUWEN),
        (8500, Province.WEST_VLAANDEREN),
        (9000, Province.OOST_VLAANDEREN),
        (999, None),
        ("abc", None),
    ],
)
def test_province_for_postcode(postcode: int | str, province: Province | None) -> None:
    assert province_for_postcode(postcode) == province


@pytest.mark.parametrize(
    ("text", "status", "places"),
    [
        ("Nog 4 plaatsen", "open", 4),
        ("Nog 4 vrije plaatsen", "open", 4),
        ("3 seats left", "open", 3),
        ("Volzet - wachtlijst", "full", None),
        ("Geannuleerd – te weinig inschrijvingen", "cancelled", None),
        ("Annulé", "cancelled", None),
        ("Complet", "full", None),
        ("Inschrijven", "open", None),
        ("", None, None),
    ],
)
def test_session_status(text: str, status: str | None, places: int | None) -> None:
    assert (parse_session_status(text) or None) == status
    assert parse_places_left(text) == places


@pytest.mark.parametrize(
    ("text", "schemes"),
    [
        ("KMO-portefeuille: ja – erkend onder DV.O104512", ["kmo_portefeuille"]),
        ("KMO-portefeuille: neen", []),
        ("Portefeuille PME : non", []),
        ("Niet erkend voor de KMO-portefeuille", []),
        ("Opleidingscheques: ja. Vlaams opleidingsverlof: neen.", ["opleidingscheques"]),
        ("Geen KMO-portefeuille, wel opleidingscheques", ["opleidingscheques"]),
        (
            "Erkend voor opleidingscheques en KMO-portefeuille",
            ["opleidingscheques", "kmo_portefeuille"],
        ),
    ],
)
def test_funding_named_as_not_applying_is_left_out(text: str, schemes: list[str]) -> None:
    assert [o["scheme"] for o in parse_funding(text)] == schemes


def test_identifiers() -> None:
    text = "Erkend onder DV.O101767; opleidingsdatabank ODB-0002141 en ODB-0002141."
    assert find_identifiers(text) == [
        {"scheme": "odb", "value": "ODB-0002141"},
        {"scheme": "kmo_portefeuille", "value": "DV.O101767"},
    ]


@settings(deadline=None, max_examples=200)  # dateparser's fallback is slow on a loaded machine
@given(st.text(max_size=80))
def test_parsers_never_raise(text: str) -> None:
    parse_period(text, TODAY)
    parse_prices(text)
    parse_duration(text)
    parse_schedule(text)
    parse_location(text)
