"""The embedded engine: tantivy, no server.

Layout of ``settings.index_dir``::

    builds/<stamp>-<hex>/   one complete tantivy index per rebuild (+ ``leeraanbod.json`` meta)
    current                 symlink -> builds/<name>, replaced atomically (rename) on a rebuild
    rebuild.lock            flock held by the one rebuild that may run

Readers resolve ``current`` before every search and reopen when it moved, so they see the old
index or the new one, never a half-built one. Facet counts, text-only match counts and whole
answers to the very same search are cached per index generation (``index.lru``): the build
directory, its last commit (``meta.json``, which tantivy replaces on every commit, also one
made by another process) and this process's own writes.
A rebuild that fails removes its directory and leaves ``current`` alone.

Analysis: ``nl`` = simple tokenizer, lowercase, ASCII folding, Dutch stop words, compound
splitting with the vocabulary's word list, Snowball ``dutch`` stemmer.

Stemmer choice: tantivy's ``dutch`` is the newer Snowball algorithm (Kraaij-Pohlmann based;
Lucene's ``dutch_kp`` gives the same stems, so the cluster mapping uses that). We keep it over
the older ``dutch_porter`` (Lucene's ``dutch``; not in tantivy) because it conflates plurals
our users type: 'cursussen' -> 'cursus' (Porter: 'cursuss' vs 'cursus'), 'lassen' -> 'las'.
Its costs: odd stems such as 'ingenieur' -> 'innieur' (harmless: queries are analysed the same
way) and a few over-conflations ('veiligheid' and 'veiling' -> 'veil'), which the unstemmed
``title_exact`` boost keeps below the exact word.
``nl_exact`` = the same without stop words, compounds and stemming: exact-word boosts and typo
tolerance. tantivy keeps no analyser definitions, so they are registered again on every open,
from the compound words recorded in the index's own meta file (so a query is analysed exactly
as the index it searches was built).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import tantivy
from pydantic import TypeAdapter

from catalogue.model import Offer
from index.base import (
    BulkResult,
    IndexStats,
    RebuildInProgress,
    RebuildResult,
    SearchIndex,
    SearchUnavailable,
    Suggestion,
    check_source_counts,
)
from index.documents import NO_DATE_SORT, NO_PRICE_SORT, CourseRun, build_document, item_id
from index.geo import Gazetteer, gazetteer
from index.lru import DEFAULT_SIZE, Lru
from index.queries import (
    BOOST_CONCEPT_LABELS,
    BOOST_CONCEPT_MATCH,
    BOOST_DESCRIPTION,
    BOOST_PROVIDER,
    BOOST_SYNONYM,
    BOOST_TITLE,
    BOOST_TITLE_EXACT,
    FACET_FIELDS,
    FACET_SIZE,
    KEYWORD_FIELDS,
    LEGACY_SOURCE_COUNT_FIELD,
    SOURCE_COUNT_FIELD,
    SUGGEST_KINDS,
    TIE_BREAKER,
    TYPO_FIELD,
    TYPO_MIN_HITS,
    AnyOf,
    Filter,
    Flag,
    Location,
    Range,
    Terms,
    TextPlan,
    Unit,
    build_filters,
    effective_sort,
    facet_filters,
    free_for_me,
    free_for_me_filter,
    highlight_html,
    merge_suggestions,
    plan_text,
    profile_aware,
    resolve_location,
    typo_distance,
    widened_radii,
)
from index.query import (
    FacetCount,
    FacetField,
    SearchHit,
    SearchQuery,
    SearchResults,
    SortOrder,
)
from index.vocabulary import Vocabulary, default_vocabulary, fold

HITS = TypeAdapter(list[SearchHit])
META_FILE = "leeraanbod.json"
SCHEMA_VERSION = 2  # 2: one document per course run (sources, cluster_id, funding_rules)
WRITER_HEAP = 64_000_000
SNIPPET_CHARS = 180
Occur = tantivy.Occur


def _analyzer(compound_words: list[str], *, stem: bool) -> tantivy.TextAnalyzer:
    b = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
    b = b.filter(tantivy.Filter.remove_long(40)).filter(tantivy.Filter.lowercase())
    b = b.filter(tantivy.Filter.ascii_fold())
    if stem:
        b = b.filter(tantivy.Filter.stopword("dutch"))
        if compound_words:
            b = b.filter(tantivy.Filter.split_compound(compound_words))
        b = b.filter(tantivy.Filter.stemmer("dutch"))
    return b.build()


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    for name in KEYWORD_FIELDS:
        if name != "id":
            sb.add_text_field(name, fast=True, tokenizer_name="raw")
    sb.add_text_field("title", stored=True, tokenizer_name="nl")
    sb.add_text_field("description", stored=True, tokenizer_name="nl")
    sb.add_text_field("concept_text", tokenizer_name="nl")
    sb.add_text_field("title_exact", tokenizer_name="nl_exact")
    sb.add_text_field("provider_text", tokenizer_name="nl_exact")
    sb.add_text_field(TYPO_FIELD, tokenizer_name="nl_exact")
    sb.add_text_field("suggest", tokenizer_name="raw")
    sb.add_float_field("price_min", indexed=True, fast=True)
    sb.add_float_field("hours", indexed=True, fast=True)
    sb.add_boolean_field("free", indexed=True)
    sb.add_date_field("start_dates", indexed=True)
    sb.add_date_field("session_last_days", indexed=True)
    sb.add_integer_field("sort_start", fast=True)
    sb.add_float_field("sort_price", fast=True)
    sb.add_bytes_field("hit", stored=True)
    sb.add_bytes_field("offer", stored=True)
    return sb.build()


def _day(value: date | str) -> datetime:
    d = date.fromisoformat(value) if isinstance(value, str) else value
    return datetime(d.year, d.month, d.day, tzinfo=UTC)


def _suggest_term(kind: str, text: str, original: str) -> str:
    """One term per suggestion input: kind, folded input (the prefix matched), original text."""
    return f"{kind}:{fold(text)}\x1f{original}"


def to_tantivy_document(doc: dict[str, Any]) -> tantivy.Document:
    fields: dict[str, Any] = {
        "id": doc["id"],
        "title": doc["title"],
        "description": doc["description"],
        "concept_text": " ".join(doc["concept_labels"]),
        "title_exact": doc["title"],
        "provider_text": doc["provider"],
        TYPO_FIELD: [doc["title"], doc["description"]],
        "suggest": [
            *(_suggest_term("title", s, doc["title"]) for s in doc["suggest"]["title"]),
            *(_suggest_term("provider", p, p) for p in doc["suggest"]["provider"]),
            *(_suggest_term("concept", c, c) for c in doc["suggest"]["concept"]),
        ],
        "free": doc["free"],
        "sort_start": (
            date.fromisoformat(doc["next_start"]) if doc["next_start"] else NO_DATE_SORT
        ).toordinal(),
        "sort_price": doc["price_min"] if doc["price_min"] is not None else NO_PRICE_SORT,
        "hit": json.dumps(
            {
                k: doc[k]
                for k in (
                    "title",
                    "provider",
                    "source",
                    "url",
                    "next_session",
                    "price_min",
                    "free",
                    "funding_schemes",
                    "delivery_modes",
                    "municipalities",
                    "cluster_id",
                    "sources",
                    "listing_count",
                    "available_via",
                    "funding_rules",
                )
            }
        ).encode(),
        "offer": doc["offer_json"].encode(),
    }
    for name in KEYWORD_FIELDS:
        if name == "id":
            continue
        value = doc[name]
        if value is None or value == []:
            continue
        fields[name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    for name in ("price_min", "hours"):
        if doc[name] is not None:
            fields[name] = float(doc[name])
    for name in ("start_dates", "session_last_days"):
        if doc[name]:
            fields[name] = [_day(d) for d in doc[name]]
    return tantivy.Document(**fields)


class _Opened:
    """One opened build: the tantivy index with its analysers and schema."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.meta = json.loads((path / META_FILE).read_text("utf-8"))
        self.schema = _schema()
        self.index = tantivy.Index(self.schema, path=str(path), reuse=True)
        words = self.meta.get("compound_words", [])
        self.nl = _analyzer(words, stem=True)
        self.exact = _analyzer(words, stem=False)
        # custom analysers are not persisted by tantivy: register on every open
        self.index.register_tokenizer("nl", self.nl)
        self.index.register_tokenizer("nl_exact", self.exact)
        self.stamp = commit_stamp(path)
        self.sizes = _segment_sizes(path)

    def intact(self) -> bool:
        """No segment file this reader maps has shrunk (a file truncated under a mapping
        kills the process with SIGBUS on the next read): checked before every use."""
        return all(_size(self.path / name) >= size for name, size in self.sizes.items())


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:  # merged away: the mapping keeps the unlinked file readable
        return 1 << 62


def _segment_sizes(path: Path) -> dict[str, int]:
    """Sizes of a build's segment files (immutable once written; meta files are replaced)."""
    return {f.name: f.stat().st_size for f in path.iterdir() if not f.name.endswith(".json")}


def commit_stamp(path: Path) -> tuple[int, int, int] | None:
    """Which commit of a build is on disk: tantivy writes ``meta.json`` anew (a new file
    renamed over the old one) on every commit."""
    try:
        st = os.stat(path / "meta.json")
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


class TantivyIndex(SearchIndex):
    backend = "tantivy"

    def __init__(
        self,
        directory: Path,
        vocabulary: Vocabulary | None = None,
        *,
        places: Gazetteer | None = None,
        today: Callable[[], date] = date.today,
        writer_threads: int = 1,
        facet_cache_size: int = DEFAULT_SIZE,
        result_cache_size: int = DEFAULT_SIZE,
    ) -> None:
        self.directory = Path(directory)
        self.vocabulary = vocabulary or default_vocabulary()
        self.places = places or gazetteer()
        self.today = today
        self.writer_threads = writer_threads
        self._opened: _Opened | None = None
        self._open_lock = threading.Lock()
        self._write_lock = threading.Lock()
        # facet counts per (index generation, text, filters, facets): paging and sorting
        # the same search count nothing again
        self.facet_cache: Lru[dict[FacetField, list[FacetCount]]] = Lru(facet_cache_size)
        self._text_counts: Lru[int] = Lru(facet_cache_size * 4)  # matches of the text alone
        # whole answers to the very same search (the landing page, a popular word, a reload)
        self.result_cache: Lru[SearchResults] = Lru(result_cache_size)
        self._writes = 0  # this process's commits into a live build (part of the generation)

    # ------------------------------------------------------------------ layout
    @property
    def builds(self) -> Path:
        return self.directory / "builds"

    @property
    def pointer(self) -> Path:
        return self.directory / "current"

    def _live_path(self) -> Path | None:
        try:
            target = os.readlink(self.pointer)
        except FileNotFoundError:
            return None
        return (self.directory / target).resolve()

    def _current(self) -> _Opened:
        path = self._live_path()
        if path is None:
            raise SearchUnavailable("the search index has not been built yet")
        opened = self._opened
        if opened is not None and opened.path == path:
            if opened.intact():
                return opened
            self._opened = None  # damaged under us: never read its mappings again
            raise SearchUnavailable("the search index is damaged; rebuild it")
        with self._open_lock:
            if self._opened is None or self._opened.path != path:
                try:
                    self._opened = _Opened(path)
                except (OSError, ValueError) as exc:
                    raise SearchUnavailable(f"cannot open the search index: {exc}") from exc
            return self._opened

    def _generation(self, opened: _Opened) -> tuple:
        """The generation of the index about to be searched; when another process committed
        to this build since the last search, the reader is reloaded first, so that the
        counts cached under this generation are counted on this generation."""
        stamp = commit_stamp(opened.path)
        if stamp != opened.stamp:
            with self._open_lock:
                if stamp != opened.stamp:
                    opened.index.reload()
                    opened.stamp = stamp
                    opened.sizes = _segment_sizes(opened.path)
        return opened.path, stamp, self._writes

    # ------------------------------------------------------------------ writing
    def _new_build(self) -> tuple[Path, tantivy.Index]:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        path = self.builds / f"{stamp}-{uuid.uuid4().hex[:8]}"
        path.mkdir(parents=True)
        meta = {
            "schema_version": SCHEMA_VERSION,
            "compound_words": self.vocabulary.compound_words,
            "vocabulary": self.vocabulary.fingerprint(),
            "created": datetime.now(UTC).isoformat(),
        }
        (path / META_FILE).write_text(json.dumps(meta), "utf-8")
        index = tantivy.Index(_schema(), path=str(path), reuse=False)
        index.register_tokenizer("nl", _analyzer(self.vocabulary.compound_words, stem=True))
        index.register_tokenizer("nl_exact", _analyzer([], stem=False))
        return path, index

    def _add(
        self,
        writer: Any,
        offers: Iterable[Offer | CourseRun],
        result: BulkResult,
        per_source: dict,
        *,
        fresh: bool = False,
    ) -> None:
        """Add documents; into a live index they replace the same ids. Into a ``fresh`` one
        a delete is only needed for an id seen before in this build (the last one given wins):
        tantivy queues every delete in memory until the commit (1.3 GB for a 1M-offer
        rebuild), so they are not issued blindly."""
        today = self.today()
        seen: set[str] = set()
        for offer in offers:
            try:
                doc = build_document(offer, self.vocabulary, today, self.places)
                tdoc = to_tantivy_document(doc)
            except (ValueError, TypeError, KeyError) as exc:
                result.errors[item_id(offer)] = f"{type(exc).__name__}: {exc}"
                continue
            if not fresh or doc["id"] in seen:
                # a course run whose representative changed, or that absorbed another run,
                # replaces its old documents: its cluster's, and those of its other listings
                writer.delete_documents_by_term("cluster_id", doc["cluster_id"])
                for listing in doc["available_via"]:
                    writer.delete_documents_by_term("id", listing["offer_id"])
            if fresh:
                seen.add(doc["id"])
            writer.add_document(tdoc)
            result.indexed += 1
            for source in doc[SOURCE_COUNT_FIELD]:  # a run counts under each of its sources
                per_source[source] = per_source.get(source, 0) + 1

    def bulk_index(self, offers: Iterable[Offer | CourseRun]) -> BulkResult:
        """Add or replace offers in the live index (creating it when there is none)."""
        with self._write_lock:
            if self._live_path() is None:
                return self.rebuild(offers, force=True).bulk
            opened = self._current()
            writer = opened.index.writer(WRITER_HEAP, self.writer_threads)
            result = BulkResult()
            try:
                self._add(writer, offers, result, {})
                writer.commit()
            except BaseException:
                writer.rollback()
                raise
            finally:
                writer.wait_merging_threads()
            opened.index.reload()
            self._writes += 1
            return result

    def delete(self, offer_ids: Iterable[str]) -> int:
        with self._write_lock:
            opened = self._current()
            ids = list(offer_ids)
            searcher = opened.index.searcher()
            present = searcher.search(
                tantivy.Query.term_set_query(opened.schema, "id", ids), 1
            ).count
            writer = opened.index.writer(WRITER_HEAP, self.writer_threads)
            try:
                for oid in ids:
                    writer.delete_documents_by_term("id", oid)
                writer.commit()
            finally:
                writer.wait_merging_threads()
            opened.index.reload()
            self._writes += 1
            return present

    @contextlib.contextmanager
    def _rebuild_lock(self) -> Iterator[None]:
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.directory / "rebuild.lock", "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise RebuildInProgress("another rebuild of this index is running") from exc
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def rebuild(self, offers: Iterable[Offer | CourseRun], *, force: bool = False) -> RebuildResult:
        """Build a complete new index beside the live one, check it, swap it in atomically."""
        with self._rebuild_lock():
            live = self._live_path()
            live_counts: dict[str, int] = {}
            # a live index that cannot be opened must not block its replacement
            if live:
                with contextlib.suppress(SearchUnavailable, OSError, ValueError):
                    live_counts = self._live_source_counts(live)
            path, index = self._new_build()
            try:
                result = BulkResult()
                per_source: dict[str, int] = {}
                writer = index.writer(WRITER_HEAP, self.writer_threads)
                try:
                    self._add(writer, offers, result, per_source, fresh=True)
                    writer.commit()
                finally:
                    writer.wait_merging_threads()
                problems = check_source_counts(live_counts, per_source)
                if problems and not force:
                    raise_rejected(problems)
                _verify_build(path, result.indexed)
                self._swap(path)
                self._writes += 1
            except BaseException:
                shutil.rmtree(path, ignore_errors=True)
                raise
            self._prune(keep={path, live} if live else {path})
            return RebuildResult(
                name=path.name, bulk=result, per_source=per_source, warnings=problems
            )

    def _swap(self, path: Path) -> None:
        tmp = self.directory / f".current-{uuid.uuid4().hex[:8]}"
        os.symlink(os.path.relpath(path, self.directory), tmp)
        try:
            os.replace(tmp, self.pointer)  # atomic: readers see the old target or the new one
        except OSError:
            tmp.unlink(missing_ok=True)
            raise

    def _prune(self, keep: set[Path]) -> None:
        """Remove builds other than the live one and the one before it (a reader may still be
        searching that one; its open files stay readable after unlinking on POSIX)."""
        kept = {k.resolve() for k in keep}
        for child in self.builds.iterdir():  # also what a killed rebuild left behind
            if child.resolve() not in kept:
                shutil.rmtree(child, ignore_errors=True)
        for stray in self.directory.glob(".current-*"):
            stray.unlink(missing_ok=True)

    # ------------------------------------------------------------------ reading
    def get(self, offer_id: str) -> Offer | None:
        opened = self._current()
        searcher = opened.index.searcher()
        hits = searcher.search(tantivy.Query.term_query(opened.schema, "id", offer_id), 1).hits
        if not hits:
            return None
        raw = searcher.doc(hits[0][1]).to_dict()["offer"][0]
        return Offer.model_validate_json(raw)

    def _source_counts(self, opened: _Opened) -> dict[str, int]:
        return _count_sources(opened.index, SOURCE_COUNT_FIELD)

    @staticmethod
    def _live_source_counts(path: Path) -> dict[str, int]:
        """Documents per source of the live build, read with its own schema: a build from
        before one document per course run (schema 1) counts its one document per offer."""
        meta = json.loads((path / META_FILE).read_text("utf-8"))
        field = (
            SOURCE_COUNT_FIELD
            if meta.get("schema_version", 1) >= SCHEMA_VERSION
            else LEGACY_SOURCE_COUNT_FIELD
        )
        return _count_sources(tantivy.Index.open(str(path)), field)

    def stats(self) -> IndexStats:
        path = self._live_path()
        if path is None:
            return IndexStats(backend=self.backend, documents=0, per_source={})
        opened = self._current()
        size = sum(f.stat().st_size for f in opened.path.iterdir() if f.is_file())
        return IndexStats(
            backend=self.backend,
            documents=opened.index.searcher().num_docs,
            per_source=self._source_counts(opened),
            size_bytes=size,
            name=opened.path.name,
        )

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        """Titles (from any word on), providers and concept labels starting with ``prefix``;
        the most frequent first."""
        folded = fold(prefix)
        if len(folded) < 2:
            return []
        searcher = self._current().index.searcher()
        found: dict[str, list[str]] = {}
        for kind in SUGGEST_KINDS:
            best: dict[str, int] = {}
            for term, count in searcher.terms_with_prefix("suggest", f"{kind}:{folded}"):
                original = term.split("\x1f", 1)[1]
                best[original] = max(best.get(original, 0), count)
            ranked = sorted(best.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))
            found[kind] = [text for text, _ in ranked]
        return [Suggestion(text=t, kind=k) for k, t in merge_suggestions(found, limit)]

    def course_run_ids(self, flt: Filter) -> list[str]:
        opened = self._current()
        searcher = opened.index.searcher()
        query = self._filter_query(opened, flt)
        total = searcher.search(query, 1, count=True).count
        if not total:
            return []
        # a terms aggregation over the fast field: no stored document is read, and 10x less
        # CPU than collecting the hits ordered by it (every document has one cluster id, so
        # ``total`` buckets hold them all)
        spec = {"runs": {"terms": {"field": "cluster_id", "size": total, "segment_size": total}}}
        buckets = searcher.aggregate(query, spec)["runs"]["buckets"]
        return sorted(str(b["key"]) for b in buckets)

    def generation(self) -> str | None:
        """The live build and which of its commits is on disk (``commit_stamp``, the marker the
        search caches use too)."""
        path = self._live_path()
        stamp = commit_stamp(path) if path is not None else None
        return None if stamp is None else f"{path.name}:{':'.join(map(str, stamp))}"

    # ------------------------------------------------------------------ search
    def search(self, query: SearchQuery) -> SearchResults:
        opened = self._current()
        generation = self._generation(opened)
        today = self.today()
        key = (generation, today, query.model_dump_json())
        cached = self.result_cache.get(key)
        if cached is None:
            cached = self._answer(opened, query, today, generation)
            self.result_cache.put(key, cached)
        # the caller gets its own lists (the hits themselves are shared: read them only)
        return cached.model_copy(
            update={
                "hits": list(cached.hits),
                "facets": {field: list(counts) for field, counts in cached.facets.items()},
            }
        )

    def _answer(
        self, opened: _Opened, query: SearchQuery, today: date, generation: tuple
    ) -> SearchResults:
        plan = plan_text(query.q, self.vocabulary)
        location = resolve_location(query, self.places)
        results = self._search(opened, query, plan, location, today, generation)
        if results.total == 0 and location is not None and query.radius_km is not None:
            for radius in widened_radii(query.radius_km):
                wider = resolve_location(query, self.places, radius)
                results = self._search(opened, query, plan, wider, today, generation)
                if results.total:
                    results.location_note = widened_note(location, radius)
                    break
        return results

    def _search(
        self,
        opened: _Opened,
        query: SearchQuery,
        plan: TextPlan,
        location: Location | None,
        today: date,
        generation: tuple = (),
    ) -> SearchResults:
        searcher = opened.index.searcher()
        filters = build_filters(query, location, today)
        text_q = None if plan.empty else self._text_query(opened, plan, fuzzy=False)
        sort = effective_sort(query, plan)
        distance = sort == SortOrder.DISTANCE and location is not None

        def run(text: Any) -> tuple[int, list]:
            main = self._combine(opened, text, list(filters.values()))
            if distance:
                assert location is not None
                return self._distance_page(searcher, opened, main, query, location)
            if sort == SortOrder.MY_COST:
                return self._my_cost_page(searcher, opened, main, query)
            return self._page(searcher, main, query, sort)

        total, page = run(text_q)
        fuzzy = False
        if text_q is not None:
            # a misspelling is a property of the text, not of the filters: decide on the text
            # alone (without filters the search just made counted exactly that)
            alone = total
            if filters:
                key = (generation, query.q)
                alone = self._text_counts.get(key)
                if alone is None:
                    alone = searcher.search(text_q, 1, count=True).count
                    self._text_counts.put(key, alone)
            if alone < TYPO_MIN_HITS:
                fuzzy_q = self._text_query(opened, plan, fuzzy=True)
                if fuzzy_q is not None:
                    text_q, fuzzy = fuzzy_q, True
                    total, page = run(text_q)
        if sort != SortOrder.RELEVANCE:
            page = [(0.0, addr) for _, addr in page]  # the sort value is not a score
        generators = {}
        if text_q is not None and page:
            for field in ("title", "description"):
                generator = tantivy.SnippetGenerator.create(searcher, text_q, opened.schema, field)
                generator.set_max_num_chars(SNIPPET_CHARS)
                generators[field] = generator
        # one validation for the page (pydantic's core), not one per hit and nested model
        hits = HITS.validate_python(
            [self._hit(searcher, score, addr, generators, location, query) for score, addr in page]
        )
        # everything the counts depend on; never page, page size or sort
        key = (generation, query.q, fuzzy, frozenset(filters.items()), tuple(query.facets))
        facets = self.facet_cache.get(key)
        if facets is None:
            facets = self._facets(searcher, opened, query, text_q, filters)
            self.facet_cache.put(key, facets)
        return SearchResults(
            total=total, hits=hits, facets=facets, page=query.page, page_size=query.page_size
        )

    def _page(
        self, searcher: Any, main: Any, query: SearchQuery, sort: SortOrder
    ) -> tuple[int, list]:
        order_field = {SortOrder.START_DATE: "sort_start", SortOrder.PRICE: "sort_price"}.get(sort)
        kwargs: dict[str, Any] = {"count": True, "offset": query.offset}
        if order_field:
            kwargs.update(order_by_field=order_field, order=tantivy.Order.Asc)
        result = searcher.search(main, query.page_size, **kwargs)
        return result.count, list(result.hits)

    def _my_cost_page(
        self, searcher: Any, opened: _Opened, main: Any, query: SearchQuery
    ) -> tuple[int, list]:
        """Free for the searcher first, then the rest; each part by price (sort_price)."""
        free = self._filter_query(opened, free_for_me_filter(query.free_for_rules))
        parts = [
            tantivy.Query.boolean_query([(Occur.Must, main), (Occur.Must, free)]),
            tantivy.Query.boolean_query([(Occur.Must, main), (Occur.MustNot, free)]),
        ]
        total = searcher.search(main, 1, count=True).count
        page: list = []
        skipped = 0
        for part in parts:
            count = searcher.search(part, 1, count=True).count
            if skipped + count <= query.offset:
                skipped += count
                continue
            want = query.page_size - len(page)
            start = max(0, query.offset - skipped)
            got = searcher.search(
                part, want, offset=start, order_by_field="sort_price", order=tantivy.Order.Asc
            ).hits
            skipped += count
            page.extend(got)
            if len(page) >= query.page_size:
                break
        return total, page

    def _distance_page(
        self, searcher: Any, opened: _Opened, main: Any, query: SearchQuery, location: Location
    ) -> tuple[int, list]:
        """Nearest first: walk the municipalities by distance; each offer belongs to the bucket
        of its nearest municipality in the radius; within a bucket, by relevance."""
        total = searcher.search(main, 1, count=True).count
        agg = searcher.aggregate(
            main, {"m": {"terms": {"field": "municipalities", "size": 10_000}}}
        )
        present = {b["key"] for b in agg["m"]["buckets"]}
        ordered = [m for m, _ in sorted(location.distances.items(), key=lambda kv: (kv[1], kv[0]))]
        seen: list[str] = []
        skipped = 0
        page: list = []
        want = query.page_size
        for m in ordered:
            if m not in present:
                continue
            clauses = [(Occur.Must, main), (Occur.Must, self._term(opened, "municipalities", m))]
            if seen:
                clauses.append(
                    (
                        Occur.MustNot,
                        tantivy.Query.term_set_query(opened.schema, "municipalities", seen),
                    )
                )
            bucket = tantivy.Query.boolean_query(clauses)
            seen.append(m)
            count = searcher.search(bucket, 1, count=True).count
            if skipped + count <= query.offset:
                skipped += count
                continue
            start = max(0, query.offset - skipped)
            got = searcher.search(bucket, want - len(page), offset=start).hits
            skipped += count
            page.extend(got)
            if len(page) >= want:
                break
        return total, page

    # ---- query parts
    @staticmethod
    def _term(opened: _Opened, field: str, value: Any) -> Any:
        return tantivy.Query.term_query(opened.schema, field, value)

    def _field_query(self, opened: _Opened, field: str, tokens: list[str]) -> Any | None:
        if not tokens:
            return None
        if len(tokens) == 1:
            return self._term(opened, field, tokens[0])
        return tantivy.Query.phrase_query(opened.schema, field, tokens)

    def _unit_query(self, opened: _Opened, unit: Unit, fuzzy: bool) -> Any | None:
        stems = list(opened.nl.analyze(unit.text)) if unit.text else []
        exact = list(opened.exact.analyze(unit.text))
        alternatives: list[Any] = []

        def add(q: Any | None, boost: float) -> None:
            if q is not None:
                alternatives.append(tantivy.Query.boost_query(q, boost))

        if stems:
            add(self._field_query(opened, "title", stems), BOOST_TITLE)
            add(self._field_query(opened, "description", stems), BOOST_DESCRIPTION)
            add(self._field_query(opened, "concept_text", stems), BOOST_CONCEPT_LABELS)
        add(self._field_query(opened, "provider_text", exact), BOOST_PROVIDER)
        for synonym in sorted(unit.synonyms):
            syn_stems = list(opened.nl.analyze(synonym))
            for field, boost in (("title", BOOST_TITLE), ("description", BOOST_DESCRIPTION)):
                add(self._field_query(opened, field, syn_stems), boost * BOOST_SYNONYM)
        if unit.concepts:
            concept_q = tantivy.Query.term_set_query(
                opened.schema, "concepts", sorted(unit.concepts)
            )
            add(tantivy.Query.const_score_query(concept_q, 1.0), BOOST_CONCEPT_MATCH)
        if fuzzy and len(unit.words) == 1:
            word = exact[0] if exact else ""
            distance = typo_distance(word)
            if distance:
                add(
                    tantivy.Query.fuzzy_term_query(opened.schema, TYPO_FIELD, word, distance),
                    BOOST_DESCRIPTION,
                )
        if not alternatives:
            return None  # nothing left to match (the planner already dropped stop words)
        best = tantivy.Query.disjunction_max_query(alternatives, TIE_BREAKER)
        exact_q = self._field_query(opened, "title_exact", exact)
        if exact_q is None:
            return best
        # the exact (unstemmed) title word is a bonus on top: it outranks a stem sibling
        bonus = tantivy.Query.boost_query(exact_q, BOOST_TITLE_EXACT)
        return tantivy.Query.boolean_query([(Occur.Must, best), (Occur.Should, bonus)])

    def _text_query(self, opened: _Opened, plan: TextPlan, *, fuzzy: bool) -> Any | None:
        units = [q for u in plan.units if (q := self._unit_query(opened, u, fuzzy)) is not None]
        if not units:
            return None
        if len(units) == 1:
            return units[0]
        return tantivy.Query.boolean_query([(Occur.Must, q) for q in units])

    def _filter_query(self, opened: _Opened, flt: Filter) -> Any:
        schema = opened.schema
        if isinstance(flt, Terms):
            return tantivy.Query.term_set_query(schema, flt.field, list(flt.values))
        if isinstance(flt, Flag):
            return tantivy.Query.term_query(schema, flt.field, flt.value)
        if isinstance(flt, AnyOf):
            options = [(Occur.Should, self._filter_query(opened, o)) for o in flt.options]
            return tantivy.Query.boolean_query(options)
        assert isinstance(flt, Range)
        if flt.field in ("start_dates", "session_last_days"):
            low = _day(flt.low) if flt.low is not None else None
            high = _day(flt.high) if flt.high is not None else None
            ftype = tantivy.FieldType.Date
        else:
            low = float(flt.low) if flt.low is not None else None
            high = float(flt.high) if flt.high is not None else None
            ftype = tantivy.FieldType.Float
        return tantivy.Query.range_query(schema, flt.field, ftype, low, high)

    def _combine(self, opened: _Opened, text_q: Any | None, filters: list[Filter]) -> Any:
        clauses = [(Occur.Must, text_q if text_q is not None else tantivy.Query.all_query())]
        for flt in filters:
            clauses.append(
                (Occur.Must, tantivy.Query.const_score_query(self._filter_query(opened, flt), 0.0))
            )
        if len(clauses) == 1:
            return clauses[0][1]
        return tantivy.Query.boolean_query(clauses)

    # ---- facets, hits
    def _facets(
        self,
        searcher: Any,
        opened: _Opened,
        query: SearchQuery,
        text_q: Any | None,
        filters: dict[str, Filter],
    ) -> dict[FacetField, list[FacetCount]]:
        """Exact counts; a facet with a chosen value counts with its own filter removed."""
        groups: dict[tuple[str, ...], list[FacetField]] = {}
        for facet in query.facets:
            own = facet.value in filters
            key = tuple(k for k in filters if not (own and k == facet.value))
            groups.setdefault(key, []).append(facet)
        out: dict[FacetField, list[FacetCount]] = {}
        for _, facets in groups.items():
            flts = (
                facet_filters(filters, facets[0])
                if facets[0].value in filters
                else list(filters.values())
            )
            q = self._combine(opened, text_q, flts)
            spec = {f.value: {"terms": {"field": FACET_FIELDS[f], "size": 10_000}} for f in facets}
            agg = searcher.aggregate(q, spec)
            for f in facets:
                buckets = agg[f.value]["buckets"]
                ranked = sorted(buckets, key=lambda b: (-b["doc_count"], str(b["key"])))
                out[f] = [
                    FacetCount(value=str(b["key"]), count=b["doc_count"])
                    for b in ranked[:FACET_SIZE]
                ]
        return {f: out[f] for f in query.facets if f in out}

    def _hit(
        self,
        searcher: Any,
        score: Any,
        addr: Any,
        generators: dict[str, Any],
        location: Location | None,
        query: SearchQuery,
    ) -> dict[str, Any]:
        """One hit's fields (``SearchHit``'s), from the stored document."""
        doc = searcher.doc(addr)
        stored = doc.to_dict()
        data = json.loads(stored["hit"][0])
        distance = None
        if location is not None:
            known = [
                location.distances[m] for m in data["municipalities"] if m in location.distances
            ]
            distance = round(min(known), 1) if known else None
        highlights: dict[str, list[str]] = {}
        for field, generator in generators.items():
            html = self._snippet(generator, doc)
            if html:
                highlights[field] = [html]
        return {
            "id": stored["id"][0],
            "title": data["title"],
            "provider": data["provider"],
            "source": data["source"],
            "url": data["url"],
            "score": float(score) if isinstance(score, float) else 0.0,
            "next_session": data.get("next_session") or None,
            "price_min": data["price_min"],
            "free": data["free"],
            "funding_schemes": data["funding_schemes"],
            "delivery_modes": data["delivery_modes"],
            "distance_km": distance,
            "highlights": highlights,
            "cluster_id": data["cluster_id"],
            "sources": data["sources"],
            "listing_count": data["listing_count"],
            "available_via": data["available_via"],
            "free_for_me": (
                free_for_me(data["free"], data["funding_rules"], query)
                if profile_aware(query)
                else None
            ),
        }

    @staticmethod
    def _snippet(generator: Any, doc: Any) -> str:
        """Crawled text HTML-escaped; only <mark> added (snippet ranges are UTF-8 bytes)."""
        snippet = generator.snippet_from_doc(doc)
        fragment = snippet.fragment()
        ranges = snippet.highlighted()
        if not fragment or not ranges:
            return ""
        raw = fragment.encode()
        chars = [
            (len(raw[: r.start].decode(errors="ignore")), len(raw[: r.end].decode(errors="ignore")))
            for r in ranges
        ]
        return highlight_html(fragment, chars)


def _count_sources(index: tantivy.Index, field: str) -> dict[str, int]:
    agg = index.searcher().aggregate(
        tantivy.Query.all_query(), {"s": {"terms": {"field": field, "size": 10_000}}}
    )
    return {b["key"]: b["doc_count"] for b in agg["s"]["buckets"]}


def widened_note(location: Location, radius: float) -> str:
    name = location.place.nl
    return (
        f"Geen aanbod binnen {location.radius_km:g} km van {name}; "
        f"de zoekstraal is verruimd tot {radius:g} km."
    )


def _verify_build(path: Path, indexed: int) -> None:
    """Open a new build as a reader would (tantivy checks every file's footer) and count its
    documents before it is swapped in; a build that fails is never made live."""
    try:
        documents = _Opened(path).index.searcher().num_docs
    except (OSError, ValueError) as exc:
        raise_rejected([f"the new build cannot be opened: {exc}"])
    if documents > indexed or (indexed and not documents):
        raise_rejected([f"the new build holds {documents} documents of {indexed} written"])


def raise_rejected(problems: list[str]) -> None:
    from index.base import RebuildRejected

    raise RebuildRejected("; ".join(problems))
