"""A page of hits and the facet counts from an opened tantivy build.

The three orders tantivy cannot give in one call are walked here: ``my_cost`` (free for the
searcher first, each part by price) and ``distance`` (municipality by municipality, nearest
first); the rest is one ``searcher.search``. Hits are made from the stored ``HIT_FIELDS``
(``index.hits``), snippets from the stored title and description.
"""

from __future__ import annotations

import json
from typing import Any

import tantivy

from index.hits import HITS, hit_fields
from index.plan import (
    FACET_FIELDS,
    FACET_SIZE,
    SNIPPET_CHARS,
    Filter,
    Location,
    facet_filters,
    free_for_me_filter,
    highlight_html,
)
from index.search_query import FacetCount, FacetField, SearchHit, SearchQuery, SortOrder
from index.tantivy.builds import Opened
from index.tantivy.schema import SET_FIELDS, SET_SEPARATOR, SET_SUFFIX
from index.tantivy.translate import Occur, Query, combine, filter_query, term

Page = list[tuple[Any, tantivy.DocAddress]]  # (score or sort value, address)


def count(result: tantivy.SearchResult) -> int:
    """The number of matches of a search made with ``count=True``."""
    # tantivy's stub (tantivy.pyi) lacks SearchResult.count, which the extension has
    return int(result.count)  # type: ignore[attr-defined]


def count_matches(searcher: tantivy.Searcher, query: Query) -> int:
    return count(searcher.search(query, 1, count=True))


def page(
    searcher: tantivy.Searcher, main: Query, query: SearchQuery, sort: SortOrder
) -> tuple[int, Page]:
    """By relevance, start date or price: one search."""
    order_field = {SortOrder.START_DATE: "sort_start", SortOrder.PRICE: "sort_price"}.get(sort)
    if order_field:
        result = searcher.search(
            main,
            query.page_size,
            count=True,
            offset=query.offset,
            order_by_field=order_field,
            order=tantivy.Order.Asc,
        )
    else:
        result = searcher.search(main, query.page_size, count=True, offset=query.offset)
    return count(result), list(result.hits)


def my_cost_page(
    searcher: tantivy.Searcher, opened: Opened, main: Query, query: SearchQuery
) -> tuple[int, Page]:
    """Free for the searcher first, then the rest; each part by price (sort_price)."""
    free = filter_query(opened, free_for_me_filter(query.free_for_rules))
    parts = [
        Query.boolean_query([(Occur.Must, main), (Occur.Must, free)]),
        Query.boolean_query([(Occur.Must, main), (Occur.MustNot, free)]),
    ]
    total = count_matches(searcher, main)
    found: Page = []
    skipped = 0
    for part in parts:
        matches = count_matches(searcher, part)
        if skipped + matches <= query.offset:
            skipped += matches
            continue
        want = query.page_size - len(found)
        start = max(0, query.offset - skipped)
        got = searcher.search(
            part, want, offset=start, order_by_field="sort_price", order=tantivy.Order.Asc
        ).hits
        skipped += matches
        found.extend(got)
        if len(found) >= query.page_size:
            break
    return total, found


def distance_page(
    searcher: tantivy.Searcher, opened: Opened, main: Query, query: SearchQuery, location: Location
) -> tuple[int, Page]:
    """Nearest first: walk the municipalities by distance; each offer belongs to the bucket
    of its nearest municipality in the radius; within a bucket, by relevance."""
    total = count_matches(searcher, main)
    agg = searcher.aggregate(main, {"m": {"terms": {"field": "municipalities", "size": 10_000}}})
    present = {b["key"] for b in agg["m"]["buckets"]}
    ordered = [m for m, _ in sorted(location.distances.items(), key=lambda kv: (kv[1], kv[0]))]
    seen: list[str] = []
    skipped = 0
    found: Page = []
    want = query.page_size
    for m in ordered:
        if m not in present:
            continue
        clauses = [(Occur.Must, main), (Occur.Must, term(opened, "municipalities", m))]
        if seen:
            nearer = Query.term_set_query(opened.schema, "municipalities", seen)
            clauses.append((Occur.MustNot, nearer))
        bucket = Query.boolean_query(clauses)
        seen.append(m)
        matches = count_matches(searcher, bucket)
        if skipped + matches <= query.offset:
            skipped += matches
            continue
        start = max(0, query.offset - skipped)
        got = searcher.search(bucket, want - len(found), offset=start).hits
        skipped += matches
        found.extend(got)
        if len(found) >= want:
            break
    return total, found


def facets(
    searcher: tantivy.Searcher,
    opened: Opened,
    query: SearchQuery,
    text_q: Query | None,
    filters: dict[str, Filter],
) -> dict[FacetField, list[FacetCount]]:
    """Exact counts; a facet with a chosen value counts with its own filter removed."""
    groups: dict[tuple[str, ...], list[FacetField]] = {}
    for facet in query.facets:
        own = facet.value in filters
        key = tuple(k for k in filters if not (own and k == facet.value))
        groups.setdefault(key, []).append(facet)
    out: dict[FacetField, list[FacetCount]] = {}
    for group in groups.values():
        flts = (
            facet_filters(filters, group[0])
            if group[0].value in filters
            else list(filters.values())
        )
        q = combine(opened, text_q, flts)
        by_set = [f for f in group if opened.facet_sets and FACET_FIELDS[f] in SET_FIELDS]
        by_value = [f for f in group if f not in by_set]
        segment_size = FACET_PROBE if searcher.num_segments == 1 else ALL_VALUES
        spec = facet_spec(by_value, FACET_PROBE, segment_size) | set_spec(by_set)
        agg = searcher.aggregate(q, spec)
        for f in by_set:
            agg[f.value] = {"buckets": set_counts(agg[f.value]["buckets"])}
        cut = [f for f in by_value if not top_known(agg[f.value]["buckets"])]
        if cut:  # ties across the probe's edge: count every value of these (rare, narrow)
            agg.update(searcher.aggregate(q, facet_spec(cut, ALL_VALUES, ALL_VALUES)))
        for f in group:
            out[f] = [  # made from the engine's own str and int: nothing to validate
                FacetCount.model_construct(value=str(b["key"]), count=int(b["doc_count"]))
                for b in ranked(agg[f.value]["buckets"])[:FACET_SIZE]
            ]
    return {f: out[f] for f in query.facets if f in out}


# Facet values are counted by tantivy (terms aggregations over the fast fields), and only the
# most frequent come back to Python: converting every bucket (thousands of concepts with the
# imported taxonomy) cost more than counting them. tantivy picks the ``size`` most frequent
# with ties in any order; the page shows FACET_SIZE by count then value, which the probe gives
# exactly unless values tie across its edge (``top_known``), when they are all counted again.
FACET_PROBE = 2 * FACET_SIZE
ALL_VALUES = 15_010  # per segment: what ``size`` 10,000 gave before (tantivy: size * 1.5 + 10)


def facet_spec(facets: list[FacetField], size: int, segment_size: int) -> dict[str, Any]:
    """One terms aggregation per facet. Within one segment its ``segment_size`` most frequent
    values are exact; over several, every value must come from each segment to be exact."""
    return {
        f.value: {"terms": {"field": FACET_FIELDS[f], "size": size, "segment_size": segment_size}}
        for f in facets
    }


def set_spec(facets: list[FacetField]) -> dict[str, Any]:
    """Terms aggregations over the facets' set fields: every set (they are few) counted."""
    return {
        f.value: {
            "terms": {
                "field": FACET_FIELDS[f] + SET_SUFFIX,
                "size": ALL_VALUES,
                "segment_size": ALL_VALUES,
            }
        }
        for f in facets
    }


def set_counts(buckets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Documents per value from documents per set of values: each document has one set."""
    counts: dict[str, int] = {}
    for b in buckets:
        for value in str(b["key"]).split(SET_SEPARATOR):
            counts[value] = counts.get(value, 0) + int(b["doc_count"])
    return [{"key": value, "doc_count": n} for value, n in counts.items()]


def ranked(buckets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(buckets, key=lambda b: (-b["doc_count"], str(b["key"])))


def top_known(buckets: list[dict[str, Any]]) -> bool:
    """Whether the FACET_SIZE first values (by count, then value) are among ``buckets``, the
    FACET_PROBE most frequent of a facet: yes when the probe held every value, or when a value
    it left out has fewer documents than the FACET_SIZE-th (its least frequent bucket has)."""
    if len(buckets) < FACET_PROBE:
        return True
    counts = sorted((b["doc_count"] for b in buckets), reverse=True)
    return counts[-1] < counts[FACET_SIZE - 1]


def snippet_generators(
    searcher: tantivy.Searcher, opened: Opened, text_q: Query
) -> dict[str, tantivy.SnippetGenerator]:
    generators = {}
    for field in ("title", "description"):
        generator = tantivy.SnippetGenerator.create(searcher, text_q, opened.schema, field)
        generator.set_max_num_chars(SNIPPET_CHARS)
        generators[field] = generator
    return generators


def hits(
    searcher: tantivy.Searcher,
    found: Page,
    generators: dict[str, tantivy.SnippetGenerator],
    location: Location | None,
    query: SearchQuery,
) -> list[SearchHit]:
    """The page's hits; ``found`` holds scores (by relevance) or 0.0 (any other order)."""
    rows = []
    for score, addr in found:
        doc = searcher.doc(addr)
        # only the fields a hit needs: ``to_dict`` would also copy the stored offer (kilobytes)
        stored = doc.get_first("hit")
        if stored is None:  # every build stores it: a document without one is damaged
            raise ValueError(f"search document {addr} has no stored hit")
        data = json.loads(stored)
        data["id"] = doc.get_first("id")  # builds from before HIT_FIELDS held the id store it apart
        highlights: dict[str, list[str]] = {}
        for field, generator in generators.items():
            original = doc.get_first(field)
            html = snippet(generator, doc, original if isinstance(original, str) else "")
            if html:
                highlights[field] = [html]
        value = float(score) if isinstance(score, float) else 0.0
        rows.append(hit_fields(data, value, highlights, location, query))
    return HITS.validate_python(rows)


def snippet(generator: tantivy.SnippetGenerator, doc: tantivy.Document, original: str = "") -> str:
    """Crawled text HTML-escaped; only <mark> added (snippet ranges are UTF-8 bytes). tantivy
    cuts a fragment at its first and last word: the punctuation around them is taken back
    from the ``original`` text ('Heftruck: veilig rijden (met attest)' keeps its ')')."""
    found = generator.snippet_from_doc(doc)
    fragment = found.fragment()
    ranges = found.highlighted()
    if not fragment or not ranges:
        return ""
    raw = fragment.encode()
    chars = [
        (len(raw[: r.start].decode(errors="ignore")), len(raw[: r.end].decode(errors="ignore")))
        for r in ranges
    ]
    fragment, shift = widen_fragment(fragment, original)
    return highlight_html(fragment, [(a + shift, b + shift) for a, b in chars])


def widen_fragment(fragment: str, original: str) -> tuple[str, int]:
    """The fragment with the characters that are no word on either side of it in
    ``original`` (brackets, quotes, full stops) put back, and how far it moved right."""
    at = original.find(fragment) if original else -1
    if at < 0:
        return fragment, 0
    start, end = at, at + len(fragment)
    while start > 0 and not original[start - 1].isspace() and not original[start - 1].isalnum():
        start -= 1
    while end < len(original) and not original[end].isspace() and not original[end].isalnum():
        end += 1
    return original[start:end], at - start
