"""Server-rendered SVG charts of report tables (pygal), without any script or CDN.

Each report names its charts in ``CHARTS``: which table, which column labels the x axis, which
numeric columns are drawn, and how (bars, horizontal bars, lines). ``render_chart`` returns a
standalone SVG document.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pygal
from pygal.style import Style

from reports.labels import SHARES, percent
from reports.labels import column as column_label
from reports.labels import value as cell_label
from reports.table import Report, Table

MAX_BARS = 20  # longer tables are cut to their first rows (they are sorted to matter)

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#1d1d1b",
    foreground_strong="#1d1d1b",
    foreground_subtle="#6b6b6b",
    colors=("#0b5fa5", "#e07b00", "#2e8540", "#b0003a", "#6f42c1", "#5b5b5b"),
    font_family="sans-serif",
    # readable at the dashboard's width (the image is scaled down on phones)
    title_font_size=22,
    label_font_size=15,
    major_label_font_size=15,
    legend_font_size=16,
    value_font_size=14,
    tooltip_font_size=14,
    no_data_font_size=24,
)
NO_DATA = {
    "nl": "Geen gegevens voor deze keuze",
    "fr": "Pas de données pour ce choix",
    "en": "No data for this selection",
}


@dataclass(frozen=True)
class ChartSpec:
    name: str
    table: str
    x: str
    series: tuple[str, ...]
    kind: str = "bar"  # bar | hbar | line
    title: dict[str, str] = field(default_factory=dict)
    # keep rows whose column equals the value; "{province}" is the report's province filter
    # (or, without one, the text after the bar: "{province|all}" → "all")
    where: tuple[tuple[str, str], ...] = ()
    label: str | None = None  # a column with a readable x label, used when filled
    largest_first: bool = False  # sort by the first series, largest first, before cutting


CHARTS: dict[str, tuple[ChartSpec, ...]] = {
    "coverage": (
        ChartSpec(
            "province",
            "by_province",
            "province",
            ("offers", "upcoming_sessions"),
            title={"nl": "Aanbod per provincie", "fr": "Offre par province", "en": "By province"},
        ),
        ChartSpec(
            "funding",
            "by_funding_scheme",
            "funding_scheme",
            ("offers", "upcoming_sessions"),
            title={"nl": "Per financiering", "fr": "Par financement", "en": "By funding"},
        ),
        ChartSpec(
            "field",
            "by_field_of_education",
            "field_of_education",
            ("offers",),
            kind="hbar",
            label="label",
            largest_first=True,
            title={"nl": "Per studiegebied", "fr": "Par domaine", "en": "By field"},
        ),
    ),
    "gaps": (
        ChartSpec(
            "gap_score",
            "occupations",
            "occupation",
            ("gap_score",),
            kind="hbar",
            label="occupation_label",
            where=(("region", "{province|all}"),),
            title={"nl": "Tekortscore (Vlaanderen)", "fr": "Score de pénurie", "en": "Gap score"},
        ),
    ),
    "access": (
        ChartSpec(
            "share",
            "criteria",
            "criterion",
            ("share",),
            kind="hbar",
            label="label",
            title={"nl": "Aandeel van het aanbod", "fr": "Part de l'offre", "en": "Share"},
        ),
    ),
    "overlap": (
        ChartSpec(
            "exclusive",
            "sources",
            "source",
            ("offers", "exclusive_offers"),
            title={"nl": "Exclusief aanbod", "fr": "Offre exclusive", "en": "Exclusive offers"},
        ),
    ),
    "freshness": (
        ChartSpec(
            "health",
            "sources",
            "source",
            ("stale_share", "failed_share", "error_rate"),
            title={"nl": "Gezondheid per bron", "fr": "Santé par source", "en": "Source health"},
        ),
    ),
    "trends": (
        ChartSpec(
            "catalogue",
            "catalogue",
            "period",
            ("offers", "new_offers", "retired_offers"),
            kind="line",
            title={"nl": "Aanbod door de tijd", "fr": "Offre dans le temps", "en": "Over time"},
        ),
    ),
    "demand": (
        ChartSpec(
            "unmet",
            "unmet",
            "query",
            ("zero_result_searches",),
            kind="hbar",
            largest_first=True,
            title={
                "nl": "Meest gezocht zonder resultaat",
                "fr": "Recherches sans résultat les plus fréquentes",
                "en": "Most searched without results",
            },
        ),
        ChartSpec(
            "by_period",
            "by_period",
            "period",
            ("searches", "zero_result_searches"),
            kind="line",
            title={
                "nl": "Zoekopdrachten door de tijd",
                "fr": "Recherches dans le temps",
                "en": "Searches over time",
            },
        ),
    ),
}


def chart_spec(report: str, name: str) -> ChartSpec:
    for spec in CHARTS.get(report, ()):
        if spec.name == name:
            return spec
    raise KeyError(f"report {report!r} has no chart {name!r}")


def _wanted(value: str, parameters: Mapping[str, Any]) -> str:
    if value.startswith("{province|") and value.endswith("}"):
        return str(parameters.get("province") or value[len("{province|") : -1])
    return value


def chart_rows(
    spec: ChartSpec, table: Table, parameters: Mapping[str, Any] | None = None
) -> list[dict]:
    where = [(c, _wanted(v, parameters or {})) for c, v in spec.where]
    rows = [r for r in table.rows if all(str(r[c]) == v for c, v in where)]
    if spec.largest_first:
        rows.sort(key=lambda r: -float(r[spec.series[0]] or 0))
    return rows if spec.kind == "line" else rows[:MAX_BARS]


def _x_label(spec: ChartSpec, row: dict, lang: str = "nl") -> str:
    """The row's name on the axis: its readable label, else its code in words; a row without
    either is "unknown" in the page's language (never an unlabelled bar)."""
    value = row.get(spec.label) if spec.label else None
    if value:
        return str(cell_label(spec.label or "", value, lang))
    value = row[spec.x]
    if value is None or value == "":
        return {"nl": "onbekend", "fr": "inconnu", "en": "unknown"}.get(lang, "onbekend")
    return str(cell_label(spec.x, value, lang))


def render_chart(report: Report, spec: ChartSpec, lang: str = "nl") -> bytes:
    table = report.table(spec.table)
    rows = chart_rows(spec, table, report.parameters)
    kind = {"bar": pygal.Bar, "hbar": pygal.HorizontalBar, "line": pygal.Line}[spec.kind]
    shares = all(c in SHARES for c in spec.series)
    chart = kind(
        style=STYLE,
        js=[],  # pygal links its tooltip script from a CDN by default
        width=720,
        height=400,
        title=spec.title.get(lang) or spec.title.get("nl"),
        legend_at_bottom=True,
        truncate_label=34,
        truncate_legend=40,
        x_label_rotation=30 if spec.kind != "hbar" and len(rows) > 6 else 0,
        show_minor_x_labels=len(rows) <= 26,
        print_values=spec.kind != "line" and len(rows) <= MAX_BARS,
        print_zeroes=False,
        value_formatter=(lambda v: percent(v, lang)) if shares else (lambda v: f"{v:g}"),
        margin=12,
        no_data_text=NO_DATA.get(lang, NO_DATA["nl"]),
    )
    if spec.kind == "hbar":
        rows = rows[::-1]  # pygal draws the first row at the bottom: keep the first on top
    series = [[r[c] if isinstance(r[c], int | float) else None for r in rows] for c in spec.series]
    if not any(v for values in series for v in values):
        rows, series = [], [[] for _ in spec.series]  # nothing to draw: the no-data message
    chart.x_labels = [_x_label(spec, r, lang) for r in rows]
    for column, values in zip(spec.series, series, strict=True):
        chart.add(column_label(column, lang), values)
    return chart.render()
