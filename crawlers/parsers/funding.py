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


# 'KMO-portefeuille: neen', 'geen opleidingscheques', 'niet erkend voor de KMO-portefeuille',
# 'Portefeuille PME : non': the page names the scheme to say it does not apply
_NO_BEFORE = re.compile(r"\b(?:geen|niet|pas de|not|no)\b[^.;:,]{0,30}$")
_NO_AFTER = re.compile(
    r"^[^.;]{0,6}?[:\-–]?\s*(?:neen|nee|non|no|niet van toepassing|n\.?v\.?t\.?)\b"
)


def _named(pattern: str, low: str) -> bool:
    """``pattern`` is named in ``low`` at least once without a negation next to it."""
    return any(
        not _NO_BEFORE.search(low[: m.start()]) and not _NO_AFTER.search(low[m.end() :])
        for m in re.finditer(pattern, low)
    )


def parse_funding(text: str | None) -> list[dict[str, Any]]:
    """FundingOption dicts for every scheme ``text`` names as applying (no amounts: those are
    elsewhere); a scheme named only to say it does not apply is left out."""
    low = (text or "").lower()
    options: list[dict[str, Any]] = [
        {"scheme": scheme.value} for scheme, pattern in _SCHEMES if _named(pattern, low)
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
