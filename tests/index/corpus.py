"""The fixture corpus both engines index: ~45 offers with clear-cut differences.

Expected answers in the tests are computed from these offers by plain Python (``matching``),
an oracle independent of either engine.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from catalogue.model import Offer
from tests.factories import make_offer

TODAY = date(2026, 11, 2)

PLACES = {  # postcode -> municipality (as crawled)
    "9000": "Gent",
    "9070": "Destelbergen",
    "9080": "Lochristi",
    "9270": "Laarne",
    "9860": "Oosterzele",
    "9300": "Aalst",
    "2000": "Antwerpen",
    "3000": "Leuven",
    "3500": "Hasselt",
    "8000": "Brugge",
}


def _session(
    postcode: str | None,
    start: date,
    *,
    days: int = 30,
    mode: str = "classroom",
    schedule: tuple[str, ...] = ("daytime",),
    status: str | None = None,
) -> dict[str, Any]:
    session: dict[str, Any] = {
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=days)).isoformat(),
        "schedule": list(schedule),
        "delivery_mode": mode,
    }
    if postcode:
        session["location"] = {"postcode": postcode, "municipality": PLACES[postcode]}
    if status:
        session["status"] = status
    return session


def _offer(n: int, title: str, **kw: Any) -> Offer:
    source = kw.pop("source", "vdab")
    data: dict[str, Any] = {
        "source": source,
        "source_id": f"T{n:03d}",
        "url": f"https://example.org/{source}/{n}",
        "identifiers": [],
        "title": title,
        "description": kw.pop("description", "Een praktijkgerichte cursus."),
        "provider": {"name": kw.pop("provider", "VDAB")},
        "languages": kw.pop("languages", ["nl"]),
        "prices": [
            {"amount": str(p), "unit": "total", "vat": "exempt"} for p in kw.pop("prices", [0])
        ],
        "duration": {"hours": kw.pop("hours", 40)},
        "sessions": kw.pop(
            "sessions", [_session(kw.pop("postcode", "9000"), TODAY + timedelta(days=30 + n))]
        ),
    }
    competences = kw.pop("concepts", [])
    data["competences"] = [{"concept_id": c, "score": 0.9, "method": "label"} for c in competences]
    funding = kw.pop("funding", [])
    data["funding"] = [{"scheme": scheme, "joint_committees": jcs} for scheme, jcs in funding]
    if "level" in kw:
        data["level"] = {"framework": "eqf", "value": kw.pop("level")}
    data["fields_of_education"] = kw.pop("isced", [])
    data.update(kw)
    return make_offer(**data)


def corpus() -> list[Offer]:
    offers = [
        _offer(
            1,
            "Lasser MIG/MAG",
            description="Je leert lassen met het MIG/MAG-procédé in ons opleidingscentrum.",
            concepts=["skill:mig-mag-welding"],
            funding=[("vdab", [])],
            isced=["0715"],
            level=3,
            hours=120,
        ),
        _offer(
            2,
            "Lassen voor beginners",
            description="Basistechnieken van het lassen: elektrode en TIG.",
            provider="Syntra Midden-Vlaanderen",
            source="syntra",
            postcode="9300",
            prices=[450],
            funding=[("opleidingscheques", []), ("vlaams_opleidingsverlof", [])],
            concepts=["skill:welding"],
            isced=["0715"],
            level=2,
            hours=60,
            sessions=[
                _session("9300", TODAY + timedelta(days=60), schedule=("evening",)),
            ],
        ),
        _offer(
            3,
            "Metaalbewerking: draaien en frezen",
            description="Draaien, frezen en een beetje lassen aan de werkbank.",
            provider="Educam",
            source="educam",
            postcode="9070",
            prices=[0],
            funding=[("sector_fund", ["111.00", "112"])],
            isced=["0715"],
            hours=80,
        ),
        _offer(
            4,
            "Heftruckchauffeur",
            description="Veilig rijden met een heftruck in het magazijn.",
            provider="Volta",
            source="volta",
            postcode="9080",
            prices=[250],
            funding=[("sector_fund", ["149.01"])],
            concepts=["skill:forklift"],
            hours=16,
        ),
        _offer(
            5,
            "Boekhouding voor kmo's",
            description="Dubbel boekhouden, btw-aangifte en jaarafsluiting.",
            provider="Syntra Midden-Vlaanderen",
            source="syntra",
            postcode="9270",
            prices=[690],
            funding=[("kmo_portefeuille", []), ("opleidingscheques", [])],
            concepts=["skill:bookkeeping"],
            isced=["0411"],
            level=5,
            hours=90,
        ),
        _offer(
            6,
            "Opleiding verpleegkunde: bijscholing wondzorg",
            description="Wondzorg voor verpleegkundigen in de thuiszorg.",
            provider="CVO Gent",
            source="cvo",
            postcode="9860",
            prices=[120],
            concepts=["skill:nursing"],
            isced=["0913"],
            level=6,
            hours=24,
        ),
        _offer(
            7,
            "Python programmeren",
            description="Leer programmeren in Python: variabelen, functies en modules.",
            provider="Syntra AB",
            source="syntra",
            postcode="2000",
            prices=[395],
            funding=[("opleidingscheques", [])],
            concepts=["skill:python"],
            isced=["0613"],
            level=4,
            hours=36,
            sessions=[
                _session("2000", TODAY + timedelta(days=20), schedule=("evening",)),
                _session(None, TODAY + timedelta(days=50), mode="online_live"),
            ],
        ),
        _offer(
            8,
            "Excel gevorderd",
            description="Draaitabellen en formules; volledig online in je eigen tempo.",
            provider="Cevora",
            source="cevora",
            prices=[0],
            funding=[("sector_fund", ["200"])],
            concepts=["skill:ict"],
            isced=["0611"],
            hours=12,
            sessions=[_session(None, TODAY + timedelta(days=5), mode="online_self_paced")],
        ),
        _offer(
            9,
            "Nederlands voor anderstaligen",
            description="Nederlands leren spreken en schrijven, niveau 1.",
            provider="CVO Gent",
            source="cvo",
            prices=[90],
            concepts=["skill:dutch-language"],
            isced=["0231"],
            level=1,
            hours=120,
            sessions=[_session("9000", TODAY + timedelta(days=10), schedule=("evening",))],
        ),
        _offer(
            10,
            "Cours de néerlandais",
            description="Apprendre le néerlandais pour le travail.",
            provider="Bruxelles Formation",
            source="other",
            languages=["fr"],
            prices=[0],
            concepts=["skill:dutch-language"],
            postcode="3000",
            hours=60,
        ),
        _offer(
            11,
            "Veiligheid op de werf (VCA)",
            description="Basisveiligheid VCA voor werknemers in de bouw.",
            provider="Constructiv",
            source="constructiv",
            postcode="9300",
            prices=[0],
            funding=[("sector_fund", ["124"])],
            concepts=["skill:safety"],
            hours=8,
            sessions=[
                _session("9300", TODAY + timedelta(days=3), days=1, schedule=("weekend",)),
                _session("9000", TODAY + timedelta(days=40), days=1),
            ],
        ),
        _offer(
            12,
            "Een café uitbaten: horeca starten",
            description="Alles over het runnen van een café of brasserie.",
            provider="Horeca Vlaanderen",
            source="other",
            postcode="8000",
            prices=[300],
            hours=30,
        ),
        _offer(
            13,
            "Kapper: knippen en kleuren",
            description="Een opleiding tot kapper.",
            provider="Syntra West",
            source="syntra",
            postcode="8000",
            prices=[1200],
            hours=400,
        ),
        _offer(
            14,
            "Kapper: herenkapsels",
            description="Herenkapsels voor de kapper.",
            provider="Syntra West",
            source="syntra",
            postcode="8000",
            prices=[800],
        ),
        _offer(
            15,
            "Kapper in het kapsalon",
            description="Werkplekleren bij een kapper.",
            provider="VDAB",
            postcode="8000",
            sessions=[_session("8000", TODAY + timedelta(days=15), mode="workplace")],
        ),
        _offer(
            16,
            "Kipper bedienen op de bouwplaats",
            description="De kipper veilig bedienen.",
            provider="Constructiv",
            source="constructiv",
            postcode="3500",
            prices=[150],
        ),
        _offer(
            17,
            "Projectleider bouw",
            description="Werven plannen en opvolgen.",
            provider="Constructiv",
            source="constructiv",
            postcode="3500",
            prices=[2200],
            funding=[("sector_fund", ["124"]), ("vlaams_opleidingskrediet", [])],
            level=6,
            hours=200,
        ),
        _offer(
            18,
            "Oude cursus boekhouden",
            description="Deze cursus liep vorig jaar.",
            provider="CVO Gent",
            source="cvo",
            prices=[100],
            sessions=[_session("9000", TODAY - timedelta(days=200), days=60)],
        ),
        _offer(
            19,
            "Geannuleerde cursus tuinaanleg",
            description="Tuinen aanleggen; de sessie is geannuleerd.",
            provider="Inagro",
            source="other",
            prices=[50],
            sessions=[
                _session("9000", TODAY + timedelta(days=30), status="cancelled"),
            ],
        ),
        _offer(
            20,
            "Prijs onbekend: communicatie op de werkvloer",
            description="Communicatie tussen collega's.",
            provider="Cevora",
            source="cevora",
            prices=[],
            hours=7,
        ),
        _offer(
            21,
            "Online veilingen organiseren",
            description="Een veiling opzetten voor je webwinkel.",
            provider="Unizo",
            source="other",
            postcode="2000",
            prices=[75],
        ),
    ]
    # fillers: spread over places, providers, prices, dates; none mentions the words above
    fillers = [
        ("Klantvriendelijk telefoneren", "9000", "Cevora", "cevora", 0, 200),
        ("Timemanagement", "9070", "Cevora", "cevora", 150, 200),
        ("Projectmanagement met Scrum", "2000", "Syntra AB", "syntra", 650, None),
        ("Leidinggeven aan een team", "3000", "Cevora", "cevora", 0, 200),
        ("Elektriciteit: huishoudelijke installaties", "9300", "Volta", "volta", 0, "149.01"),
        ("Zonnepanelen installeren", "9860", "Volta", "volta", 350, "149.01"),
        ("Koeltechniek", "3500", "Educam", "educam", 500, "112"),
        ("Autotechniek: diagnose", "9000", "Educam", "educam", 0, "112"),
        ("Bakker: brood en banket", "9270", "Alimento", "alimento", 0, "118"),
        ("Voedselveiligheid HACCP", "9080", "Alimento", "alimento", 95, "118"),
        ("Schilder-decorateur", "8000", "Syntra West", "syntra", 980, None),
        ("Tegelzetter", "9300", "Constructiv", "constructiv", 0, "124"),
        ("Digitale marketing", "2000", "Syntra AB", "syntra", 560, None),
        ("Sociaal recht voor hr", "3000", "Cevora", "cevora", 0, 200),
        ("Logistiek medewerker", "9080", "VDAB", "vdab", 0, None),
        ("Chemische procestechniek", "2000", "Co-valent", "covalent", 0, "116"),
        ("Presentatietechnieken", "9000", "Cevora", "cevora", 120, 200),
        ("Meubelmaker", "3500", "Syntra Limburg", "syntra", 1500, None),
        ("Kinderbegeleider", "9860", "CVO Gent", "cvo", 240, None),
        ("Vrachtwagen rijbewijs C", "9270", "VDAB", "vdab", 0, None),
    ]
    for i, (title, postcode, provider, source, price, jc) in enumerate(fillers, start=101):
        funding = [("sector_fund", [str(jc)])] if jc else [("vdab", [])] if price == 0 else []
        offers.append(
            _offer(
                i,
                title,
                description=f"{title}: een praktijkgerichte opleiding.",
                provider=provider,
                source=source,
                postcode=postcode,
                prices=[price],
                funding=funding,
                hours=10 + (i % 7) * 10,
                sessions=[
                    _session(
                        postcode,
                        TODAY + timedelta(days=(i * 7) % 90 + 1),
                        schedule=("evening",) if i % 3 == 0 else ("daytime",),
                    )
                ],
            )
        )
    return offers


def by_title(offers: list[Offer], title: str) -> Offer:
    return next(o for o in offers if o.title == title)
