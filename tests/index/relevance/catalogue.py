"""The benchmark catalogues: the demo's offers (``demo_offers.json``: the shipped crawl fixtures
as ``leeraanbod demo`` stores them, tagged) and a larger realistic one, regenerated from the
topics (``topics.py``) with the same result every time.

Every offer carries its topic (``TOPIC_OF[offer.id]``) and municipality, which the
judgements grade against; ``DEMO_TOPICS`` is the hand judgement of each demo offer's topic.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from catalogue.model import Offer
from tests.index.relevance.topics import TOPICS

TODAY = date(2026, 11, 2)
DEMO_FILE = Path(__file__).with_name("demo_offers.json")

# postcode, municipality: the places offers are given in the larger catalogue
PLACES = (
    ("9000", "Gent"),
    ("2000", "Antwerpen"),
    ("3000", "Leuven"),
    ("3500", "Hasselt"),
    ("8000", "Brugge"),
    ("8500", "Kortrijk"),
    ("2800", "Mechelen"),
    ("9300", "Aalst"),
    ("3600", "Genk"),
    ("2300", "Turnhout"),
    ("9100", "Sint-Niklaas"),
    ("1000", "Brussel"),
)

# the demo's offers judged by hand: offer id -> topic (an offer not named here has none of the
# benchmark's topics and is relevant to no query)
DEMO_TOPICS: dict[str, str] = {
    "alimento-18d4cbba5e1d6ae3": "haccp",
    "alimento-4db1322bb542f171": "leidinggeven",
    "alimento-5f9c0c936de271d8": "haccp",
    "alimento-9159760669028bd5": "heftruck",
    "alimento-db7d6dc8c7f79a76": "haccp",
    "cevora-0d8f56f066b6fbe9": "excel",
    "cevora-a6af1aa13e414e49": "excel",
    "cevora-cd59f9effbf6314f": "leidinggeven",
    "co-valent-d117eca58341e488": "vca",
    "constructiv-b8016b1f965e7a21": "vca",
    "cvo-antwerpen-1a071ecbc3d616a6": "programmeren",
    "cvo-antwerpen-4b9b9ac54130be25": "nederlands",
    "cvo-antwerpen-68f6b1b1a4f219dd": "nederlands",
    "educam-5a1dfb67fba87525": "automechanica",
    "educam-3be92e8eae2a461c": "automechanica",
    "educam-9ea2fed963bade6a": "elektriciteit",
    "educam-ec4a1c3198fdd1fc": "elektriciteit",
    "educam-f74e0d0021fb4576": "airco",
    "leercentrum-voorbeeld-d16a508c542d76d6": "data",
    "leercentrum-voorbeeld-f27f9a150054eb0e": "leidinggeven",
    "odb-25e54e7694112191": "programmeren",
    "odb-651e32a41caf49e3": "programmeren",
    "odb-b40c765cc0c73a60": "boekhouding",
    "syntra-ab-1cf3d6ded2272677": "boekhouding",
    "syntra-ab-9619dca6230a0aa5": "kapper",
    "syntra-ab-986861f2924f89cb": "marketing",
    "syntra-ab-a0d3c6a3194322ef": "bakker",
    "syntra-ab-b78347e830f38245": "programmeren",
    "vdab-0935bb0519b4b83c": "zorgkundige",
    "vdab-196c94fd42c72d5b": "programmeren",
    "vdab-21a148260ba8c62f": "heftruck",
    "vdab-b38e337b1bd50dbf": "excel",
    "vdab-b7b602a9ffeae3b6": "lassen",
    "volta-3aaf14e6abfa33c3": "zonnepanelen",
    "volta-692112af6053c21e": "elektriciteit",
    "volta-a525bc402445e568": "elektriciteit",
    "volta-cfb5a8dcbcb36d86": "elektriciteit",
}


@lru_cache(maxsize=1)
def demo_offers() -> tuple[Offer, ...]:
    return tuple(Offer.model_validate(d) for d in json.loads(DEMO_FILE.read_text("utf-8")))


def _session(n: int, postcode: str, municipality: str, online: bool) -> dict[str, Any]:
    start = TODAY + timedelta(days=14 + (n * 7) % 120)
    session: dict[str, Any] = {
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=35)).isoformat(),
        "schedule": ["evening" if n % 3 == 0 else "daytime"],
        "delivery_mode": "online_live" if online else "classroom",
    }
    if not online:
        session["location"] = {"postcode": postcode, "municipality": municipality}
    return session


def large_offers() -> list[Offer]:
    """Every topic's titles, each given by two of its providers in two places (one in five
    online): about 600 offers, the same every time."""
    offers: list[Offer] = []
    n = 0
    for topic in TOPICS:
        for t, title in enumerate(topic.titles):
            for copy in range(2):
                n += 1
                provider = topic.providers[(t + copy) % len(topic.providers)]
                postcode, municipality = PLACES[(n * 5 + copy) % len(PLACES)]
                online = n % 5 == 0
                data: dict[str, Any] = {
                    "source": "bench",
                    "source_id": f"{topic.key}-{t}-{copy}",
                    "url": f"https://opleidingen.example.be/{topic.key}/{t}/{copy}",
                    "title": title,
                    "description": topic.description,
                    "provider": {"name": provider},
                    "languages": [topic.language],
                    "prices": [
                        {"amount": str(0 if n % 4 == 0 else 90 + 15 * (n % 20)), "unit": "total"}
                    ],
                    "duration": {"hours": 8 + (n % 12) * 8},
                    "sessions": [_session(n, postcode, municipality, online)],
                }
                offers.append(Offer.model_validate(data))
    return offers


def topic_of_large(offer: Offer) -> str:
    return offer.source_id.rsplit("-", 2)[0]


def municipality_of(offer: Offer) -> str | None:
    for session in offer.sessions:
        if session.location is not None and session.location.municipality:
            return session.location.municipality
    return None
