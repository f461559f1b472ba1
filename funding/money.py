"""The price an estimate starts from, and euro amounts written the Belgian way."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from catalogue.model import Offer, Price, PriceAudience, PriceUnit

CENT = Decimal("0.01")
HOURS_PER_DAY = 7.6
MINUTES_PER_TEACHING_PERIOD = 50
# which price to quote when an offer has several: the public price before member prices
AUDIENCE_ORDER = (PriceAudience.ALL, PriceAudience.NON_MEMBER, PriceAudience.MEMBER)
UNIT_WORDS = {
    PriceUnit.PER_DAY: ("dag", "dagen"),
    PriceUnit.PER_HOUR: ("uur", "uur"),
    PriceUnit.PER_TEACHING_PERIOD: ("lestijd", "lestijden"),
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


def total_price(amount: Decimal, unit: PriceUnit, offer: Offer) -> tuple[Decimal | None, str]:
    """The total in euro and how it was computed (Dutch), e.g. ``€ 250,00 per dag × 3 dagen``."""
    if unit == PriceUnit.TOTAL:
        return cents(amount), f"{format_eur(amount)} totaalprijs"
    one, many = UNIT_WORDS[unit]
    count = units_of(offer, unit)
    if count is None:
        return None, f"{format_eur(amount)} per {one}, duur onbekend"
    word = one if count == 1 else many
    basis = f"{format_eur(amount)} per {one} × {_number(count)} {word}"
    return cents(amount * Decimal(str(count))), basis
