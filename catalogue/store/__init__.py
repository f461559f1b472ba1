"""The catalogue store (system of record). ``open_store`` picks the implementation from a URL."""

from __future__ import annotations

from pathlib import Path

from catalogue.store.base import (
    DEFAULT_RETIRE_AFTER,
    CatalogueStore,
    ClusterStore,
    OfferStatus,
    OfferStore,
    QuarantinedRow,
    SourceStatus,
    StoredOffer,
    UpsertResult,
)
from catalogue.store.sqlite import SQLiteStore

__all__ = [
    "DEFAULT_RETIRE_AFTER",
    "CatalogueStore",
    "ClusterStore",
    "OfferStatus",
    "OfferStore",
    "QuarantinedRow",
    "SQLiteStore",
    "SourceStatus",
    "StoredOffer",
    "UpsertResult",
    "open_store",
]


def open_store(url: str, retire_after: int = DEFAULT_RETIRE_AFTER) -> CatalogueStore:
    """``sqlite:///relative/or/absolute/path.sqlite3`` or a plain file path.

    The schema is migrated on open, so every caller sees the newest schema.
    """
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
    elif "://" in url:
        scheme = url.split("://", 1)[0]
        raise ValueError(f"unsupported catalogue store {scheme!r}: only sqlite:/// is implemented")
    else:
        path = Path(url)
    store = SQLiteStore(path, retire_after=retire_after)
    store.migrate()
    return store
