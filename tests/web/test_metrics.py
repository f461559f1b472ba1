"""``GET /metrics`` in the Prometheus text format, read back with the client's own parser:
crawl runs by source and outcome, rejects by reason, the last good crawl's age, the live
index, and requests by route template (never the raw path or query)."""

from __future__ import annotations

from flask.testing import FlaskClient
from prometheus_client.parser import text_string_to_metric_families

from catalogue.runs import RunStats


def scrape(client: FlaskClient) -> dict[str, list]:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    families = text_string_to_metric_families(response.get_data(as_text=True))
    return {f.name: f.samples for f in families}


def test_metrics_parse_and_carry_crawls_index_and_requests(client: FlaskClient):
    client.get("/api/v1/search?q=secret-zoekterm")
    client.get("/api/v1/offers/does-not-exist-42")
    client.get("/no/such/page?q=geheim")

    metrics = scrape(client)
    runs = {
        (s.labels["source"], s.labels["outcome"]): s.value for s in metrics["leeraanbod_crawl_runs"]
    }
    assert runs and all(outcome == "good" for _, outcome in runs)
    ages = metrics["leeraanbod_source_last_good_crawl_age_seconds"]
    assert ages and all(s.value >= 0 for s in ages)
    assert metrics["leeraanbod_index_documents"][0].value > 0
    assert metrics["leeraanbod_index_generation_age_seconds"][0].value >= 0

    requests = [s for s in metrics["leeraanbod_http_requests"] if s.name.endswith("_total")]
    endpoints = {s.labels["endpoint"] for s in requests}
    assert "/api/v1/search" in endpoints
    assert any("<" in e and e.startswith("/api/v1/offers/") for e in endpoints)  # template
    assert "<unmatched>" in endpoints
    text = client.get("/metrics").get_data(as_text=True)
    for raw in ("secret-zoekterm", "does-not-exist-42", "geheim", "/no/such/page"):
        assert raw not in text
    buckets = metrics["leeraanbod_http_request_duration_seconds"]
    assert any(
        s.name.endswith("_bucket") and s.labels["endpoint"] == "/api/v1/search" for s in buckets
    )


def test_bronnen_and_the_sources_api_show_degraded_fields_and_expired_offers(tmp_path):
    from datetime import date, timedelta

    from catalogue.store import open_store
    from tests.factories import make_offer
    from tests.web.conftest import make_settings
    from web import create_app

    settings = make_settings(tmp_path)
    store = open_store(settings.store_url)
    past = (date.today() - timedelta(days=30)).isoformat()
    offers = [
        make_offer(source="drift-bron", source_id=f"o{i}", sessions=[{"start_date": past}])
        for i in range(4)
    ]
    for prices in (4, 0):  # the second run: no item carries a price any more
        run = store.start_run("drift-bron")
        store.upsert_offers(offers, run)
        store.finish_run(
            run, RunStats(items_valid=4, items_parsed=4, field_counts={"price": prices})
        )
    run = store.start_run("kapotte-bron")  # its items all failed validation
    store.finish_run(run, RunStats(items_rejected=2, rejected_reasons={"title": 2}))
    store.close()
    app = create_app({"TESTING": True, "SETTINGS": settings})
    try:
        client = app.test_client()
        rows = client.get("/api/v1/sources").get_json()["sources"]
        (row,) = [r for r in rows if r["source"] == "drift-bron"]
        assert row["status"] == "degraded" and row["degraded_fields"] == ["price"]
        assert row["expired"] == 4 and "last_message" not in row
        page = client.get("/bronnen").get_data(as_text=True)
        assert "onvolledig" in page and "<code>price</code>" in page and "Verlopen" in page
        assert "Expired" in client.get("/bronnen?lang=en").get_data(as_text=True)
        metrics = scrape(client)
        degraded = {s.labels["source"]: s.value for s in metrics["leeraanbod_source_degraded"]}
        assert degraded == {"drift-bron": 1.0, "kapotte-bron": 0.0}
        offers_by = {
            (s.labels["source"], s.labels["status"]): s.value for s in metrics["leeraanbod_offers"]
        }
        assert offers_by[("drift-bron", "expired")] == 4
        rejects = {
            (s.labels["source"], s.labels["reason"]): s.value
            for s in metrics["leeraanbod_crawl_rejects"]
        }
        assert rejects == {("kapotte-bron", "title"): 2}
        runs = {
            (s.labels["source"], s.labels["outcome"]): s.value
            for s in metrics["leeraanbod_crawl_runs"]
        }
        assert runs == {
            ("drift-bron", "good"): 1,
            ("drift-bron", "degraded"): 1,
            ("kapotte-bron", "failed"): 1,
        }
    finally:
        app.extensions["leeraanbod"].close()
