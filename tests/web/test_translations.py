"""Dutch first; French and English complete, compiled, and in step with the sources."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "web" / "translations"


def extracted_ids() -> set:
    """The messages in the code and templates now (what ``pybabel extract`` would find)."""
    found = extract_from_dir(
        ROOT / "web",
        method_map=[("**.py", "python"), ("templates/**.html", "jinja2")],
        keywords={**DEFAULT_KEYWORDS, "_l": None},
    )
    return {_key(message) for _, _, message, _, _ in found}


def _key(message_id: str | tuple | list) -> str | tuple:
    return message_id if isinstance(message_id, str) else tuple(message_id)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_catalog_translates_every_message_and_is_compiled(language):
    folder = TRANSLATIONS / language / "LC_MESSAGES"
    with (folder / "messages.po").open("rb") as f:
        po = read_po(f)
    with (folder / "messages.mo").open("rb") as f:
        mo = read_mo(f)
    wanted = extracted_ids()
    have = {_key(m.id): _key(m.string) for m in po if m.id}
    missing = [i for i in wanted if not have.get(i) or not all(have[i])]
    assert not missing, f"{language}: untranslated {missing[:5]} (run pybabel update)"
    compiled = {_key(m.id): _key(m.string) for m in mo if m.id}
    assert compiled == have, f"{language}: messages.mo is stale (run pybabel compile)"


def test_pages_switch_language_with_the_lang_link(client):
    nl = client.get("/bronnen").get_data(as_text=True)
    fr = client.get("/bronnen?lang=fr").get_data(as_text=True)
    en = client.get("/bronnen", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "<h1>Bronnen</h1>" in nl
    assert "<h1>Sources</h1>" in fr and '<html lang="fr">' in fr
    assert '<html lang="en">' in en and "Last good check" in en


def test_facet_values_get_display_names(app):
    from index.search_query import FacetField
    from web.labels import facet_value_label

    labels = {"isced-f:0713": "elektriciteit en energie", "vl:lassen": "lassen"}.get
    with app.test_request_context("/?lang=fr"):
        assert facet_value_label(FacetField.FUNDING_SCHEME, "opleidingscheques") == (
            "Chèques-formation"
        )
        assert facet_value_label(FacetField.DELIVERY_MODE, "online_live") == "En ligne en direct"
        assert facet_value_label(FacetField.LEVEL, "4") == "Niveau 4"
        assert facet_value_label(FacetField.CONCEPT, "vl:lassen", labels) == "lassen"
        assert facet_value_label(FacetField.FIELD_OF_EDUCATION, "0713", labels) == (
            "elektriciteit en energie (0713)"
        )
        assert facet_value_label(FacetField.FIELD_OF_EDUCATION, "0999", labels) == "0999"
        assert facet_value_label(FacetField.PROVIDER, "Cevora", labels) == "Cevora"
