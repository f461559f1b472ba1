"""``leeraanbod demo``: bundled ESCO → fixtures crawled offline → store → index → serve."""

from __future__ import annotations

import click

from leeraanbod.commands.serve import run_server
from leeraanbod.commands.taxonomy import ensure_bundled_taxonomy
from leeraanbod.context import Context

# The demo's pipeline after the bundled ESCO snapshot is loaded: each step is a `leeraanbod`
# subcommand owned by another package; a step whose command is not installed is reported and
# skipped. (The crawl's item pipeline tags every offer with the taxonomy on the way in.)
DEMO_STEPS: list[tuple[str, list[str]]] = [
    ("crawl the shipped fixtures offline (tagging on the way in)", ["crawl", "--all", "--offline"]),
    ("group the same course listed by several sources", ["dedup"]),
    ("build the search index", ["index", "rebuild"]),
]


@click.command()
@click.option("--host", default=None)
@click.option("--port", type=int, default=None)
@click.option("--no-serve", is_flag=True, help="prepare the data, do not start the server")
@click.pass_context
def demo(click_ctx: click.Context, host: str | None, port: int | None, no_serve: bool) -> None:
    """Load the bundled ESCO, crawl the shipped fixtures offline, tag, index and serve: a
    working portal at once, without any download."""
    from leeraanbod.cli import main

    ctx: Context = click_ctx.obj
    ctx.settings.data_dir.mkdir(parents=True, exist_ok=True)
    ctx.store.migrate()
    click.echo("- load the bundled ESCO snapshot (ESCO, ISCED-F, VDAB crosswalks)")
    ensure_bundled_taxonomy(ctx)
    for what, argv in DEMO_STEPS:
        command = main.get_command(click_ctx, argv[0])
        if command is None:
            click.echo(f"- skipped ({argv[0]} is not installed): {what}")
            continue
        click.echo(f"- {what}: leeraanbod {' '.join(argv)}")
        sub = command.make_context(argv[0], argv[1:], parent=click_ctx)
        with sub:
            command.invoke(sub)
    if not no_serve:
        run_server(ctx, host, port, None)
