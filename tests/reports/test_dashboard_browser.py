"""The dashboard in real headless Chromium: charts render, filters apply, CSV downloads match
the JSON."""

from __future__ import annotations

import csv
import io
import threading
from pathlib import Path

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

from reports.charts import CHARTS
from reports.registry import REPORTS
from reports.table import csv_cell

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
]


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs) -> None:  # no client addresses in any log
        pass


@pytest.fixture
def live_url(web_app):
    server = make_server("127.0.0.1", 0, web_app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def page():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        context = browser.new_context(accept_downloads=True)
        yield context.new_page()
        context.close()
        browser.close()


def _rendered_charts(page) -> list[dict]:
    return page.eval_on_selector_all(
        "img.chart",
        "els => els.map(e => ({chart: e.dataset.chart, ok: e.complete && e.naturalWidth > 0}))",
    )


def test_dashboard_renders_charts_and_csv_matches_json(page, live_url) -> None:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(f"{live_url}/rapporten/?as_of=2026-11-02")
    page.wait_for_load_state("networkidle")
    charts = _rendered_charts(page)
    assert len(charts) == sum(len(specs) for specs in CHARTS.values())
    assert all(c["ok"] for c in charts), charts
    assert page.locator("section.report").count() == len(REPORTS)
    assert problems == []  # no CSP violation, no missing resource, no script error

    link = page.locator('a.csv[data-table="access/criteria"]')
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "leeraanbod-access-criteria.csv"
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    body = page.request.get(f"{live_url}/api/v1/reports/access?as_of=2026-11-02").json()
    table = body["tables"]["criteria"]
    assert rows[0] == table["columns"]
    assert rows[1:] == [[csv_cell(r[c]) for c in table["columns"]] for r in table["rows"]]
    assert rows[1] == ["free", "Gratis", "2", "6", "0.3333"]

    # the HTML table shows the same numbers as the JSON, in words and percentages, collapsed
    # until asked for
    table = page.locator('table[data-table="access/criteria"]')
    assert not table.is_visible()
    page.locator("details.table", has=table).locator("summary").click()
    cells = table.locator("tbody tr").first.locator("td")
    assert cells.all_inner_texts() == ["Free", "2", "6", "33.3%"]  # the browser asks for English


def test_filters_apply_to_tables_charts_and_downloads(page, live_url) -> None:
    page.goto(f"{live_url}/rapporten/?as_of=2026-11-02")
    page.select_option("#filter-fund", "Cevora")
    page.select_option("#filter-province", "Oost-Vlaanderen")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "fund=Cevora" in page.url and "province=Oost-Vlaanderen" in page.url
    assert all(c["ok"] for c in _rendered_charts(page))
    total = page.locator('table[data-table="access/criteria"] tbody tr').first.locator("td").nth(2)
    assert total.text_content() == "1"  # only O4 is Cevora's and in Oost-Vlaanderen
    href = page.get_attribute('a.csv[data-table="coverage/by_province"]', "href")
    assert "fund=Cevora" in href and "province=Oost-Vlaanderen" in href
    with page.expect_download() as info:
        page.click('a.csv[data-table="coverage/by_province"]')
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert text.splitlines() == ["province,offers,upcoming_sessions", "Oost-Vlaanderen,1,1"]


def test_dashboard_passes_an_axe_accessibility_audit(live_url) -> None:
    """WCAG 2.1 AA, as the web suite audits its pages (axe-core is injected, so this one
    context bypasses the app's CSP)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        context = browser.new_context(locale="nl-BE", bypass_csp=True)
        page = context.new_page()
        page.goto(f"{live_url}/rapporten/?as_of=2026-11-02")
        page.wait_for_load_state("networkidle")
        results = axe_sync.Axe().run(page, options={"runOnly": ["wcag2a", "wcag2aa", "wcag21aa"]})
        context.close()
        browser.close()
    violations = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
    ]
    assert not violations, violations


@pytest.mark.parametrize("language", ["nl", "fr", "en"])
def test_dashboard_answers_first_and_fits_a_phone(live_url, language) -> None:
    """A summary before anything else; every table folded; no wider than a 390 px phone; the
    English and French dashboards without Dutch words of their own."""
    from reports.labels import COLUMNS, UI

    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.goto(f"{live_url}/rapporten/?as_of=2026-11-02&lang={language}")
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        summary = page.locator("section.summary")
        kpis = summary.locator("ul.kpis li").all_inner_texts()
        first_section = page.locator("main h2").first.inner_text()
        open_tables = page.locator("details.table[open]").count()
        headers = page.eval_on_selector_all(
            "table.report-table th", "e => e.map(x => x.textContent)"
        )
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"phone-dashboard-{language}.png"), full_page=True)
        context.close()
        browser.close()
    assert width <= 390, width
    assert first_section == UI["summary"][language]
    assert kpis[0].split()[0].isdigit() and "%" in kpis[1]
    assert open_tables == 0
    assert headers and not [h for h in headers if "_" in h]  # no internal column names
    if language != "nl":
        dutch = {w["nl"] for w in COLUMNS.values() if w["nl"] != w[language]}
        assert not [h for h in headers if h in dutch]
