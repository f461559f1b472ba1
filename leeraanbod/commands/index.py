"""``leeraanbod index rebuild|status``."""

from __future__ import annotations

import json
from datetime import date

import click

from index import RebuildInProgress, RebuildRejected, SearchUnavailable, open_index
from index.course_runs import course_runs
from leeraanbod.context import Context, pass_context


@click.group("index")
def index_group() -> None:
    """The search index (tantivy by default; Elasticsearch/OpenSearch by configuration)."""


@index_group.command()
@click.option("--force", is_flag=True, help="swap even if a source shrank below 80 %")
@pass_context
def rebuild(ctx: Context, force: bool) -> None:
    """Build a new index from the catalogue store and swap it in atomically: one document per
    course run (duplicate cluster), counted per source under each source that lists it."""
    store = ctx.store
    index = open_index(ctx.settings)
    try:
        result = index.rebuild(course_runs(store, date.today()), force=force)
    except RebuildInProgress as exc:
        raise click.ClickException(f"niet gestart: {exc}") from exc
    except RebuildRejected as exc:
        raise click.ClickException(
            f"nieuwe index geweigerd, de huidige blijft staan: {exc} (--force om toch te wisselen)"
        ) from exc
    finally:
        quarantined = store.quarantined()
        store.close()
        index.close()
    click.echo(f"index {result.name}: {result.bulk.indexed} course runs indexed")
    if quarantined:
        click.echo(
            f"  left out: {len(quarantined)} stored offers that no longer validate "
            "(quarantined, see `leeraanbod status`)",
            err=True,
        )
    for source, count in sorted(result.per_source.items()):
        click.echo(f"  {source}: {count}")
    for offer_id, reason in sorted(result.bulk.errors.items()):
        click.echo(f"  skipped {offer_id}: {reason}", err=True)
    for warning in result.warnings:
        click.echo(f"  forced past: {warning}", err=True)


@index_group.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_context
def status(ctx: Context, fmt: str) -> None:
    """Backend, live index name, documents per source, size."""
    index = open_index(ctx.settings)
    try:
        stats = index.stats()
    except SearchUnavailable as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        index.close()
    if fmt == "json":
        click.echo(json.dumps(stats.model_dump(mode="json"), indent=2))
        return
    if not stats.name:
        click.echo(f"{stats.backend}: no index built yet (run `leeraanbod index rebuild`)")
        return
    size = f", {stats.size_bytes / 1e6:.1f} MB" if stats.size_bytes is not None else ""
    click.echo(f"{stats.backend}: {stats.name}, {stats.documents} documents{size}")
    for source, count in sorted(stats.per_source.items()):
        click.echo(f"  {source}: {count}")
