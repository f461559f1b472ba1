"""The cluster engine: Elasticsearch 8/9 or OpenSearch 2/3 behind one alias.

The ``elasticsearch`` client refuses servers that are not Elasticsearch (its product check), so
OpenSearch goes through ``opensearch-py``. Both hide behind ``Adapter``: ``request`` (one JSON
call), ``bulk`` and ``close``; everything else is plain JSON built in ``cluster_bodies``.

Zero-downtime rebuild: a new concrete index ``<alias>-<stamp>-<hex>`` (no replicas, no refresh
while loading), streaming bulk in chunks with retries on 429 and per-document errors, then a
refresh, validation (no source below 80 % of the live index unless forced), one atomic alias
swap, and the old index deleted. On any error the new index is deleted and the alias stays. A
lock document (``<alias>-lock/_doc/rebuild``, created with ``op_type=create``) lets one rebuild
run at a time; a lock older than ``LOCK_STALE_SECONDS`` (a crashed run) is taken over.
"""

from __future__ import annotations

import contextlib
import json
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from itertools import islice
from typing import Any, Protocol
from urllib.parse import quote

from catalogue.model import Offer
from index.base import (
    BulkResult,
    IndexStats,
    RebuildInProgress,
    RebuildRejected,
    RebuildResult,
    SearchIndex,
    SearchUnavailable,
    Suggestion,
    check_source_counts,
)
from index.cluster_bodies import (
    STEMMER,
    STEMMER_FALLBACK,
    TYPO_CHECK_AGG,
    course_run_ids_body,
    generation_body,
    index_body,
    search_body,
    suggest_body,
)
from index.documents import (
    NO_DATE_SORT,
    NO_PRICE_SORT,
    CourseRun,
    as_course_run,
    build_document,
    item_id,
)
from index.geo import Gazetteer, gazetteer
from index.queries import (
    FACET_SIZE,
    LEGACY_SOURCE_COUNT_FIELD,
    SOURCE_COUNT_FIELD,
    SUGGEST_KINDS,
    TYPO_MIN_HITS,
    Filter,
    Location,
    TextPlan,
    build_filters,
    clean_text,
    free_for_me,
    merge_suggestions,
    plan_text,
    profile_aware,
    resolve_location,
    widened_radii,
)
from index.query import (
    AvailableVia,
    FacetCount,
    FacetField,
    SearchHit,
    SearchQuery,
    SearchResults,
    SessionSummary,
    SortOrder,
)
from index.tantivy_index import widened_note
from index.vocabulary import Vocabulary, default_vocabulary, fold

BULK_CHUNK = 500
BULK_TIMEOUT = 120.0
BULK_RETRIES = 5
LOCK_STALE_SECONDS = 6 * 3600
MIN_CALL_SECONDS = 0.05  # less time left than this: give up at once
LOCK_INDEX_SETTINGS = {"number_of_shards": 1, "number_of_replicas": 0}


class EngineError(RuntimeError):
    def __init__(self, status: int, body: Any) -> None:
        super().__init__(f"engine answered {status}: {str(body)[:300]}")
        self.status = status
        self.body = body


class Adapter(Protocol):
    kind: str

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        params: dict | None = None,
        timeout: float | None = None,
    ) -> Any: ...

    def bulk(self, operations: list[dict], timeout: float) -> dict: ...

    def close(self) -> None: ...


class OpenSearchAdapter:
    kind = "opensearch"

    def __init__(self, url: str, timeout: float) -> None:
        from opensearchpy import OpenSearch

        self.timeout = timeout
        self.client = OpenSearch(
            hosts=[url], timeout=timeout, max_retries=0, retry_on_timeout=False
        )

    def request(self, method, path, body=None, params=None, timeout=None):
        from opensearchpy import exceptions as ex

        try:
            return self.client.transport.perform_request(
                method, path, params=params or {}, body=body, timeout=timeout or self.timeout
            )
        except ex.ConnectionError as exc:  # includes ConnectionTimeout
            raise SearchUnavailable(f"OpenSearch unreachable: {exc}") from exc
        except ex.TransportError as exc:
            status = exc.status_code if isinstance(exc.status_code, int) else 503
            raise EngineError(status, exc.info) from exc

    def bulk(self, operations: list[dict], timeout: float) -> dict:
        return self.request(
            "POST",
            "/_bulk",
            body="\n".join(json.dumps(op) for op in operations) + "\n",
            timeout=timeout,
        )

    def close(self) -> None:
        self.client.close()


class ElasticsearchAdapter:
    kind = "elasticsearch"

    def __init__(self, url: str, timeout: float) -> None:
        from elasticsearch import Elasticsearch

        self.timeout = timeout
        self.client = Elasticsearch(url, request_timeout=timeout, max_retries=0)

    def request(self, method, path, body=None, params=None, timeout=None):
        import elastic_transport
        from elasticsearch import ApiError

        headers = {"accept": "application/json"}
        if body is not None:
            headers["content-type"] = "application/json"
        try:
            client = self.client.options(request_timeout=timeout or self.timeout)
            return client.perform_request(
                method, path, params=params or {}, headers=headers, body=body
            ).body
        except elastic_transport.TransportError as exc:
            raise SearchUnavailable(f"Elasticsearch unreachable: {exc}") from exc
        except ApiError as exc:
            raise EngineError(exc.meta.status, exc.body) from exc

    def bulk(self, operations: list[dict], timeout: float) -> dict:
        import elastic_transport
        from elasticsearch import ApiError

        try:
            client = self.client.options(request_timeout=timeout)
            return client.bulk(operations=operations).body
        except elastic_transport.TransportError as exc:
            raise SearchUnavailable(f"Elasticsearch unreachable: {exc}") from exc
        except ApiError as exc:
            raise EngineError(exc.meta.status, exc.body) from exc

    def close(self) -> None:
        self.client.close()


def detect_kind(url: str, timeout: float) -> str:
    """'opensearch' or 'elasticsearch', from the server's root response."""
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/", timeout=timeout) as response:  # noqa: S310
            root = json.load(response)
    except OSError as exc:
        raise SearchUnavailable(f"search cluster unreachable at {url}: {exc}") from exc
    distribution = root.get("version", {}).get("distribution", "elasticsearch")
    return "opensearch" if distribution == "opensearch" else "elasticsearch"


class DetectingAdapter:
    """Reads the server's kind from its root response on first use (and again after a
    failure), so an application can start while the cluster is still down."""

    def __init__(self, url: str, timeout: float) -> None:
        self.url, self.timeout = url, timeout
        self._inner: Adapter | None = None

    def _adapter(self) -> Adapter:
        if self._inner is None:
            self._inner = make_adapter(self.url, detect_kind(self.url, self.timeout), self.timeout)
        return self._inner

    @property
    def kind(self) -> str:
        return self._inner.kind if self._inner else "cluster"

    def request(self, method, path, body=None, params=None, timeout=None):
        return self._adapter().request(method, path, body, params=params, timeout=timeout)

    def bulk(self, operations: list[dict], timeout: float) -> dict:
        return self._adapter().bulk(operations, timeout)

    def close(self) -> None:
        if self._inner is not None:
            self._inner.close()


def make_adapter(url: str, kind: str | None, timeout: float) -> Adapter:
    if kind is None:
        return DetectingAdapter(url, timeout)
    if kind == "opensearch":
        return OpenSearchAdapter(url, timeout)
    if kind == "elasticsearch":
        return ElasticsearchAdapter(url, timeout)
    raise ValueError(f"unknown cluster kind {kind!r}")


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class ClusterIndex(SearchIndex):
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
        self.timeout: float = getattr(adapter, "timeout", 2.0)  # one search, all its calls
        self.vocabulary = vocabulary or default_vocabulary()
        self.places = places or gazetteer()
        self.today = today
        self.replicas = replicas

    @property
    def backend(self) -> str:  # type: ignore[override]
        return self.adapter.kind

    @classmethod
    def connect(
        cls,
        url: str,
        alias: str,
        vocabulary: Vocabulary | None = None,
        *,
        kind: str | None = None,
        timeout: float = 2.0,
        **kwargs: Any,
    ) -> ClusterIndex:
        return cls(make_adapter(url, kind, timeout), alias, vocabulary, **kwargs)

    def close(self) -> None:
        self.adapter.close()

    # ------------------------------------------------------------------ helpers
    def _call(self, method: str, path: str, body: Any = None, **kw: Any) -> Any:
        try:
            return self.adapter.request(method, path, body, **kw)
        except EngineError as exc:
            if exc.status >= 500 or exc.status == 429:
                raise SearchUnavailable(str(exc)) from exc
            raise

    def _read(self, method: str, path: str, body: Any = None, deadline: float | None = None) -> Any:
        """A call on the alias: a missing index means not built yet (503), not a bad request.
        With a ``deadline`` (time.monotonic()), the call gets only the time that is left."""
        kw: dict[str, Any] = {}
        if deadline is not None:
            left = deadline - time.monotonic()
            if left < MIN_CALL_SECONDS:
                raise SearchUnavailable("the search engine did not answer in time")
            kw["timeout"] = left
        try:
            return self._call(method, path, body, **kw)
        except EngineError as exc:
            if exc.status == 404 and "index_not_found" in str(exc.body):
                raise SearchUnavailable("the search index has not been built yet") from exc
            raise

    def _live_indices(self) -> list[str]:
        try:
            found = self._call("GET", f"/_alias/{self.alias}")
        except EngineError as exc:
            if exc.status == 404:
                return []
            raise
        return sorted(found)

    def _documents(self, offers: Iterable[Offer | CourseRun], result: BulkResult) -> Iterator[dict]:
        today = self.today()
        for offer in offers:
            try:
                doc = build_document(offer, self.vocabulary, today, self.places)
            except (ValueError, TypeError, KeyError) as exc:
                result.errors[item_id(offer)] = f"{type(exc).__name__}: {exc}"
                continue
            doc["sort_start"] = (
                date.fromisoformat(doc["next_start"]) if doc["next_start"] else NO_DATE_SORT
            ).toordinal()
            doc["sort_price"] = doc["price_min"] if doc["price_min"] is not None else NO_PRICE_SORT
            doc["suggest"] = {kind: {"input": v} for kind, v in doc["suggest"].items() if v}
            yield doc

    def _bulk_into(
        self,
        index: str,
        offers: Iterable[Offer | CourseRun],
        result: BulkResult,
        per_source: dict,
    ) -> None:
        """Streaming bulk: chunks of BULK_CHUNK; items refused with 429 are retried with
        backoff; any other refused item is reported by offer id."""
        for chunk in _chunks(self._documents(offers, result), BULK_CHUNK):
            pending = chunk
            for attempt in range(BULK_RETRIES + 1):
                operations: list[dict] = []
                for doc in pending:
                    operations.append({"index": {"_index": index, "_id": doc["id"]}})
                    operations.append(doc)
                try:
                    answer = self.adapter.bulk(operations, timeout=BULK_TIMEOUT)
                except EngineError as exc:
                    if exc.status != 429 or attempt == BULK_RETRIES:
                        raise
                    time.sleep(min(30, 0.5 * 2**attempt))
                    continue
                retry = []
                for doc, item in zip(pending, answer["items"], strict=True):
                    outcome = item.get("index", {})
                    status = outcome.get("status", 500)
                    if status < 300:
                        result.indexed += 1
                        for source in doc[SOURCE_COUNT_FIELD]:  # under each of its sources
                            per_source[source] = per_source.get(source, 0) + 1
                    elif status == 429 and attempt < BULK_RETRIES:
                        retry.append(doc)
                    else:
                        error = outcome.get("error", {})
                        reason = error.get("reason", "") if isinstance(error, dict) else error
                        kind = error.get("type", status) if isinstance(error, dict) else status
                        result.errors[doc["id"]] = f"{kind}: {reason}"
                if not retry:
                    break
                pending = retry
                time.sleep(min(30, 0.5 * 2**attempt))

    # ------------------------------------------------------------------ writing
    def bulk_index(self, offers: Iterable[Offer | CourseRun]) -> BulkResult:
        live = self._live_indices()
        if not live:
            return self.rebuild(offers, force=True).bulk
        result = BulkResult()
        runs = [as_course_run(o) for o in offers]
        self._bulk_into(live[0], runs, result, {})
        # a course run whose representative changed, or that absorbed another run, replaces
        # its old documents: its cluster's under another offer id, and its other listings'
        for chunk in _chunks(runs, BULK_CHUNK):
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
            self._call(
                "POST", f"/{live[0]}/_delete_by_query", {"query": stale}, params={"refresh": "true"}
            )
        self._call("POST", f"/{self.alias}/_refresh")
        return result

    def delete(self, offer_ids: Iterable[str]) -> int:
        live = self._live_indices()
        ids = list(offer_ids)
        if not live or not ids:
            return 0
        operations = [{"delete": {"_index": live[0], "_id": i}} for i in ids]
        answer = self.adapter.bulk(operations, timeout=BULK_TIMEOUT)
        self._call("POST", f"/{self.alias}/_refresh")
        return sum(1 for item in answer["items"] if item["delete"].get("result") == "deleted")

    def _lock(self) -> str:
        lock_index = f"{self.alias}-lock"
        try:  # a one-shard index without replicas holds the lock document
            self._call("PUT", f"/{lock_index}", {"settings": LOCK_INDEX_SETTINGS})
        except EngineError as exc:
            if exc.status != 400:  # 400: resource_already_exists_exception
                raise
        now = time.time()
        body = {"started": now}
        try:
            self._call("PUT", f"/{lock_index}/_create/rebuild", body, params={"refresh": "true"})
        except EngineError as exc:
            if exc.status != 409:
                raise
            held = self._call("GET", f"/{lock_index}/_doc/rebuild")
            if now - held["_source"]["started"] < LOCK_STALE_SECONDS:
                raise RebuildInProgress(f"another rebuild of {self.alias} is running") from exc
            # a crashed run's lock: take it over only if nobody else did meanwhile
            try:
                self._call(
                    "PUT",
                    f"/{lock_index}/_doc/rebuild",
                    body,
                    params={
                        "if_seq_no": held["_seq_no"],
                        "if_primary_term": held["_primary_term"],
                        "refresh": "true",
                    },
                )
            except EngineError as exc2:
                if exc2.status == 409:
                    raise RebuildInProgress(f"another rebuild of {self.alias} is running") from exc2
                raise
        return lock_index

    def _unlock(self, lock_index: str) -> None:
        # if this fails, the lock goes stale and is taken over after LOCK_STALE_SECONDS
        with contextlib.suppress(EngineError, SearchUnavailable):
            self._call("DELETE", f"/{lock_index}/_doc/rebuild", params={"refresh": "true"})

    def _source_counts(self, index: str) -> dict[str, int]:
        """Documents per source; an index from before one document per course run (no
        ``sources`` field) counts its one document per offer (``source``)."""
        body = {
            "size": 0,
            "aggs": {
                "s": {"terms": {"field": SOURCE_COUNT_FIELD, "size": 10_000}},
                "legacy": {"terms": {"field": LEGACY_SOURCE_COUNT_FIELD, "size": 10_000}},
            },
        }
        answer = self._call("POST", f"/{index}/_search", body)
        buckets = answer["aggregations"]["s"]["buckets"]
        if not buckets:
            buckets = answer["aggregations"]["legacy"]["buckets"]
        return {b["key"]: b["doc_count"] for b in buckets}

    def rebuild(self, offers: Iterable[Offer | CourseRun], *, force: bool = False) -> RebuildResult:
        lock = self._lock()
        try:
            live = self._live_indices()
            self._remove_orphans(keep=set(live))
            live_counts = self._source_counts(self.alias) if live else {}
            stamp = datetime.now(UTC).strftime("%Y%m%dt%H%M%S")
            name = f"{self.alias}-{stamp}-{uuid.uuid4().hex[:8]}"
            self._create_index(name)
            try:
                result = BulkResult()
                per_source: dict[str, int] = {}
                self._bulk_into(name, offers, result, per_source)
                settings = {
                    "index": {"refresh_interval": "1s", "number_of_replicas": self.replicas}
                }
                self._call("PUT", f"/{name}/_settings", settings, timeout=60)
                self._call("POST", f"/{name}/_refresh", timeout=120)
                problems = check_source_counts(live_counts, self._source_counts(name))
                if problems and not force:
                    raise RebuildRejected("; ".join(problems))
                actions: list[dict] = [{"remove": {"index": i, "alias": self.alias}} for i in live]
                actions.append({"add": {"index": name, "alias": self.alias}})
                self._call("POST", "/_aliases", {"actions": actions}, timeout=60)
            except BaseException:
                # if the cluster is gone now, the next rebuild removes the orphan
                with contextlib.suppress(EngineError, SearchUnavailable):
                    self._delete_index(name)
                raise
            for old in live:
                self._delete_index(old)
            return RebuildResult(name=name, bulk=result, per_source=per_source, warnings=problems)
        finally:
            self._unlock(lock)

    def _create_index(self, name: str) -> None:
        try:
            self._call("PUT", f"/{name}", index_body(self.vocabulary), timeout=60)
        except EngineError as exc:
            if exc.status != 400 or STEMMER not in str(exc.body):
                raise
            body = index_body(self.vocabulary, stemmer=STEMMER_FALLBACK)
            self._call("PUT", f"/{name}", body, timeout=60)

    def _delete_index(self, name: str) -> None:
        try:
            self._call("DELETE", f"/{name}", timeout=60)
        except EngineError as exc:
            if exc.status != 404:
                raise

    def _remove_orphans(self, keep: set[str]) -> None:
        """Indices of a rebuild that crashed before cleaning up (we hold the lock)."""
        try:
            found = self._call("GET", f"/{self.alias}-*", params={"expand_wildcards": "all"})
        except EngineError as exc:
            if exc.status == 404:
                return
            raise
        for name in found:
            if name not in keep and name != f"{self.alias}-lock":
                self._delete_index(name)

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
        live = self._live_indices()
        if not live:
            return IndexStats(backend=self.backend, documents=0, per_source={})
        count = self._call("GET", f"/{self.alias}/_count")["count"]
        store = self._call("GET", f"/{self.alias}/_stats/store")
        size = store["_all"]["primaries"]["store"]["size_in_bytes"]
        return IndexStats(
            backend=self.backend,
            documents=count,
            per_source=self._source_counts(self.alias),
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
        if len(fold(prefix)) < 2:
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
        plan = plan_text(query.q, self.vocabulary)
        location = resolve_location(query, self.places)
        results = self._search(query, plan, location, deadline)
        if results.total == 0 and location is not None and query.radius_km is not None:
            for radius in widened_radii(query.radius_km):
                wider = resolve_location(query, self.places, radius)
                results = self._search(query, plan, wider, deadline)
                if results.total:
                    results.location_note = widened_note(location, radius)
                    break
        return results

    def _search(
        self, query: SearchQuery, plan: TextPlan, location: Location | None, deadline: float
    ) -> SearchResults:
        filters = build_filters(query, location, self.today())
        body = search_body(query, plan, filters, location, typo_check=True)
        answer = self._read("POST", f"/{self.alias}/_search", body, deadline)
        typo_check = answer.get("aggregations", {}).get(TYPO_CHECK_AGG)
        # a misspelling is a property of the text, not of the filters: the check counts the
        # text alone (a global aggregation); only when it finds little, search again fuzzily
        if typo_check is not None and typo_check["text"]["doc_count"] < TYPO_MIN_HITS:
            body = search_body(query, plan, filters, location, fuzzy=True)
            answer = self._read("POST", f"/{self.alias}/_search", body, deadline)
        hits = [self._hit(h, location, query) for h in answer["hits"]["hits"]]
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

    def _hit(self, raw: dict, location: Location | None, query: SearchQuery) -> SearchHit:
        src = raw["_source"]
        distance = None
        if location is not None:
            known = [
                location.distances[m] for m in src["municipalities"] if m in location.distances
            ]
            distance = round(min(known), 1) if known else None
        nxt = src.get("next_session")
        return SearchHit(
            id=src["id"],
            title=src["title"],
            provider=src["provider"],
            source=src["source"],
            url=src["url"],
            # with sort=my_cost the score only says free for me or not: not a relevance
            score=0.0 if query.sort == SortOrder.MY_COST else float(raw.get("_score") or 0.0),
            next_session=SessionSummary(**nxt) if nxt else None,
            price_min=src["price_min"],
            free=src["free"],
            funding_schemes=src["funding_schemes"],
            delivery_modes=src["delivery_modes"],
            distance_km=distance,
            highlights={k: v for k, v in raw.get("highlight", {}).items() if v},
            cluster_id=src["cluster_id"],
            sources=src["sources"],
            listing_count=src["listing_count"],
            available_via=[AvailableVia(**v) for v in src["available_via"]],
            free_for_me=(
                free_for_me(src["free"], src["funding_rules"], query)
                if profile_aware(query)
                else None
            ),
        )
