"""A small, varied fixture catalogue for the web tests (built relative to today's date).

36 offers from three sources in five towns, with different funding, delivery modes, prices
and languages; one course listed again by a fourth source (a duplicate cluster); crawled
titles, descriptions and providers that carry XSS payloads.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from catalogue.model import Offer

# Crawled text is plain text that may hold markup characters: validation keeps them as they
# are (HTML is decoded once, in the crawlers), so the offer the web layer gets holds literal
# ``<img …>`` text, the worst case for rendering.
XSS_TITLE_HTML = "<img src=x onerror=alert(1)> Veilig lassen"
XSS_DESCRIPTION_HTML = "<script>alert(1)</script> lassen met <mark>nep</mark>"
XSS_PROVIDER_HTML = "<svg onload=alert(2)>Lascentrum"

TOWNS = [
    ("9000", "Gent", "Oost-Vlaanderen", 51.05, 3.72),
    ("2000", "Antwerpen", "Antwerpen", 51.22, 4.40),
    ("3000", "Leuven", "Vlaams-Brabant", 50.88, 4.70),
    ("8000", "Brugge", "West-Vlaanderen", 51.21, 3.22),
    ("3500", "Hasselt", "Limburg", 50.93, 5.34),
]
TOPICS = [
    ("Lassen MIG/MAG", "Je leert lassen met het MIG/MAG-procédé in een echte werkplaats."),
    ("Excel voor beginners", "Werken met rekenbladen, formules en grafieken in Excel."),
    ("Heftruckchauffeur", "Veilig rijden met een heftruck en laden en lossen."),
    ("Boekhouden basis", "De basis van dubbel boekhouden voor kleine ondernemingen."),
    ("Projectmanagement", "Projecten plannen, opvolgen en afronden met je team."),
    ("Elektriciteit residentieel", "Elektrische installaties in woningen volgens het AREI."),
]
SOURCES = [
    ("vdab", "VDAB", ["vdab"]),
    ("cevora", "Cevora", ["sector_fund", "opleidingscheques"]),
    ("syntra", "Syntra Vlaanderen", ["kmo_portefeuille", "vlaams_opleidingsverlof"]),
]
MODES = ["classroom", "online_live", "blended", "classroom"]


def corpus_data(today: date | None = None) -> list[dict[str, Any]]:
    today = today or date.today()
    offers = []
    n = 0
    for t, (title, description) in enumerate(TOPICS):
        for s, (source, provider, schemes) in enumerate(SOURCES):
            for k in range(2):
                n += 1
                postcode, town, province, lat, lon = TOWNS[(t + s + k) % len(TOWNS)]
                start = today + timedelta(days=7 * n)
                price = "0" if source == "vdab" else str(90 + 15 * n)
                offers.append(
                    {
                        "source": source,
                        "source_id": f"{source}-{t}-{k}",
                        "url": f"https://www.{source}.example/opleiding/{t}-{k}",
                        "title": f"{title} {town}" if k else title,
                        "description": description,
                        "provider": {"name": provider},
                        "languages": ["fr"] if (t == 3 and k == 1) else ["nl"],
                        "prices": [{"amount": price}],
                        "duration": {"hours": 8 * (t + 1)},
                        "funding": [{"scheme": sc} for sc in schemes],
                        "sessions": [
                            {
                                "start_date": start.isoformat(),
                                "end_date": (start + timedelta(days=30)).isoformat(),
                                "schedule": ["evening" if k else "daytime"],
                                "delivery_mode": MODES[(t + k) % len(MODES)],
                                "location": {
                                    "postcode": postcode,
                                    "municipality": town,
                                    "province": province,
                                    "latitude": lat,
                                    "longitude": lon,
                                },
                            }
                        ],
                    }
                )
    # the opleidingsdatabank lists Cevora's Excel course too: one course, two listings
    excel = next(o for o in offers if o["source_id"] == "cevora-1-0")
    excel["identifiers"] = [{"scheme": "odb", "value": "ODB-0001234"}]
    offers.append(
        {
            **excel,
            "source": "odb",
            "source_id": "ODB-0001234",
            "url": "https://www.odb.example/opleiding/ODB-0001234",
            "funding": [{"scheme": "opleidingscheques"}],
        }
    )
    offers[0]["title"] = XSS_TITLE_HTML
    offers[0]["description"] = XSS_DESCRIPTION_HTML
    offers[1]["provider"] = {"name": XSS_PROVIDER_HTML}
    return offers


def build_corpus(today: date | None = None) -> list[Offer]:
    return [Offer.model_validate(d) for d in corpus_data(today)]
