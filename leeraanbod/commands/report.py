"""``leeraanbod report NAME``: a coordinator report as JSON or as one table in CSV."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import click

from demand.store import DemandStore, demand_store
from index.vocabulary import load_vocabulary as load_terms
from leeraanbod.context import Context, pass_context
from reports.demand import TermLookup
from reports.filters import OfferFilter
from reports.periods import PERIODS
from reports.registry import REPORTS, ReportRequest, read_clusters, run_report, with_inputs
from reports.shortage import ShortageList, ShortageListError, read_shortage_list
from reports.vocabulary import load_vocabulary


class _Inputs:
    """A report's extra inputs as the command line gives them (``--shortage``, the settings)."""

    def __init__(self, ctx: Context, shortage: Path | None) -> None:
        self.ctx = ctx
        self.shortage_path = shortage

    def shortage(self) -> ShortageList | None:
        if self.shortage_path is None:
            return None  # the shipped example
        try:
            return read_shortage_list(self.shortage_path, load_vocabulary(self.ctx.settings))
        except (OSError, ShortageListError) as exc:
            raise click.BadParameter(str(exc), param_hint="--shortage") from exc

    def demand(self) -> DemandStore:
        return demand_store(self.ctx.settings)

    def terms(self) -> TermLookup:
        return load_terms(self.ctx.settings)


@click.command("report")
@click.argument("name", type=click.Choice(list(REPORTS)))
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json")
@click.option("--table", help="the table to write as CSV (default: the report's first)")
@click.option("--fund", help="only offers a sector fund pays for, e.g. Cevora")
@click.option("--province", help="only offers with a session in this province")
@click.option("--period", type=click.Choice(PERIODS), help="freshness and trends: period length")
@click.option(
    "--granularity",
    type=click.Choice(["province", "municipality"]),
    default="province",
    help="coverage: places by province or by municipality",
)
@click.option(
    "--shortage",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="gaps: the shortage-occupation list (CSV); default the shipped example",
)
@click.option("--few", type=click.IntRange(min=1), default=3, help="gaps: fewer offers is thin")
@click.option(
    "--clusters",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="overlap: CSV offer_id,cluster_id (default: the clusters of `leeraanbod dedup`)",
)
@click.option(
    "--days",
    type=click.IntRange(min=1, max=366),
    default=30,
    help="demand: the days up to --as-of (or today)",
)
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="compute as on this day (UTC); default now",
)
@pass_context
def report(
    ctx: Context,
    name: str,
    fmt: str,
    table: str | None,
    fund: str | None,
    province: str | None,
    period: str | None,
    granularity: str,
    shortage: Path | None,
    few: int,
    clusters: Path | None,
    days: int,
    as_of: datetime | None,
) -> None:
    """Compute the coordinator report NAME from the catalogue store.

    \b
    coverage   offers and upcoming sessions per subject, place, mode and funding
    gaps       shortage occupations whose essential skills have few or no offers
    access     share of offers that are free, evening/weekend, online, NT2 …
    overlap    clusters shared per pair of sources, offers only one source lists
    freshness  last good crawl, stale share, failed runs, validation errors
    trends     the catalogue and the crawls per period
    demand     what people search for and do not find (the search demand log)

    JSON holds every table; CSV writes one (--table). Definitions: docs/reports.md.
    """
    try:
        filters = OfferFilter.parse(fund, province)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--province") from exc
    vocabulary = load_vocabulary(ctx.settings)
    request = ReportRequest(
        filters=filters,
        period=period,
        granularity=granularity,
        vocabulary=vocabulary,
        few=few,
        days=days,
    )
    if as_of is not None:
        request.now = datetime.combine(date(as_of.year, as_of.month, as_of.day), time(), UTC)
    with_inputs(name, request, _Inputs(ctx, shortage or ctx.settings.reports_shortage_list))
    if clusters is not None:
        try:
            request.clusters = read_clusters(clusters)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--clusters") from exc
    result = run_report(name, ctx.store, request)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    if fmt == "json":
        click.echo(result.to_json())
        return
    try:
        chosen = result.table(table)
    except KeyError as exc:
        raise click.BadParameter(exc.args[0], param_hint="--table") from exc
    click.echo(chosen.to_csv(), nl=False)
