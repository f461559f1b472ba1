"""Prices as course pages write them: '€ 250,00 excl. btw per dag', 'gratis', '1.250 EUR',
'leden € 90 / niet-leden € 120', '€ 1,50 per lestijd', 'gratuit pour les membres'.

price-parser reads the amount of each part; the words around it give the unit (per day, hour,
teaching period), the VAT treatment and the audience (members, non-members).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from price_parser import Price as ParsedPrice

from catalogue.model import Price, PriceAudience, PriceUnit, Vat

_FREE = re.compile(
    r"\b(gratis|kosteloos|gratuite?s?|free(?: of charge)?|geen kosten|sans frais|0 ?€"
    r"|€ ?0(?:[,.]00)?)(?!\d)",
    re.IGNORECASE,
)
_SPLIT = re.compile(
    r"\s*(?:/|;|\||\n|,\s|\bof\b|\bou\b|\bor\b|\ben\b|\bet\b)\s*(?=\D*(?:€|eur|\d|gratis|gratuit))",
    re.I,
)
# 'gratis voor werkzoekenden', 'gratis voor bedienden uit PC 200': free for a group that a
# funding scheme covers, which is a funding condition; members' prices stay prices
_FREE_FOR_GROUP = re.compile(
    r"\b(gratis|gratuite?|free)\s+(voor|pour|for)\s+"
    r"(?!iedereen|tout le monde|tous\b|everyone|all\b|leden|les membres|members)"
    r"(?:[^.;/,]|[.,]\d|,\s*(?:\d+|psc|pc|cp)\b)*[.;,]?",
    re.IGNORECASE,
)
# an amount as written: '1.250,00', '1 250,00' (French, also with a narrow no-break space),
# '1,50', '90'
_NUMBER = r"(?:\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:[.,]\d{1,2})?|\d[\d.,]*\d|\d)"
_MONEY = re.compile(rf"€\s*{_NUMBER}|{_NUMBER}\s*(?:€|eur\b|euro)", re.IGNORECASE)
_CURRENCY = re.compile(r"€|\beur\b|\beuro", re.IGNORECASE)

_UNITS = [
    (
        PriceUnit.PER_TEACHING_PERIOD,
        r"(per|/|par)\s*(lestijd|lesuur|période|periode|teaching period)",
    ),
    (PriceUnit.PER_DAY, r"(per|/|par)\s*(dag|opleidingsdag|jour|journée|day)\b|\bdagprijs\b"),
    (PriceUnit.PER_HOUR, r"(per|/|par)\s*(uur|u|heure|h|hour)\b"),
]
_VAT = [
    (
        Vat.EXEMPT,
        r"vrijgesteld van btw|btw[- ]vrij|exon[ée]r[ée] de (la )?tva|vat[- ]exempt|exempt",
    ),
    (Vat.EXCLUDED, r"excl\.?(usief)?\s*(btw|tva|vat)|\bhtva\b|hors tva|\bex\.? ?vat|\+ ?btw"),
    (Vat.INCLUDED, r"incl\.?(usief)?\s*(btw|tva|vat)|\btvac\b|\bbtw inbegrepen|tva comprise"),
]
_AUDIENCE = [
    (
        PriceAudience.NON_MEMBER,
        r"niet[- ]leden|non[- ]membres?|non[- ]members?|niet[- ]lid|andere deelnemers|\banderen\b"
        r"|autres participants|hors secteur|buiten de sector",
    ),
    (PriceAudience.MEMBER, r"\bleden\b|\blid\b|\bmembres?\b|\bmembers?\b"),
]


def _first(rules: list, text: str, default):
    for value, pattern in rules:
        if re.search(pattern, text, re.IGNORECASE):
            return value
    return default


def _amount(part: str) -> Decimal | None:
    if _FREE.search(part) and not re.search(r"[1-9]", _FREE.sub("", part)):
        return Decimal("0.00")
    money = _MONEY.search(part)  # the number next to the currency, not '142.01' before it
    raw = money.group(0) if money else part
    raw = re.sub(r"(?<=\d)[ \u00a0\u202f](?=\d{3}\b)", "", raw)  # '1 250' → '1250'
    parsed = ParsedPrice.fromstring(raw)
    if parsed.amount is None:
        return None
    try:
        return parsed.amount.quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


def parse_prices(text: str | None) -> list[Price]:
    """One ``Price`` per amount in ``text``; ``[]`` when no amount is stated ('op aanvraag').

    VAT or unit words written once for several amounts apply to all of them. 'Gratis voor
    werkzoekenden' is a funding condition (see :mod:`crawlers.parsers.funding`), not a price.
    """
    if not text or not text.strip():
        return []
    text = _FREE_FOR_GROUP.sub(" ", " ".join(text.split())).strip(" .;,")
    if not text:
        return []
    parts = [p for p in _SPLIT.split(text) if p.strip()] or [text]
    shared_vat = _first(_VAT, text, Vat.UNKNOWN)
    shared_unit = _first(_UNITS, text, PriceUnit.TOTAL)
    prices: list[Price] = []
    for part in parts:
        amount = _amount(part)
        if amount is None:
            continue
        if amount != 0 and not _CURRENCY.search(part):
            continue  # a bare number ('24', 'PSC 149.02') is not a price
        prices.append(
            Price(
                amount=amount,
                unit=_first(_UNITS, part, shared_unit),
                vat=_first(_VAT, part, shared_vat if amount else Vat.UNKNOWN),
                audience=(audience := _first(_AUDIENCE, part, PriceAudience.ALL)),
                # several amounts for everyone: keep the words that tell them apart
                note=part if len(parts) > 1 and audience == PriceAudience.ALL else None,
            )
        )
    return prices
