"""The catalogue store's active and stale offers as one ELM document (CLI and API share it)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from catalogue.model import Offer
from catalogue.store import CatalogueStore, OfferStatus
from europass.mapping import OfferMapper
from europass.writer import ExportReport, stream_elm

EXPORTED = (OfferStatus.ACTIVE, OfferStatus.STALE)  # what the portal shows (as web/export.py)
MEDIA_TYPE = "application/xml"


def catalogue_offers(store: CatalogueStore, source: str | None = None) -> Iterator[Offer]:
    return (s.offer for s in store.iter_offers(source=source, statuses=EXPORTED))


def export_store(
    store: CatalogueStore,
    source: str | None = None,
    taxonomy: Any = None,
    report: ExportReport | None = None,
) -> Iterator[bytes]:
    """The document's bytes, streamed; ``taxonomy`` names the ESCO skills (None: the skills
    are left out and each offer's outcome is its title, see docs/elm.md)."""
    return stream_elm(catalogue_offers(store, source), OfferMapper(taxonomy), report)
