from __future__ import annotations

from pathlib import Path

import pytest

from taxonomy.core import Taxonomy, build_taxonomy
from taxonomy.importing.run import import_all


@pytest.fixture(scope="session")
def flemish_taxonomy() -> Taxonomy:
    """The bundled layer only: what a fresh machine has before any import."""
    return build_taxonomy(None)


@pytest.fixture(scope="session")
def imported_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real shared reference files imported once per test session."""
    from tests.conftest import SHARED_TAXONOMY

    if not SHARED_TAXONOMY.is_dir():
        pytest.skip(f"shared taxonomy data not found at {SHARED_TAXONOMY}")
    store = tmp_path_factory.mktemp("taxonomy") / "taxonomy.sqlite3"
    import_all(store, SHARED_TAXONOMY)
    return store


@pytest.fixture(scope="session")
def esco_taxonomy(imported_store: Path) -> Taxonomy:
    return build_taxonomy(imported_store)
