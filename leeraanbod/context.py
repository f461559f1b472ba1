"""What every ``leeraanbod`` subcommand gets: the settings and a lazily opened store.

A command takes it with ``@pass_context`` and reads ``ctx.settings`` and ``ctx.store``; no
command reads the environment itself.
"""

from __future__ import annotations

import click

from catalogue.store import CatalogueStore, open_store
from core.settings import Settings


class Context:
    """Settings and a lazily opened store, shared by every subcommand."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store: CatalogueStore | None = None

    @property
    def store(self) -> CatalogueStore:
        if self._store is None:
            self._store = open_store(self.settings.store_url, self.settings.retire_after)
        return self._store


pass_context = click.make_pass_decorator(Context)
