"""The pages as their three users meet them, in headless Chromium (Debian's, via Playwright):
nothing wider than a 390 px phone, the first result in the first screen of a 1280×800
desktop, the filters a drawer on phones that opens without JavaScript, an axe audit without
serious violations, and French and English pages without Dutch labels.

Screenshots go to ``test-artifacts/``; with LEERAANBOD_SCREENS=1 a few are also copied to
``docs/screens/``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from catalogue.ids import offer_id
from reports import labels as reports_labels
from tests.web.test_browser import ARTIFACTS, CHROMIUM, browser, server  # noqa: F401 - fixtures

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]
ROOT = Path(__file__).resolve().parents[2]
SCREENS = ROOT / "docs" / "screens"
OFFER = offer_id("cevora", "cevora-0-1")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
DOC_SCREENS = {  # the few kept in docs/screens/
    "desktop-search-lassen",
    "search-cards-profile",
    "phone-search-lassen-nl",
    "phone-filters-open",
    "phone-offer-nl",
    "phone-sme-nl",
}

PAGES = {
    "search": "/",
    "search-lassen": "/?q=lassen",
    "search-filtered": "/?q=excel&providers=Cevora&postcode=9000&radius_km=50",
    "search-profile": "/?status=employee&joint_committee=200&page_size=5",
    "search-empty": "/?q=onderwaterlassenxyz",
    "search-nothing-here": "/?q=lassen&postcode=9820",  # alternatives: nearby, online
    "search-error": "/?q=lassen&postcode=20",
    "offer": f"/aanbod/{OFFER}?status=employee&joint_committee=200",
    "sme-form": "/kmo",
    "sme": "/kmo?joint_committee=200&company_size=small",
    "sme-unknown": "/kmo?joint_committee=329.01",
    "sources": "/bronnen",
    "dashboard": "/rapporten/",
    "not-found": "/aanbod/nope",
}


def open_page(browser, server, viewport, language="nl", javascript=True):  # noqa: F811
    context = browser.new_context(
        base_url=server,
        viewport=viewport,
        locale={"nl": "nl-BE", "fr": "fr-BE", "en": "en-GB"}[language],
        java_script_enabled=javascript,
        bypass_csp=True,  # for the axe audit; the CSP itself is tested in test_browser
    )
    return context, context.new_page()


def with_lang(path: str, language: str) -> str:
    if language == "nl":
        return path
    return path + ("&" if "?" in path else "?") + f"lang={language}"


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if os.environ.get("LEERAANBOD_SCREENS") and name in DOC_SCREENS:
        SCREENS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, SCREENS / path.name)


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_page_is_wider_than_a_phone(browser, server, name, language):  # noqa: F811
    context, page = open_page(browser, server, PHONE, language)
    try:
        page.goto(with_lang(PAGES[name], language))
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        if language == "nl" or name in ("search-lassen", "offer", "sme", "dashboard"):
            shot(page, f"phone-{name}-{language}")
        assert width <= PHONE["width"], f"{name} ({language}) is {width} px wide at 390 px"
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/", "/?q=lassen", "/?q=excel&providers=Cevora"])
def test_the_first_result_is_in_the_first_desktop_screen(browser, server, path):  # noqa: F811
    context, page = open_page(browser, server, DESKTOP)
    try:
        page.goto(path)
        first = page.locator("li.hit").first
        box = first.locator("h3").bounding_box()
        assert box is not None and box["y"] + box["height"] <= DESKTOP["height"], box
        facets = page.locator("aside.facets")
        assert facets.is_visible()  # the sidebar is open on a wide screen, without a click
        sidebar, results = facets.bounding_box(), page.locator("#results").bounding_box()
        assert sidebar["x"] + sidebar["width"] <= results["x"]  # beside the results
        if path == "/?q=lassen":
            shot(page, "desktop-search-lassen")
    finally:
        context.close()


def test_filters_are_a_drawer_on_a_phone_without_javascript(browser, server):  # noqa: F811
    context, page = open_page(browser, server, PHONE, javascript=False)
    try:
        page.goto("/?q=excel&providers=Cevora")
        drawer = page.locator("details.drawer > summary")
        assert drawer.inner_text().strip() == "Filters (1)"
        assert not page.locator("aside.facets").is_visible()
        assert page.locator("li.hit").first.is_visible()
        chips = page.locator(".chips a.chip")
        assert chips.count() == 1 and "Cevora" in chips.first.inner_text()
        drawer.click()
        assert page.locator("aside.facets").is_visible()
        shot(page, "phone-filters-open")
        with page.expect_navigation():
            page.get_by_role("link", name="Wis filters").click()
        assert "providers" not in page.url and "q=excel" in page.url
        assert page.locator("details.drawer > summary").inner_text().strip() == "Filters"
    finally:
        context.close()


def test_more_facet_values_and_the_ranges_filter(browser, server):  # noqa: F811
    context, page = open_page(browser, server, DESKTOP)
    try:
        page.goto("/")
        more = page.locator("details.more > summary").first
        if more.count():
            hidden = more.locator("xpath=..").locator(".check").first
            assert not hidden.is_visible()
            more.click()
            assert hidden.is_visible()
        page.get_by_label("Prijs hoogstens (€)").fill("0")
        with page.expect_navigation():
            page.get_by_role("button", name="Filters toepassen").click()
        assert "price_max=0" in page.url
        assert page.locator(".chips a.chip", has_text="hoogstens € 0").count() == 1
        prices = page.locator("li.hit dl.facts div", has_text="Prijs").locator("dd")
        assert prices.count() > 0 and set(prices.all_inner_texts()) == {"gratis"}
    finally:
        context.close()


def test_a_bad_postcode_keeps_the_input_and_says_why_in_dutch(browser, server):  # noqa: F811
    context, page = open_page(browser, server, DESKTOP)
    try:
        page.goto("/?q=lassen&postcode=20")
        assert page.get_by_label("Wat wil je leren?").input_value() == "lassen"
        assert page.get_by_label("Postcode").input_value() == "20"
        alert = page.get_by_role("alert").inner_text()
        assert "Postcode" in alert and "vier cijfers" in alert
        assert "pattern" not in alert and "[1-9]" not in alert and "String should" not in alert
        page.goto("/?q=lassen&postcode=9999")
        alert = page.get_by_role("alert").inner_text()
        assert "We kennen deze postcode of gemeente niet" in alert and "unknown" not in alert
        assert page.get_by_label("Postcode").input_value() == "9999"
        shot(page, "search-error")
    finally:
        context.close()


def test_cards_say_where_when_how_long_and_what_it_costs_me(browser, server):  # noqa: F811
    context, page = open_page(browser, server, DESKTOP)
    try:
        page.goto("/?q=excel&status=employee&joint_committee=200")
        card = page.locator("li.hit").first
        text = card.locator("dl.facts").inner_text()
        for label in ("Waar", "Volgende start", "Lesvorm", "Duur", "Taal", "Prijs", "Jouw kost"):
            assert label.upper() in text.upper(), (label, text)
        assert "-" not in card.locator("dl.facts div", has_text="Volgende start").inner_text()
        shot(page, "search-cards-profile")
        # the offer page: the facts, a way back, dates in words, Inschrijven as the action
        with page.expect_navigation():
            card.locator("h3 a").click()
        about = page.locator("dl.about").inner_text()
        assert "Duur" in about and "Taal" in about and "Volgende start" in about
        assert page.get_by_role("link", name="Inschrijven").count() == 1
        with page.expect_navigation():
            page.get_by_role("link", name="Terug naar de resultaten").click()
        assert "q=excel" in page.url
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("name", list(PAGES))
def test_pages_have_no_serious_accessibility_violations(browser, server, name, viewport):  # noqa: F811
    axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")
    context, page = open_page(browser, server, viewport)
    try:
        page.goto(PAGES[name])
        page.wait_for_load_state("networkidle")
        found = axe_sync.Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21aa"]})
    finally:
        context.close()
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in found.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, serious


def dutch_labels(language: str) -> set[str]:
    """Every Dutch page text the catalogue translates into something else for ``language``."""
    path = ROOT / "web" / "translations" / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as f:
        catalog = read_po(f)
    found = set()
    for message in catalog:
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        for text in ids:
            if text and "%(" not in text and text not in strings and len(text) > 3:
                found.add(text.strip())
    # the dashboard's own words (reports.labels: Dutch, French, English side by side)
    for table in (reports_labels.UI, reports_labels.COLUMNS, reports_labels.VALUES):
        for words in table.values():
            text = words["nl"].split("{")[0].strip()
            if words["nl"] != words.get(language) and len(text) > 3:
                found.add(text)
    return found


LABELS = (
    "label, legend, button, summary, th, dt, h1, h2, nav a, option, .badge, .chip, "
    "a.button, .hint, .note, p.back a"
)


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(
    "name", ["search-lassen", "search-profile", "search-error", "offer", "sme", "dashboard"]
)
def test_french_and_english_pages_have_no_dutch_labels(browser, server, name, language):  # noqa: F811
    dutch = dutch_labels(language)
    context, page = open_page(browser, server, DESKTOP, language)
    try:
        page.goto(with_lang(PAGES[name], language))
        texts = page.eval_on_selector_all(
            LABELS, "els => els.map(e => (e.innerText || e.textContent || '').trim())"
        )
    finally:
        context.close()
    left = sorted({t for t in texts if t in dutch})
    assert not left, f"{name} ({language}) shows Dutch labels: {left}"
    assert len(texts) > 10  # the check looked at something
