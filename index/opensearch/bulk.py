"""Streaming bulk indexing: documents in chunks of ``BULK_CHUNK``, items refused with 429
retried with backoff, any other refused item reported by offer id."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice
from typing import Any, TypeVar

from index.base import BulkResult
from index.documents import NO_DATE_SORT, NO_PRICE_SORT, Indexable, build_document, item_id
from index.geo import Gazetteer
from index.opensearch.adapters import Adapter, EngineError
from index.plan import SOURCE_COUNT_FIELD
from index.vocabulary import Vocabulary

BULK_CHUNK = 500
BULK_TIMEOUT = 120.0
BULK_RETRIES = 5
T = TypeVar("T")


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def documents(
    items: Iterable[Indexable],
    vocabulary: Vocabulary,
    today: date,
    places: Gazetteer,
    result: BulkResult,
) -> Iterator[dict[str, Any]]:
    """The engine-neutral documents with the fields only this engine needs (sort keys,
    completion inputs); a course run that cannot be made a document is a bulk error."""
    for item in items:
        try:
            doc = build_document(item, vocabulary, today, places)
        except (ValueError, TypeError, KeyError) as exc:
            result.errors[item_id(item)] = f"{type(exc).__name__}: {exc}"
            continue
        doc["sort_start"] = (
            date.fromisoformat(doc["next_start"]) if doc["next_start"] else NO_DATE_SORT
        ).toordinal()
        doc["sort_price"] = doc["price_min"] if doc["price_min"] is not None else NO_PRICE_SORT
        doc["suggest"] = {kind: {"input": v} for kind, v in doc["suggest"].items() if v}
        yield doc


def bulk_into(
    adapter: Adapter,
    index: str,
    docs: Iterable[dict[str, Any]],
    result: BulkResult,
    per_source: dict[str, int],
) -> None:
    """Index ``docs`` into the concrete index ``index``, counting them per source."""
    for chunk in chunks(docs, BULK_CHUNK):
        pending = chunk
        for attempt in range(BULK_RETRIES + 1):
            operations: list[dict] = []
            for doc in pending:
                operations.append({"index": {"_index": index, "_id": doc["id"]}})
                operations.append(doc)
            try:
                answer = adapter.bulk(operations, timeout=BULK_TIMEOUT)
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
