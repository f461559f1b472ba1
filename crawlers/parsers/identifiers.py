"""Official numbers found in page text: opleidingsdatabank ids (ODB-0002141, ODB-P00004;
the forms in ``catalogue.model.ODB_NUMBER``, written 'odb-p00004' or 'ODB P00004' too) and
KMO-portefeuille provider numbers (DV.O101767)."""

from __future__ import annotations

import re

from catalogue.model import ODB_NUMBER, IdentifierScheme

# as written on pages: any case, a hyphen or a space after 'ODB'
ODB = re.compile(r"\b" + ODB_NUMBER.replace("ODB-", "ODB[- ]") + r"\b", re.IGNORECASE)
KMO = re.compile(r"\bDV\.[A-Z]\d{6}\b")


def find_identifiers(text: str | None) -> list[dict[str, str]]:
    """``[{"scheme": "odb", "value": "ODB-0002141"}, ...]`` for every number in ``text``."""
    if not text:
        return []
    found = [
        {"scheme": IdentifierScheme.ODB.value, "value": odb_number(v)} for v in ODB.findall(text)
    ]
    found += [
        {"scheme": IdentifierScheme.KMO_PORTEFEUILLE.value, "value": v} for v in KMO.findall(text)
    ]
    unique: list[dict[str, str]] = []
    for ident in found:
        if ident not in unique:
            unique.append(ident)
    return unique


def odb_number(text: str) -> str:
    """'odb p00004' → 'ODB-P00004' (the form the catalogue stores)."""
    return "ODB-" + text[4:].upper()


def find_kmo_number(text: str | None) -> str | None:
    m = KMO.search(text or "")
    return m.group(0) if m else None
