from __future__ import annotations

import pytest


@pytest.fixture
def store(any_store):
    """Every store test here is part of the contract suite: run on SQLite and PostgreSQL."""
    return any_store
