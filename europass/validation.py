"""Validate an ELM document against the LOQ schema shipped with the package (``schema/``)."""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path
from typing import IO

from lxml import etree

from europass.vocabularies import SCHEMA_DIR

LOQ_XSD = SCHEMA_DIR / "loq.xsd"
_LOCK = threading.Lock()


@cache
def loq_schema(path: Path = LOQ_XSD) -> etree.XMLSchema:
    """The compiled schema (``path``: the shipped ``loq.xsd`` or another copy of it)."""
    return etree.XMLSchema(etree.parse(str(path)))


def validation_errors(
    document: str | Path | IO[bytes], schema: etree.XMLSchema | None = None, limit: int = 20
) -> list[str]:
    """The schema's complaints about ``document`` ("line N: message"), at most ``limit``;
    empty when it is valid. Parses with a huge-tree parser (a whole catalogue is one file)."""
    schema = schema or loq_schema()
    parser = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)
    tree = etree.parse(str(document) if isinstance(document, Path) else document, parser)
    with _LOCK:  # an XMLSchema object keeps its error log: one validation at a time
        if schema.validate(tree):
            return []
        return [f"line {e.line}: {e.message}" for e in list(schema.error_log)[:limit]]
