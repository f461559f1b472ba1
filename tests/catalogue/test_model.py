from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from catalogue.ids import offer_id
from catalogue.model import (
    DeliveryMode,
    FundingScheme,
    Offer,
    SessionStatus,
    error_fields,
)
from tests.factories import make_offer, offer_data


def _session(**overrides: Any) -> dict[str, Any]:
    session = dict(offer_data()["sessions"][0])
    session.update(overrides)
    return session


def _location(**overrides: Any) -> dict[str, Any]:
    return _session(location={"postcode": "9000", **overrides})


# ------------------------------------------------------------------ good input
GOOD = {
    "minimal": {
        "source": "syntra-ab",
        "source_id": "php-laravel",
        "url": "https://www.syntra-ab.be/opleidingen/php-programmeren-met-laravel",
        "title": "PHP programmeren met Laravel",
        "provider": {"name": "Syntra AB"},
    },
    "full": offer_data(
        identifiers=[
            {"scheme": "vdab", "value": "O-AMI-800865"},
            {"scheme": "odb", "value": "ODB-0002141"},
            {"scheme": "kmo_portefeuille", "value": "DV.O101767"},
        ],
        provider={"name": "CVO Vitant", "kmo_portefeuille_number": "DV.O101767"},
        level={"framework": "vks", "value": 4},
        certificate="Certificaat lasser",
        target_groups=["werkzoekenden", "werknemers"],
        prerequisites="Geen",
        competences=[{"concept_id": "esco:skill/abc", "score": 0.8, "method": "label"}],
        fields_of_education=["0715"],
        funding=[
            {
                "scheme": "sector_fund",
                "fund": "Constructiv",
                "joint_committees": ["124", "149.01"],
                "worker_statuses": ["employee"],
                "company_sizes": ["small"],
                "percentage": 100,
            },
            {"scheme": "kmo_portefeuille", "company_sizes": ["small"], "percentage": 30},
        ],
        prices=[
            {"amount": "250.00", "unit": "per_day", "vat": "excluded", "audience": "non_member"},
            {"amount": "1.50", "unit": "per_teaching_period", "audience": "member"},
        ],
        duration={"hours": 24, "days": 3, "teaching_periods": 40, "study_points": 3},
        registration_url="https://example.org/inschrijven",
        sessions=[
            _session(status="cancelled"),
            _session(
                start_date="2026-02-01",
                end_date="2026-02-01",
                schedule=["evening", "weekend"],
                intensity="part_time",
                delivery_mode="online_live",
                location=None,
                places_left=0,
                status="full",
            ),
        ],
    ),
    "postcode as int": offer_data(sessions=[_location(postcode=1000)]),
    "coordinates": offer_data(sessions=[_location(latitude=51.05, longitude=3.72)]),
    "foreign postcode": offer_data(
        sessions=[_session(location={"country": "NL", "postcode": "4811 AA"})]
    ),
    "one-day session": offer_data(
        sessions=[_session(start_date="2026-05-05", end_date="2026-05-05")]
    ),
}


@pytest.mark.parametrize("data", GOOD.values(), ids=GOOD.keys())
def test_good_input_validates(data: dict[str, Any]) -> None:
    offer = Offer.model_validate(data)
    assert offer.id == offer_id(data["source"], data["source_id"])
    assert offer.content_hash and len(offer.content_hash) == 64


# ------------------------------------------------------------------ bad input names its field
BAD = {
    "negative price": ({"prices": [{"amount": "-5"}]}, "prices.0.amount"),
    "absurd price": ({"prices": [{"amount": "1000000"}]}, "prices.0.amount"),
    "price with fractions of cents": ({"prices": [{"amount": "1.234"}]}, "prices.0.amount"),
    "price in dollars": ({"prices": [{"amount": "5", "currency": "USD"}]}, "prices.0.currency"),
    "unknown price unit": ({"prices": [{"amount": "5", "unit": "per_week"}]}, "prices.0.unit"),
    "negative hours": ({"duration": {"hours": -3}}, "duration.hours"),
    "absurd hours": ({"duration": {"hours": 100000}}, "duration.hours"),
    "zero teaching periods": ({"duration": {"teaching_periods": 0}}, "duration.teaching_periods"),
    "absurd study points": ({"duration": {"study_points": 1000}}, "duration.study_points"),
    "end before start": (
        {"sessions": [_session(start_date="2026-03-01", end_date="2026-02-01")]},
        "sessions.0.end_date",
    ),
    "javascript url": ({"url": "javascript:alert(1)"}, "url"),
    "ftp url": ({"url": "ftp://example.org/course"}, "url"),
    "url without host": ({"url": "https:///nohost"}, "url"),
    "data registration url": ({"registration_url": "data:text/html,hi"}, "registration_url"),
    "bad provider website": (
        {"provider": {"name": "X", "website": "mailto:a@b.be"}},
        "provider.website",
    ),
    "postcode below 1000": (
        {"sessions": [_location(postcode="999")]},
        "sessions.0.location.postcode",
    ),
    "postcode above 9999": (
        {"sessions": [_location(postcode="10000")]},
        "sessions.0.location.postcode",
    ),
    "postcode with letters": (
        {"sessions": [_location(postcode="90OO")]},
        "sessions.0.location.postcode",
    ),
    "latitude alone": ({"sessions": [_location(latitude=51.0)]}, "sessions.0.location.longitude"),
    "latitude out of range": (
        {"sessions": [_location(latitude=91, longitude=3)]},
        "sessions.0.location.latitude",
    ),
    "unknown delivery mode": (
        {"sessions": [_session(delivery_mode="telepathy")]},
        "sessions.0.delivery_mode",
    ),
    "unknown schedule": ({"sessions": [_session(schedule=["night"])]}, "sessions.0.schedule.0"),
    "unknown session status": ({"sessions": [_session(status="maybe")]}, "sessions.0.status"),
    "unknown funding scheme": ({"funding": [{"scheme": "lottery"}]}, "funding.0.scheme"),
    "bad joint committee": (
        {"funding": [{"scheme": "sector_fund", "joint_committees": ["PC200"]}]},
        "funding.0.joint_committees.0",
    ),
    "percentage over 100": (
        {"funding": [{"scheme": "kmo_portefeuille", "percentage": 130}]},
        "funding.0.percentage",
    ),
    "unknown worker status": (
        {"funding": [{"scheme": "vdab", "worker_statuses": ["retired"]}]},
        "funding.0.worker_statuses.0",
    ),
    "level 9": ({"level": {"framework": "eqf", "value": 9}}, "level.value"),
    "unknown level framework": ({"level": {"framework": "nqf", "value": 3}}, "level.framework"),
    "bad odb number": (
        {"identifiers": [{"scheme": "odb", "value": "ODB-12"}]},
        "identifiers.0.value",
    ),
    "bad vdab code": ({"identifiers": [{"scheme": "vdab", "value": "abc"}]}, "identifiers.0.value"),
    "bad kmo number": (
        {"identifiers": [{"scheme": "kmo_portefeuille", "value": "DV-101767"}]},
        "identifiers.0.value",
    ),
    "empty title": ({"title": "   "}, "title"),
    "title of only invisible characters": ({"title": "\u00a0\u200b\n\u00ad"}, "title"),
    "bad source key": ({"source": "VDAB Vlaanderen"}, "source"),
    "language name not code": ({"languages": ["Nederlands"]}, "languages.0"),
    "bad isced code": ({"fields_of_education": ["07a"]}, "fields_of_education.0"),
    "competence score above 1": (
        {"competences": [{"concept_id": "x", "score": 1.5, "method": "label"}]},
        "competences.0.score",
    ),
    "unknown field": ({"colour": "blue"}, "colour"),
    "id that does not match": ({"id": "vdab-0000000000000000"}, "id"),
    "negative places left": ({"sessions": [_session(places_left=-1)]}, "sessions.0.places_left"),
}


@pytest.mark.parametrize(("overrides", "field"), BAD.values(), ids=BAD.keys())
def test_bad_input_names_its_field(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as excinfo:
        Offer.model_validate(offer_data(**overrides))
    assert field in error_fields(excinfo.value)


def test_all_errors_are_reported_at_once() -> None:
    with pytest.raises(ValidationError) as excinfo:
        Offer.model_validate(
            offer_data(url="javascript:x", prices=[{"amount": "-1"}], duration={"hours": -1})
        )
    assert set(error_fields(excinfo.value)) == {"url", "prices.0.amount", "duration.hours"}


# ------------------------------------------------------------------ cleaning
# Text fields are plain text: whitespace is normalised, markup characters are text (crawlers
# decode HTML where it enters, catalogue.text.html_to_text; see test_text.py).
@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  Lassen   MIG/MAG \n", "Lassen MIG/MAG"),
        ("Français\u00a0pour\u00a0débutants", "Français pour débutants"),
        ("Heftruck\nchauffeur", "Heftruck chauffeur"),
        ("Excel & Word", "Excel & Word"),
        ("Excel &amp; Word", "Excel &amp; Word"),
        (
            "<img src=x onerror=alert(1)> Veilig werken",
            "<img src=x onerror=alert(1)> Veilig werken",
        ),
    ],
)
def test_title_is_cleaned(raw: str, clean: str) -> None:
    offer = make_offer(title=raw)
    assert offer.title == clean
    assert make_offer(title=offer.title) == offer


def test_description_keeps_paragraphs() -> None:
    offer = make_offer(
        description="Eerste   alinea\nloopt door.\n\n\n \nTweede alinea <b>&amp;</b>."
    )
    assert offer.description == "Eerste alinea loopt door.\n\nTweede alinea <b>&amp;</b>."
    assert make_offer(description=offer.description) == offer


# ------------------------------------------------------------------ ids and hashes
def test_id_is_stable_and_depends_on_source_and_source_id() -> None:
    a = make_offer(source_id="750417")
    b = make_offer(source_id="750417", title="Other title")
    c = make_offer(source_id="750418")
    d = make_offer(source="syntra-ab", source_id="750417", identifiers=[])
    assert a.id == b.id == "vdab-" + a.id.split("-")[1]
    assert len({a.id, c.id, d.id}) == 3
    assert a.id == offer_id("vdab", "750417")


def test_content_hash_follows_content_not_bookkeeping() -> None:
    a = make_offer()
    assert make_offer().content_hash == a.content_hash
    assert make_offer(title="Lasser TIG").content_hash != a.content_hash
    seen = make_offer(first_seen="2026-01-01T00:00:00Z", last_seen="2026-02-01T00:00:00Z")
    assert seen.content_hash == a.content_hash


def test_round_trip_through_json_is_lossless() -> None:
    offer = Offer.model_validate(GOOD["full"])
    again = Offer.model_validate_json(offer.model_dump_json())
    assert again == offer


# ------------------------------------------------------------------ derived views
def test_free_means_every_known_price_is_zero() -> None:
    assert make_offer().is_free()
    assert not make_offer(prices=[]).is_free()  # unknown is not free
    assert not make_offer(
        prices=[{"amount": "0"}, {"amount": "90", "audience": "non_member"}]
    ).is_free()


def test_next_session_skips_past_and_cancelled() -> None:
    offer = make_offer(
        sessions=[
            _session(start_date="2026-01-05", end_date="2026-01-06"),
            _session(start_date="2026-03-01", end_date="2026-03-02", status="cancelled"),
            _session(start_date="2026-04-01", end_date="2026-04-02", delivery_mode="online_live"),
            _session(start_date="2026-02-01", end_date="2026-02-02"),
        ]
    )
    today = date(2026, 1, 20)
    upcoming = offer.upcoming_sessions(today)
    assert [s.start_date for s in upcoming] == [date(2026, 2, 1), date(2026, 4, 1)]
    assert offer.next_session(today).start_date == date(2026, 2, 1)
    assert offer.sessions[1].status == SessionStatus.CANCELLED
    assert offer.delivery_modes() == [DeliveryMode.CLASSROOM, DeliveryMode.ONLINE_LIVE]


def test_duration_estimates_hours_from_other_units() -> None:
    assert make_offer(duration={"teaching_periods": 60}).duration.approx_hours() == 50
    assert make_offer(duration={"days": 2}).duration.approx_hours() == 15.2
    assert make_offer(duration={"hours": 8, "days": 2}).duration.approx_hours() == 8


def test_funding_amount_is_decimal() -> None:
    offer = make_offer(funding=[{"scheme": "opleidingscheques", "amount": "125", "percentage": 50}])
    assert offer.funding[0].scheme is FundingScheme.OPLEIDINGSCHEQUES
    assert offer.funding[0].amount == Decimal("125")
