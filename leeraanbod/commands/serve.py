"""``leeraanbod serve`` (gunicorn workers, or one waitress process) and ``leeraanbod demo``
(fixtures → store → index → serve)."""

from __future__ import annotations

import logging

import click

from leeraanbod.context import Context, pass_context

# The demo's pipeline: each step is a `leeraanbod` subcommand owned by another package; a step
# whose command is not installed yet is reported and skipped.
# (The crawl's item pipeline tags every offer with the taxonomy on the way into the store.)
DEMO_STEPS: list[tuple[str, list[str]]] = [
    ("import ESCO, ISCED-F and the VDAB crosswalks", ["taxonomy", "import"]),
    ("crawl the shipped fixtures offline (tagging on the way in)", ["crawl", "--all", "--offline"]),
    ("group the same course listed by several sources", ["dedup"]),
    ("build the search index", ["index", "rebuild"]),
]


def run_server(
    ctx: Context,
    host: str | None,
    port: int | None,
    threads: int | None,
    workers: int | None = None,
) -> None:
    """gunicorn with ``workers`` processes (default: one per CPU) under its master, also for
    one; waitress only where there is no ``fork``."""
    from web import create_app
    from web.server import (
        LOG_FORMAT,
        can_fork,
        default_workers,
        gunicorn_options,
        serve_gunicorn,
        serve_waitress,
    )

    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    settings = ctx.settings
    workers = workers or settings.web_workers or default_workers()
    threads = threads or settings.web_threads
    host = host or settings.web_host
    port = port or settings.web_port
    app = create_app({"SETTINGS": settings})
    click.echo("opening the catalogue, the search index and the taxonomy …")
    supervised = can_fork()
    server = f"gunicorn, {workers} × {threads} threads" if supervised else "waitress, no fork"
    click.echo(f"Leeraanbod on http://{host}:{port}/  (API: /api/v1, docs: /api/v1/docs; {server})")
    if supervised:
        serve_gunicorn(app, gunicorn_options(host, port, workers, threads))
    else:
        serve_waitress(app, settings, host, port, threads)


@click.command()
@click.option("--host", default=None, help="address to bind (LEERAANBOD_WEB_HOST)")
@click.option("--port", type=int, default=None, help="port (LEERAANBOD_WEB_PORT)")
@click.option(
    "--threads", type=int, default=None, help="threads per process (LEERAANBOD_WEB_THREADS)"
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="worker processes under one gunicorn master (LEERAANBOD_WEB_WORKERS; default one "
    "per CPU); a dead worker is replaced",
)
@pass_context
def serve(
    ctx: Context, host: str | None, port: int | None, threads: int | None, workers: int | None
) -> None:
    """Serve the search pages and the API: gunicorn workers (one per CPU by default, the
    taxonomy shared copy-on-write) under a master that replaces any worker that dies."""
    run_server(ctx, host, port, threads, workers)


@click.command()
@click.option("--host", default=None)
@click.option("--port", type=int, default=None)
@click.option("--no-serve", is_flag=True, help="prepare the data, do not start the server")
@click.pass_context
def demo(click_ctx: click.Context, host: str | None, port: int | None, no_serve: bool) -> None:
    """Crawl the shipped fixtures offline, tag, index and serve: a working portal at once."""
    from leeraanbod.cli import main

    ctx: Context = click_ctx.obj
    ctx.settings.data_dir.mkdir(parents=True, exist_ok=True)
    ctx.store.migrate()
    for what, argv in DEMO_STEPS:
        command = main.get_command(click_ctx, argv[0])
        if command is None:
            click.echo(f"- skipped ({argv[0]} is not installed): {what}")
            continue
        if argv[:2] == ["taxonomy", "import"] and not ctx.settings.taxonomy_dir.is_dir():
            # the bundled Flemish layer still tags; ESCO adds labels and ISCED-F fields
            click.echo(f"- skipped (no {ctx.settings.taxonomy_dir}): {what}")
            continue
        click.echo(f"- {what}: leeraanbod {' '.join(argv)}")
        sub = command.make_context(argv[0], argv[1:], parent=click_ctx)
        with sub:
            command.invoke(sub)
    if not no_serve:
        run_server(ctx, host, port, None)
