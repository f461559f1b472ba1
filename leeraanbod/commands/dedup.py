"""``leeraanbod dedup``: cluster the catalogue's offers across sources."""

from __future__ import annotations

import json

import click

from dedup.service import recompute_clusters, update_clusters
from dedup.similarity import THRESHOLD
from leeraanbod.context import Context, pass_context


@click.command("dedup")
@click.option(
    "--offer",
    "offer_ids",
    multiple=True,
    metavar="ID",
    help="Re-cluster only around these offers (after they were crawled); default: everything.",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0),
    default=THRESHOLD,
    show_default=True,
    help="Similarity from which two offers of different sources are the same course run.",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_context
def dedup(ctx: Context, offer_ids: tuple[str, ...], threshold: float, fmt: str) -> None:
    """Group offers that are the same course run at different sources (ODB number or VDAB code
    first, then provider, title, dates and place)."""
    store = ctx.store
    if offer_ids:
        stats = update_clusters(store, offer_ids, threshold)
    else:
        stats = recompute_clusters(store, threshold)
    if fmt == "json":
        click.echo(json.dumps(stats.model_dump(), indent=2))
        return
    scope = f"around {len(offer_ids)} offer(s)" if offer_ids else "whole catalogue"
    click.echo(
        f"dedup ({scope}): {stats.offers} offers in {stats.clusters} clusters, "
        f"{stats.merged} offers share a cluster with another source's listing, "
        f"{stats.removed} retired or unknown offers taken out"
    )
