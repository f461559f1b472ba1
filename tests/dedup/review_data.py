"""Listings the matcher is unsure about, for the review tests (store, CLI, pages, browser)."""

from __future__ import annotations

from catalogue.model import Offer
from dedup.evaluation import offer_from_row

# two uncertain pairs: a fund's relisting in its own words (one run: a weekend barista course,
# the fund states neither hours nor address), and two look-alike courses of one provider on the
# same day (two runs; VDAB states no hours, so the run's competition does not decide it)
ROWS = [
    {"k": "sl-barista", "s": "syntra-limburg", "p": "Syntra Limburg",
     "t": "Barista - koffie zetten als een pro", "d": ["2027-02-13"], "l": "3500 Hasselt",
     "a": "Kempische Steenweg 303", "sch": "weekend", "h": 12, "pr": 285},
    {"k": "hor-barista", "s": "horeca-vlaanderen", "p": "SYNTRA Limburg vzw",
     "t": "Barista basiscursus", "d": ["2027-02-13"], "l": "Hasselt"},
    {"k": "vdab-tel", "s": "vdab", "p": "Cevora vzw", "t": "Klantvriendelijk telefoneren",
     "d": ["2027-03-04"], "l": "9000 Gent"},
    {"k": "cev-mail", "s": "cevora", "p": "Cevora", "t": "Klantvriendelijk mailen",
     "d": ["2027-03-04"], "de": "2027-03-04", "l": "9000 Gent", "a": "Kortrijksesteenweg 361",
     "h": 7},
]  # fmt: skip


def uncertain_offers() -> dict[str, Offer]:
    """key -> offer"""
    return {row["k"]: offer_from_row(row) for row in ROWS}
