from __future__ import annotations

import pytest

from tests.reports.catalogue import Catalogue, build


@pytest.fixture
def catalogue(store, clock) -> Catalogue:
    return build(store, clock)
