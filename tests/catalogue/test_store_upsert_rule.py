"""A rule of ``upsert_offers`` on both engines: a batch with repeats and changes ends exactly
where writing its offers one at a time ends (counts, and the last version of each offer)."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue.store import SQLiteStore
from tests.factories import make_offer

_examples = itertools.count()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 2)), min_size=1, max_size=30))
def test_a_batch_ends_where_one_offer_at_a_time_ends(store: SQLiteStore, steps) -> None:
    source = f"rule{next(_examples)}"  # fresh ids for every example on the shared store
    batch = [
        make_offer(
            source=source,
            source_id=f"o-{n}",
            url=f"https://example.org/{source}/{n}",
            title=f"Cursus versie {version}",
        )
        for n, version in steps
    ]
    # the model: one offer at a time
    seen: dict[str, str | None] = {}
    expected = {"inserted": 0, "updated": 0, "unchanged": 0}
    for offer in batch:
        if offer.id not in seen:
            expected["inserted"] += 1
        elif seen[offer.id] != offer.content_hash:
            expected["updated"] += 1
        else:
            expected["unchanged"] += 1
        seen[offer.id] = offer.content_hash
    result = store.upsert_offers(batch)
    assert result.model_dump() == expected
    last = {o.id: o for o in batch}
    for offer_id, offer in last.items():
        stored = store.get_offer(offer_id or "")
        assert stored is not None
        assert stored.offer.title == offer.title
        assert stored.offer.content_hash == offer.content_hash
