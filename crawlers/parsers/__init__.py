"""Parsers for the text that course pages really contain (Dutch first, French and English).

Each parser takes one string as it appears on a page and returns catalogue model values
(``date``, ``Price``, ``Duration``, ``Schedule`` ...) or ``None``/``[]`` when it finds nothing.
They never raise on odd input: a page with an unparseable price still yields an offer.
"""

from crawlers.parsers.dates import parse_date, parse_dates, parse_period
from crawlers.parsers.durations import parse_duration
from crawlers.parsers.locations import parse_location, province_for_postcode
from crawlers.parsers.prices import parse_prices
from crawlers.parsers.schedules import parse_delivery_mode, parse_intensity, parse_schedule

__all__ = [
    "parse_date",
    "parse_dates",
    "parse_delivery_mode",
    "parse_duration",
    "parse_intensity",
    "parse_location",
    "parse_period",
    "parse_prices",
    "parse_schedule",
    "province_for_postcode",
]
