"""The price an estimate starts from, and euro amounts written the Belgian way."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from catalogue.model import (
    HOURS_PER_DAY,
    MINUTES_PER_TEACHING_PERIOD,
    Offer,
    Price,
    PriceAudience,
    PriceUnit,
)

CENT = Decimal("0.01")
# which price to quote when an offer has several: the public price before member prices
AUDIENCE_ORDER = (PriceAudience.ALL, PriceAudience.NON_MEMBER, PriceAudience.MEMBER)
# the same words and phrases per language, for the price basis
WORDS: dict[str, dict[Any, Any]] = {  # unit -> (singular, plural); word -> text
    "nl": {
        PriceUnit.PER_DAY: ("dag", "dagen"),
        PriceUnit.PER_HOUR: ("uur", "uur"),
        PriceUnit.PER_TEACHING_PERIOD: ("lestijd", "lestijden"),
        "per": "per",
        "total": "totaalprijs",
        "unknown_duration": "duur onbekend",
        "unknown_price": "prijs onbekend",
        "list_price": "lijstprijs van het fonds",
    },
    "fr": {
        PriceUnit.PER_DAY: ("jour", "jours"),
        PriceUnit.PER_HOUR: ("heure", "heures"),
        PriceUnit.PER_TEACHING_PERIOD: ("période de cours", "périodes de cours"),
        "per": "par",
        "total": "prix total",
        "unknown_duration": "durée inconnue",
        "unknown_price": "prix inconnu",
        "list_price": "prix catalogue du fonds",
    },
    "en": {
        PriceUnit.PER_DAY: ("day", "days"),
        PriceUnit.PER_HOUR: ("hour", "hours"),
        PriceUnit.PER_TEACHING_PERIOD: ("teaching period", "teaching periods"),
        "per": "per",
        "total": "total price",
        "unknown_duration": "duration unknown",
        "unknown_price": "price unknown",
        "list_price": "the fund's list price",
    },
}


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def format_eur(value: Decimal) -> str:
    """``€ 1.234,50`` (Belgian notation)."""
    text = f"{cents(value):,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"€ {text}"


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def pick_price(offer: Offer, today: date) -> Price | None:
    """The next session's own price if it has one, else the offer's; public before member."""
    session = offer.next_session(today)
    prices = (session.prices if session and session.prices else None) or offer.prices
    for audience in AUDIENCE_ORDER:
        for price in prices:
            if price.audience == audience:
                return price
    return None


def units_of(offer: Offer, unit: PriceUnit) -> float | None:
    """How many days / hours / teaching periods the offer lasts (from its duration)."""
    duration = offer.duration
    if duration is None:
        return None
    hours = duration.approx_hours()
    if unit == PriceUnit.PER_DAY:
        if duration.days:
            return duration.days
        return round(hours / HOURS_PER_DAY, 1) if hours else None
    if unit == PriceUnit.PER_HOUR:
        return hours
    if unit == PriceUnit.PER_TEACHING_PERIOD:
        if duration.teaching_periods:
            return float(duration.teaching_periods)
        return round(hours * 60 / MINUTES_PER_TEACHING_PERIOD) if hours else None
    return None


def total_price(
    amount: Decimal, unit: PriceUnit, offer: Offer
) -> tuple[Decimal | None, dict[str, str]]:
    """The total in euro and, per language, how it was computed, e.g.
    ``€ 250,00 per dag × 3 dagen``."""
    count = None if unit == PriceUnit.TOTAL else units_of(offer, unit)
    basis = {}
    for lang, words in WORDS.items():
        if unit == PriceUnit.TOTAL:
            basis[lang] = f"{format_eur(amount)} {words['total']}"
            continue
        one, many = words[unit]
        if count is None:
            basis[lang] = f"{format_eur(amount)} {words['per']} {one}, {words['unknown_duration']}"
        else:
            word = one if count == 1 else many
            basis[lang] = f"{format_eur(amount)} {words['per']} {one} × {_number(count)} {word}"
    if unit == PriceUnit.TOTAL or amount == 0:  # € 0 a day is € 0, however many days
        return cents(amount), basis
    if count is None:
        return None, basis
    return cents(amount * Decimal(str(count))), basis


def unit_price(amount: Decimal, unit: PriceUnit) -> dict[str, str]:
    """``€ 250,00 per dag`` / ``par jour`` / ``per day`` (or just the amount for a total)."""
    if unit == PriceUnit.TOTAL:
        return dict.fromkeys(WORDS, format_eur(amount))
    return {
        lang: f"{format_eur(amount)} {words['per']} {words[unit][0]}"
        for lang, words in WORDS.items()
    }


def unknown_basis() -> dict[str, str]:
    return {lang: words["unknown_price"] for lang, words in WORDS.items()}


def list_price_basis(basis: dict[str, str]) -> dict[str, str]:
    return {lang: f"{WORDS[lang]['list_price']}: {text}" for lang, text in basis.items()}
