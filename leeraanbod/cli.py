"""``leeraanbod``: the one command-line entry point.

Each package owns its subcommands (``crawlers/cli.py``, ``index/cli.py`` ...); they are
listed in ``LAZY_COMMANDS`` and imported only when used, so ``leeraanbod status`` stays fast.
"""

from __future__ import annotations

import importlib
import json

import click

from core.settings import get_settings
from leeraanbod.context import Context, pass_context

__all__ = ["Context", "main", "pass_context"]

# name -> "module:attribute" of a click command or group
LAZY_COMMANDS: dict[str, str] = {
    "report": "leeraanbod.commands.report:report",
    "taxonomy": "leeraanbod.commands.taxonomy:taxonomy",
    "crawl": "leeraanbod.commands.crawl:crawl",
    "schedule": "leeraanbod.commands.schedule:schedule",
    "source": "leeraanbod.commands.source:source",
    "index": "leeraanbod.commands.index:index_group",
    "dedup": "leeraanbod.commands.dedup:dedup",
    "export": "leeraanbod.commands.export:export",
    "serve": "leeraanbod.commands.serve:serve",
    "demo": "leeraanbod.commands.demo:demo",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS:
            module_name, attribute = LAZY_COMMANDS[cmd_name].split(":")
            return getattr(importlib.import_module(module_name), attribute)
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup)
@click.pass_context
def main(ctx: click.Context) -> None:
    """Leeraanbod: every adult-learning offer in Flanders, crawled, normalised and searchable."""
    ctx.obj = Context(get_settings())


@main.command()
@pass_context
def init(ctx: Context) -> None:
    """Create the data directory, bring the catalogue store to the newest schema and load the
    bundled ESCO snapshot into the taxonomy store (an imported official release is kept)."""
    from leeraanbod.commands.taxonomy import ensure_bundled_taxonomy

    ctx.settings.data_dir.mkdir(parents=True, exist_ok=True)
    version = ctx.store.migrate()
    click.echo(f"catalogue store ready at {ctx.settings.store_url} (schema version {version})")
    ensure_bundled_taxonomy(ctx)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@pass_context
def status(ctx: Context, fmt: str) -> None:
    """Offers per source (active, stale, expired: all sessions past, retired) and each
    source's last good crawl; a degraded last run names the fields that dropped."""
    rows = ctx.store.source_statuses()
    quarantined = ctx.store.quarantined()
    if fmt == "json":
        click.echo(json.dumps([r.model_dump(mode="json") for r in rows], indent=2))
        return
    if not rows:
        click.echo("the catalogue is empty: run `leeraanbod crawl --all --offline` to fill it")
        return
    header = (
        "source",
        "active",
        "stale",
        "expired",
        "retired",
        "quarantined",
        "last good run",
        "last run",
    )
    table = [header] + [
        (
            r.source,
            str(r.active),
            str(r.stale),
            str(r.expired),
            str(r.retired),
            str(r.quarantined),
            r.last_good_run.strftime("%Y-%m-%d %H:%M") if r.last_good_run else "never",
            (
                f"degraded: {', '.join(r.degraded_fields)}"
                if r.degraded_fields
                else r.last_outcome or "-"
            ),
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        click.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    totals = [sum(getattr(r, k) for r in rows) for k in ("active", "stale", "retired")]
    click.echo(f"total: {totals[0]} active, {totals[1]} stale, {totals[2]} retired")
    if quarantined:
        click.echo(
            f"quarantined: {len(quarantined)} stored offers no longer validate; every read "
            "skips them until a crawl writes them anew:"
        )
        for q in quarantined:
            click.echo(f"  {q.offer_id}: {q.reason}")


if __name__ == "__main__":  # pragma: no cover
    main()
