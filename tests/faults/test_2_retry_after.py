"""Issue 19, item 2: ``Retry-After`` says what is true.

Before: a 429 under a 20-per-second limit said 59 (a hard-coded 60 merged with the limiter's
window); a 503 while the index was missing said 34-60 instead of the configured
``LEERAANBOD_WEB_RETRY_AFTER``. Now one place sets it: the breached window's reset on 429, the
configured value on every 503, nothing on other answers.
"""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.faults.conftest import fetch, served
from tests.web.conftest import make_settings
from web import create_app


def _hammer(url: str, n: int) -> list:
    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(lambda _: fetch(url), range(n)))


@pytest.mark.parametrize(("limit", "window"), [("20/second", 1), ("30/minute", 60)])
def test_429_retry_after_is_the_windows_reset(data_dir, limit, window):
    app = create_app({"TESTING": True, "SETTINGS": make_settings(data_dir, web_rate_limit=limit)})
    try:
        with served(app) as base:
            answers = _hammer(base + "/api/v1/sources", 60)
    finally:
        app.extensions["leeraanbod"].close()
    refused = [a for a in answers if a.status == 429]
    assert refused, "the limit was never reached"
    for answer in refused:
        seconds = int(answer.headers["Retry-After"])
        assert 1 <= seconds <= window, (limit, seconds)
        assert answer.json()["error"] == "too_many_requests"
    assert all("Retry-After" not in a.headers for a in answers if a.status == 200)


@pytest.mark.parametrize("path", ["/api/v1/search?q=excel", "/api/v1/suggest?q=exc", "/?q=excel"])
def test_503_retry_after_is_the_configured_value(data_dir, path):
    shutil.rmtree(data_dir / "index")  # the search index is missing
    settings = make_settings(data_dir, web_retry_after=7, web_rate_limit="1000/minute")
    app = create_app({"TESTING": True, "SETTINGS": settings})
    try:
        with served(app) as base:
            answers = [fetch(base + path) for _ in range(3)]
    finally:
        app.extensions["leeraanbod"].close()
    assert [a.status for a in answers] == [503, 503, 503]
    assert [a.headers["Retry-After"] for a in answers] == ["7", "7", "7"]
