"""Never-repeated search streams for the benchmarks (issue 21), drawn from realistic queries.

The words are the 200 judged queries of the relevance benchmark
(``tests/index/relevance/judgements.py``: plain words, inflections, compounds, abbreviations,
typos, synonyms, occupations, places, English and French; scripts may read ``tests/``,
production code never does), crossed with the filters a searcher sets (sources, delivery mode,
schedule, language, funding, province, field of education, price, upcoming only), places
(a Flemish postcode + radius, by relevance or nearest first), sort orders (relevance mostly,
start date, price), pages 1–5 and page sizes (20 mostly, 10, 30). Every search asks
for the API's default facets (all of them), as the API and the search page do.

Query classes (``CLASSES``):

- ``text``: a judged query alone (another page or sort order makes another search);
- ``text + filters``: a judged query with 1–3 filters;
- ``text + place``: a judged query with a postcode and a radius (half of them nearest first);
- ``browse + filters``: no words, 1–2 filters (the broad searches: every match is counted);
- ``suggest``: a prefix of a judged query as typed (2 letters or more; 8 suggestions
  mostly, 5 or 10).

``stream(kind, n, seed)`` gives ``n`` searches of one class, ``mixed(n, seed)`` interleaves
them (``MIX`` weights), and ``Streams(seed)`` draws several streams that share no search (one
benchmark run's scenarios). No search occurs twice (``assert_unique`` checks it, and the
benchmarks call it on everything they send). Same seed, same stream. How many different
searches a class has: text ~9,000, suggest ~4,400, the others tens of thousands.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from catalogue.synthetic import FLEMISH_PROVINCES, PROVIDERS, TOPICS, flemish_places  # noqa: E402
from index.search_query import SearchQuery  # noqa: E402

CLASSES = ("text", "text + filters", "text + place", "browse + filters", "suggest")
# the mixed stream: mostly words, some with filters or a place, a few broad browses and
# the suggestions typed on the way (one per search would be more; a client debounces)
MIX = {"text": 40, "text + filters": 25, "text + place": 15, "browse + filters": 10, "suggest": 10}
RADII = (5, 10, 15, 20, 25, 30, 50)
PAGES = (1, 1, 1, 1, 1, 2, 2, 3, 4, 5)
SORTS = ("relevance",) * 4 + ("start_date", "price")
PAGE_SIZES = (20,) * 5 + (10, 30)  # 20: the API's default and the page's
SUGGEST_LIMITS = (8,) * 4 + (5, 10)  # 8: the default
PRICES = ("0", "100", "250", "500", "1000")
MODES = ("classroom", "online_live", "online_self_paced", "blended", "workplace")
SCHEDULES = ("daytime", "evening", "weekend")
LANGUAGES = ("nl", "fr", "en")
FUNDING = ("sector_fund", "opleidingscheques", "vdab")


@dataclass(frozen=True)
class Search:
    """One request: its class and its query parameters (in a fixed order)."""

    kind: str
    params: tuple[tuple[str, str], ...]

    @property
    def path(self) -> str:
        """The API path (``/api/v1/search?…`` or ``/api/v1/suggest?…``)."""
        endpoint = "suggest" if self.kind == "suggest" else "search"
        return f"/api/v1/{endpoint}?{urlencode(self.params)}"

    @property
    def prefix(self) -> str:
        """What a suggest request typed."""
        return dict(self.params)["q"]

    @property
    def limit(self) -> int:
        """How many suggestions a suggest request asks for."""
        return int(dict(self.params).get("limit", 8))

    def query(self) -> SearchQuery:
        """The engine's query for a search (the API's defaults: all facets, 20 per page)."""
        data: dict[str, object] = {}
        for key, value in self.params:
            if key in LIST_PARAMS:
                data.setdefault(key, []).append(value)  # type: ignore[union-attr]
            else:
                data[key] = value
        return SearchQuery.model_validate(data)


LIST_PARAMS = {
    "sources",
    "delivery_modes",
    "schedules",
    "languages",
    "funding_schemes",
    "provinces",
    "fields_of_education",
}


@cache
def judged_queries() -> tuple[tuple[str, str, str | None], ...]:
    """(kind, query, place) of the relevance benchmark's 200 judged queries."""
    from tests.index.relevance.judgements import QUERIES

    return tuple((j.kind, j.q, j.place) for j in QUERIES)


@cache
def suggest_prefixes() -> tuple[str, ...]:
    """Every prefix of 2+ letters of the judged queries (as typed, word by word)."""
    prefixes: dict[str, None] = {}
    for _, q, _ in judged_queries():
        for end in range(2, len(q) + 1):
            prefix = q[:end]
            if not prefix.endswith(" "):
                prefixes[prefix] = None
    return tuple(prefixes)


def _filters(rnd: random.Random, count: int) -> list[tuple[str, str]]:
    postcodes_by_province = sorted(set(FLEMISH_PROVINCES.values()))
    fields = sorted({t.isced for t in TOPICS})
    pool = {
        "sources": lambda: rnd.choice(PROVIDERS)[0],
        "delivery_modes": lambda: rnd.choice(MODES),
        "schedules": lambda: rnd.choice(SCHEDULES),
        "languages": lambda: rnd.choice(LANGUAGES),
        "funding_schemes": lambda: rnd.choice(FUNDING),
        "provinces": lambda: rnd.choice(postcodes_by_province),
        "fields_of_education": lambda: rnd.choice(fields),
        "price_max": lambda: rnd.choice(PRICES),
        "upcoming_only": lambda: "true",
    }
    keys = rnd.sample(sorted(pool), count)
    return [(key, pool[key]()) for key in sorted(keys)]


def _draw(kind: str, rnd: random.Random) -> Search:
    if kind == "suggest":
        params = [("q", rnd.choice(suggest_prefixes()))]
        limit = rnd.choice(SUGGEST_LIMITS)
        if limit != 8:
            params.append(("limit", str(limit)))
        return Search(kind, tuple(params))
    params: list[tuple[str, str]] = []
    if kind != "browse + filters":
        params.append(("q", rnd.choice(judged_queries())[1]))
    sort = rnd.choice(SORTS)
    if kind == "text + filters":
        params += _filters(rnd, rnd.randint(1, 3))
    elif kind == "browse + filters":
        params += _filters(rnd, rnd.randint(1, 2))
    elif kind == "text + place":
        postcode = rnd.choice(flemish_places())[0]
        params += [("postcode", postcode), ("radius_km", str(rnd.choice(RADII)))]
        if rnd.random() < 0.5:
            sort = "distance"
    if sort != "relevance":
        params.append(("sort", sort))
    page, size = rnd.choice(PAGES), rnd.choice(PAGE_SIZES)
    if page > 1:
        params.append(("page", str(page)))
    if size != 20:
        params.append(("page_size", str(size)))
    return Search(kind, tuple(params))


def _unique(kind: str, rnd: random.Random, seen: set[Search]) -> Search:
    for _ in range(10_000):
        search = _draw(kind, rnd)
        if search not in seen:
            seen.add(search)
            return search
    raise ValueError(f"no new {kind!r} search left after {len(seen):,} (the class is exhausted)")


class Streams:
    """Draws searches of any class, never one drawn before from the same ``Streams``: the
    scenarios of one benchmark run take their searches from one of these."""

    def __init__(self, seed: int = 21) -> None:
        self.rnd = random.Random(seed)
        self.seen: set[Search] = set()

    def take(self, kind: str, n: int) -> list[Search]:
        """``n`` new searches of one class."""
        if kind not in CLASSES:
            raise ValueError(f"unknown query class {kind!r}; one of {', '.join(CLASSES)}")
        return [_unique(kind, self.rnd, self.seen) for _ in range(n)]

    def take_mixed(self, n: int, mix: dict[str, int] = MIX) -> list[Search]:
        """``n`` new searches of the classes in ``mix``, interleaved at random in its weights."""
        kinds, weights = zip(*mix.items(), strict=True)
        return [_unique(self.rnd.choices(kinds, weights)[0], self.rnd, self.seen) for _ in range(n)]


def stream(kind: str, n: int, seed: int = 21) -> list[Search]:
    """``n`` different searches of one class (the same for a given seed)."""
    if kind not in CLASSES:
        raise ValueError(f"unknown query class {kind!r}; one of {', '.join(CLASSES)}")
    return Streams(seed * 100 + CLASSES.index(kind)).take(kind, n)


def mixed(n: int, seed: int = 21, mix: dict[str, int] = MIX) -> list[Search]:
    """``n`` different searches of every class, interleaved at random in ``mix``'s weights."""
    return Streams(seed).take_mixed(n, mix)


def assert_unique(searches: Sequence[Search]) -> None:
    """Fail when any search occurs twice (an honest stream never repeats itself)."""
    paths = [s.path for s in searches]
    repeated = len(paths) - len(set(paths))
    assert repeated == 0, f"{repeated} of {len(paths)} searches repeat an earlier one"


def counts(searches: Sequence[Search]) -> Iterator[tuple[str, int]]:
    for kind in CLASSES:
        found = sum(s.kind == kind for s in searches)
        if found:
            yield kind, found
