"""``leeraanbod taxonomy …``: import the reference taxonomies, inspect, tag, export synonyms."""

from __future__ import annotations

import json
from pathlib import Path

import click

from leeraanbod.context import Context, pass_context
from taxonomy.core import load_taxonomy, store_path
from taxonomy.importing.report import ImportReport, TaxonomyImportError
from taxonomy.importing.run import import_all, run_import

MAX_PROBLEMS_SHOWN = 50


def _finish(report: ImportReport, store: Path) -> None:
    for problem in report.problems[:MAX_PROBLEMS_SHOWN]:
        click.echo(f"skipped {problem}", err=True)
    if len(report.problems) > MAX_PROBLEMS_SHOWN:
        click.echo(f"… and {len(report.problems) - MAX_PROBLEMS_SHOWN} more problems", err=True)
    click.echo(f"taxonomy store {store}: {report.summary()}")


def _run(ctx: Context, **sources: Path) -> None:
    store = store_path(ctx.settings)
    try:
        report = run_import(store, **sources)
    except TaxonomyImportError as exc:
        raise click.ClickException(f"import failed, store unchanged: {exc}") from exc
    _finish(report, store)


@click.group()
def taxonomy() -> None:
    """Competence taxonomy: ESCO, ISCED-F, VDAB Competent and the bundled Flemish layer."""


@taxonomy.command("import")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@pass_context
def import_command(ctx: Context, directory: Path | None) -> None:
    """Import everything under DIRECTORY (esco/, isced-f/, vdab/; default: the configured
    taxonomy_dir) into {data_dir}/taxonomy.sqlite3, atomically."""
    settings = ctx.settings
    root = directory or settings.taxonomy_dir
    store = store_path(settings)
    try:
        report = import_all(store, root)
    except TaxonomyImportError as exc:
        raise click.ClickException(f"import failed, store unchanged: {exc}") from exc
    _finish(report, store)


@taxonomy.command("import-esco")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@pass_context
def import_esco_command(ctx: Context, directory: Path) -> None:
    """Import an ESCO v1.2 CSV export (skills_nl.csv, occupations_en.csv, …)."""
    _run(ctx, esco_dir=directory)


@taxonomy.command("import-iscedf")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_context
def import_iscedf_command(ctx: Context, file: Path) -> None:
    """Import the ISCED-F 2013 field list (code, level, label_en, label_nl, esco_uri)."""
    _run(ctx, iscedf_file=file)


@taxonomy.command("import-vdab")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@pass_context
def import_vdab_command(ctx: Context, directory: Path) -> None:
    """Import the VDAB Competent ↔ ESCO crosswalks."""
    _run(ctx, vdab_dir=directory)


@taxonomy.command()
@pass_context
def info(ctx: Context) -> None:
    """Concepts per scheme and type, and when the store was imported."""
    tax = load_taxonomy(ctx.settings)
    for key, count in tax.counts().items():
        click.echo(f"{key:40} {count:>7}")
    for key in (
        "store_error",
        "imported_at",
        "read_seconds",
        "peak_rss_mb",
        "problems",
        "esco_source",
        "iscedf_source",
        "vdab_source",
    ):
        if key in tax.meta:
            click.echo(f"{key}: {tax.meta[key]}")


@taxonomy.command()
@click.argument("title")
@click.option("--description", "-d", default="")
@click.option("--lang", default="nl", type=click.Choice(["nl", "fr", "en"]))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@pass_context
def tag(ctx: Context, title: str, description: str, lang: str, fmt: str) -> None:
    """Tag a title (and description) and show the concepts with their evidence."""
    tax = load_taxonomy(ctx.settings)
    results = tax.tagger.tag(title, description, lang)
    fields = tax.tagger.fields_of_education(results)
    if fmt == "json":
        payload = {
            "competences": [r.as_competence().model_dump(mode="json") for r in results],
            "fields_of_education": fields,
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    for r in results:
        click.echo(f"{r.score:5.2f}  {r.method.value:10} {tax.label(r.concept_id, lang)}")
        click.echo(f"       {r.concept_id}  {r.evidence}")
    click.echo(f"fields of education: {', '.join(fields)}")


@taxonomy.command()
@click.argument("query")
@click.option("--lang", default="nl", type=click.Choice(["nl", "fr", "en"]))
@click.option("--limit", default=20, show_default=True)
@pass_context
def search(ctx: Context, query: str, lang: str, limit: int) -> None:
    """Look concepts up by label prefix (what a filter picker shows)."""
    tax = load_taxonomy(ctx.settings)
    for concept in tax.search_concepts(query, lang, limit):
        click.echo(f"{concept.id:60} {concept.type:18} {concept.label(lang)}")


@taxonomy.command()
@click.option("--format", "fmt", type=click.Choice(["solr", "compounds"]), default="solr")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path))
@pass_context
def synonyms(ctx: Context, fmt: str, output: Path | None) -> None:
    """Write the search index's synonym lines (Solr/OpenSearch format) or the compound-word
    list for decompounding."""
    from taxonomy.synonyms import compound_words, synonym_lines

    tax = load_taxonomy(ctx.settings)
    lines = synonym_lines(tax) if fmt == "solr" else compound_words(tax)
    text = "\n".join(lines) + "\n"
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"{len(lines)} lines written to {output}")
    else:
        click.echo(text, nl=False)
