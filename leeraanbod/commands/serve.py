"""``leeraanbod serve``: gunicorn workers under their master (also for one), or waitress where
there is no ``fork``."""

from __future__ import annotations

import logging

import click

from leeraanbod.context import Context, pass_context


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
