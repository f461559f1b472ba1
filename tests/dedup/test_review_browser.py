"""The review list end to end in headless Chromium (Debian's package, driven by Playwright):
a coordinator confirms one uncertain link and refuses another; a full recompute afterwards
keeps both decisions. Screenshots go to ``test-artifacts/``."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from catalogue.store import open_store
from dedup import recompute_clusters
from tests.dedup.test_review_pages import review_catalogue
from tests.web.conftest import CLIENT_UA, make_settings

playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture
def ids(data_dir: Path) -> dict[str, str]:
    return review_catalogue(data_dir)


@pytest.fixture
def server(data_dir: Path, ids) -> Iterator[str]:
    from waitress.server import create_server

    from web import create_app

    app = create_app({"SETTINGS": make_settings(data_dir)})
    srv = create_server(app, host="127.0.0.1", port=0, threads=2)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.effective_port}"
    srv.close()
    thread.join(timeout=5)
    app.extensions["leeraanbod"].close()


@pytest.fixture
def page(server: str):
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=server, user_agent=CLIENT_UA, locale="nl-BE")
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        yield page
        context.close()
        browser.close()
        assert not errors, f"browser errors (CSP violations included): {errors}"


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def pair(page, a: str, b: str):
    x, y = sorted((a, b))
    return page.locator(f'li.review-pair[data-a="{x}"][data-b="{y}"]')


def test_confirm_refuse_and_a_recompute_keeps_the_decisions(page, data_dir: Path, ids) -> None:
    page.goto("/rapporten/")
    with page.expect_navigation():
        page.locator("#review-link").click()
    assert page.get_by_role("heading", name="Dubbels nakijken").is_visible()
    assert page.locator("li.review-pair").count() == 2
    assert "Na te kijken: 2" in page.locator("#review-counts").inner_text()
    shot(page, "review-list")

    barista = pair(page, ids["sl-barista"], ids["hor-barista"])
    assert "zelfde start 13/02" in barista.locator(".why").inner_text()
    with page.expect_navigation():
        barista.get_by_role("button", name="Bevestigen: dezelfde opleiding").click()
    assert page.get_by_role("status").inner_text() == "Koppeling bevestigd."
    assert page.locator("li.review-pair").count() == 1

    mail = pair(page, ids["vdab-tel"], ids["cev-mail"])
    with page.expect_navigation():
        mail.get_by_role("button", name="Weigeren: niet dezelfde").click()
    assert page.get_by_role("status").inner_text() == "Koppeling geweigerd."
    assert page.locator("#review-empty").is_visible()
    counts = page.locator("#review-counts").inner_text()
    assert "Bevestigd: 1" in counts and "Geweigerd: 1" in counts
    shot(page, "review-decided")

    # a full recompute (as `leeraanbod dedup` runs it) keeps both decisions
    store = open_store(make_settings(data_dir).store_url)
    try:
        stats = recompute_clusters(store)
        clusters = store.all_clusters()
    finally:
        store.close()
    assert stats.review == 0
    assert clusters[ids["sl-barista"]] == clusters[ids["hor-barista"]]
    assert clusters[ids["vdab-tel"]] != clusters[ids["cev-mail"]]
    page.reload()
    assert page.locator("li.review-pair").count() == 0
    decided = page.locator("ul.decided li")
    assert decided.count() == 2
    assert set(decided.evaluate_all("els => els.map(e => e.dataset.decision)")) == {
        "confirmed",
        "refused",
    }

    # the offer page says why the confirmed listings are one
    with page.expect_navigation():
        page.goto(f"/aanbod/{ids['sl-barista']}")
    why = page.locator("ul.provenance .why").first.inner_text()
    assert "bevestigd door een coördinator" in why
    shot(page, "review-offer-provenance")
