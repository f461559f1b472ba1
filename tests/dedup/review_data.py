"""Listings the matcher is unsure about, for the review tests (store, CLI, pages, browser)."""

from __future__ import annotations

from catalogue.model import Offer
from dedup.evaluation import offer_from_row

# two uncertain pairs: a fund's relisting in its own words (one run), and two look-alike
# courses of one provider on the same day (two runs)
ROWS = [
    {"k": "ef-time", "s": "effectief", "p": "Effectief Werken bv",
     "t": "Timemanagement en prioriteiten stellen", "d": ["2027-06-08"], "de": "2027-06-08",
     "l": "3001 Heverlee", "a": "Kapeldreef 60", "h": 7, "pr": 395},
    {"k": "vdab-time", "s": "vdab", "p": "EFFECTIEF WERKEN",
     "t": "Time management - efficiënter werken", "d": ["2027-06-08"], "l": "3001 Leuven",
     "h": 7},
    {"k": "cev-tel", "s": "cevora", "p": "CallCoach",
     "t": "Telefonisch klantcontact - professioneel en klantvriendelijk", "d": ["2027-02-16"],
     "de": "2027-02-16", "l": "Vilvoorde", "h": 7},
    {"k": "cc-mail", "s": "callcoach", "p": "CallCoach Academy", "t": "Klantvriendelijk e-mailen",
     "d": ["2027-02-16"], "de": "2027-02-16", "l": "1800 Vilvoorde", "a": "Schaarbeeklei 600",
     "h": 7, "pr": 340},
]  # fmt: skip


def uncertain_offers() -> dict[str, Offer]:
    """key -> offer"""
    return {row["k"]: offer_from_row(row) for row in ROWS}
