"""The review of uncertain links: the list is filled by a recompute, a coordinator's decision
is stored and respected by every later recompute and update, and the CLI, the page and the
overlap report show it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalogue.store import open_store
from catalogue.store.review import Decision
from catalogue.store.sqlite import SQLiteStore
from dedup import recompute_clusters, update_clusters
from dedup.review import ReviewError, decide, review_list
from leeraanbod.cli import main
from reports.overlap import overlap
from tests.dedup.review_data import uncertain_offers


@pytest.fixture
def offers():
    return uncertain_offers()


@pytest.fixture
def store(any_store, offers) -> SQLiteStore:
    """Part of the store contract suite: SQLite and PostgreSQL."""
    any_store.upsert_offers(offers.values())
    return any_store


def ids(offers, *keys):
    return [offers[k].id for k in keys]


def together(store, a, b) -> bool:
    clusters = store.get_clusters([a, b])
    return clusters[a] == clusters[b]


def test_a_recompute_puts_the_uncertain_pairs_on_the_list(store, offers) -> None:
    stats = recompute_clusters(store)
    assert stats.review == 2
    items = review_list(store)
    assert [(i.offer_a.offer_id, i.offer_b.offer_id) for i in items] == [
        tuple(sorted(ids(offers, "cev-mail", "vdab-tel"))),
        tuple(sorted(ids(offers, "sl-barista", "hor-barista"))),
    ]  # the most likely first
    first = items[0]
    assert 0.65 <= first.score < 0.78
    assert first.explanation.startswith("zelfde start 04/03 en gemeente (Gent)")
    assert not together(store, *ids(offers, "vdab-tel", "cev-mail"))
    assert store.review_counts() == {"pending": 2, "confirmed": 0, "refused": 0}


def test_decisions_are_respected_by_every_recompute_and_update(store, offers) -> None:
    recompute_clusters(store)
    barista_pair, mail_pair = (
        ids(offers, "sl-barista", "hor-barista"),
        ids(offers, "vdab-tel", "cev-mail"),
    )
    decide(store, *barista_pair, Decision.CONFIRMED)
    decide(store, *mail_pair, "refused")
    assert together(store, *barista_pair)
    assert not together(store, *mail_pair)
    reasons = store.cluster_reasons(barista_pair)
    assert all(r.startswith("confirmed|") for r in reasons.values())
    for _ in range(2):
        stats = recompute_clusters(store)
        assert stats.review == 0  # decided pairs never come back on the list
        assert together(store, *barista_pair)
        assert not together(store, *mail_pair)
    update_clusters(store, [*barista_pair, *mail_pair])
    assert together(store, *barista_pair) and not together(store, *mail_pair)
    assert store.review_counts() == {"pending": 0, "confirmed": 1, "refused": 1}
    # a later decision replaces the earlier one
    decide(store, *mail_pair, Decision.CONFIRMED)
    assert together(store, *mail_pair)
    assert store.review_counts() == {"pending": 0, "confirmed": 2, "refused": 0}


def test_a_refusal_splits_a_link_the_matcher_made(store, offers) -> None:
    recompute_clusters(store, threshold=0.6)  # a lower threshold links both pairs
    pair = ids(offers, "vdab-tel", "cev-mail")
    assert together(store, *pair)
    decide(store, *pair, Decision.REFUSED)
    assert not together(store, *pair)
    recompute_clusters(store, threshold=0.6)
    assert not together(store, *pair)


def test_a_bad_decision_says_why_and_changes_nothing(store, offers) -> None:
    recompute_clusters(store)
    a = offers["sl-barista"].id
    with pytest.raises(ReviewError, match="unknown offer nope"):
        decide(store, a, "nope", Decision.CONFIRMED)
    with pytest.raises(ReviewError, match="twice"):
        decide(store, a, a, Decision.CONFIRMED)
    with pytest.raises(ReviewError, match="expected 'confirmed' or 'refused'"):
        decide(store, a, offers["hor-barista"].id, "maybe")
    assert store.review_counts() == {"pending": 2, "confirmed": 0, "refused": 0}


def test_the_overlap_report_counts_the_review(store, offers) -> None:
    recompute_clusters(store)
    decide(store, *ids(offers, "sl-barista", "hor-barista"), Decision.CONFIRMED)
    review = [(p.offer_a, p.offer_b, "pending") for p in store.review_pairs(100)]
    review += [(a, b, str(d)) for (a, b), d in store.decisions().items()]
    report = overlap(offers.values(), store.all_clusters(), review=review)
    rows = report.table("review").rows
    assert {
        (r["source_a"], r["source_b"]): (r["pending"], r["confirmed"], r["refused"]) for r in rows
    } == {
        ("cevora", "vdab"): (1, 0, 0),
        ("horeca-vlaanderen", "syntra-limburg"): (0, 1, 0),
    }


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, offers) -> Path:
    monkeypatch.setenv("LEERAANBOD_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("LEERAANBOD_DATABASE_URL", raising=False)
    store = open_store(f"sqlite:///{tmp_path / 'var' / 'catalogue.sqlite3'}")
    store.upsert_offers(offers.values())
    recompute_clusters(store)
    store.close()
    return tmp_path / "var"


def test_the_cli_lists_confirms_and_refuses(env: Path, offers) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["dedup", "review"])
    assert result.exit_code == 0, result.output
    assert "2 to review, 0 confirmed, 0 refused" in result.output
    assert "zelfde start 13/02" in result.output
    a, b = ids(offers, "sl-barista", "hor-barista")
    result = runner.invoke(main, ["dedup", "review", "confirm", a, b])
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        main, ["dedup", "review", "refuse", *ids(offers, "vdab-tel", "cev-mail")]
    )
    assert result.exit_code == 0, result.output
    assert runner.invoke(main, ["dedup"]).exit_code == 0  # a recompute keeps the decisions
    result = runner.invoke(main, ["dedup", "review", "--format", "json", "--lang", "en"])
    assert json.loads(result.output) == {
        "counts": {"pending": 0, "confirmed": 1, "refused": 1},
        "pairs": [],
    }
    result = runner.invoke(main, ["dedup", "review", "confirm", a, "nope"])
    assert result.exit_code == 1
    assert "unknown offer nope" in result.output


def test_an_update_around_one_offer_keeps_its_uncertain_pair_listed(store, offers) -> None:
    recompute_clusters(store)
    update_clusters(store, [offers["sl-barista"].id])
    assert store.review_counts()["pending"] == 2
    update_clusters(store, [offers["cev-mail"].id])
    assert store.review_counts()["pending"] == 2
