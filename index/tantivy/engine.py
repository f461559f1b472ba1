"""The embedded engine: tantivy, no server.

Its parts: ``builds`` (the build directories, the atomic swap of ``current``, the rebuild
lock), ``schema`` (fields, analysers, the document conversion), ``translate`` (the query plan
as tantivy queries), ``results`` (pages, hits, facet counts) and ``caches`` (what is kept per
index generation). This class ties them together behind ``SearchIndex``.
"""

from __future__ import annotations

import contextlib
import shutil
import threading
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

import tantivy

from catalogue.model import Offer
from core.analysis import fold_words
from index.base import (
    BulkResult,
    IndexStats,
    RebuildRejected,
    RebuildResult,
    SearchIndex,
    SearchUnavailable,
    Suggestion,
    check_source_counts,
)
from index.documents import Indexable, build_document, item_id
from index.geo import Gazetteer, gazetteer
from index.lru import DEFAULT_SIZE
from index.plan import (
    RELAX_BELOW,
    SOURCE_COUNT_FIELD,
    SUGGEST_KINDS,
    Filter,
    Location,
    TextPlan,
    build_filters,
    effective_sort,
    merge_suggestions,
    plan_text,
    relaxed,
    resolve_location,
    widened_note,
    widened_radii,
)
from index.search_query import SearchQuery, SearchResults, SortOrder
from index.spelling import correct, warm
from index.tantivy import results
from index.tantivy.builds import Builds, Opened, commit_stamp, segment_sizes, verify_build
from index.tantivy.caches import Generation, SearchCaches
from index.tantivy.schema import suggest_original, to_tantivy_document
from index.tantivy.translate import Query, combine, filter_query, text_query
from index.vocabulary import Vocabulary, default_vocabulary

WRITER_HEAP = 64_000_000


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
        self.layout = Builds(self.directory)
        self.vocabulary = vocabulary or default_vocabulary()
        warm(self.vocabulary)  # the lexicon of corrections and compounds
        self.places = places or gazetteer()
        self.today = today
        self.writer_threads = writer_threads
        self.caches = SearchCaches(facet_cache_size, result_cache_size)
        self._opened: Opened | None = None
        self._open_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._writes = 0  # this process's commits into a live build (part of the generation)

    @property
    def builds(self) -> Path:
        """The directory holding every build."""
        return self.layout.root

    # ------------------------------------------------------------------ the live build
    def _current(self) -> Opened:
        path = self.layout.live()
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
                    self._opened = Opened(path)
                except (OSError, ValueError) as exc:
                    raise SearchUnavailable(f"cannot open the search index: {exc}") from exc
            return self._opened

    def _generation(self, opened: Opened) -> Generation:
        """The generation of the index about to be searched; when another process committed
        to this build since the last search, the reader is reloaded first, so that the
        counts cached under this generation are counted on this generation."""
        stamp = commit_stamp(opened.path)
        if stamp != opened.stamp:
            with self._open_lock:
                if stamp != opened.stamp:
                    opened.index.reload()
                    opened.stamp = stamp
                    opened.sizes = segment_sizes(opened.path)
        return opened.path, stamp, self._writes

    # ------------------------------------------------------------------ writing
    def _add(
        self,
        writer: tantivy.IndexWriter,
        items: Iterable[Indexable],
        result: BulkResult,
        per_source: dict[str, int],
        *,
        fresh: bool = False,
        facet_sets: bool = True,
    ) -> None:
        """Add documents; into a live index they replace the same ids. Into a ``fresh`` one
        a delete is only needed for an id seen before in this build (the last one given wins):
        tantivy queues every delete in memory until the commit (1.3 GB for a 1M-offer
        rebuild), so they are not issued blindly."""
        today = self.today()
        seen: set[str] = set()
        for item in items:
            try:
                doc = build_document(item, self.vocabulary, today, self.places)
                tdoc = to_tantivy_document(doc, facet_sets=facet_sets)
            except (ValueError, TypeError, KeyError) as exc:
                result.errors[item_id(item)] = f"{type(exc).__name__}: {exc}"
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

    def bulk_index(self, items: Iterable[Indexable]) -> BulkResult:
        """Add or replace course runs in the live index (creating it when there is none)."""
        with self._write_lock:
            if self.layout.live() is None:
                return self.rebuild(items, force=True).bulk
            opened = self._current()
            writer = opened.index.writer(WRITER_HEAP, self.writer_threads)
            result = BulkResult()
            try:
                self._add(writer, items, result, {}, facet_sets=opened.facet_sets)
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
            present = results.count_matches(
                searcher, Query.term_set_query(opened.schema, "id", ids)
            )
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

    def rebuild(self, items: Iterable[Indexable], *, force: bool = False) -> RebuildResult:
        """Build a complete new index beside the live one, check it, swap it in atomically."""
        with self.layout.rebuild_lock():
            live = self.layout.live()
            live_counts: dict[str, int] = {}
            # a live index that cannot be opened must not block its replacement
            if live:
                with contextlib.suppress(SearchUnavailable, OSError, ValueError):
                    live_counts = self.layout.source_counts(live)
            path, index = self.layout.new(self.vocabulary)
            try:
                result = BulkResult()
                per_source: dict[str, int] = {}
                writer = index.writer(WRITER_HEAP, self.writer_threads)
                try:
                    self._add(writer, items, result, per_source, fresh=True)
                    writer.commit()
                finally:
                    writer.wait_merging_threads()
                problems = check_source_counts(live_counts, per_source)
                if problems and not force:
                    raise RebuildRejected("; ".join(problems))
                verify_build(path, result.indexed)
                self.layout.swap(path)
                self._writes += 1
            except BaseException:
                shutil.rmtree(path, ignore_errors=True)
                raise
            self.layout.prune(keep={path, live} if live else {path})
            return RebuildResult(
                name=path.name, bulk=result, per_source=per_source, warnings=problems
            )

    # ------------------------------------------------------------------ reading
    def get(self, offer_id: str) -> Offer | None:
        opened = self._current()
        searcher = opened.index.searcher()
        found = searcher.search(Query.term_query(opened.schema, "id", offer_id), 1).hits
        if not found:
            return None
        raw = searcher.doc(found[0][1]).to_dict()["offer"][0]
        return Offer.model_validate_json(raw)

    def stats(self) -> IndexStats:
        if self.layout.live() is None:
            return IndexStats(backend=self.backend, documents=0, per_source={})
        opened = self._current()
        size = sum(f.stat().st_size for f in opened.path.iterdir() if f.is_file())
        return IndexStats(
            backend=self.backend,
            documents=opened.index.searcher().num_docs,
            per_source=opened.source_counts(),
            size_bytes=size,
            name=opened.path.name,
        )

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        """Titles (from any word on), providers and concept labels starting with ``prefix``;
        the most frequent first."""
        folded = fold_words(prefix)
        if len(folded) < 2:
            return []
        searcher = self._current().index.searcher()
        found: dict[str, list[str]] = {}
        for kind in SUGGEST_KINDS:
            best: dict[str, int] = {}
            for term, count in searcher.terms_with_prefix("suggest", f"{kind}:{folded}"):
                original = suggest_original(term)
                best[original] = max(best.get(original, 0), count)
            ranked = sorted(best.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))
            found[kind] = [text for text, _ in ranked]
        return [Suggestion(text=t, kind=k) for k, t in merge_suggestions(found, limit)]

    def course_run_ids(self, flt: Filter) -> list[str]:
        opened = self._current()
        searcher = opened.index.searcher()
        query = filter_query(opened, flt)
        total = results.count_matches(searcher, query)
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
        path = self.layout.live()
        if path is None:
            return None
        stamp = commit_stamp(path)
        return None if stamp is None else f"{path.name}:{':'.join(map(str, stamp))}"

    # ------------------------------------------------------------------ search
    def search(self, query: SearchQuery) -> SearchResults:
        opened = self._current()
        generation = self._generation(opened)
        today = self.today()
        return self.caches.answer(
            generation, today, query, lambda: self._answer(opened, query, today, generation)
        )

    def _answer(
        self, opened: Opened, query: SearchQuery, today: date, generation: Generation
    ) -> SearchResults:
        plan = self._prepared(
            opened, plan_text(query.q, self.vocabulary, places=self.places), generation
        )
        location = resolve_location(query, self.places)
        found = self._search(opened, query, plan, location, today, generation)
        if found.total == 0 and location is not None and query.radius_km is not None:
            for radius in widened_radii(query.radius_km):
                wider = resolve_location(query, self.places, radius)
                found = self._search(opened, query, plan, wider, today, generation)
                if found.total:
                    found.location_note = widened_note(location, radius)
                    break
        found.corrected_q = plan.corrected_text
        found.relaxed = plan.relaxed
        return found

    def _prepared(self, opened: Opened, plan: TextPlan, generation: Generation) -> TextPlan:
        """The plan with words that find nothing corrected (``index.spelling``) and, when the
        whole text finds nothing, relaxed: decided on the text alone (a typo or a dead end is
        a property of the text, not of the filters)."""
        if plan.empty:
            return plan
        searcher = opened.index.searcher()
        counted: dict[str, int] = {}  # this search's own counts: a one-word text is counted
        # for its typo check and again for the relaxing, the same query (also with no cache)

        def count(p: TextPlan) -> int:
            key = repr((p.units, p.relaxed, p.place))  # what ``text_query`` is made of
            if key in counted:
                return counted[key]
            q = text_query(opened, p)
            found = (
                0
                if q is None
                else self.caches.text_count(
                    generation, key, lambda: results.count_matches(searcher, q)
                )
            )
            counted[key] = found
            return found

        plan = correct(plan, count, self.vocabulary)
        wider = relaxed(plan)
        if wider is not None and count(plan) < RELAX_BELOW:
            plan = wider
        return plan

    def _search(
        self,
        opened: Opened,
        query: SearchQuery,
        plan: TextPlan,
        location: Location | None,
        today: date,
        generation: Generation,
    ) -> SearchResults:
        searcher = opened.index.searcher()
        filters = build_filters(query, location, today)
        text_q = None if plan.empty else text_query(opened, plan)
        sort = effective_sort(query, plan)

        def run(text: Query | None) -> tuple[int, results.Page]:
            main = combine(opened, text, list(filters.values()))
            if sort == SortOrder.DISTANCE and location is not None:
                return results.distance_page(searcher, opened, main, query, location)
            if sort == SortOrder.MY_COST:
                return results.my_cost_page(searcher, opened, main, query)
            return results.page(searcher, main, query, sort)

        total, page = run(text_q)
        fuzzy = any(u.fuzzy for u in plan.units)
        if sort != SortOrder.RELEVANCE:
            page = [(0.0, addr) for _, addr in page]  # the sort value is not a score
        generators = (
            results.snippet_generators(searcher, opened, text_q)
            if text_q is not None and page
            else {}
        )
        hits = results.hits(searcher, page, generators, location, query)
        counted_q = text_q
        facets = self.caches.facet_counts(
            generation,
            query,
            fuzzy,
            filters,
            lambda: results.facets(searcher, opened, query, counted_q, filters),
        )
        return SearchResults(
            total=total, hits=hits, facets=facets, page=query.page, page_size=query.page_size
        )
