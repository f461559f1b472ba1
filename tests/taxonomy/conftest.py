from __future__ import annotations

from pathlib import Path

import pytest

from taxonomy.bundled import install_snapshot
from taxonomy.core import Taxonomy, build_taxonomy

OFFICIAL = Path(__file__).parent / "files" / "official"  # a few rows of each official file


@pytest.fixture(scope="session")
def flemish_taxonomy() -> Taxonomy:
    """The bundled layer only: what a fresh machine has before any import."""
    return build_taxonomy(None)


@pytest.fixture(scope="session")
def imported_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ESCO snapshot shipped in the package, loaded into a store once per session (what
    `leeraanbod init` does; no ../shared needed)."""
    store = tmp_path_factory.mktemp("taxonomy") / "taxonomy.sqlite3"
    install_snapshot(store)
    return store


@pytest.fixture(scope="session")
def esco_taxonomy(imported_store: Path) -> Taxonomy:
    return build_taxonomy(imported_store)


@pytest.fixture
def official() -> Path:
    """Small files in the official ESCO CSV layout (esco/, esco-v1.1.1/, isced-f/)."""
    return OFFICIAL
