"""User-facing words of the dashboard and its table headers: Dutch, French, English."""

from __future__ import annotations

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
VALUES: dict[tuple[str, str], dict[str, str]] = {
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


def value(name: str, cell: object, lang: str) -> object:
    """A table cell for the dashboard: a coded value in words, anything else as it is."""
    words = VALUES.get((name, cell)) if isinstance(cell, str) else None
    return (words.get(lang) or words["nl"]) if words else cell
