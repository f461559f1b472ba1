"""The Elasticsearch 8/9 or OpenSearch 2/3 engine, behind one alias.

Its parts: ``adapters`` (one JSON call to either server), ``mapping`` (index settings and
mapping), ``dsl`` (the query plan as query DSL), ``bulk`` (streaming bulk with retries) and
``aliases`` (concrete indices, the atomic alias swap, the rebuild lock). A rebuild loads a new
concrete index, refreshes it, validates it (no source below 80 % of the live index unless
forced) and swaps the alias; a search makes one request in the common case, all its calls
within one deadline.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any
from urllib.parse import quote

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
from index.documents import Indexable, as_course_run
from index.geo import Gazetteer, gazetteer
from index.hits import HITS, hit_fields
from index.opensearch.adapters import DEFAULT_TIMEOUT, Adapter, EngineError, make_adapter
from index.opensearch.aliases import Aliases
from index.opensearch.bulk import BULK_CHUNK, BULK_TIMEOUT, bulk_into, chunks, documents
from index.opensearch.dsl import (
    NEWER_FIELDS,
    course_run_ids_body,
    for_older_mapping,
    generation_body,
    search_body,
    suggest_body,
    text_clause,
)
from index.opensearch.mapping import PLAIN_ANALYZER
from index.plan import (
    FACET_SIZE,
    RELAX_BELOW,
    SUGGEST_KINDS,
    Filter,
    Location,
    TextPlan,
    build_filters,
    clean_text,
    merge_suggestions,
    plan_text,
    relaxed,
    resolve_location,
    widened_note,
    widened_radii,
)
from index.search_query import FacetCount, FacetField, SearchQuery, SearchResults, SortOrder
from index.spelling import correct, warm
from index.vocabulary import Vocabulary, default_vocabulary

MIN_CALL_SECONDS = 0.05  # less time left than this: give up at once
# after a live index answered that it predates the current mapping, queries are sent in its
# older form for this long before the current form is tried again (a rebuild swaps one in)
OLDER_MAPPING_SECONDS = 60.0


class OpenSearchIndex(SearchIndex):
    """Elasticsearch or OpenSearch (``backend`` says which) behind the alias ``alias``."""

    def __init__(
        self,
        adapter: Adapter,
        alias: str,
        vocabulary: Vocabulary | None = None,
        *,
        places: Gazetteer | None = None,
        today: Callable[[], date] = date.today,
        replicas: int = 1,
    ) -> None:
        self.adapter = adapter
        self.alias = alias
        self.aliases = Aliases(adapter, alias)
        self.timeout = adapter.timeout  # one search, all its calls
        self.vocabulary = vocabulary or default_vocabulary()
        warm(self.vocabulary)  # the lexicon of corrections and compounds
        self.places = places or gazetteer()
        self.today = today
        self.replicas = replicas
        self._older_until = 0.0  # time.monotonic() until which the live index is older

    @property
    def backend(self) -> str:  # read from the server (``auto`` until it answered)
        return self.adapter.kind

    @classmethod
    def connect(
        cls,
        url: str,
        alias: str,
        vocabulary: Vocabulary | None = None,
        *,
        kind: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        **kwargs: Any,
    ) -> OpenSearchIndex:
        """``kind`` ``opensearch`` or ``elasticsearch``; None reads it from the server."""
        return cls(make_adapter(url, kind, timeout), alias, vocabulary, **kwargs)

    def close(self) -> None:
        self.adapter.close()

    def _read(self, method: str, path: str, body: Any = None, deadline: float | None = None) -> Any:
        """A call on the alias: a missing index means not built yet (503), not a bad request.
        With a ``deadline`` (time.monotonic()), the call gets only the time that is left."""
        kw: dict[str, Any] = {}
        if deadline is not None:
            left = deadline - time.monotonic()
            if left < MIN_CALL_SECONDS:
                raise SearchUnavailable("the search engine did not answer in time")
            kw["timeout"] = left
        if body is not None and time.monotonic() < self._older_until:
            body = for_older_mapping(body)
        try:
            return self.aliases.call(method, path, body, **kw)
        except EngineError as exc:
            if exc.status == 404 and "index_not_found" in str(exc.body):
                raise SearchUnavailable("the search index has not been built yet") from exc
            if exc.status == 400 and f"analyzer [{PLAIN_ANALYZER}] not found" in str(exc.body):
                # the live index was built by an older version: answer as it can until the
                # next rebuild (``leeraanbod index rebuild``) brings the current mapping
                self._older_until = time.monotonic() + OLDER_MAPPING_SECONDS
                return self.aliases.call(method, path, for_older_mapping(body), **kw)
            raise

    # ------------------------------------------------------------------ writing
    def _bulk(
        self, index: str, items: Iterable[Indexable], result: BulkResult, per_source: dict
    ) -> None:
        docs = documents(items, self.vocabulary, self.today(), self.places, result)
        mapped = self.aliases.call("GET", f"/{index}/_mapping")[index]["mappings"]["properties"]
        if not set(mapped) >= NEWER_FIELDS:
            # an index built by an older version (strict mapping): written without the fields
            # it lacks until the next rebuild, rather than every document refused
            docs = ({k: v for k, v in d.items() if k not in NEWER_FIELDS} for d in docs)
        bulk_into(self.adapter, index, docs, result, per_source)

    def bulk_index(self, items: Iterable[Indexable]) -> BulkResult:
        live = self.aliases.live()
        if not live:
            return self.rebuild(items, force=True).bulk
        result = BulkResult()
        runs = [as_course_run(o) for o in items]
        self._bulk(live[0], runs, result, {})
        # a course run whose representative changed, or that absorbed another run, replaces
        # its old documents: its cluster's under another offer id, and its other listings'
        for chunk in chunks(runs, BULK_CHUNK):
            listings = [o.id for r in chunk for o in r.offers]
            stale = {
                "bool": {
                    "should": [
                        {"terms": {"cluster_id": [r.cluster_id for r in chunk]}},
                        {"terms": {"id": listings}},
                    ],
                    "minimum_should_match": 1,
                    "must_not": [{"terms": {"id": [r.representative.id for r in chunk]}}],
                }
            }
            self.aliases.call(
                "POST", f"/{live[0]}/_delete_by_query", {"query": stale}, params={"refresh": "true"}
            )
        self.aliases.call("POST", f"/{self.alias}/_refresh")
        return result

    def delete(self, offer_ids: Iterable[str]) -> int:
        live = self.aliases.live()
        ids = list(offer_ids)
        if not live or not ids:
            return 0
        operations = [{"delete": {"_index": live[0], "_id": i}} for i in ids]
        answer = self.adapter.bulk(operations, timeout=BULK_TIMEOUT)
        self.aliases.call("POST", f"/{self.alias}/_refresh")
        return sum(1 for item in answer["items"] if item["delete"].get("result") == "deleted")

    def rebuild(self, items: Iterable[Indexable], *, force: bool = False) -> RebuildResult:
        aliases = self.aliases
        with aliases.rebuild_lock():
            live = aliases.live()
            aliases.remove_orphans(keep=set(live))
            live_counts = aliases.source_counts(self.alias) if live else {}
            name = aliases.new_name()
            aliases.create(name, self.vocabulary)
            try:
                result = BulkResult()
                per_source: dict[str, int] = {}
                self._bulk(name, items, result, per_source)
                settings = {
                    "index": {"refresh_interval": "1s", "number_of_replicas": self.replicas}
                }
                aliases.call("PUT", f"/{name}/_settings", settings, timeout=60)
                aliases.call("POST", f"/{name}/_refresh", timeout=120)
                problems = check_source_counts(live_counts, aliases.source_counts(name))
                if problems and not force:
                    raise RebuildRejected("; ".join(problems))
                aliases.swap(live, name)
            except BaseException:
                # if the server is gone now, the next rebuild removes the orphan
                with contextlib.suppress(EngineError, SearchUnavailable):
                    aliases.delete(name)
                raise
            for old in live:
                aliases.delete(old)
            return RebuildResult(name=name, bulk=result, per_source=per_source, warnings=problems)

    # ------------------------------------------------------------------ reading
    def get(self, offer_id: str) -> Offer | None:
        try:
            found = self._read("GET", f"/{self.alias}/_doc/{quote(offer_id, safe='')}")
        except EngineError as exc:
            if exc.status == 404:  # the document is not there
                return None
            raise
        return Offer.model_validate_json(found["_source"]["offer_json"])

    def stats(self) -> IndexStats:
        live = self.aliases.live()
        if not live:
            return IndexStats(backend=self.backend, documents=0, per_source={})
        count = self.aliases.call("GET", f"/{self.alias}/_count")["count"]
        store = self.aliases.call("GET", f"/{self.alias}/_stats/store")
        size = store["_all"]["primaries"]["store"]["size_in_bytes"]
        return IndexStats(
            backend=self.backend,
            documents=count,
            per_source=self.aliases.source_counts(self.alias),
            size_bytes=size,
            name=live[0],
        )

    def course_run_ids(self, flt: Filter) -> list[str]:
        found: list[str] = []
        after = None
        while True:
            answer = self._read("POST", f"/{self.alias}/_search", course_run_ids_body(flt, after))
            runs = answer["aggregations"]["runs"]
            found.extend(b["key"]["cluster_id"] for b in runs["buckets"])
            after = runs.get("after_key")
            if not runs["buckets"] or after is None:
                return found

    def generation(self) -> str | None:
        answer = self._read("POST", f"/{self.alias}/_search", generation_body())
        hits = answer["hits"]["hits"]
        total = answer["hits"]["total"]["value"]
        if not hits:
            return f"empty:{total}"
        top = hits[0]
        return f"{top['_index']}:{total}:{top.get('_primary_term')}:{top.get('_seq_no')}"

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        if len(fold_words(prefix)) < 2:
            return []
        body = suggest_body(clean_text(prefix), limit * 2)
        answer = self._read("POST", f"/{self.alias}/_search", body)
        found: dict[str, list[str]] = {}
        for kind in SUGGEST_KINDS:
            options = answer["suggest"][kind][0]["options"]
            if kind == "title":
                found[kind] = [o["_source"]["title"] for o in options]
            elif kind == "provider":
                found[kind] = [o["_source"]["provider"] for o in options]
            else:  # the concept label that matched
                found[kind] = [o["text"] for o in options]
        return [Suggestion(text=t, kind=k) for k, t in merge_suggestions(found, limit)]

    def search(self, query: SearchQuery) -> SearchResults:
        """One request in the common case; a fuzzy retry or a widened radius take more, all
        within one deadline of ``timeout`` seconds (then ``SearchUnavailable``)."""
        deadline = time.monotonic() + self.timeout
        plan = plan_text(query.q, self.vocabulary, places=self.places)
        plan = self._prepared(plan, deadline)
        location = resolve_location(query, self.places)
        results = self._search(query, plan, location, deadline)
        if results.total == 0 and location is not None and query.radius_km is not None:
            for radius in widened_radii(query.radius_km):
                wider = resolve_location(query, self.places, radius)
                results = self._search(query, plan, wider, deadline)
                if results.total:
                    results.location_note = widened_note(location, radius)
                    break
        results.corrected_q = plan.corrected_text
        results.relaxed = plan.relaxed
        return results

    def _prepared(self, plan: TextPlan, deadline: float) -> TextPlan:
        """Words that find nothing corrected (``index.spelling``); the plan relaxed when the
        whole text finds nothing. Decided on the text alone, as tantivy does."""
        if plan.empty:
            return plan
        counts: dict[str, int] = {}

        def count(p: TextPlan) -> int:
            key = repr(p)
            if key not in counts:
                body = {"query": text_clause(p)}
                counts[key] = self._read("POST", f"/{self.alias}/_count", body, deadline)["count"]
            return counts[key]

        plan = correct(plan, count, self.vocabulary)
        wider = relaxed(plan)
        if wider is not None and count(plan) < RELAX_BELOW:
            plan = wider
        return plan

    def _search(
        self, query: SearchQuery, plan: TextPlan, location: Location | None, deadline: float
    ) -> SearchResults:
        filters = build_filters(query, location, self.today())
        body = search_body(query, plan, filters, location)
        answer = self._read("POST", f"/{self.alias}/_search", body, deadline)
        # with sort=my_cost the score only says free for me or not: not a relevance
        scored = query.sort != SortOrder.MY_COST
        hits = HITS.validate_python(
            [
                hit_fields(
                    raw["_source"],
                    float(raw.get("_score") or 0.0) if scored else 0.0,
                    {k: v for k, v in raw.get("highlight", {}).items() if v},
                    location,
                    query,
                )
                for raw in answer["hits"]["hits"]
            ]
        )
        facets: dict[FacetField, list[FacetCount]] = {}
        for facet in query.facets:
            buckets = answer["aggregations"][facet.value]["values"]["buckets"]
            ranked = sorted(buckets, key=lambda b: (-b["doc_count"], str(b["key"])))
            facets[facet] = [
                FacetCount(value=str(b["key"]), count=b["doc_count"]) for b in ranked[:FACET_SIZE]
            ]
        return SearchResults(
            total=answer["hits"]["total"]["value"],
            hits=hits,
            facets=facets,
            page=query.page,
            page_size=query.page_size,
        )
