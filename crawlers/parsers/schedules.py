"""When and how a course is taught: 'avondonderwijs', 'zaterdagvoormiddag', 'overdag',
'cours du soir', 'voltijds', 'online', 'blended', 'zelfstudie'."""

from __future__ import annotations

import re

from catalogue.model import DeliveryMode, Intensity, Schedule, SessionStatus

_SCHEDULE = [
    (Schedule.EVENING, r"avond|\bsoir|evening|\bs'avonds"),
    (Schedule.WEEKEND, r"zaterdag|zondag|weekend|samedi|dimanche|saturday|sunday|\bza\b|\bzo\b"),
    (
        Schedule.DAYTIME,
        r"overdag|dagonderwijs|voormiddag|namiddag|middag|daguren|\bdag\b|journée|"
        r"matin|après-midi|daytime|morning|afternoon|dagopleiding",
    ),
]
_INTENSITY = [
    (Intensity.PART_TIME, r"deeltijds|deeltijd|temps partiel|part[- ]time"),
    (Intensity.FULL_TIME, r"voltijds|voltijd|temps plein|full[- ]time"),
]
_DELIVERY = [
    (DeliveryMode.BLENDED, r"blended|gecombineerd|hybride|hybrid"),
    (
        DeliveryMode.ONLINE_SELF_PACED,
        r"zelfstudie|op eigen tempo|e-learning|elearning|self[- ]paced|à ton rythme|"
        r"à votre rythme|afstandsonderwijs|onlinecursus|asynchro",
    ),
    (
        DeliveryMode.ONLINE_LIVE,
        r"webinar|live online|online live|virtueel klaslokaal|virtual classroom|"
        r"classe virtuelle|\bonline\b|en ligne|synchro",
    ),
    (DeliveryMode.WORKPLACE, r"werkvloer|werkplekleren|op de werkplek|en entreprise|workplace"),
    (DeliveryMode.CLASSROOM, r"klassikaal|in de klas|présentiel|classroom|in company|op locatie"),
]


def parse_schedule(text: str | None) -> list[Schedule]:
    """Every time slot named ('zaterdagvoormiddag' is weekend and daytime), in model order."""
    if not text:
        return []
    low = text.lower()
    found = {value for value, pattern in _SCHEDULE if re.search(pattern, low)}
    return [s for s in Schedule if s in found]


def parse_intensity(text: str | None) -> Intensity | None:
    low = (text or "").lower()
    return next((v for v, p in _INTENSITY if re.search(p, low)), None)


def parse_delivery_mode(text: str | None) -> DeliveryMode | None:
    """The delivery mode named in ``text``; ``None`` when it names none."""
    low = (text or "").lower()
    return next((v for v, p in _DELIVERY if re.search(p, low)), None)


_CANCELLED = re.compile(r"geannuleerd|afgelast|gaat niet door|annulée?|cancel+ed", re.IGNORECASE)
_FULL = re.compile(r"volzet|volgeboekt|wachtlijst|complet|fully booked|\bfull\b", re.IGNORECASE)
_OPEN = re.compile(
    r"open|inschrijven|nog \d+ (?:vrije )?plaats|places? disponible|beschikbaar|seats? left", re.I
)
_PLACES = re.compile(r"(?:nog\s+)?(\d+)\s+(?:vrije\s+)?(?:plaatsen|plaats|places?|seats?)\b", re.I)


def parse_session_status(text: str | None) -> SessionStatus | None:
    """'Geannuleerd' → cancelled, 'Volzet'/'wachtlijst' → full, 'Nog 4 plaatsen' → open."""
    if not text:
        return None
    if _CANCELLED.search(text):
        return SessionStatus.CANCELLED
    if _FULL.search(text):
        return SessionStatus.FULL
    if _OPEN.search(text):
        return SessionStatus.OPEN
    return None


def parse_places_left(text: str | None) -> int | None:
    m = _PLACES.search(text or "")
    return int(m.group(1)) if m else None
