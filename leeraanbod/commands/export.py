"""``leeraanbod export elm FILE``: the catalogue as Europass ELM v3 learning opportunities."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from leeraanbod.context import Context, pass_context


@click.group("export")
def export() -> None:
    """Publish the catalogue in an exchange format."""


@export.command("elm")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--source", help="only this source's offers (e.g. vdab); default every source")
@click.option(
    "--validate",
    is_flag=True,
    help="check the written document against the shipped LOQ schema (loq.xsd)",
)
@pass_context
def elm(ctx: Context, file: Path, source: str | None, validate: bool) -> None:
    """Write one QDR LOQ XML document (ELM v3) with a learning opportunity per offer, for
    upload to Europass. Offers that ELM cannot express are named with the reason."""
    from europass import ExportReport, validation_errors
    from europass.export import export_store
    from taxonomy import load_taxonomy

    report = ExportReport()
    taxonomy = load_taxonomy(ctx.settings)
    file.parent.mkdir(parents=True, exist_ok=True)
    # written next to FILE and renamed at the end: an interrupted export leaves no half file,
    # and with --validate an invalid one never takes FILE's name
    fd, name = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}.", suffix=".part")
    partial = Path(name)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in export_store(ctx.store, source, taxonomy, report):
                out.write(chunk)
        errors = validation_errors(partial) if validate else []
        if errors:
            rejected = file.with_name(file.name + ".invalid")
            os.replace(partial, rejected)
            for error in errors:
                click.echo(f"  {error}", err=True)
            raise click.ClickException(
                f"the export does not validate against loq.xsd; kept as {rejected}"
            )
        os.replace(partial, file)
    finally:
        partial.unlink(missing_ok=True)
    click.echo(
        f"{file}: {report.exported} learning opportunities ({report.sessions} sessions), "
        f"{report.skipped_count} offers left out"
    )
    for offer_id, reason in report.skipped.items():
        click.echo(f"  left out {offer_id}: {reason}", err=True)
    if validate:
        click.echo(f"{file} validates against loq.xsd (ELM 3.1.0)")
