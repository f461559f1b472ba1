"""Conditional requests for incremental crawls.

A detail request whose ``meta["conditional"]`` is true carries ``If-None-Match`` /
``If-Modified-Since`` with the validators the store remembers for its page (only pages that
yielded an offer: a 304 of any other page would tell nothing). The spider treats a 304 as
"seen, unchanged" (:meth:`crawlers.spiders.base.OfferSpider.unchanged`). Each page fetched
in full has its ``ETag`` / ``Last-Modified`` kept in ``spider.fetched``; the store pipeline
writes them when the run ends.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request, Spider
from scrapy.http import Response


class ConditionalRequestsMiddleware:
    def process_request(self, request: Request, spider: Spider) -> None:
        if not request.meta.get("conditional"):
            return
        page_key = getattr(spider, "page_key", None)
        pages: dict[str, Any] = getattr(spider, "pages", {})
        state = pages.get(page_key(request.url)) if page_key else None
        if state is None or not state.offer_ids:
            return
        if state.etag:
            request.headers.setdefault(b"If-None-Match", state.etag.encode("latin-1"))
        if state.last_modified:
            request.headers.setdefault(b"If-Modified-Since", state.last_modified.encode("latin-1"))

    def process_response(self, request: Request, response: Response, spider: Spider) -> Response:
        fetched = getattr(spider, "fetched", None)
        if response.status == 200 and fetched is not None and "conditional" in request.meta:
            etag = response.headers.get(b"ETag")
            modified = response.headers.get(b"Last-Modified")
            fetched[spider.page_key(response.url)] = (  # type: ignore[attr-defined]
                etag.decode("latin-1") if etag else None,
                modified.decode("latin-1") if modified else None,
            )
        return response
