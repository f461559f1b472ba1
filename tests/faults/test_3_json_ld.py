"""Issue 19, item 3: malformed JSON-LD is a reject with a reason, never "no course here".

Before: extruct ran with ``errors="log"``, so 2 broken pages of 10 gave "GOOD — 8 valid
items, 0 rejected" and, three runs later, two live offers were retired. Now each JSON-LD block
that does not parse is rejected as ``parse:json-ld`` with where and why; 2 of 10 rejected fails
the run (over 5 %), and a failed run ages nothing.
"""

from __future__ import annotations

from catalogue.store import OfferStatus, open_store
from crawlers.runner import OFFLINE_OVERRIDES, run_crawl
from crawlers.schemaorg import extract_structured
from tests.crawlers.conftest import FROZEN_TIME, UNTAGGED, app_settings
from tests.crawlers.faultserver import FaultServer
from tests.faults.site import BROKEN_JSON_LD, LIVE, course_page, write_site


def _crawl(root, data_dir):
    with FaultServer(root, LIVE) as server:
        return run_crawl(
            "generic",
            app=app_settings(data_dir),
            spider_kwargs={"sitemap_url": server.url + "/sitemap.xml"},
            overrides={**OFFLINE_OVERRIDES, **UNTAGGED},
            frozen_time=FROZEN_TIME,
            timeout=120,
        )


def test_a_broken_block_is_an_error_with_where_and_why():
    page = course_page(1).replace(
        "</head>", f'<script type="application/ld+json">{BROKEN_JSON_LD}</script></head>'
    )
    found = extract_structured(page, LIVE + "/cursus/1")
    assert len(found.nodes) == 1  # the good block still counts
    (error,) = found.errors
    assert error.startswith("JSON-LD block 2:")


def test_broken_pages_are_rejected_and_retire_nothing(tmp_path):
    site, data = tmp_path / "site", tmp_path / "data"
    write_site(site, 10)
    first = _crawl(site, data)
    assert first.outcome == "good" and first.items_valid == 10, first.message

    write_site(site, 10, broken=frozenset({3, 7}))
    for _ in range(3):  # as many runs as retire an unseen offer
        report = _crawl(site, data)
        assert report.rejected_reasons == {"parse:json-ld": 2}, report.rejected_reasons
        assert report.items_valid == 8 and report.items_rejected == 2
        assert report.outcome == "failed", report.message
        assert report.retired == 0 and report.marked_stale == 0

    store = open_store(app_settings(data).store_url)
    try:
        counts = store.count_offers()
    finally:
        store.close()
    assert counts[OfferStatus.ACTIVE] == 10 and counts[OfferStatus.RETIRED] == 0
