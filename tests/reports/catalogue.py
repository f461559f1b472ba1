"""A small catalogue whose every count is known by construction (see docs/reports.md and the
expected numbers in the tests). Six live offers from three sources, one retired offer, and a
crawl history over five ISO weeks (2026-W41 … W45) driven by a settable clock.

    O1 vdab/1    Lasser MIG/MAG        0715  Gent classroom (1 upcoming, 1 past), VDAB, free
    O2 vdab/2    TIG-lassen 's avonds  0715  Antwerpen + Hasselt (postcode), evening, Constructiv
    O3 cevora/10 Boekhouden starters   0411  online weekend + Leuven (cancelled), Cevora, cheques
    O4 cevora/11 Nederlands (NT2)      0231  Gent classroom (upcoming), Cevora, free, level 2
    O5 syntra/20 Boekhouding en btw    0411  Brugge blended evening (past), KMO-portefeuille
    O6 syntra/21 Boekhouden basis      0411  no sessions, no price, no funding (stale)
    O7 vdab/3    Heftruck              retired (page answered 404)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from catalogue.model import Offer
from catalogue.runs import RunStats
from catalogue.store import SQLiteStore
from reports.vocabulary import MappingVocabulary
from tests.factories import make_offer

TODAY = date(2026, 11, 2)
NOW = datetime(2026, 11, 2, 6, 0, tzinfo=UTC)

LASSER = "http://data.europa.eu/esco/occupation/7aedaa07-3884-4c5b-88f9-80997b2aa54b"
BOEKHOUDER = "http://data.europa.eu/esco/occupation/c3aae59e-1441-4b3e-bdd1-6da50dc7cf42"

MIG, TIG, PLANS, SAFETY = "skill:mig-mag", "skill:tig", "skill:plannen-lezen", "skill:veiligheid"
BOOKKEEPING, VAT, DUTCH = "skill:boekhouden", "skill:btw", "skill:nederlands"

VOCABULARY = MappingVocabulary(
    labels={"0715": "mechanica en metaalbewerking", LASSER: "lasser", MIG: "MIG/MAG-lassen"},
    skill_groups={
        MIG: ["group:lassen"],
        TIG: ["group:lassen"],
        PLANS: ["group:technisch-tekenen"],
        BOOKKEEPING: ["group:financieel"],
        VAT: ["group:financieel"],
    },
    occupation_skills={LASSER: [MIG, TIG, PLANS, SAFETY], BOEKHOUDER: [BOOKKEEPING, VAT]},
    competent={"OP-5": [BOEKHOUDER]},
)


def _competences(*concepts: str) -> list[dict]:
    return [{"concept_id": c, "score": 0.9, "method": "label"} for c in concepts]


def _session(start: str, end: str, **extra) -> dict:
    return {"start_date": start, "end_date": end, **extra}


def _gent() -> dict:
    return {"postcode": "9000", "municipality": "Gent"}


def offers() -> dict[str, Offer]:
    o1 = make_offer(
        source="vdab",
        source_id="1",
        identifiers=[],
        title="Lasser MIG/MAG",
        description="Je leert lassen.",
        prerequisites="Geen vooropleiding vereist.",
        fields_of_education=["0715"],
        competences=[
            *_competences(MIG, PLANS),
            {"concept_id": LASSER, "score": 1.0, "method": "occupation"},
        ],
        funding=[{"scheme": "vdab", "worker_statuses": ["job_seeker"]}],
        prices=[{"amount": "0"}],
        sessions=[
            _session("2026-11-10", "2026-12-20", schedule=["daytime"], location=_gent()),
            _session("2026-01-12", "2026-03-20", schedule=["daytime"], location=_gent()),
        ],
    )
    o2 = make_offer(
        source="vdab",
        source_id="2",
        identifiers=[],
        title="TIG-lassen 's avonds",
        description="Lassen met TIG.",
        prerequisites="Een bachelor of master in de techniek.",
        level={"value": 3},
        fields_of_education=["0715"],
        competences=[
            *_competences(TIG),
            {"concept_id": LASSER, "score": 1.0, "method": "occupation"},
        ],
        funding=[{"scheme": "sector_fund", "fund": "Constructiv", "joint_committees": ["124"]}],
        prices=[{"amount": "250"}],
        sessions=[
            _session(
                "2026-12-01",
                "2027-02-01",
                schedule=["evening"],
                location={"postcode": "2000", "municipality": "Antwerpen"},
            ),
            _session(
                "2027-01-10", "2027-03-01", schedule=["evening"], location={"postcode": "3500"}
            ),
        ],
    )
    o3 = make_offer(
        source="cevora",
        source_id="10",
        identifiers=[],
        title="Boekhouden voor starters",
        description="De basis van het boekhouden.",
        fields_of_education=["0411"],
        competences=_competences(BOOKKEEPING),
        funding=[
            {"scheme": "sector_fund", "fund": "Cevora", "joint_committees": ["200"]},
            {"scheme": "opleidingscheques"},
        ],
        prices=[{"amount": "150"}],
        sessions=[
            _session("2026-11-20", "2026-11-21", schedule=["weekend"], delivery_mode="online_live"),
            _session(
                "2026-12-01",
                "2026-12-01",
                schedule=["daytime"],
                status="cancelled",
                location={"postcode": "3000", "municipality": "Leuven"},
            ),
        ],
    )
    o4 = make_offer(
        source="cevora",
        source_id="11",
        identifiers=[],
        title="Nederlands op de werkvloer (NT2)",
        description="Communiceren op het werk.",
        level={"value": 2},
        target_groups=["anderstaligen", "werkzoekenden"],
        fields_of_education=["0231"],
        competences=_competences(DUTCH),
        funding=[{"scheme": "sector_fund", "fund": "Cevora", "joint_committees": ["200"]}],
        prices=[{"amount": "0"}],
        sessions=[_session("2026-11-05", "2026-11-06", schedule=["daytime"], location=_gent())],
    )
    o5 = make_offer(
        source="syntra",
        source_id="20",
        identifiers=[],
        title="Boekhouding en btw",
        description="Dubbel boekhouden en btw-aangifte.",
        prerequisites="Diploma secundair onderwijs.",
        level={"value": 5},
        fields_of_education=["0411"],
        competences=_competences(BOOKKEEPING, VAT),
        funding=[{"scheme": "kmo_portefeuille"}],
        prices=[{"amount": "900"}],
        sessions=[
            _session(
                "2026-02-01",
                "2026-06-01",
                schedule=["evening"],
                delivery_mode="blended",
                location={"postcode": "8000", "municipality": "Brugge"},
            )
        ],
    )
    o6 = make_offer(
        source="syntra",
        source_id="21",
        identifiers=[],
        title="Boekhouden basis",
        description="Boekhouden voor beginners.",
        fields_of_education=["0411"],
        competences=_competences(BOOKKEEPING),
        prices=[],
        sessions=[],
    )
    o7 = make_offer(
        source="vdab",
        source_id="3",
        identifiers=[],
        title="Heftruckchauffeur",
        description="Rijden met de heftruck.",
    )
    return {"O1": o1, "O2": o2, "O3": o3, "O4": o4, "O5": o5, "O6": o6, "O7": o7}


@dataclass
class Catalogue:
    store: SQLiteStore
    offers: dict[str, Offer]

    def id(self, name: str) -> str:
        return str(self.offers[name].id)

    @property
    def clusters(self) -> dict[str, str]:
        """c1: the bookkeeping course at cevora and twice at syntra; c2: O1 with O4."""
        return {
            self.id("O3"): "c1",
            self.id("O5"): "c1",
            self.id("O6"): "c1",
            self.id("O1"): "c2",
            self.id("O4"): "c2",
        }


def _crawl(store: SQLiteStore, source: str, offers: list[Offer], rejected=0, error=None):
    run = store.start_run(source)
    if offers:
        store.upsert_offers(offers, run_id=run)
    stats = RunStats(
        pages=1,
        items_seen=len(offers) + rejected,
        items_rejected=rejected,
        rejected_reasons={"url": rejected} if rejected else {},
    )
    return store.finish_run(run, stats, error=error)


def build(store: SQLiteStore, clock) -> Catalogue:
    """Fill ``store`` (whose clock is ``clock``) and leave the clock at ``NOW``."""
    o = offers()
    clock.now = datetime(2026, 10, 5, 6, 0, tzinfo=UTC)  # W41
    assert _crawl(store, "vdab", [o["O1"], o["O2"], o["O7"]]).outcome == "good"
    clock.tick(hours=1)
    assert _crawl(store, "cevora", [o["O3"], o["O4"]]).outcome == "good"
    clock.tick(hours=1)
    assert _crawl(store, "syntra", [o["O6"]]).outcome == "good"
    clock.now = datetime(2026, 10, 12, 6, 0, tzinfo=UTC)  # W42
    assert _crawl(store, "vdab", [o["O1"], o["O2"], o["O7"]], rejected=1).outcome == "failed"
    clock.tick(hours=1)
    result = _crawl(store, "syntra", [o["O5"]])
    assert (result.outcome, result.marked_stale) == ("good", 1)  # O6 goes stale
    clock.now = datetime(2026, 10, 19, 6, 0, tzinfo=UTC)  # W43
    assert _crawl(store, "cevora", [], error="HTTP 503 on the listing").outcome == "failed"
    clock.tick(hours=1)
    assert store.mark_gone(str(o["O7"].id), 404)
    clock.now = NOW  # W45
    return Catalogue(store=store, offers=o)
