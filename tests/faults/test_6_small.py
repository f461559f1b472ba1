"""Issue 19, item 6: the smaller probes.

- a registration link ``javascript:void(0)`` (common on real sites) rejected the whole offer:
  now the link is dropped (and counted), the offer kept;
- a NUL-prefixed URL passed validation (``urlsplit`` strips leading control characters);
- a sitemap of 10,000 URLs was taken whole (about 7 hours at 2.5 s a page): now at most
  ``LEERAANBOD_SITEMAP_MAX_URLS`` pages, the run notes the cap and ages nothing;
- a 414 from gunicorn was HTML without the security headers;
- a 400 for a malformed offer id had no ``fields``;
- ``radius_km=5e-324`` (a valid JSON number) was refused as "not a decimal number";
- ``/offers`` profile parameters without ``status``: a 400 the spec did not state;
- ``scripts/opensearch`` could not start a node above port 9299 and said only "Closed all
  nodes".
"""

from __future__ import annotations

import os
import socket
import subprocess
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from catalogue.model import Offer
from catalogue.store import OfferStatus, open_store
from crawlers.pipelines import ValidatePipeline
from crawlers.runner import OFFLINE_OVERRIDES, run_crawl
from crawlers.spiders.syntra_ab import SyntraAbSpider
from tests.crawlers.conftest import FROZEN_TIME, UNTAGGED, app_settings
from tests.crawlers.faultserver import FaultServer
from tests.factories import offer_data
from tests.faults.conftest import ROOT, fetch, serve
from tests.faults.site import LIVE, write_site
from tests.sockets import closed_port
from web.security import SECURITY_HEADERS


@pytest.fixture
def crawler():  # type: ignore[no-untyped-def]
    crawler = get_crawler(SyntraAbSpider)
    crawler.spider = SyntraAbSpider.from_crawler(crawler, base_url="http://127.0.0.1:9")
    crawler.stats.open_spider()
    return crawler


# ---------------------------------------------------------------- links and URLs
@pytest.mark.parametrize("link", ["javascript:void(0)", "mailto:info@x.be", "#", "tel:+32"])
def test_an_unfollowable_registration_link_is_dropped_the_offer_kept(crawler, link):
    item = offer_data(registration_url=link)
    item["sessions"][0]["registration_url"] = link
    offer = ValidatePipeline(crawler).process_item(item)
    assert offer.registration_url is None and offer.sessions[0].registration_url is None
    stats = crawler.stats.get_stats()
    assert stats["leeraanbod/items_valid"] == 1 and "leeraanbod/items_rejected" not in stats
    assert stats["leeraanbod/dropped_fields/registration_url"] == 1
    assert stats["leeraanbod/dropped_fields/sessions.0.registration_url"] == 1


def test_a_bad_link_next_to_a_real_error_still_rejects(crawler):
    with pytest.raises(DropItem):
        ValidatePipeline(crawler).process_item(
            offer_data(registration_url="javascript:void(0)", title="  ")
        )


controls = st.sampled_from(["\x00", "\x01", "\x1f", "\x7f", "\t", "\n", " "])


@given(control=controls, where=st.sampled_from(["prefix", "inside"]))
def test_urls_with_control_characters_are_invalid(control, where):
    url = "https://www.vdab.be/opleiding"
    bad = control + url if where == "prefix" else url.replace("vdab", "vd" + control + "ab")
    if control.isspace() and where == "prefix":
        bad = control + "\x00" + url  # leading white space alone is trimmed, as ever
    with pytest.raises(ValidationError, match="control characters"):
        Offer.model_validate(offer_data(url=bad))


def test_a_nul_prefixed_url_is_rejected_by_the_pipeline(crawler):
    with pytest.raises(DropItem):
        ValidatePipeline(crawler).process_item(offer_data(url="\x00https://www.vdab.be/x"))
    assert crawler.stats.get_value("leeraanbod/rejected/url") == 1


# ---------------------------------------------------------------- the sitemap cap
def _crawl(root, data_dir, cap):
    with FaultServer(root, LIVE) as server:
        report = run_crawl(
            "generic",
            app=app_settings(data_dir),
            spider_kwargs={"sitemap_url": server.url + "/sitemap.xml"},
            overrides={**OFFLINE_OVERRIDES, **UNTAGGED, "LEERAANBOD_SITEMAP_MAX_URLS": cap},
            frozen_time=FROZEN_TIME,
            timeout=120,
        )
        return report, [p for p in server.paths() if p.startswith("/cursus/")]


def test_a_long_sitemap_is_capped_noted_and_ages_nothing(tmp_path):
    site, data = tmp_path / "site", tmp_path / "data"
    write_site(site, 30)
    full, fetched = _crawl(site, data, cap=100)
    assert full.outcome == "good" and full.items_valid == 30 and len(fetched) == 30
    for _ in range(3):  # as many good runs as would retire an unseen offer
        capped, fetched = _crawl(site, data, cap=10)
        assert len(fetched) == 10
        assert capped.outcome == "good", capped.message
        assert "sitemap capped: 10 of 30 detail pages" in capped.message
        assert capped.marked_stale == 0 and capped.retired == 0
    store = open_store(app_settings(data).store_url)
    try:
        assert store.count_offers()[OfferStatus.ACTIVE] == 30
        (last, *_) = store.runs()
        assert "sitemap capped" in (last.message or "")
    finally:
        store.close()


# ---------------------------------------------------------------- HTTP answers
def test_414_from_gunicorn_has_the_security_headers(data_dir, tmp_path):
    with serve(data_dir, tmp_path / "serve.log", "--workers", "1") as server:
        answer = fetch(server.url + "/api/v1/search?q=" + "a" * 5000)
        assert answer.status == 414
        for name, value in SECURITY_HEADERS.items():
            assert answer.headers.get(name) == value, name
        assert answer.json()["error"] == "uri_too_long"
        assert answer.headers["Content-Type"] == "application/json"
        log = server.text()
    assert "Invalid request" in log and "127.0.0.1" not in log.split("Invalid request")[1][:200]


@pytest.mark.parametrize("bad_id", ["not-an-id", "vdab-XYZ", "a" * 60, quote("vdab-1234\x00")])
def test_a_malformed_offer_id_is_400_with_fields(base_url, bad_id):
    answer = fetch(f"{base_url}/api/v1/offers/{bad_id}")
    assert answer.status == 400
    body = answer.json()
    assert body["error"] == "invalid_parameters" and "offer_id" in body["fields"]


@pytest.mark.parametrize("radius", ["5e-324", "1E1", "2.5e1", "0.5"])
def test_a_radius_in_any_json_number_form_is_accepted(base_url, radius):
    answer = fetch(f"{base_url}/api/v1/search?postcode=9000&radius_km={radius}")
    assert answer.status == 200, answer.body[:300]


def test_profile_without_status_is_a_400_the_spec_states(base_url):
    spec = fetch(base_url + "/api/v1/openapi.json").json()
    offer_op = spec["paths"]["/api/v1/offers/{offer_id}"]["get"]
    rules = offer_op["x-cross-parameter-rules"]
    offer_id = fetch(base_url + "/api/v1/search?page_size=1").json()["results"][0]["id"]
    answer = fetch(f"{base_url}/api/v1/offers/{offer_id}?joint_committee=200")
    assert answer.status == 400
    (message,) = answer.json()["fields"]["status"]
    assert any(rule in message for rule in rules)
    assert "status" in offer_op["description"]


# ---------------------------------------------------------------- scripts/opensearch
def _opensearch(port: int | str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ROOT / "scripts" / "opensearch"), *args],
        env={**os.environ, "LEERAANBOD_OPENSEARCH_PORT": str(port), "OPENSEARCH_HEAP": "384m"},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_opensearch_on_a_port_in_use_says_so():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _opensearch(port, "start")
    assert result.returncode != 0
    assert f"port {port} is in use" in result.stderr


@pytest.mark.parametrize("port", ["99999", "abc", "80"])
def test_opensearch_refuses_a_port_that_is_not_one(port):
    result = _opensearch(port, "start")
    assert result.returncode == 2 and "must be a port from 1025 to 65535" in result.stderr


@pytest.mark.opensearch
@pytest.mark.skipif(
    not os.environ.get("LEERAANBOD_OPENSEARCH_URL"), reason="needs Java and the runner jars"
)
def test_opensearch_starts_on_a_port_above_9299():
    port = closed_port()
    while port <= 9299:
        port = closed_port()
    try:
        started = _opensearch(port, "start")
        assert started.returncode == 0, started.stderr[-2000:]
        assert started.stdout.strip() == f"http://127.0.0.1:{port}"
        assert fetch(f"http://127.0.0.1:{port}/").json()["cluster_name"].endswith(str(port))
    finally:
        _opensearch(port, "stop")
