"""``leeraanbod source check|list``: the source registry, and one page read as a crawl would."""

from __future__ import annotations

import json
from pathlib import Path

import click

from crawlers.check import FetchRefused, fetch_politely, field_lines, read_page
from crawlers.sources import SourceRegistryError, load_registry, show_duration
from leeraanbod.context import Context, pass_context

REGISTRY = click.option(
    "--registry",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="the source registry (default LEERAANBOD_SOURCES_FILE or the shipped one)",
)


@click.group("source")
def source() -> None:
    """The source registry (crawlers/data/sources.yaml): list it, check a page."""


def _registry(ctx: Context, registry: Path | None):
    try:
        return load_registry(registry or ctx.settings.sources_file)
    except SourceRegistryError as exc:
        raise click.ClickException(str(exc)) from exc


@source.command("list")
@REGISTRY
@pass_context
def list_sources(ctx: Context, registry: Path | None) -> None:
    """Every source with its reader, cadence and contact (validates the registry)."""
    for s in _registry(ctx, registry).sources.values():
        how = f"spider {s.spider}" if s.spider else f"{s.read} {s.website}"
        contact = f"  contact {s.contact}" if s.contact else ""
        every, full = show_duration(s.cadence), show_duration(s.full_refresh)
        click.echo(f"{s.key:22} every {every}, full every {full}  {how}{contact}")


@source.command("check")
@click.argument("url")
@click.option("--source", "key", help="the source whose reader to use (default: by the URL)")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@REGISTRY
@pass_context
def check(ctx: Context, url: str, key: str | None, fmt: str, registry: Path | None) -> None:
    """Fetch URL once, politely (robots.txt first), and print field by field what the source's
    reader extracts and what is missing. Exits 1 when no valid offer comes out."""
    known = _registry(ctx, registry)
    try:
        found = known.get(key) if key else known.for_url(url)
    except KeyError as exc:
        raise click.ClickException(str(exc.args[0])) from exc
    if found is None:
        raise click.ClickException(
            f"no source serves {url}; name one with --source ({', '.join(known.sources)})"
        )
    try:
        body, encoding = fetch_politely(url, ctx.settings.user_agent)
    except FetchRefused as exc:
        raise click.ClickException(str(exc)) from exc
    result = read_page(found, url, body, encoding)
    if fmt == "json":
        offers = [{name: value for name, value in field_lines(offer)} for offer in result.offers]
        data = {"url": url, "source": found.key, "offers": offers, "errors": result.errors}
        click.echo(json.dumps({**data, "rejects": result.rejects}, indent=2, ensure_ascii=False))
    else:
        click.echo(f"{url}\n  source {found.key} ({found.spider or found.read})")
        for problem in result.rejects + result.errors:
            click.echo(f"  ✗ {problem}")
        for offer in result.offers:
            click.echo(f"  offer {offer.source_id}")
            missing = []
            for name, value in field_lines(offer):
                if value is None:
                    missing.append(name)
                else:
                    click.echo(f"    ✓ {name:17} {value}")
            for name in missing:
                click.echo(f"    ✗ {name:17} missing")
    if not result.offers:
        raise SystemExit(1)
