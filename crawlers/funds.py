"""The sector funds and their joint committees, read from ``data/sector_funds.yaml``."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from catalogue.model import FundingOption, FundingScheme

FUNDS_FILE = Path(__file__).parent / "data" / "sector_funds.yaml"


@cache
def sector_funds() -> dict[str, dict[str, Any]]:
    """Fund key → its entry; validated on load so that a typo fails loudly."""
    data = yaml.safe_load(FUNDS_FILE.read_text(encoding="utf-8"))
    for key, entry in data.items():
        FundingOption.model_validate(_option(key, entry))
    return data


def _option(key: str, entry: dict[str, Any]) -> dict[str, Any]:
    option = {
        "scheme": FundingScheme.SECTOR_FUND.value,
        "fund": entry["name"],
        "joint_committees": entry["joint_committees"],
        "worker_statuses": entry.get("worker_statuses", []),
        "conditions": entry.get("conditions"),
        "url": entry.get("website"),
    }
    if "percentage" in entry:
        option["percentage"] = entry["percentage"]
    return {k: v for k, v in option.items() if v is not None}


def fund_funding_option(key: str) -> dict[str, Any]:
    """The funding option dict (FundingOption shape) of fund ``key``."""
    return _option(key, sector_funds()[key])
