"""End to end in headless Chromium (Debian's package, driven by Playwright; no browser download).

The app runs in a real waitress server thread on 127.0.0.1; screenshots are kept under
``test-artifacts/`` at the repository root.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from catalogue.ids import offer_id
from tests.web.conftest import CLIENT_UA

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]


@pytest.fixture(scope="module")
def server(catalogue_dir) -> Iterator[str]:
    from waitress.server import create_server

    from tests.web.conftest import make_settings
    from web import create_app

    app = create_app({"SETTINGS": make_settings(catalogue_dir)})
    srv = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.effective_port}"
    srv.close()
    thread.join(timeout=5)
    app.extensions["leeraanbod"].close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(
        base_url=server,
        user_agent=CLIENT_UA,
        locale="nl-BE",
        viewport={"width": 1200, "height": 900},
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: errors.append(msg.text) if msg.type == "error" else None,
    )
    yield page
    context.close()
    assert not errors, f"browser errors (CSP violations included): {errors}"


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_search_filter_by_facet_and_page_then_open_an_offer(page):
    page.goto("/")
    page.get_by_label("Wat wil je leren?").fill("lassen")
    with page.expect_navigation():
        page.get_by_role("button", name="Zoeken", exact=True).click()
    heading = page.locator("#results-heading")
    assert re.search(r"\d+ opleiding", heading.inner_text())
    assert page.locator("li.hit mark").count() > 0  # highlighted snippets
    shot(page, "search-lassen")

    # filter by a facet (the Cevora provider), keyboard only
    page.get_by_label(re.compile(r"^Cevora")).first.check()
    page.get_by_role("button", name="Filters toepassen").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "providers=Cevora" in page.url
    providers = page.locator("li.hit .provider").all_inner_texts()
    assert providers and set(providers) == {"Cevora"}
    assert page.locator("li.hit .badges li", has_text="Opleidingscheques").count() > 0
    shot(page, "search-facet")

    # back to all results and page through them
    page.goto("/?page_size=5")
    with page.expect_navigation():
        page.get_by_role("link", name="Volgende").click()
    assert "page=2" in page.url
    assert page.locator("nav.pager [aria-current=page]").inner_text() == "2"
    first = page.locator("li.hit h3 a").first
    title = first.inner_text()
    with page.expect_navigation():
        first.click()
    assert page.locator("h1").inner_text() == title
    assert page.locator("table.sessions tbody tr").count() >= 1
    assert page.locator("script[type='application/ld+json']").count() == 1
    shot(page, "offer")


def test_filter_by_postcode_and_radius(page):
    page.goto("/")
    page.get_by_label("Postcode").fill("9000")
    page.get_by_label("Straal").select_option("10")
    with page.expect_navigation():
        page.get_by_role("button", name="Zoeken", exact=True).click()
    assert "postcode=9000" in page.url and "radius_km=10" in page.url
    facts = page.locator("li.hit dl.facts").all_inner_texts()
    assert facts and all("Gent" in f for f in facts), facts
    shot(page, "search-postcode")


def test_autocomplete_fills_suggestions(page):
    page.goto("/")
    page.get_by_label("Wat wil je leren?").press_sequentially("Exc", delay=50)
    # (no wait_for_function: the CSP forbids evaluating strings, which is the point)
    options = page.locator("#suggestions option")
    options.first.wait_for(state="attached", timeout=5000)
    values = [options.nth(i).get_attribute("value") for i in range(options.count())]
    assert any("Excel" in (v or "") for v in values), values


def test_offer_page_with_hostile_title_runs_no_script(page):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"/aanbod/{offer_id('vdab', 'vdab-0-0')}")
    assert "<img src=x onerror=alert(1)>" in page.locator("h1").inner_text()
    assert page.locator("h1 img").count() == 0
    page.wait_for_timeout(200)
    assert dialogs == []
    shot(page, "offer-hostile")


def test_source_status_page_in_french(page):
    page.goto("/bronnen?lang=fr")
    assert page.locator("h1").inner_text() == "Sources"
    assert page.locator("table.sources tbody tr").count() == 4
    page.keyboard.press("Tab")  # the skip link is the first stop
    assert page.evaluate("document.activeElement.className") == "skip"
    shot(page, "sources-fr")


def test_what_it_costs_me_on_the_offer_page(page):
    page.goto(f"/aanbod/{offer_id('cevora', 'cevora-0-1')}")
    page.get_by_label("Ik ben").select_option("employee")
    page.get_by_label("Paritair comité (PC)").fill("200")
    with page.expect_navigation():
        page.get_by_role("button", name="Bereken").click()
    estimate = page.locator(".estimate")
    assert "Jouw kost" in estimate.inner_text()
    assert "Sectorfonds" in estimate.inner_text()
    assert page.get_by_label("Ik ben").input_value() == "employee"  # the form keeps the profile
    shot(page, "offer-cost")


def test_who_are_you_then_only_what_is_free_for_me(page, catalogue_dir):
    from datetime import date

    from catalogue.store import open_store
    from funding import Profile, is_free_for
    from index.course_runs import course_runs
    from tests.web.conftest import make_settings

    store = open_store(make_settings(catalogue_dir).store_url)
    try:
        runs = list(course_runs(store, date.today()))
    finally:
        store.close()
    profile = Profile(status="employee", joint_committee="200")
    free = [r for r in runs if any(is_free_for(profile, o, date.today()) for o in r.offers)]
    assert 0 < len(free) < len(runs)

    page.goto("/?page_size=50")
    my_cost = page.locator("#sort-my-cost")
    assert my_cost.is_disabled()  # no profile yet: no "mijn kost"
    profile_box = page.get_by_role("group", name="Wie ben je?")
    profile_box.get_by_label("Ik ben").select_option("employer")
    assert page.get_by_label("Bedrijfsgrootte (werkgever)").is_visible()
    profile_box.get_by_label("Ik ben").select_option("employee")
    assert not page.get_by_label("Bedrijfsgrootte (werkgever)").is_visible()  # employers only
    assert my_cost.is_enabled()
    profile_box.get_by_label("Paritair comité (PC)").fill("200")
    page.get_by_label("Alleen gratis voor mij").check()
    page.get_by_label("Sorteren").select_option("my_cost")
    with page.expect_navigation():
        page.get_by_role("button", name="Zoeken", exact=True).click()
    assert "free_for_me=true" in page.url and "company_size" not in page.url
    assert page.locator("#results-heading").inner_text().startswith(f"{len(free)} opleiding")
    hits = page.locator("li.hit")
    assert hits.count() == len(free)
    for i in range(hits.count()):
        assert hits.nth(i).locator(".badge", has_text="Gratis voor jou").count() == 1
    assert page.get_by_label("Alleen gratis voor mij").is_checked()  # the form keeps it
    assert page.get_by_label("Ik ben").input_value() == "employee"
    shot(page, "search-free-for-me")

    # the result opens with this profile's cost
    with page.expect_navigation():
        hits.first.locator("h3 a").click()
    assert "Jouw kost" in page.locator(".estimate").inner_text()


def test_sme_page_by_joint_committee(page):
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("link", name="Voor werkgevers").click()
    page.get_by_label("Paritair comité (PC)").fill("200")
    page.get_by_label("Bedrijfsgrootte").select_option("small")
    with page.expect_navigation():
        page.get_by_role("button", name="Toon opleidingen").click()
    assert "joint_committee=200" in page.url
    areas = page.locator("section.area")
    assert areas.count() >= 2
    assert page.locator("td.employer-cost").first.inner_text() == "gratis"
    with page.expect_navigation():
        page.locator("nav.areas a").first.click()  # an in-page link: same document
    shot(page, "sme-pc200")


@pytest.fixture
def audit_page(browser, server):
    """A page for the accessibility audit: axe-core is evaluated into it, which the app's CSP
    (rightly) forbids, so this context alone bypasses the CSP."""
    context = browser.new_context(base_url=server, locale="nl-BE", bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/?q=lassen",
        "/?postcode=9000&radius_km=10&page_size=5",
        f"/aanbod/{offer_id('cevora', 'cevora-0-1')}?status=employee&joint_committee=200",
        "/bronnen?lang=fr",
        "/api/v1/docs",
        "/?status=employee&joint_committee=200&free_for_me=true&sort=my_cost",
        "/?q=excel",
        "/?q=lassen&postcode=9820",  # nothing here: nearby places and online offered
        "/?status=employer&joint_committee=124&company_size=small&lang=fr",
        "/kmo",
        "/kmo?joint_committee=200&company_size=small",
        "/kmo?joint_committee=20",
    ],
)
def test_pages_pass_an_axe_accessibility_audit(audit_page, path):
    axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")
    audit_page.goto(path)
    results = axe_sync.Axe().run(audit_page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21aa"]})
    violations = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
    ]
    assert not violations, violations


def test_the_accessibility_audit_can_fail(audit_page):
    axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")
    audit_page.set_content(
        '<html lang="nl"><title>x</title><main><input type="text">'
        '<p style="color:#bbb;background:#fff">vaag</p></main></html>'
    )
    results = axe_sync.Axe().run(audit_page, options={"runOnly": ["wcag2a", "wcag2aa"]})
    found = {v["id"] for v in results.response["violations"]}
    assert {"label", "color-contrast"} <= found
