"""Search index benchmark: tantivy and OpenSearch side by side on the same synthetic offers.

Measures index build time, size and memory, and query latency (median / p95) for: text;
text + 2 filters + 3 facets; text with all facets (the API default); geo (postcode + 20 km,
nearest first); suggest. Prints a Markdown table for docs/benchmarks.md.

    scripts/opensearch start
    LEERAANBOD_OPENSEARCH_URL=http://127.0.0.1:9250 .venv/bin/python scripts/bench_index.py \
        --offers 100000 --queries 200
    scripts/opensearch stop

Without LEERAANBOD_OPENSEARCH_URL only tantivy runs.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import random
import resource
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from catalogue.model import Offer
from index.base import SearchIndex
from index.cluster import ClusterIndex
from index.geo import gazetteer
from index.query import FacetField, SearchQuery
from index.tantivy_index import TantivyIndex

TODAY = date(2026, 11, 2)
TOPICS = [
    "lassen",
    "heftruck",
    "boekhouding",
    "excel",
    "python",
    "verpleegkunde",
    "kapper",
    "metselaar",
    "elektriciteit",
    "zonnepanelen",
    "koeltechniek",
    "autotechniek",
    "bakker",
    "haccp",
    "schilder",
    "tegelzetter",
    "marketing",
    "sociaal-recht",
    "logistiek",
    "procestechniek",
    "presentatie",
    "meubelmaker",
    "kinderbegeleider",
    "vrachtwagen",
    "veiligheid",
    "vca",
    "leidinggeven",
    "timemanagement",
    "communicatie",
    "projectmanagement",
    "scrum",
    "java",
    "netwerkbeheer",
    "cybersecurity",
    "loodgieter",
    "dakwerker",
    "chauffeur",
    "magazijn",
    "kassa",
    "verkoop",
    "horeca",
    "kok",
    "barista",
    "tuinaanleg",
    "onthaal",
    "secretariaat",
    "payroll",
    "fiscaliteit",
    "btw",
    "duurzaamheid",
    "energie",
    "warmtepomp",
    "ventilatie",
    "cnc",
    "draaien",
    "frezen",
    "plaatbewerking",
    "robotica",
    "plc",
    "pneumatiek",
    "hydrauliek",
    "lean",
    "kwaliteit",
    "audit",
    "eerste-hulp",
    "brandpreventie",
    "ergonomie",
    "nederlands",
    "frans",
    "engels",
    "duits",
]
QUALIFIERS = [
    "basis",
    "gevorderd",
    "praktijk",
    "intensief",
    "online",
    "avond",
    "opfrissing",
    "module",
    "deel",
]
FILLER = [
    "je",
    "leert",
    "werkt",
    "oefent",
    "praktijk",
    "theorie",
    "opdrachten",
    "begeleiding",
    "attest",
    "cursus",
    "opleiding",
    "werkplek",
    "collega's",
    "klant",
    "veilig",
    "efficiënt",
    "team",
    "project",
    "resultaat",
    "kwaliteit",
    "methode",
    "techniek",
    "materiaal",
    "toestel",
    "software",
    "proces",
    "planning",
]
SOURCES = [f"fund{i:02d}" for i in range(50)]
PROVIDERS = [f"Opleider {i:03d}" for i in range(300)]
FUNDING = [
    "sector_fund",
    "vdab",
    "opleidingscheques",
    "vlaams_opleidingsverlof",
    "vlaams_opleidingskrediet",
    "kmo_portefeuille",
]
MODES = ["classroom", "online_live", "online_self_paced", "blended", "workplace"]


FLEMISH_PROVINCES = {"Antwerpen", "Limburg", "Oost-Vlaanderen", "Vlaams-Brabant", "West-Vlaanderen"}


def flemish_places() -> list:
    return [p for p in gazetteer().places if p.province in FLEMISH_PROVINCES]


def synthetic_offers(n: int, seed: int = 7) -> Iterator[Offer]:
    rnd = random.Random(seed)
    flemish = [
        p
        for p in gazetteer().places
        if p.province not in ("Waals-Brabant", "Henegouwen", "Luik", "Luxemburg", "Namen")
    ]
    for i in range(n):
        topic = rnd.choice(TOPICS)
        title = f"{topic.replace('-', ' ').capitalize()} {rnd.choice(QUALIFIERS)}"
        words = rnd.choices(FILLER, k=rnd.randint(15, 60)) + [topic] * rnd.randint(0, 2)
        place = rnd.choice(flemish)
        sessions = []
        for _ in range(rnd.randint(1, 3)):
            start = TODAY + timedelta(days=rnd.randint(-100, 300))
            sessions.append(
                {
                    "start_date": start.isoformat(),
                    "end_date": (start + timedelta(days=rnd.randint(0, 90))).isoformat(),
                    "schedule": [rnd.choice(["daytime", "evening", "weekend"])],
                    "delivery_mode": rnd.choice(MODES),
                    "location": {"postcode": rnd.choice(place.postcodes), "municipality": place.nl},
                }
            )
        source = rnd.choice(SOURCES)
        yield Offer.model_validate(
            {
                "source": source,
                "source_id": str(i),
                "url": f"https://example.org/{source}/{i}",
                "title": title,
                "description": " ".join(words),
                "provider": {"name": rnd.choice(PROVIDERS)},
                "languages": ["nl"],
                "prices": [{"amount": str(rnd.choice([0, 0, 50, 120, 250, 490, 900]))}],
                "duration": {"hours": rnd.choice([4, 8, 16, 24, 40, 80, 120])},
                "funding": [
                    {"scheme": s, "joint_committees": [str(rnd.randint(100, 340))]}
                    for s in rnd.sample(FUNDING, rnd.randint(0, 2))
                ],
                "fields_of_education": [
                    f"0{rnd.randint(1, 9)}{rnd.randint(1, 4)}{rnd.randint(1, 9)}"
                ],
                "level": {"value": rnd.randint(1, 7)},
                "sessions": sessions,
            }
        )


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def query_mix(n: int, seed: int = 11) -> dict[str, list[Callable[[SearchIndex], Any]]]:
    rnd = random.Random(seed)
    postcodes = [p.postcodes[0] for p in flemish_places()]
    few = [FacetField.PROVIDER, FacetField.FUNDING_SCHEME, FacetField.PROVINCE]
    mix: dict[str, list[Callable[[SearchIndex], Any]]] = {
        "text": [],
        "text + 2 filters + 3 facets": [],
        "text + all 11 facets": [],
        "geo 20 km, nearest first": [],
        "suggest": [],
    }
    for _ in range(n):
        topic = rnd.choice(TOPICS).replace("-", " ")
        q = SearchQuery(q=topic, facets=[])
        f = SearchQuery(
            q=topic, sources=[rnd.choice(SOURCES)], delivery_modes=["classroom"], facets=few
        )
        a = SearchQuery(q=topic)
        g = SearchQuery(postcode=rnd.choice(postcodes), radius_km=20, sort="distance", facets=[])
        prefix = rnd.choice(TOPICS)[:3]
        mix["text"].append(lambda e, q=q: e.search(q))
        mix["text + 2 filters + 3 facets"].append(lambda e, f=f: e.search(f))
        mix["text + all 11 facets"].append(lambda e, a=a: e.search(a))
        mix["geo 20 km, nearest first"].append(lambda e, g=g: e.search(g))
        mix["suggest"].append(lambda e, p=prefix: e.suggest(p))
    return mix


def measure(engine: SearchIndex, mix: dict, warmup: int = 20) -> dict[str, tuple[float, float]]:
    out = {}
    for name, calls in mix.items():
        for call in calls[:warmup]:
            call(engine)
        times = []
        for call in calls:
            t0 = time.perf_counter()
            call(engine)
            times.append((time.perf_counter() - t0) * 1000)
        out[name] = (statistics.median(times), percentile(times, 95))
    return out


def opensearch_memory() -> str:
    cache = Path(
        os.environ.get("LEERAANBOD_OPENSEARCH_CACHE", Path.home() / ".cache/leeraanbod/opensearch")
    )
    for pidfile in cache.glob("run-*/opensearch.pid"):
        try:
            status = Path(f"/proc/{pidfile.read_text().strip()}/status").read_text()
        except OSError:
            continue
        hwm = next(line for line in status.splitlines() if line.startswith("VmHWM"))
        return f"JVM peak RSS {int(hwm.split()[1]) / 1024:.0f} MB"
    return "n/a"


def machine() -> str:
    cpu = platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = ""
    with contextlib.suppress(OSError, StopIteration):
        meminfo = Path("/proc/meminfo").read_text().splitlines()
        total = next(line for line in meminfo if line.startswith("MemTotal"))
        mem = f", {int(total.split()[1]) / 1024 / 1024:.0f} GB RAM"
    return f"{cpu}, {os.cpu_count()} cores{mem}"


def load_average() -> str:
    """The 1/5/15-minute load averages, as uptime prints them."""
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def build_cell(build_s: float, generate_s: float, n: int) -> str:
    """Wall time of the rebuild, and of the indexing alone (without making the offers)."""
    own = max(build_s - generate_s, 0.001)
    return f"{build_s:.0f} s; indexing alone {own:.0f} s ({n / own:,.0f} offers/s)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--threads", type=int, default=1, help="tantivy writer threads")
    parser.add_argument("--tantivy-only", action="store_true")
    args = parser.parse_args()
    url = None if args.tantivy_only else os.environ.get("LEERAANBOD_OPENSEARCH_URL")
    t0 = time.perf_counter()
    for _ in synthetic_offers(args.offers):
        pass
    generate_s = time.perf_counter() - t0
    mix = query_mix(args.queries)
    rows: dict[str, dict[str, str]] = {}
    results: dict[str, dict[str, tuple[float, float]]] = {}

    with tempfile.TemporaryDirectory() as tmp:
        engine = TantivyIndex(Path(tmp), today=lambda: TODAY, writer_threads=args.threads)
        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        t0 = time.perf_counter()
        built = engine.rebuild(synthetic_offers(args.offers))
        build_s = time.perf_counter() - t0
        rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        assert built.bulk.indexed == args.offers, built.bulk.errors
        rows["tantivy"] = {
            "build": build_cell(build_s, generate_s, args.offers),
            "size": f"{dir_size(Path(tmp) / 'builds') / 1e6:.0f} MB",
            "memory": f"process peak RSS {rss1 / 1024:.0f} MB (+{(rss1 - rss0) / 1024:.0f} MB)",
        }
        results["tantivy"] = measure(engine, mix)
        engine.close()

    if url:
        alias = f"bench-{os.getpid()}"
        cluster = ClusterIndex.connect(url, alias, today=lambda: TODAY, replicas=0, timeout=30)
        try:
            t0 = time.perf_counter()
            built = cluster.rebuild(synthetic_offers(args.offers))
            build_s = time.perf_counter() - t0
            assert built.bulk.indexed == args.offers, list(built.bulk.errors.items())[:3]
            cluster.adapter.request(
                "POST", f"/{alias}/_forcemerge", params={"max_num_segments": 1}, timeout=600
            )
            stats = cluster.stats()
            rows["opensearch"] = {
                "build": build_cell(build_s, generate_s, args.offers),
                "size": f"{(stats.size_bytes or 0) / 1e6:.0f} MB (after force-merge)",
                "memory": opensearch_memory() + " (-Xmx1g)",
            }
            results["opensearch"] = measure(cluster, mix)
        finally:
            cluster.adapter.request("DELETE", f"/{alias}-*", params={"expand_wildcards": "all"})
            cluster.close()

    engines = list(results)
    print(
        f"machine: {machine()}; Python {platform.python_version()}; {args.offers} offers, "
        f"{args.queries} queries of each kind; making the offers (pydantic validation) "
        f"alone takes {generate_s:.0f} s\n"
    )
    print("| | " + " | ".join(engines) + " |")
    print("|---|" + "---|" * len(engines))
    for key in ("build", "size", "memory"):
        print(f"| {key} | " + " | ".join(rows[e][key] for e in engines) + " |")
    for name in mix:
        cells = [f"{results[e][name][0]:.1f} / {results[e][name][1]:.1f} ms" for e in engines]
        print(f"| {name} (median / p95) | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
