"""Issue 19, item 4: one stored row that no longer validates breaks nothing.

Before: one row with a ``javascript:`` URL (written by an older version, or by hand) made
``index rebuild`` exit with a pydantic traceback, the offer page and API answer 500 and the
export stop mid-stream. Now every read isolates rows: the bad one is quarantined (reported by
``leeraanbod status``), skipped by the index rebuild, answered 404 by the page and the API, and
left out of a complete export; a crawl that writes it anew lifts the quarantine.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest

from catalogue.store import OfferStatus, open_store
from tests.faults.conftest import fetch, run_cli


def _damage(data_dir, how: str = "url") -> tuple[str, str]:
    """Write an invalid offer row straight into the store, as an older version might have;
    returns (offer id, source)."""
    with sqlite3.connect(data_dir / "catalogue.sqlite3") as db:
        offer_id, source, raw = db.execute(
            "SELECT id, source, data FROM offers WHERE status = 'active' ORDER BY id LIMIT 1"
        ).fetchone()
        data = json.loads(raw)
        if how == "url":
            data["url"] = "javascript:alert(1)"
        else:
            data["title"] = None
        db.execute("UPDATE offers SET data = ? WHERE id = ?", (json.dumps(data), offer_id))
    return offer_id, source


def _active(data_dir) -> int:
    with sqlite3.connect(data_dir / "catalogue.sqlite3") as db:
        return db.execute("SELECT count(*) FROM offers WHERE status != 'retired'").fetchone()[0]


@pytest.mark.parametrize("how", ["url", "title"])
def test_index_rebuild_skips_the_row_and_status_reports_it(data_dir, how):
    offer_id, source = _damage(data_dir, how)
    env = {"LEERAANBOD_DATA_DIR": str(data_dir)}
    rebuilt = run_cli("index", "rebuild", "--force", env=env)
    assert rebuilt.returncode == 0, rebuilt.stderr[-2000:]
    assert "Traceback" not in rebuilt.stderr
    assert "1 stored offers that no longer validate" in rebuilt.stderr
    status = run_cli("status", env=env)
    assert status.returncode == 0, status.stderr
    assert "quarantined" in status.stdout and offer_id in status.stdout
    line = next(x for x in status.stdout.splitlines() if x.startswith(source + " "))
    assert " 1 " in f" {line} "  # the source's quarantined column
    as_json = json.loads(run_cli("status", "--format", "json", env=env).stdout)
    assert {s["source"]: s["quarantined"] for s in as_json}[source] == 1


def test_page_and_api_answer_404_not_500(data_dir, base_url):
    offer_id, _ = _damage(data_dir)
    api = fetch(f"{base_url}/api/v1/offers/{offer_id}")
    assert api.status == 404 and api.json()["error"] == "not_found"
    page = fetch(f"{base_url}/aanbod/{offer_id}")
    assert page.status == 404
    assert b"Traceback" not in page.body


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_streams_every_other_row_to_the_end(data_dir, base_url, fmt):
    offer_id, _ = _damage(data_dir)
    total = _active(data_dir)
    answer = fetch(f"{base_url}/api/v1/export?format={fmt}")
    assert answer.status == 200
    text = answer.body.decode()
    if fmt == "jsonl":
        ids = [json.loads(line)["id"] for line in text.splitlines()]
    else:
        ids = [row["id"] for row in csv.DictReader(io.StringIO(text))]
    assert offer_id not in ids and len(ids) == total - 1


def test_writing_the_offer_anew_lifts_the_quarantine(data_dir):
    store = open_store(f"sqlite:///{data_dir / 'catalogue.sqlite3'}")
    try:
        good = {s.offer.id: s.offer for s in store.iter_offers()}
        offer_id, _ = _damage(data_dir)
        assert store.get_offer(offer_id) is None
        assert [q.offer_id for q in store.quarantined()] == [offer_id]
        assert "url" in store.quarantined()[0].reason
        store.upsert_offers([good[offer_id]])  # a crawl writes it again
        assert store.quarantined() == []
        fixed = store.get_offer(offer_id)
        assert fixed is not None and fixed.status == OfferStatus.ACTIVE
    finally:
        store.close()
