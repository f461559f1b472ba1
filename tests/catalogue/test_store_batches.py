"""Batch reads (``get_offers``, ``members_of_clusters``) and the change marker of the store:
what the SME view (``index.sme``) reads instead of the whole catalogue, and what its answer
cache checks on every request."""

from __future__ import annotations

import threading
from pathlib import Path

from catalogue.store import OfferStatus, SQLiteStore
from catalogue.store.base import CatalogueStore
from tests.factories import make_offer


def offers(n: int, source: str = "syntra") -> list:
    return [
        make_offer(source=source, source_id=f"b-{i}", url=f"https://example.org/{source}/{i}")
        for i in range(n)
    ]


def test_get_offers_reads_the_given_live_offers_in_id_order(store: SQLiteStore) -> None:
    stored = offers(1203)  # more than one batch of 500
    store.upsert_offers(stored)
    gone = stored[5].id or ""
    store.mark_gone(gone, 410)
    wanted = [o.id or "" for o in stored[::2]] + ["unknown-id", stored[0].id or ""]
    found = store.get_offers(wanted)
    ids = [s.offer.id for s in found]
    expected = sorted({o.id for o in stored[::2]} - {gone})
    assert ids == expected
    assert all(s.status == OfferStatus.ACTIVE for s in found)
    assert found[0].offer == store.get_offer(expected[0]).offer  # type: ignore[union-attr]
    retired = store.get_offers([gone], statuses=[OfferStatus.RETIRED])
    assert [s.offer.id for s in retired] == [gone]
    assert store.get_offers([]) == []


def test_members_of_clusters_in_batches(store: SQLiteStore) -> None:
    stored = offers(1100)
    store.upsert_offers(stored)
    assignments = {o.id or "": (f"cl-{i % 600:04d}", None) for i, o in enumerate(stored)}
    store.set_clusters(assignments)
    wanted = [f"cl-{i:04d}" for i in range(0, 600, 3)] + ["cl-unknown"]
    found = store.members_of_clusters(wanted)
    assert set(found) == set(wanted) - {"cl-unknown"}
    for cluster_id, members in found.items():
        assert members == store.cluster_members(cluster_id)
        assert len(members) == (2 if int(cluster_id[3:]) < 500 else 1)


def test_the_generic_batch_reads_match_the_sqlite_ones(store: SQLiteStore) -> None:
    stored = offers(30)
    store.upsert_offers(stored)
    store.set_clusters(
        {o.id or "": ("cl-a" if i < 10 else "cl-b", None) for i, o in enumerate(stored)}
    )
    ids = [o.id or "" for o in stored[3:20]]
    assert [s.offer.id for s in CatalogueStore.get_offers(store, ids)] == [
        s.offer.id for s in store.get_offers(ids)
    ]
    assert CatalogueStore.members_of_clusters(store, ["cl-a", "cl-b", "x"]) == (
        store.members_of_clusters(["cl-a", "cl-b", "x"])
    )


def test_the_change_marker_moves_with_every_commit_of_anyone(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.sqlite3"
    reader = SQLiteStore(path)
    reader.migrate()
    writer = SQLiteStore(path)  # another process, as far as SQLite can tell
    try:
        first = reader.change_marker()
        assert first is not None and reader.change_marker() == first  # reads change nothing
        reader.count_offers()
        assert reader.change_marker() == first
        writer.upsert_offers(offers(2))
        second = reader.change_marker()
        assert second != first
        writer.mark_gone(offers(1)[0].id or "", 404)
        third = reader.change_marker()
        assert third not in (first, second)
        # the same value from every thread of the reader (one marker connection per store)
        seen: list[str | None] = []
        thread = threading.Thread(target=lambda: seen.append(reader.change_marker()))
        thread.start()
        thread.join()
        assert seen == [third]
        reader.upsert_offers(offers(1, source="vdab"))  # a write through the reader itself
        assert reader.change_marker() != third
    finally:
        reader.close()
        writer.close()
