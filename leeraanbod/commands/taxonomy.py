"""``leeraanbod taxonomy …``: load the bundled ESCO snapshot or import an official release,
re-tag the catalogue, inspect, tag, export synonyms."""

from __future__ import annotations

import json
from pathlib import Path

import click

from leeraanbod.context import Context, pass_context
from taxonomy.core import load_taxonomy, store_path
from taxonomy.importing.report import ImportReport, TaxonomyImportError
from taxonomy.importing.run import import_all, run_import

MAX_PROBLEMS_SHOWN = 50
ESCO_DOWNLOAD = "https://esco.ec.europa.eu/en/use-esco/download"
INFO_KEYS = (
    "store_error",
    "origin",
    "snapshot",
    "imported_at",
    "installed_at",
    "esco_release",
    "esco_relations_release",
    "esco_labels_en_release",
    "iscedf_release",
    "vdab_release",
    "read_seconds",
    "peak_rss_mb",
    "problems",
    "esco_source",
    "esco_supplement_source",
    "iscedf_source",
    "vdab_source",
    "licence",
)


def ensure_bundled_taxonomy(ctx: Context) -> None:
    """Load the bundled ESCO snapshot into the taxonomy store unless it is there already
    (or an imported official release is): what `init` and `demo` do by themselves."""
    from taxonomy.bundled import SnapshotError, ensure_bundled

    store = store_path(ctx.settings)
    try:
        installed = ensure_bundled(store)
    except SnapshotError as exc:
        raise click.ClickException(f"bundled ESCO snapshot not loaded: {exc}") from exc
    if installed is None:
        click.echo(f"taxonomy store {store}: up to date")
    else:
        click.echo(
            f"taxonomy store {store}: bundled ESCO snapshot {installed.snapshot} loaded "
            f"({installed.concepts} concepts, {installed.seconds:.1f} s)"
        )


def _finish(report: ImportReport, store: Path) -> None:
    for problem in report.problems[:MAX_PROBLEMS_SHOWN]:
        click.echo(f"skipped {problem}", err=True)
    if len(report.problems) > MAX_PROBLEMS_SHOWN:
        click.echo(f"… and {len(report.problems) - MAX_PROBLEMS_SHOWN} more problems", err=True)
    click.echo(f"taxonomy store {store}: {report.summary()}")


def _run(
    ctx: Context,
    *,
    esco_dir: Path | None = None,
    iscedf_file: Path | None = None,
    vdab_dir: Path | None = None,
) -> None:
    store = store_path(ctx.settings)
    try:
        report = run_import(store, esco_dir=esco_dir, iscedf_file=iscedf_file, vdab_dir=vdab_dir)
    except TaxonomyImportError as exc:
        raise click.ClickException(f"import failed, store unchanged: {exc}") from exc
    _finish(report, store)


@click.group()
def taxonomy() -> None:
    """Competence taxonomy: ESCO, ISCED-F, VDAB Competent and the bundled Flemish layer."""


@taxonomy.command("import")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--release", default=None, help="ESCO release of the files (default: from the name)")
@click.option(
    "--retag", is_flag=True, help="then re-tag the stored catalogue and rebuild the index"
)
@click.pass_context
def import_command(
    click_ctx: click.Context, directory: Path | None, release: str | None, retag: bool
) -> None:
    """Import an official ESCO CSV download (the skills_*, occupations_* … files in DIRECTORY),
    or a folder holding esco/, esco-v1.1.1/, isced-f/ and vdab/ (default: the configured
    taxonomy_dir), into {data_dir}/taxonomy.sqlite3, atomically."""
    ctx: Context = click_ctx.obj
    settings = ctx.settings
    root = directory or settings.taxonomy_dir
    if root is None:
        raise click.UsageError(
            "name the directory of an official ESCO download (or set LEERAANBOD_TAXONOMY_DIR); "
            f"get one at {ESCO_DOWNLOAD}. The bundled snapshot needs no import: "
            "`leeraanbod init` or `leeraanbod taxonomy load-bundled` loads it"
        )
    store = store_path(settings)
    try:
        report = import_all(store, root, esco_release=release)
    except TaxonomyImportError as exc:
        raise click.ClickException(
            f"import failed, store unchanged: {exc}. Download ESCO from {ESCO_DOWNLOAD} "
            "(CSV, the languages nl, fr, en); the bundled snapshot is loaded by `leeraanbod init`"
        ) from exc
    _finish(report, store)
    if retag:
        click_ctx.invoke(retag_command)
    else:
        click.echo("the stored offers keep their tags until `leeraanbod taxonomy retag`")


@taxonomy.command("load-bundled")
@click.option("--force", is_flag=True, help="also replace an imported official release")
@pass_context
def load_bundled(ctx: Context, force: bool) -> None:
    """Load the ESCO snapshot shipped with the package into the taxonomy store."""
    from taxonomy.bundled import SnapshotError, install_snapshot

    if not force:
        ensure_bundled_taxonomy(ctx)
        return
    store = store_path(ctx.settings)
    try:
        installed = install_snapshot(store)
    except SnapshotError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"taxonomy store {store}: {installed.snapshot} ({installed.seconds:.1f} s)")


@taxonomy.command("retag")
@click.option("--no-index", is_flag=True, help="do not rebuild the search index afterwards")
@click.pass_context
def retag_command(click_ctx: click.Context, no_index: bool) -> None:
    """Tag the stored catalogue again with the current taxonomy and rebuild the index
    (no recrawl); reports how many offers changed tags."""
    from taxonomy.retag import retag_catalogue

    ctx: Context = click_ctx.obj
    ctx.store.migrate()
    result = retag_catalogue(ctx.store, load_taxonomy(ctx.settings))
    click.echo(
        f"retagged {result.offers} offers: {result.changed} changed tags "
        f"({result.rewritten} rows rewritten)"
    )
    if no_index or not result.offers:
        return
    from leeraanbod.cli import main

    command = main.get_command(click_ctx, "index")
    if command is None:  # pragma: no cover - the index package is part of the install
        click.echo("index not installed: not rebuilt")
        return
    sub = command.make_context("index", ["rebuild"], parent=click_ctx.find_root())
    with sub:
        command.invoke(sub)


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
    counts = tax.counts()
    for key, count in counts.items():
        click.echo(f"{key:40} {count:>7}")
    skills = counts.get("esco/skill", 0) + counts.get("esco/knowledge", 0)
    relations = sum(len(c.essential) + len(c.optional) for c in tax if c.scheme == "esco")
    click.echo(
        f"ESCO: {counts.get('esco/occupation', 0)} occupations, {skills} skills, "
        f"{relations} occupation–skill relations"
    )
    for key in INFO_KEYS:
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
