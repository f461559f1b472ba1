"""Security headers, methods, CORS, rate limits, a down or hanging engine."""

from __future__ import annotations

import time

import pytest

from tests.sockets import closed_port, silent_server
from tests.web.conftest import CLIENT_IP, make_settings
from tests.web.engines import HttpEngine
from web import create_app
from web.services import Services

READ_ENDPOINTS = [
    "/api/v1/search",
    "/api/v1/offers/vdab-0123456789abcdef",
    "/api/v1/suggest?q=la",
    "/api/v1/taxonomy/concepts?q=la",
    "/api/v1/sources",
    "/api/v1/health",
    "/api/v1/export",
    "/api/v1/openapi.json",
]
PAGES = ["/", "/bronnen", "/api/v1/docs", "/aanbod/vdab-0123456789abcdef", "/static/style.css"]


@pytest.mark.parametrize("path", READ_ENDPOINTS + PAGES + ["/api/v1/nope", "/nope"])
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "object-src 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Set-Cookie" not in response.headers  # anonymous visitors get no cookie
    assert response.status_code < 500 or response.status_code == 503


@pytest.mark.parametrize("path", READ_ENDPOINTS)
@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_write_methods_on_read_endpoints_are_405_json(client, path, method):
    response = client.open(path, method=method)
    assert response.status_code == 405
    assert response.get_json()["error"] == "method_not_allowed"
    assert set(response.headers["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}


@pytest.mark.parametrize("path", ["/api/v1/sources", "/api/v1/openapi.json", "/bronnen"])
def test_head_and_options_are_allowed(client, path):
    assert client.head(path).status_code == 200
    assert client.options(path).status_code == 200


def test_api_errors_are_json_and_page_errors_are_html(client):
    api = client.get("/api/v1/nope")
    assert api.status_code == 404 and api.get_json()["error"] == "not_found"
    page = client.get("/nope")
    assert page.status_code == 404 and page.mimetype == "text/html"


# ------------------------------------------------------------------ CORS
def test_cors_only_for_configured_origins_and_only_on_the_api(catalogue_dir):
    settings = make_settings(catalogue_dir, web_cors_origins="https://partner.example")
    client = create_app({"TESTING": True, "SETTINGS": settings}).test_client()
    allowed = client.get("/api/v1/sources", headers={"Origin": "https://partner.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://partner.example"
    other = client.get("/api/v1/sources", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in other.headers
    page = client.get("/bronnen", headers={"Origin": "https://partner.example"})
    assert "Access-Control-Allow-Origin" not in page.headers
    preflight = client.options(
        "/api/v1/search",
        headers={"Origin": "https://partner.example", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://partner.example"


def test_no_cors_by_default(client):
    response = client.get("/api/v1/sources", headers={"Origin": "https://partner.example"})
    assert "Access-Control-Allow-Origin" not in response.headers


# ------------------------------------------------------------------ rate limiting
def limited_client(catalogue_dir, **overrides):
    settings = make_settings(catalogue_dir, web_rate_limit="3/minute", **overrides)
    client = create_app({"TESTING": True, "SETTINGS": settings}).test_client()
    client.environ_base["REMOTE_ADDR"] = CLIENT_IP
    return client


def test_rate_limit_answers_429_with_retry_after(catalogue_dir):
    client = limited_client(catalogue_dir)
    assert [client.get("/api/v1/sources").status_code for _ in range(3)] == [200] * 3
    refused = client.get("/api/v1/sources")
    assert refused.status_code == 429
    assert refused.get_json()["error"] == "too_many_requests"
    assert int(refused.headers["Retry-After"]) > 0
    page = client.get("/bronnen")
    assert page.status_code == 429 and "Retry-After" in page.headers


def test_spoofed_forwarded_for_does_not_bypass_the_limit(catalogue_dir):
    client = limited_client(catalogue_dir)
    statuses = [
        client.get("/api/v1/sources", headers={"X-Forwarded-For": f"198.51.100.{i}"}).status_code
        for i in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]


def test_forwarded_for_is_trusted_behind_a_configured_proxy(catalogue_dir):
    client = limited_client(catalogue_dir, web_proxy_count=1)
    statuses = [
        client.get("/api/v1/sources", headers={"X-Forwarded-For": f"198.51.100.{i}"}).status_code
        for i in range(5)
    ]
    assert statuses == [200] * 5  # five different clients behind the proxy


def test_static_files_are_not_rate_limited(catalogue_dir):
    client = limited_client(catalogue_dir)
    assert {client.get("/static/style.css").status_code for _ in range(6)} == {200}


# ------------------------------------------------------------------ engine down or slow
def app_with_engine(catalogue_dir, url: str):
    settings = make_settings(catalogue_dir, search_timeout=2.0)
    services = Services(settings, index_opener=lambda: HttpEngine(url))
    app = create_app({"TESTING": True, "SETTINGS": settings, "SERVICES": services})
    return app, services


def assert_fast_503(response, started: float) -> None:
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert elapsed < 2.5, f"took {elapsed:.2f} s"
    assert int(response.headers["Retry-After"]) > 0


@pytest.mark.parametrize("path", ["/api/v1/search?q=lassen", "/api/v1/suggest?q=las"])
def test_engine_at_a_closed_port_is_a_fast_json_503(catalogue_dir, path):
    app, services = app_with_engine(catalogue_dir, f"http://127.0.0.1:{closed_port()}")
    started = time.monotonic()
    response = app.test_client().get(path)
    assert_fast_503(response, started)
    body = response.get_json()
    assert body["error"] == "search_unavailable"
    assert "Traceback" not in response.get_data(as_text=True)
    services.close()


@pytest.mark.parametrize("path", ["/api/v1/search?q=lassen", "/api/v1/health", "/?q=lassen"])
def test_engine_that_never_answers_is_a_503_within_2_5_s(catalogue_dir, path):
    with silent_server() as port:
        app, services = app_with_engine(catalogue_dir, f"http://127.0.0.1:{port}")
        client = app.test_client()
        started = time.monotonic()
        response = client.get(path)
        assert_fast_503(response, started)
        # the breaker is open now: the next call fails at once instead of waiting again
        started = time.monotonic()
        again = client.get(path)
        assert again.status_code == 503 and time.monotonic() - started < 0.5
        services.close()


def cluster_app(catalogue_dir, url: str):
    """The real OpenSearch backend (``index.open_index``) pointed at a broken address."""
    settings = make_settings(
        catalogue_dir, search_backend="opensearch", search_url=url, search_timeout=2.0
    )
    app = create_app({"TESTING": True, "SETTINGS": settings})
    return app, app.extensions["leeraanbod"]


@pytest.mark.parametrize("path", ["/api/v1/search?q=lassen", "/api/v1/suggest?q=las", "/"])
def test_opensearch_backend_at_a_closed_port_is_a_fast_503(catalogue_dir, path):
    app, services = cluster_app(catalogue_dir, f"http://127.0.0.1:{closed_port()}")
    started = time.monotonic()
    response = app.test_client().get(path)
    assert_fast_503(response, started)
    services.close()


@pytest.mark.parametrize("path", ["/api/v1/search?q=lassen", "/api/v1/health"])
def test_opensearch_backend_that_never_answers_is_a_503_within_2_5_s(catalogue_dir, path):
    with silent_server() as port:
        app, services = cluster_app(catalogue_dir, f"http://127.0.0.1:{port}")
        started = time.monotonic()
        response = app.test_client().get(path)
        assert_fast_503(response, started)
        assert response.is_json
        services.close()


def test_pages_that_need_no_engine_work_while_it_is_down(catalogue_dir):
    app, services = app_with_engine(catalogue_dir, f"http://127.0.0.1:{closed_port()}")
    client = app.test_client()
    assert client.get("/bronnen").status_code == 200
    assert client.get("/api/v1/sources").status_code == 200
    health = client.get("/api/v1/health")
    assert health.status_code == 503
    assert health.get_json()["status"] == "degraded"
    assert health.get_json()["store"]["ok"] is True
    services.close()
