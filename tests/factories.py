"""Small builders of valid offers for tests; override any field by keyword."""

from __future__ import annotations

from typing import Any

from catalogue.model import Offer


def offer_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "source": "vdab",
        "source_id": "750417",
        "url": "https://www.vdab.be/opleidingen/aanbod/750417/cursus/148076/Lasser-GENT",
        "identifiers": [{"scheme": "vdab", "value": "750417"}],
        "title": "Lasser MIG/MAG",
        "description": "Je leert lassen met het MIG/MAG-procédé.",
        "provider": {"name": "VDAB", "website": "https://www.vdab.be"},
        "languages": ["nl"],
        "prices": [{"amount": "0", "unit": "total", "vat": "exempt"}],
        "duration": {"hours": 120},
        "sessions": [
            {
                "start_date": "2026-01-12",
                "end_date": "2026-03-20",
                "schedule": ["daytime"],
                "delivery_mode": "classroom",
                "location": {"postcode": "9000", "municipality": "Gent"},
            }
        ],
    }
    data.update(overrides)
    return data


def make_offer(**overrides: Any) -> Offer:
    return Offer.model_validate(offer_data(**overrides))
