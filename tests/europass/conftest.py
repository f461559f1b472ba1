"""The ELM export's fixtures: the demo catalogue (the shipped fixture sites crawled offline
through the real spiders and pipelines into a real SQLite store) and the two copies of the
LOQ schema (the shipped one, and ../shared/elm/xsd/loq/ when present)."""

from __future__ import annotations

import io
import os
from collections.abc import Iterable
from pathlib import Path

import pytest
from lxml import etree

from catalogue.model import Offer
from europass import ExportReport, OfferMapper, loq_schema, stream_elm
from europass.validation import LOQ_XSD
from tests.crawlers.conftest import crawled  # noqa: F401 - the session's offline crawl

# ../shared beside the checkout (as CI lays it); a worktree elsewhere names it in the environment
SHARED_LOQ = (
    Path(
        os.environ.get("LEERAANBOD_SHARED_DIR")
        or Path(__file__).resolve().parents[2].parent / "shared"
    )
    / "elm"
    / "xsd"
    / "loq"
)
NS = {"l": "http://data.europa.eu/snb/model/ap/loq-constraints/"}


def schemas() -> list[etree.XMLSchema]:
    """The shipped schema, and the shared copy when this checkout has ../shared."""
    found = [loq_schema(LOQ_XSD)]
    if (SHARED_LOQ / "loq.xsd").is_file():
        found.append(loq_schema(SHARED_LOQ / "loq.xsd"))
    return found


def export(offers: Iterable[Offer], taxonomy=None) -> tuple[bytes, ExportReport]:
    report = ExportReport()
    data = b"".join(stream_elm(offers, OfferMapper(taxonomy), report))
    return data, report


def assert_valid(data: bytes, every_copy: bool = True) -> etree._ElementTree:
    """``data`` parses and validates against every copy of loq.xsd (``every_copy=False``: the
    shared copy when present, else the shipped one; test_schema_copy.py checks they are the
    same files); the parsed tree."""
    parser = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)
    tree = etree.parse(io.BytesIO(data), parser)
    for schema in schemas() if every_copy else schemas()[-1:]:
        if not schema.validate(tree):
            errors = [f"line {e.line}: {e.message}" for e in list(schema.error_log)[:10]]
            raise AssertionError("not valid against loq.xsd:\n" + "\n".join(errors))
    return tree


def top_level(tree: etree._ElementTree) -> list[etree._Element]:
    """The learning opportunities that are offers (sessions are parts of them)."""
    return tree.xpath(
        "/l:Courses/l:learningOpportunityReferences/l:learningOpportunity[not(l:isPartOf)]",
        namespaces=NS,
    )


@pytest.fixture(scope="session")
def shared_loq() -> Path:
    if not (SHARED_LOQ / "loq.xsd").is_file():
        pytest.skip(f"the shared ELM schema is not at {SHARED_LOQ}")
    return SHARED_LOQ
