"""A catalogue crawled from the shipped fixtures (dates moved ahead of today) says so."""

from __future__ import annotations

from datetime import date

from crawlers.offline import DEMO_MARKER, mark_demo_data


def test_pages_say_they_show_demo_data_only_for_a_demo_catalogue(client, settings):
    assert "demo-banner" not in client.get("/bronnen").get_data(as_text=True)
    mark_demo_data(settings.data_dir, 3, date.today())
    try:
        nl = client.get("/bronnen").get_data(as_text=True)
        fr = client.get("/bronnen?lang=fr").get_data(as_text=True)
    finally:
        (settings.data_dir / DEMO_MARKER).unlink()
    assert 'class="demo-banner"' in nl and "Demo: voorbeeldgegevens" in nl
    assert "Démo : données d'exemple" in fr.replace("&#39;", "'")
