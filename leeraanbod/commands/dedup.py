"""``leeraanbod dedup``: cluster the catalogue's offers across sources; ``leeraanbod dedup
review``: the uncertain links a coordinator confirms or refuses."""

from __future__ import annotations

import json

import click

from dedup.review import ReviewError, decide, review_list
from dedup.service import recompute_clusters, update_clusters
from dedup.similarity import THRESHOLD
from leeraanbod.context import Context, pass_context


def _store(click_ctx: click.Context):
    ctx = click_ctx.find_object(Context)
    if ctx is None:  # pragma: no cover - the main group always makes one
        raise click.UsageError("no settings: run as 'leeraanbod dedup'")
    return ctx.store


@click.group("dedup", invoke_without_command=True)
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
@click.pass_context
def dedup(click_ctx: click.Context, offer_ids: tuple[str, ...], threshold: float, fmt: str) -> None:
    """Group offers that are the same course run at different sources (identifiers first,
    then the run's facts, the title and the provider). Coordinators' decisions are kept."""
    if click_ctx.invoked_subcommand is not None:
        return
    store = _store(click_ctx)
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
        f"{stats.removed} retired or unknown offers taken out, "
        f"{stats.review} uncertain pairs to review"
    )


@dedup.group("review", invoke_without_command=True)
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0)
@click.option("--lang", type=click.Choice(["nl", "fr", "en"]), default="nl")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.pass_context
def review(click_ctx: click.Context, limit: int, offset: int, lang: str, fmt: str) -> None:
    """List the uncertain links waiting for a coordinator (most likely first); confirm or
    refuse one with ``dedup review confirm A B`` / ``dedup review refuse A B``."""
    if click_ctx.invoked_subcommand is not None:
        return
    store = _store(click_ctx)
    items = review_list(store, limit, offset, lang)
    counts = store.review_counts()
    if fmt == "json":
        click.echo(
            json.dumps(
                {"counts": counts, "pairs": [i.model_dump(mode="json") for i in items]}, indent=2
            )
        )
        return
    click.echo(
        f"{counts['pending']} to review, {counts['confirmed']} confirmed, "
        f"{counts['refused']} refused"
    )
    for item in items:
        a, b = item.offer_a, item.offer_b
        click.echo(f"\n{item.score:.2f}  {a.offer_id}  {b.offer_id}")
        click.echo(f"  {a.source}: {a.title} ({a.provider}) {a.start or ''} {a.place or ''}")
        click.echo(f"  {b.source}: {b.title} ({b.provider}) {b.start or ''} {b.place or ''}")
        click.echo(f"  {item.explanation}")


def _decide(ctx: Context, a: str, b: str, decision: str) -> None:
    try:
        stats = decide(ctx.store, a, b, decision)
    except ReviewError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{decision}: {a} ~ {b}; {stats.offers} offers re-clustered")


@review.command("confirm")
@click.argument("offer_a")
@click.argument("offer_b")
@pass_context
def confirm(ctx: Context, offer_a: str, offer_b: str) -> None:
    """Confirm that two listings are the same course run (kept by every recompute)."""
    _decide(ctx, offer_a, offer_b, "confirmed")


@review.command("refuse")
@click.argument("offer_a")
@click.argument("offer_b")
@pass_context
def refuse(ctx: Context, offer_a: str, offer_b: str) -> None:
    """Refuse the link: the two listings are never put in one cluster."""
    _decide(ctx, offer_a, offer_b, "refused")
