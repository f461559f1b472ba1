"""Validate an ELM document against the LOQ schema shipped with the package (``schema/``).

Validation streams: libxml2 checks each element as the parser reads it (identity constraints
too: unique notations, every ``idref`` finding its record), and each record is dropped once
checked, so a whole catalogue validates in bounded memory. It is not fast: libxml2 compares
an enumerated value with the list one entry at a time, and the EU language list has 16,000
(docs/benchmarks.md, "ELM export").
"""

from __future__ import annotations

import threading
from functools import cache
from pathlib import Path
from typing import IO

from lxml import etree

from europass.elements import q
from europass.vocabularies import SCHEMA_DIR

LOQ_XSD = SCHEMA_DIR / "loq.xsd"
RECORDS = [
    q(name)
    for name in (
        "learningOpportunity",
        "learningAchievementSpecification",
        "learningOutcome",
        "organisation",
        "location",
    )
]
_LOCK = threading.Lock()


@cache
def loq_schema(path: Path = LOQ_XSD) -> etree.XMLSchema:
    """The compiled schema (``path``: the shipped ``loq.xsd`` or another copy of it)."""
    return etree.XMLSchema(etree.parse(str(path)))


def validation_errors(
    document: str | Path | IO[bytes], schema: etree.XMLSchema | None = None
) -> list[str]:
    """Empty when ``document`` is valid against ``schema`` (default: the shipped loq.xsd),
    else the first complaint, naming the element and the rule it breaks."""
    schema = schema or loq_schema()
    source = str(document) if isinstance(document, Path) else document
    with _LOCK:  # one validation at a time per schema object (it keeps an error log)
        try:
            for _, element in etree.iterparse(
                source,
                events=("end",),
                tag=RECORDS,
                schema=schema,
                huge_tree=True,
                resolve_entities=False,
                no_network=True,
            ):
                if element.get("id") is None:
                    continue  # a reference to a record (<location idref=…>), not a record
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
        except etree.XMLSyntaxError as exc:
            return [str(exc)]
    return []
