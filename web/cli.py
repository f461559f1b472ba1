"""``leeraanbod serve`` (waitress) and ``leeraanbod demo`` (fixtures → store → index → serve)."""

from __future__ import annotations

import logging

import click

from leeraanbod.cli import Context, pass_context

# The demo's pipeline: each step is a `leeraanbod` subcommand owned by another package; a step
# whose command is not installed yet is reported and skipped.
# (The crawl's item pipeline tags every offer with the taxonomy on the way into the store.)
DEMO_STEPS: list[tuple[str, list[str]]] = [
    ("crawl the shipped fixtures offline (tagging on the way in)", ["crawl", "--all", "--offline"]),
    ("group the same course listed by several sources", ["dedup"]),
    ("build the search index", ["index", "rebuild"]),
]


def run_server(ctx: Context, host: str | None, port: int | None, threads: int | None) -> None:
    import waitress

    from web import create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    settings = ctx.settings
    app = create_app({"SETTINGS": settings})
    host = host or settings.web_host
    port = port or settings.web_port
    click.echo(f"Leeraanbod on http://{host}:{port}/  (API: /api/v1, docs: /api/v1/docs)")
    waitress.serve(
        app,
        host=host,
        port=port,
        threads=threads or settings.web_threads,
        ident="leeraanbod",
        # waitress writes no access log; our own log has no client address or user agent.
        # X-Forwarded-* is only believed behind LEERAANBOD_WEB_PROXY_COUNT proxies (ProxyFix)
        clear_untrusted_proxy_headers=settings.web_proxy_count == 0,
    )


@click.command()
@click.option("--host", default=None, help="address to bind (LEERAANBOD_WEB_HOST)")
@click.option("--port", type=int, default=None, help="port (LEERAANBOD_WEB_PORT)")
@click.option("--threads", type=int, default=None, help="worker threads (LEERAANBOD_WEB_THREADS)")
@pass_context
def serve(ctx: Context, host: str | None, port: int | None, threads: int | None) -> None:
    """Serve the search pages and the API with waitress (a production WSGI server)."""
    run_server(ctx, host, port, threads)


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
        click.echo(f"- {what}: leeraanbod {' '.join(argv)}")
        sub = command.make_context(argv[0], argv[1:], parent=click_ctx)
        with sub:
            command.invoke(sub)
    if not no_serve:
        run_server(ctx, host, port, None)
