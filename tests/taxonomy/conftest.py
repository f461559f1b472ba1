from __future__ import annotations

from pathlib import Path

import pytest

from taxonomy.core import Taxonomy, build_taxonomy

OFFICIAL = Path(__file__).parent / "files" / "official"  # a few rows of each official file


@pytest.fixture(scope="session")
def flemish_taxonomy() -> Taxonomy:
    """The bundled layer only: what a fresh machine has before any import."""
    return build_taxonomy(None)


@pytest.fixture
def official() -> Path:
    """Small files in the official ESCO CSV layout (esco/, esco-v1.1.1/, isced-f/)."""
    return OFFICIAL
