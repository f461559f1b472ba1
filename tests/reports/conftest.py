from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from core.settings import Settings
from tests.reports.catalogue import VOCABULARY, Catalogue, build


@pytest.fixture
def catalogue(store, clock) -> Catalogue:
    return build(store, clock)


@pytest.fixture
def web_app(catalogue: Catalogue, tmp_path: Path) -> Iterator[Flask]:
    """The real app of ``web.create_app`` over the fixture catalogue."""
    from web import create_app
    from web.reports import EXTENSION
    from web.services import Services

    settings = Settings(
        data_dir=tmp_path / "var",
        taxonomy_dir=tmp_path / "no-taxonomy",
        web_rate_limit="100000/minute",
    )
    app = create_app(
        {
            "TESTING": True,
            "SETTINGS": settings,
            "SERVICES": Services(settings, store_opener=lambda: catalogue.store),
        }
    )
    app.extensions[EXTENSION].vocabulary = VOCABULARY
    yield app
