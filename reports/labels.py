"""User-facing words of the dashboard and its table headers: Dutch, French, English; and how
its cells read (shares as percentages, codes in words, timestamps to the minute)."""

from __future__ import annotations

from datetime import datetime

from babel.dates import format_datetime
from babel.numbers import format_decimal, format_percent

from reports.access import CRITERIA

UI: dict[str, dict[str, str]] = {
    "title": {
        "nl": "Rapporten voor coördinatoren",
        "fr": "Rapports pour coordinateurs",
        "en": "Reports for coordinators",
    },
    "fund": {"nl": "Sectorfonds", "fr": "Fonds sectoriel", "en": "Sector fund"},
    "province": {"nl": "Provincie", "fr": "Province", "en": "Province"},
    "all": {"nl": "alle", "fr": "tous", "en": "all"},
    "apply": {"nl": "Filteren", "fr": "Filtrer", "en": "Filter"},
    "csv": {"nl": "CSV downloaden", "fr": "Télécharger le CSV", "en": "Download CSV"},
    "json": {"nl": "JSON", "fr": "JSON", "en": "JSON"},
    "more_rows": {
        "nl": "{n} rijen meer in de CSV",
        "fr": "{n} lignes de plus dans le CSV",
        "en": "{n} more rows in the CSV",
    },
    "empty": {"nl": "Geen rijen.", "fr": "Aucune ligne.", "en": "No rows."},
    "notes": {"nl": "Opmerkingen", "fr": "Remarques", "en": "Notes"},
    "filters": {"nl": "Filters", "fr": "Filtres", "en": "Filters"},
    "nav": {"nl": "Rapporten", "fr": "Rapports", "en": "Reports"},
    "rows": {"nl": "{n} rijen", "fr": "{n} lignes", "en": "{n} rows"},
    "granularity": {"nl": "Plaats per", "fr": "Lieu par", "en": "Place by"},
    "period": {"nl": "Periode", "fr": "Période", "en": "Period"},
    "default": {"nl": "standaard", "fr": "par défaut", "en": "default"},
    "day": {"nl": "dag", "fr": "jour", "en": "day"},
    "week": {"nl": "week", "fr": "semaine", "en": "week"},
    "month": {"nl": "maand", "fr": "mois", "en": "month"},
    "summary": {"nl": "In het kort", "fr": "En bref", "en": "At a glance"},
    "s_offers": {"nl": "opleidingen", "fr": "formations", "en": "courses"},
    "s_upcoming": {
        "nl": "met een komende sessie",
        "fr": "avec une session à venir",
        "en": "with an upcoming session",
    },
    "s_expired": {
        "nl": "alle sessies voorbij",
        "fr": "toutes les sessions passées",
        "en": "every session past",
    },
    "s_undated": {"nl": "zonder data", "fr": "sans dates", "en": "without dates"},
    "s_stale": {
        "nl": "verouderd (niet meer gezien bij de bron)",
        "fr": "périmées (plus vues à la source)",
        "en": "stale (no longer seen at the source)",
    },
    "s_gaps": {
        "nl": "knelpuntberoepen met een vaardigheid zonder aanbod",
        "fr": "métiers en pénurie avec une compétence sans offre",
        "en": "shortage occupations with a skill nobody teaches",
    },
    "s_sources_ok": {
        "nl": "alle {n} bronnen in orde",
        "fr": "les {n} sources sont en ordre",
        "en": "all {n} sources fine",
    },
    "s_failing": {"nl": "bron faalt", "fr": "source en échec", "en": "source failing"},
    "s_degraded": {
        "nl": "bron verouderd of met veel fouten",
        "fr": "source ancienne ou avec beaucoup d'erreurs",
        "en": "source out of date or with many errors",
    },
    "of": {"nl": "van", "fr": "sur", "en": "of"},
    "show_table": {
        "nl": "Toon de tabel ({n} rijen)",
        "fr": "Afficher le tableau ({n} lignes)",
        "en": "Show the table ({n} rows)",
    },
    "charts": {"nl": "Grafieken", "fr": "Graphiques", "en": "Charts"},
    "demand_days": {
        "nl": "Zoekvragen: dagen",
        "fr": "Recherches : jours",
        "en": "Searches: days",
    },
}

COLUMNS: dict[str, dict[str, str]] = {
    "offers": {"nl": "aanbod", "fr": "offres", "en": "offers"},
    "upcoming_sessions": {
        "nl": "komende sessies",
        "fr": "sessions à venir",
        "en": "upcoming sessions",
    },
    "province": {"nl": "provincie", "fr": "province", "en": "province"},
    "municipality": {"nl": "gemeente", "fr": "commune", "en": "municipality"},
    "delivery_mode": {"nl": "vorm", "fr": "mode", "en": "delivery mode"},
    "funding_scheme": {"nl": "financiering", "fr": "financement", "en": "funding scheme"},
    "fund": {"nl": "fonds", "fr": "fonds", "en": "fund"},
    "field_of_education": {"nl": "studiegebied", "fr": "domaine d'études", "en": "field"},
    "competence_group": {"nl": "competentiegroep", "fr": "groupe", "en": "competence group"},
    "occupation": {"nl": "beroep", "fr": "métier", "en": "occupation"},
    "occupation_label": {"nl": "beroep (naam)", "fr": "métier (nom)", "en": "occupation name"},
    "label": {"nl": "naam", "fr": "nom", "en": "label"},
    "region": {"nl": "regio", "fr": "région", "en": "region"},
    "weight": {"nl": "gewicht", "fr": "poids", "en": "weight"},
    "gap_score": {"nl": "tekortscore", "fr": "score de pénurie", "en": "gap score"},
    "coverage_share": {"nl": "dekking", "fr": "couverture", "en": "coverage"},
    "share": {"nl": "aandeel", "fr": "part", "en": "share"},
    "total": {"nl": "totaal", "fr": "total", "en": "total"},
    "criterion": {"nl": "criterium", "fr": "critère", "en": "criterion"},
    "source": {"nl": "bron", "fr": "source", "en": "source"},
    "period": {"nl": "periode", "fr": "période", "en": "period"},
    "stale": {"nl": "verouderd", "fr": "périmées", "en": "stale"},
    "active": {"nl": "actief", "fr": "actives", "en": "active"},
    "retired": {"nl": "verwijderd", "fr": "retirées", "en": "retired"},
    "error_rate": {"nl": "foutenpercentage", "fr": "taux d'erreur", "en": "error rate"},
    "essential_skills": {
        "nl": "essentiële vaardigheden",
        "fr": "compétences essentielles",
        "en": "essential skills",
    },
    "skills_missing": {"nl": "zonder aanbod", "fr": "sans offre", "en": "missing"},
    "skills_thin": {"nl": "weinig aanbod", "fr": "peu d'offre", "en": "thin"},
    "skills_covered": {"nl": "gedekt", "fr": "couvertes", "en": "covered"},
    "skill": {"nl": "vaardigheid", "fr": "compétence", "en": "skill"},
    "skill_label": {"nl": "vaardigheid (naam)", "fr": "compétence (nom)", "en": "skill name"},
    "reference": {"nl": "verwijzing", "fr": "référence", "en": "reference"},
    "new_offers": {"nl": "nieuw", "fr": "nouvelles", "en": "new"},
    "retired_offers": {"nl": "verdwenen", "fr": "disparues", "en": "retired"},
    "exclusive_offers": {"nl": "exclusief aanbod", "fr": "offres exclusives", "en": "exclusive"},
    "stale_share": {"nl": "aandeel verouderd", "fr": "part périmée", "en": "stale share"},
    "expired": {"nl": "verlopen", "fr": "expirées", "en": "expired"},
    "expired_share": {"nl": "aandeel verlopen", "fr": "part expirée", "en": "expired share"},
    "degraded_fields": {
        "nl": "onvolledige velden",
        "fr": "champs incomplets",
        "en": "degraded fields",
    },
    "degraded_runs": {
        "nl": "onvolledige runs",
        "fr": "exécutions incomplètes",
        "en": "degraded runs",
    },
    "failed_share": {"nl": "aandeel mislukt", "fr": "part échouée", "en": "failed share"},
    "runs": {"nl": "crawls", "fr": "crawls", "en": "runs"},
    "failed_runs": {"nl": "mislukte crawls", "fr": "crawls échoués", "en": "failed runs"},
    "last_good_run": {
        "nl": "laatste goede crawl",
        "fr": "dernier bon crawl",
        "en": "last good run",
    },
    "last_run": {"nl": "laatste crawl", "fr": "dernier crawl", "en": "last run"},
    "last_outcome": {"nl": "resultaat", "fr": "résultat", "en": "last outcome"},
    "outcome": {"nl": "resultaat", "fr": "résultat", "en": "outcome"},
    "items_valid": {"nl": "geldige items", "fr": "éléments valides", "en": "valid items"},
    "items_rejected": {"nl": "afgewezen items", "fr": "éléments rejetés", "en": "rejected items"},
    "items": {"nl": "items", "fr": "éléments", "en": "items"},
    "reason": {"nl": "reden", "fr": "motif", "en": "reason"},
    "run_id": {"nl": "crawl", "fr": "crawl", "en": "run"},
    "started_at": {"nl": "gestart", "fr": "début", "en": "started"},
    "finished_at": {"nl": "beëindigd", "fr": "fin", "en": "finished"},
    "message": {"nl": "bericht", "fr": "message", "en": "message"},
    "axis": {"nl": "as", "fr": "axe", "en": "axis"},
    "subject": {"nl": "onderwerp", "fr": "sujet", "en": "subject"},
    "subject_label": {"nl": "onderwerp (naam)", "fr": "sujet (nom)", "en": "subject name"},
    "status": {"nl": "status", "fr": "statut", "en": "status"},
    "source_a": {"nl": "bron A", "fr": "source A", "en": "source A"},
    "pending": {"nl": "na te kijken", "fr": "à vérifier", "en": "to review"},
    "confirmed": {"nl": "bevestigd", "fr": "confirmés", "en": "confirmed"},
    "refused": {"nl": "geweigerd", "fr": "refusés", "en": "refused"},
    "source_b": {"nl": "bron B", "fr": "source B", "en": "source B"},
    "shared_clusters": {"nl": "gedeelde clusters", "fr": "clusters partagés", "en": "shared"},
    "clusters": {"nl": "clusters", "fr": "clusters", "en": "clusters"},
    "exclusive_clusters": {
        "nl": "exclusieve clusters",
        "fr": "clusters exclusifs",
        "en": "exclusive clusters",
    },
    "exclusive_share": {"nl": "aandeel exclusief", "fr": "part exclusive", "en": "exclusive share"},
    "cluster": {"nl": "cluster", "fr": "cluster", "en": "cluster"},
    "sources": {"nl": "bronnen", "fr": "sources", "en": "sources"},
    "source_count": {"nl": "aantal bronnen", "fr": "nombre de sources", "en": "sources"},
    "titles": {"nl": "titels", "fr": "titres", "en": "titles"},
    "good_runs": {"nl": "goede crawls", "fr": "bons crawls", "en": "good runs"},
    "last_good_items": {
        "nl": "items laatste goede crawl",
        "fr": "éléments du dernier bon crawl",
        "en": "items of last good run",
    },
    "days_since_good_run": {
        "nl": "dagen sinds goede crawl",
        "fr": "jours depuis un bon crawl",
        "en": "days since good run",
    },
    # demand (Vraag zonder aanbod)
    "query": {"nl": "zoekvraag", "fr": "recherche", "en": "query"},
    "searches": {"nl": "zoekopdrachten", "fr": "recherches", "en": "searches"},
    "zero_result_searches": {
        "nl": "zonder resultaat",
        "fr": "sans résultat",
        "en": "without results",
    },
    "zero_result_share": {
        "nl": "aandeel zonder resultaat",
        "fr": "part sans résultat",
        "en": "share without results",
    },
    "days": {"nl": "dagen", "fr": "jours", "en": "days"},
    "last_day": {"nl": "laatste dag", "fr": "dernier jour", "en": "last day"},
    "hint": {"nl": "taxonomie", "fr": "taxonomie", "en": "taxonomy"},
    "concepts": {"nl": "concepten", "fr": "concepts", "en": "concepts"},
    "concept_label": {"nl": "concept (naam)", "fr": "concept (nom)", "en": "concept name"},
    "filter_kind": {"nl": "filter", "fr": "filtre", "en": "filter"},
}

# coded cell values shown in words on the dashboard (the CSV and JSON keep the codes)
_FUNDING = {
    "sector_fund": ("Sectorfonds", "Fonds sectoriel", "Sector fund"),
    "vdab": ("VDAB", "VDAB", "VDAB"),
    "opleidingscheques": ("Opleidingscheques", "Chèques-formation", "Training vouchers"),
    "vlaams_opleidingsverlof": (
        "Vlaams opleidingsverlof",
        "Congé-éducation flamand",
        "Flemish training leave",
    ),
    "vlaams_opleidingskrediet": (
        "Vlaams opleidingskrediet",
        "Crédit-formation flamand",
        "Flemish training credit",
    ),
    "kmo_portefeuille": ("KMO-portefeuille", "Portefeuille PME", "SME wallet"),
    "other": ("Andere steun", "Autre aide", "Other support"),
    "none": ("Geen financiering", "Aucun financement", "No funding"),
}
_DELIVERY = {
    "classroom": ("klassikaal", "en classe", "classroom"),
    "online_live": ("online live", "en ligne en direct", "online live"),
    "online_self_paced": ("online in eigen tempo", "en ligne à son rythme", "online self-paced"),
    "blended": ("combinatie", "mixte", "blended"),
    "workplace": ("op de werkvloer", "sur le lieu de travail", "at the workplace"),
    "none": ("onbekend", "inconnu", "unknown"),
}
_OTHER = {
    ("last_outcome", "good"): ("geslaagd", "réussi", "good"),
    ("last_outcome", "failed"): ("mislukt", "échoué", "failed"),
    ("last_outcome", "running"): ("bezig", "en cours", "running"),
    ("outcome", "good"): ("geslaagd", "réussi", "good"),
    ("outcome", "failed"): ("mislukt", "échoué", "failed"),
    ("outcome", "running"): ("bezig", "en cours", "running"),
    ("region", "all"): ("heel Vlaanderen", "toute la Flandre", "all of Flanders"),
    ("region", "online"): ("online", "en ligne", "online"),
    ("status", "missing"): ("geen aanbod", "aucune offre", "missing"),
    ("status", "thin"): ("weinig aanbod", "peu d'offre", "thin"),
    ("status", "covered"): ("gedekt", "couverte", "covered"),
    ("province", "none"): ("geen provincie", "aucune province", "no province"),
    ("province", "online"): ("online", "en ligne", "online"),
}


def _words(nl: str, fr: str, en: str) -> dict[str, str]:
    return {"nl": nl, "fr": fr, "en": en}


VALUES: dict[tuple[str, str], dict[str, str]] = {
    **{("funding_scheme", k): _words(*v) for k, v in _FUNDING.items()},
    **{("delivery_mode", k): _words(*v) for k, v in _DELIVERY.items()},
    **{key: _words(*v) for key, v in _OTHER.items()},
    # the access report's criteria carry their Dutch label in the table
    **{("label", c.label["nl"]): c.label for c in CRITERIA},
    ("hint", "concept_known"): {
        "nl": "concept bekend, geen aanbod",
        "fr": "concept connu, pas d'offre",
        "en": "concept known, no offer",
    },
    ("hint", "partly_known"): {
        "nl": "deels bekend: aanbod of synoniem nakijken",
        "fr": "connu en partie : vérifier offre ou synonyme",
        "en": "partly known: check offers or a synonym",
    },
    ("hint", "unknown_term"): {
        "nl": "onbekend woord: synoniem nodig?",
        "fr": "mot inconnu : synonyme nécessaire ?",
        "en": "unknown word: synonym needed?",
    },
}


def ui(key: str, lang: str) -> str:
    return UI[key].get(lang) or UI[key]["nl"]


def column(name: str, lang: str) -> str:
    words = COLUMNS.get(name)
    return (words.get(lang) or words["nl"]) if words else name


# columns that hold a share (0.1373): shown as a percentage (13,7 %)
SHARES = {
    "share",
    "coverage_share",
    "stale_share",
    "failed_share",
    "error_rate",
    "zero_result_share",
    "exclusive_share",
}
TIMES = {"last_good_run", "last_run", "started_at", "finished_at"}


def percent(cell: float | None, lang: str) -> str:
    return "" if cell is None else format_percent(cell, "#,##0.#%", locale=lang)


def value(name: str, cell: object, lang: str) -> object:
    """A table cell for the dashboard: a coded value in words, a share as a percentage, a
    timestamp to the minute, a number in the page's language; anything else as it is (the
    CSV and the JSON keep the values as they are)."""
    if isinstance(cell, str):
        words = VALUES.get((name, cell))
        if words:
            return words.get(lang) or words["nl"]
        if name in TIMES:
            try:
                moment = datetime.fromisoformat(cell)
            except ValueError:
                return cell
            return format_datetime(moment, "short", locale=lang)
        return cell
    if isinstance(cell, bool) or cell is None:
        return cell
    if name in SHARES and isinstance(cell, int | float):
        return percent(float(cell), lang)
    if isinstance(cell, float):
        return format_decimal(cell, "#,##0.##", locale=lang)
    if isinstance(cell, int):
        return format_decimal(cell, "#,##0", locale=lang)
    return cell


def visible_columns(columns: list[str]) -> list[str]:
    """The columns the dashboard shows: a code next to its readable name (``occupation`` and
    ``occupation_label``, ``criterion`` and ``label``) shows the name only; the CSV has both."""
    hidden = {c for c in columns if f"{c}_label" in columns}
    if "criterion" in columns and "label" in columns:
        hidden.add("criterion")
    if "field_of_education" in columns and "label" in columns:
        hidden.add("field_of_education")
    return [c for c in columns if c not in hidden]
