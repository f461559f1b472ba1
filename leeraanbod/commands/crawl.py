"""``leeraanbod crawl``: crawl sources into the catalogue store and print each run's stats."""

from __future__ import annotations

import json
from pathlib import Path

import click

from crawlers.jobs import crawl_sources
from crawlers.offline import FIXTURES_DIR
from crawlers.registry import spider_class, spider_names
from crawlers.runner import CrawlReport, run_crawl
from crawlers.sources import SourceRegistryError, load_registry, show_duration
from leeraanbod.context import Context, pass_context


def format_report(r: CrawlReport) -> str:
    lines = [
        f"{r.source}: {r.outcome.upper()} — {r.message}",
        f"  pages {r.pages}, items valid {r.items_valid}, rejected {r.items_rejected},"
        f" duration {r.duration_s:.1f} s",
    ]
    if r.incremental or r.offers_seen:
        lines.append(
            f"  {'incremental' if r.incremental else 'full refresh'}: offers seen {r.offers_seen};"
            f" unchanged pages: {r.not_modified} answered 304,"
            f" {r.unchanged_by_sitemap} skipped by sitemap lastmod"
        )
    if r.degraded_fields:
        lines.append(f"  degraded fields: {', '.join(r.degraded_fields)}")
    for reason, count in sorted(r.rejected_reasons.items()):
        lines.append(f"  rejected {count} × {reason}")
    extra = []
    if r.robots_forbidden:
        plural = "s" if r.robots_forbidden != 1 else ""
        extra.append(f"{r.robots_forbidden} URL{plural} not fetched: robots.txt")
    if r.offers_gone:
        extra.append(f"{r.offers_gone} offers gone (404/410)")
    if r.marked_stale or r.retired:
        extra.append(f"{r.marked_stale} marked stale, {r.retired} retired")
    if extra:
        lines.append("  " + "; ".join(extra))
    if r.outcome != "good" and r.log_path:
        lines.append(f"  log: {r.log_path}")
    return "\n".join(lines)


@click.command("crawl")
@click.argument("sources", nargs=-1)
@click.option("--all", "crawl_all", is_flag=True, help="every source (not the generic spider)")
@click.option("--offline", is_flag=True, help="crawl the shipped fixture pages on 127.0.0.1")
@click.option(
    "--fixtures",
    type=click.Path(file_okay=False, path_type=Path),
    default=FIXTURES_DIR,
    show_default=True,
    help="fixture pages for --offline",
)
@click.option("--full", is_flag=True, help="fetch every page in full (no 304, no lastmod skip)")
@click.option(
    "--registry",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="the source registry (default LEERAANBOD_SOURCES_FILE or the shipped one)",
)
@click.option("--sitemap", help="generic spider: a sitemap of schema.org course pages")
@click.option("--start-url", "start_urls", multiple=True, help="generic spider: pages to start")
@click.option("--source-key", help="generic spider: the source key (default: from the host)")
@click.option(
    "--jobdir", type=click.Path(file_okay=False, path_type=Path), help="resumable crawl state"
)
@click.option("--httpcache", is_flag=True, help="cache responses (development)")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--list", "list_sources", is_flag=True, help="list the sources and exit")
@pass_context
def crawl(
    ctx: Context,
    sources: tuple[str, ...],
    crawl_all: bool,
    offline: bool,
    fixtures: Path,
    full: bool,
    registry: Path | None,
    sitemap: str | None,
    start_urls: tuple[str, ...],
    source_key: str | None,
    jobdir: Path | None,
    httpcache: bool,
    fmt: str,
    list_sources: bool,
) -> None:
    """Crawl SOURCES (or --all, every source of the registry) into the catalogue store.

    \b
    leeraanbod crawl --all --offline        the shipped fixture pages, no internet needed
    leeraanbod crawl vdab cevora            live sites, politely, incrementally
    leeraanbod crawl cevora --full          every page in full (no conditional requests)
    leeraanbod crawl generic --sitemap https://example.be/sitemap.xml
    """
    settings = ctx.settings
    if registry:
        settings.sources_file = registry
    try:
        known = load_registry(settings.sources_file)
    except SourceRegistryError as exc:
        raise click.ClickException(str(exc)) from exc
    if list_sources:
        for source in known.sources.values():
            site = source.website or spider_class(source.spider or "").live_base_url
            how = f"spider {source.spider}" if source.spider else source.read
            click.echo(f"{source.key:15} {site}  every {show_duration(source.cadence)}, {how}")
        click.echo(f"{'generic':15} --sitemap URL / --start-url URL (any schema.org site)")
        return
    names = list(known.sources) if crawl_all else list(sources)
    if not names:
        raise click.UsageError(f"name sources or use --all; known: {', '.join(known.sources)}")
    unknown = [n for n in names if n not in known.sources and n not in spider_names()]
    if unknown:
        raise click.UsageError(
            f"unknown source {', '.join(unknown)}; known: {', '.join(known.sources)}"
        )
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    overrides: dict = {"HTTPCACHE_ENABLED": httpcache}
    reports: list[CrawlReport] = []
    configured = [known.sources[n] for n in names if n in known.sources]
    if configured:
        reports += crawl_sources(
            configured,
            app=settings,
            offline=offline,
            fixtures_dir=fixtures,
            full_refresh=full,
            overrides=overrides,
            jobdir=jobdir,
        )
    for name in [n for n in names if n not in known.sources]:
        # a spider the registry does not list: the generic spider with --sitemap / --start-url
        kwargs: dict = {"full_refresh": full}
        if name == "generic":
            if not (sitemap or start_urls):
                raise click.UsageError("the generic spider needs --sitemap URL or --start-url URL")
            kwargs |= {"sitemap_url": sitemap, "start_urls": list(start_urls), "source": source_key}
            kwargs = {k: v for k, v in kwargs.items() if v not in (None, [])}
        run_overrides = dict(overrides)
        if jobdir:
            run_overrides["JOBDIR"] = str(jobdir / name)
        reports.append(run_crawl(name, app=settings, spider_kwargs=kwargs, overrides=run_overrides))
    if fmt == "json":
        click.echo(json.dumps([r.to_dict() for r in reports], indent=2))
    else:
        for report in reports:
            click.echo(format_report(report))
    if any(r.outcome not in ("good", "degraded", "skipped") for r in reports):
        raise SystemExit(1)
