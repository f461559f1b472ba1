"""The facts of two listings' runs, compared as a person would: the same start and end date,
the same street address (or at least the same municipality), the same hours and price make
two listings one run; another end date or another length makes them two.

Each agreeing fact becomes an evidence code (``start:2027-01-12``, ``street:spoorwegstraat
14``), which ``dedup.explain`` turns into words. ``facts(a, b)`` gives a strength 0..1 and the
codes, or a conflict.
"""

from __future__ import annotations

from dataclasses import dataclass

from dedup.features import OfferFeatures

DATE_TOLERANCE_DAYS = 3  # sources round or shift a date by a day or two
HOURS_RATIO = 1.5  # 14 hours and 16 are one course; 8 and 72 are not
# how much each fact weighs in the strength (they add up to 1)
WEIGHTS = {"start": 0.35, "end": 0.2, "place": 0.3, "hours": 0.15}
OTHER_PRICE = 0.85  # both state a price, and not the same one
UNKNOWN = 0.4  # a fact one side does not state: neither for nor against


@dataclass(frozen=True, slots=True)
class Facts:
    strength: float  # 0..1: how much the run's facts say this is one run
    codes: tuple[str, ...]  # what agrees, for the explanation
    conflict: str | None = None  # 'dates', 'end', 'place', 'hours' when they cannot be one run

    @property
    def all_agree(self) -> bool:
        """Start, end, and place known and the same (street, or municipality) on both sides."""
        kinds = {c.split(":", 1)[0] for c in self.codes}
        return {"start", "end"} <= kinds and bool(kinds & {"street", "place", "online"})

    @property
    def one_run(self) -> bool:
        """The same start day, place and hours (and no other end): what makes two listings
        of one provider the same run, unless that provider has another course in it."""
        kinds = {c.split(":", 1)[0] for c in self.codes}
        return {"start", "hours"} <= kinds and bool(kinds & {"street", "place", "online"})


def _close(xs, ys) -> bool:
    return any(abs((x - y).days) <= DATE_TOLERANCE_DAYS for x in xs for y in ys)


def _dates(xs, ys, name: str, codes: list[str]) -> float | None:
    if not xs or not ys:
        return UNKNOWN
    same = xs & ys
    if same:
        codes.append(f"{name}:{min(same).isoformat()}")
        return 1.0
    if _close(xs, ys):
        codes.append(f"{name}~:{min(xs).isoformat()}")
        return 0.75
    return None


def _place(a: OfferFeatures, b: OfferFeatures, codes: list[str]) -> float | None:
    if a.online and b.online:
        codes.append("online")
        return 1.0
    street = a.streets & b.streets
    town = a.places & b.places
    if street and (town or not (a.places and b.places)):
        codes.append(f"street:{min(street)}")
        return 1.0
    if town:
        codes.append(f"place:{min(town)}")
        return 0.75
    if a.places and b.places:
        return None
    return UNKNOWN


def _hours(a: OfferFeatures, b: OfferFeatures, codes: list[str]) -> float | None:
    if not a.hours or not b.hours:
        return UNKNOWN
    ratio = max(a.hours, b.hours) / min(a.hours, b.hours)
    if ratio > HOURS_RATIO:
        return None
    if ratio <= 1.1:
        codes.append(f"hours:{a.hours:g}")
        return 1.0
    return 0.6


def facts(a: OfferFeatures, b: OfferFeatures) -> Facts:
    codes: list[str] = []
    parts = {
        "start": _dates(a.starts, b.starts, "start", codes),
        "end": _dates(a.ends, b.ends, "end", codes),
        "place": _place(a, b, codes),
        "hours": _hours(a, b, codes),
    }
    for name, value in parts.items():
        if value is None:
            return Facts(0.0, (), "dates" if name == "start" else name)
    strength = sum(WEIGHTS[k] * v for k, v in parts.items() if v is not None)
    if a.prices & b.prices:
        codes.append(f"price:{min(a.prices & b.prices)}")
    elif a.prices and b.prices:
        strength *= OTHER_PRICE  # a fund's member price is 0 and not compared
    return Facts(round(strength, 4), tuple(codes))
