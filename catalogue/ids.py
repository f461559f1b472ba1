"""Stable offer ids: the same source and source id give the same offer id, on any machine."""

from __future__ import annotations

import hashlib
import re

SOURCE_KEY = re.compile(r"^[a-z][a-z0-9_-]{1,39}$")


def offer_id(source: str, source_id: str) -> str:
    """``{source}-{16 hex digits}``: a readable prefix and a digest of the source's own id."""
    digest = hashlib.sha256(f"{source}\x1f{source_id.strip()}".encode()).hexdigest()[:16]
    return f"{source}-{digest}"
