"""``GET /metrics`` in the Prometheus text format, read back with the client's own parser:
crawl runs by source and outcome, rejects by reason, the last good crawl's age, the live
index, and requests by route template (never the raw path or query)."""

from __future__ import annotations

from flask.testing import FlaskClient
from prometheus_client.parser import text_string_to_metric_families

from catalogue.runs import RunStats
from catalogue.store import CatalogueStore


def scrape(client: FlaskClient) -> dict[str, list]:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    families = text_string_to_metric_families(response.get_data(as_text=True))
    return {f.name: f.samples for f in families}


def test_metrics_parse_and_carry_crawls_index_and_requests(
    client: FlaskClient, catalogue: CatalogueStore
):
    run = catalogue.start_run("metrics-bron")
    catalogue.finish_run(run, RunStats(items_rejected=2, rejected_reasons={"title": 2}))
    client.get("/api/v1/search?q=secret-zoekterm")
    client.get("/api/v1/offers/does-not-exist-42")
    client.get("/no/such/page?q=geheim")

    metrics = scrape(client)
    runs = {
        (s.labels["source"], s.labels["outcome"]): s.value for s in metrics["leeraanbod_crawl_runs"]
    }
    assert runs[("metrics-bron", "failed")] == 1
    assert any(outcome == "good" for _, outcome in runs)
    rejects = {
        (s.labels["source"], s.labels["reason"]): s.value
        for s in metrics["leeraanbod_crawl_rejects"]
    }
    assert rejects[("metrics-bron", "title")] == 2
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
