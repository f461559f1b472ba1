"""What a result card and the search page's filter bar show beyond the engine's hit: place or
online, the next start, format, duration, language and this searcher's cost (from the store and
the funding rules), and the filters in force as removable chips."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import request
from flask_babel import format_date, format_datetime
from flask_babel import gettext as _

from catalogue.model import DeliveryMode, Offer
from funding import Profile, estimate
from web import labels
from web.services import services

ONLINE = {DeliveryMode.ONLINE_LIVE, DeliveryMode.ONLINE_SELF_PACED}
FACETS_SHOWN = 6  # facet values before "toon meer"


@dataclass
class Card:
    """The facts of one result card (every field may be unknown)."""

    place: str | None = None
    online: bool = False
    next_start: date | None = None
    formats: list[str] = field(default_factory=list)
    hours: float | None = None
    languages: list[str] = field(default_factory=list)
    my_cost: float | None = None
    has_cost: bool = False  # a profile was given and the funding rules answered


def bookable(offer: Offer, today: date) -> bool:
    """A session that can still be booked: upcoming, neither full nor cancelled (an offer
    without known sessions can be asked for at the provider, not booked)."""
    return any(s.can_book(today) for s in offer.sessions)


def language_label(code: str) -> str:
    return str(labels.LANGUAGE_LABELS.get(code, code.upper()))


def card_for(offer: Offer, today: date, profile: Profile | None) -> Card:
    upcoming = [s for s in offer.upcoming_sessions(today) if s.start_date]  # dated ones
    modes = list(dict.fromkeys(s.delivery_mode for s in offer.sessions))
    located = [s for s in upcoming or offer.sessions if s.location and s.location.municipality]
    card = Card(
        place=located[0].location.municipality if located and located[0].location else None,
        online=bool(modes) and all(m in ONLINE for m in modes),
        next_start=upcoming[0].start_date if upcoming else None,
        formats=[labels.delivery_label(m) for m in modes],
        hours=offer.duration.approx_hours() if offer.duration else None,
        languages=[language_label(c) for c in offer.languages],
    )
    if profile is not None:
        found = estimate(profile, offer, today, with_maybe=False)
        card.has_cost = True
        card.my_cost = float(found.my_cost) if isinstance(found.my_cost, Decimal) else None
    return card


def cards_for(hit_ids: list[str], profile: Profile | None) -> dict[str, Card]:
    """The card of every hit (by offer id), read in one batch from the store."""
    today = date.today()
    stored = services().store.get_offers(hit_ids)
    return {s.offer.id or "": card_for(s.offer, today, profile) for s in stored}


def day(value: date | None, style: str = "medium") -> str:
    """A date in the page's language ("2 dec. 2026", "2 déc. 2026", "Dec 2, 2026")."""
    return format_date(value, style) if value else ""


def moment(value: datetime | None) -> str:
    """A time to the minute in the page's language."""
    return format_datetime(value, "short") if value else ""


def hours_text(hours: float | None) -> str:
    if not hours:
        return ""
    return _("%(n)s uur", n=f"{hours:g}".replace(".", ","))


# ------------------------------------------------------------------ active filters as chips
@dataclass
class Chip:
    label: str
    remove_url: str


RANGE_PARAMS = (
    ("start_from", lambda v: _("vanaf %(d)s", d=_parsed_day(v))),
    ("start_to", lambda v: _("tot %(d)s", d=_parsed_day(v))),
    ("duration_max_hours", lambda v: _("hoogstens %(n)s uur", n=v)),
    ("duration_min_hours", lambda v: _("minstens %(n)s uur", n=v)),
    ("price_max", lambda v: _("hoogstens € %(n)s", n=v)),
)


def _parsed_day(value: str) -> str:
    try:
        return day(date.fromisoformat(value))
    except ValueError:
        return value


def active_chips(facets: dict[str, list[Any]], url_with) -> list[Chip]:
    """Every filter the request sets, each with the URL without it (facet values with their
    display names, the place with its radius, the date, duration and price bounds)."""
    args = request.args
    chips: list[Chip] = []
    for facet, param in labels.FACET_PARAMS.items():
        chosen = args.getlist(param)
        names = {v.value: v.label for v in facets.get(facet.value, [])}
        for value in chosen:
            if not value:
                continue
            rest = [v for v in chosen if v != value]
            label = names.get(value, value)
            chips.append(Chip(label, url_with(**{param: rest, "page": None})))
    place = args.get("postcode") or args.get("municipality")
    if place:
        text = place + (f" + {args['radius_km']} km" if args.get("radius_km") else "")
        chips.append(
            Chip(text, url_with(postcode=None, municipality=None, radius_km=None, page=None))
        )
    for param, describe in RANGE_PARAMS:
        if args.get(param):
            chips.append(Chip(describe(args[param]), url_with(**{param: None, "page": None})))
    if args.get("free") == "true":
        chips.append(Chip(_("gratis"), url_with(free=None, page=None)))
    if args.get("free_for_me") == "true":
        chips.append(Chip(_("Alleen gratis voor mij"), url_with(free_for_me=None, page=None)))
    return chips


FILTER_PARAMS = (
    *labels.FACET_PARAMS.values(),
    "postcode",
    "municipality",
    "radius_km",
    "start_from",
    "start_to",
    "duration_min_hours",
    "duration_max_hours",
    "price_min",
    "price_max",
    "free",
    "free_for_me",
    "page",
)
