"""Open data: the catalogue streamed as JSON Lines (one ``Offer`` per line), CSV, or one
Europass ELM v3 LOQ XML document (``europass``)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date

from flask import Response, stream_with_context

from catalogue.model import Offer
from catalogue.store.base import OfferStatus, StoredOffer
from europass.export import MEDIA_TYPE as ELM_MEDIA_TYPE
from europass.export import export_store
from web.params import ExportParams
from web.services import services

CSV_COLUMNS = [
    "id",
    "source",
    "source_id",
    "title",
    "provider",
    "url",
    "languages",
    "price_min_eur",
    "free",
    "next_start_date",
    "next_municipality",
    "next_postcode",
    "funding_schemes",
    "status",
    "last_seen",
]


def export_response(params: ExportParams) -> Response:
    """The catalogue's active and stale offers, streamed as JSON Lines, CSV or ELM XML."""
    if params.format == "elm":
        return _elm_response(params)
    store = services().store
    statuses = [OfferStatus.ACTIVE, OfferStatus.STALE]
    today = date.today()
    rows = store.iter_offers(source=params.source, statuses=statuses)
    if params.format == "jsonl":
        body: Iterator[str] = (_jsonl_line(s) for s in rows)
        mimetype, ext = "application/x-ndjson", "jsonl"
    else:
        body = _csv_lines(rows, today)
        mimetype, ext = "text/csv", "csv"
    response = Response(stream_with_context(body), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="leeraanbod.{ext}"'
    return response


def _elm_response(params: ExportParams) -> Response:
    svc = services()
    body = export_store(svc.store, params.source, svc.taxonomy)
    response = Response(stream_with_context(body), mimetype=ELM_MEDIA_TYPE)
    response.headers["Content-Disposition"] = 'attachment; filename="leeraanbod-elm.xml"'
    return response


def _jsonl_line(stored: StoredOffer) -> str:
    return stored.offer.model_dump_json() + "\n"


def _csv_lines(rows: Iterator[StoredOffer], today: date) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(CSV_COLUMNS)
    yield flush()
    for stored in rows:
        writer.writerow([_cell(value) for value in _csv_row(stored, today)])
        yield flush()


def _cell(text: str) -> str:
    """Crawled text that a spreadsheet would run as a formula is quoted (CSV injection):
    every cell, since any crawled field may begin with = + - @."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_row(stored: StoredOffer, today: date) -> list[str]:
    offer: Offer = stored.offer
    prices = offer.prices or [p for s in offer.sessions for p in s.prices]
    nxt = offer.next_session(today)
    location = nxt.location if nxt else None
    return [
        offer.id or "",
        offer.source,
        offer.source_id,
        offer.title,
        offer.provider.name,
        offer.url,
        " ".join(offer.languages),
        str(min(p.amount for p in prices)) if prices else "",
        "yes" if offer.is_free() else "no",
        nxt.start_date.isoformat() if nxt and nxt.start_date else "",
        (location.municipality or "") if location else "",
        (location.postcode or "") if location else "",
        " ".join(sorted({f.scheme.value for f in offer.funding})),
        stored.status.value,
        stored.last_seen.isoformat(),
    ]
