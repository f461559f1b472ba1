"""Funding schemes a page mentions: opleidingscheques, Vlaams opleidingsverlof (VOV),
Vlaams opleidingskrediet, KMO-portefeuille; 'gratis voor werkzoekenden' (VDAB)."""

from __future__ import annotations

import re
from typing import Any

from catalogue.model import FundingScheme, WorkerStatus

_SCHEMES = [
    (FundingScheme.OPLEIDINGSCHEQUES, r"opleidingscheque|chèques?[- ]formation"),
    (
        FundingScheme.VLAAMS_OPLEIDINGSVERLOF,
        r"vlaams opleidingsverlof|\bvov\b|congé[- ]éducation|betaald educatief verlof",
    ),
    (FundingScheme.VLAAMS_OPLEIDINGSKREDIET, r"opleidingskrediet|crédit[- ]formation"),
    (FundingScheme.KMO_PORTEFEUILLE, r"kmo[- ]portefeuille|portefeuille pme"),
]
_FREE_FOR_JOB_SEEKERS = re.compile(
    r"gratis voor werkzoekenden|werkzoekenden\s*:?\s*gratis|gratuit pour les demandeurs d'emploi",
    re.IGNORECASE,
)


def parse_funding(text: str | None) -> list[dict[str, Any]]:
    """FundingOption dicts for every scheme ``text`` names (no amounts: those are elsewhere)."""
    low = (text or "").lower()
    options: list[dict[str, Any]] = [
        {"scheme": scheme.value} for scheme, pattern in _SCHEMES if re.search(pattern, low)
    ]
    if _FREE_FOR_JOB_SEEKERS.search(text or ""):
        options.append(
            {
                "scheme": FundingScheme.VDAB.value,
                "fund": "VDAB",
                "worker_statuses": [WorkerStatus.JOB_SEEKER.value],
                "percentage": 100,
                "conditions": "Gratis voor werkzoekenden ingeschreven bij VDAB.",
            }
        )
    return options
