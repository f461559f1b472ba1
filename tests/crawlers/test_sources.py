"""The source registry validates on load with errors that name the source and the field; the
store's crawl bookkeeping (leases, abandoned runs, pages seen unchanged, expired offers); the
drift rule, also as properties that must always hold."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalogue.runs import TRACKED_FIELDS, RunOutcome, RunStats, judge_drift
from catalogue.store import OfferStatus, SQLiteStore
from crawlers.sources import SourceRegistryError, load_registry, parse_registry
from crawlers.spiders.mixins import lastmod_moment
from tests.factories import make_offer

GOOD = """
sources:
  nieuw-fonds:
    name: Nieuw Fonds
    website: https://www.nieuwfonds.be
    start_urls: [/opleidingen]
    detail_url_pattern: '/opleiding/(?P<id>\\d+)$'
    listing: {detail_link: 'a.course::attr(href)'}
    selectors: {title: h1, price: .price}
    fund: {name: Nieuw Fonds, joint_committees: ["999"]}
    cadence: 6h
"""


def parse(text: str):
    return parse_registry(text, Path("sources.yaml"))


def test_the_shipped_registry_is_valid_and_lists_every_spider():
    registry = load_registry()
    spiders = {s.spider for s in registry.sources.values() if s.spider}
    assert {"vdab", "odb", "cevora", "educam", "horeca-forma"} <= spiders | set(registry.sources)
    horeca = registry.get("horeca-forma")
    assert horeca.spider is None and horeca.funding_option()["joint_committees"] == ["302"]


def test_a_new_sector_fund_is_a_few_lines():
    source = parse(GOOD).get("nieuw-fonds")
    assert source.cadence == timedelta(hours=6)
    assert source.funding_option()["fund"] == "Nieuw Fonds"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("selectors: {title: h1, price: .price}", "selectors: {titel: h1}"),
            "source 'nieuw-fonds': selectors.title is required",
        ),
        (("price: .price}", "price: .price, prijs: .p}"), "unknown selector field prijs"),
        (("price: .price}", "price: 'div[['}"), "selectors.price: 'div[[' is not a CSS selector"),
        (("(?P<id>\\d+)$", "(\\d+)$"), "needs a group (?P<id>...)"),
        (("cadence: 6h", "cadence: soms"), "cadence: 'soms' is not a duration"),
        (('joint_committees: ["999"]', "joint_committees: [PC200]"), "fund.joint_committees.0"),
        (("    cadence: 6h", "    cadence: 6h\n    kadans: 1d"), "kadans: Extra inputs"),
        (("start_urls: [/opleidingen]", "start_urls: []"), "give start_urls or a sitemap"),
    ],
)
def test_a_mistake_names_the_source_and_the_field(change: tuple[str, str], message: str):
    old, new = change
    assert old in GOOD
    with pytest.raises(SourceRegistryError) as error:
        parse(GOOD.replace(old, new))
    assert "sources.yaml: source 'nieuw-fonds'" in str(error.value)
    assert message in str(error.value)


def test_a_code_spider_must_exist_and_reads_its_own_pages():
    with pytest.raises(SourceRegistryError, match="spider: no spider 'nope'"):
        parse("sources:\n  x-y: {spider: nope}\n")
    with pytest.raises(SourceRegistryError, match="drop selectors"):
        parse("sources:\n  cevora: {spider: cevora, selectors: {title: h1}}\n")


def test_sitemap_lastmod_moments():
    assert lastmod_moment("2024-08-20") == datetime(2024, 8, 21, tzinfo=UTC)
    assert lastmod_moment("2024-08-20T10:00:00Z") == datetime(2024, 8, 20, 10, tzinfo=UTC)
    assert lastmod_moment("gisteren") is None


# ---------------------------------------------------------------------- store bookkeeping
@pytest.fixture
def store(tmp_path: Path):
    s = SQLiteStore(tmp_path / "c.sqlite3")
    s.migrate()
    yield s
    s.close()


def test_a_run_left_running_is_abandoned_when_the_next_run_starts(store: SQLiteStore):
    killed = store.start_run("syntra-ab")
    other = store.start_run("cevora")
    store.start_run("syntra-ab")
    runs = {r.id: r for r in store.runs()}
    assert runs[killed].outcome == RunOutcome.ABANDONED and "abandoned" in runs[killed].message
    assert runs[other].outcome == RunOutcome.RUNNING  # another source's run is left alone


def test_the_lease_on_a_source_is_shared_and_expires(store: SQLiteStore):
    assert store.try_lock("vdab", "a", 60)
    assert not store.try_lock("vdab", "b", 60)
    assert store.lock_holder("vdab") == "a"
    store.release_lock("vdab", "b")  # not b's to release
    assert store.lock_holder("vdab") == "a"
    store.release_lock("vdab", "a")
    assert store.try_lock("vdab", "b", -1)  # expired at once
    assert store.try_lock("vdab", "c", 60)


def test_an_unchanged_page_keeps_its_offers_active(store: SQLiteStore):
    offer = make_offer(source="syntra-ab", source_id="kapper", url="https://www.syntra-ab.be/k")
    run = store.start_run("syntra-ab")
    store.upsert_offers([offer], run_id=run)
    store.record_pages("syntra-ab", {offer.url: ('"e1"', None)}, {offer.url: [offer.id]})
    store.finish_run(run, RunStats(items_valid=1))
    state = store.page_states("syntra-ab")[offer.url]
    assert state.etag == '"e1"' and state.offer_ids == [offer.id]
    for _ in range(store.retire_after + 1):  # only 304s from now on
        run = store.start_run("syntra-ab")
        assert store.mark_page_seen(run, "syntra-ab", offer.url) == 1
        result = store.finish_run(run, RunStats(not_modified=1, incremental=True))
        assert result.outcome == RunOutcome.GOOD and result.seen == 1
    assert store.get_offer(offer.id).status == OfferStatus.ACTIVE


def test_offers_whose_sessions_are_all_past_count_as_expired(tmp_path: Path):
    today = datetime(2024, 9, 1, tzinfo=UTC)
    s = SQLiteStore(tmp_path / "c.sqlite3", clock=lambda: today)
    s.migrate()
    past = make_offer(source_id="past", sessions=[{"start_date": "2024-06-01"}])
    running = make_offer(
        source_id="on", sessions=[{"start_date": "2024-08-01", "end_date": "2024-12-01"}]
    )
    undated = make_offer(source_id="none", sessions=[])
    s.upsert_offers([past, running, undated])
    (status,) = s.source_statuses()
    assert status.expired == 1 and status.active == 3
    s.close()


# ---------------------------------------------------------------------- drift
shares = st.floats(min_value=0, max_value=1)


@given(
    parsed=st.integers(min_value=0, max_value=500),
    usual=st.lists(st.dictionaries(st.sampled_from(TRACKED_FIELDS), shares), max_size=5),
    data=st.data(),
)
def test_drift_only_names_fields_that_dropped_below_half_of_usual(parsed, usual, data):
    counts = {f: data.draw(st.integers(min_value=0, max_value=parsed)) for f in TRACKED_FIELDS}
    for name, now, before in judge_drift(parsed, counts, usual):
        assert parsed >= 3
        assert before >= 0.5 and now < 0.5 * before
        assert now == counts[name] / parsed


@given(usual=st.lists(st.dictionaries(st.sampled_from(TRACKED_FIELDS), shares), min_size=1))
def test_a_run_as_complete_as_usual_is_never_degraded(usual):
    counts = dict.fromkeys(TRACKED_FIELDS, 10)  # every item carries every field
    assert judge_drift(10, counts, usual) == []


# ---------------------------------------------------------------------- ODB numbers
@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("erkend onder ODB-0002141.", ["ODB-0002141"]),
        ("opleidingsdatabank: ODB-P00004", ["ODB-P00004"]),
        ("nummer odb-p00004 en ODB A123456", ["ODB-P00004", "ODB-A123456"]),
        ("ODB-12, ODB-P0004, XODB-0002141", []),
    ],
)
def test_every_odb_number_form_is_found(text: str, found: list[str]):
    from crawlers.parsers.identifiers import find_identifiers

    assert [i["value"] for i in find_identifiers(text)] == found


def test_the_odb_spider_and_the_model_accept_the_letter_form():
    from crawlers.spiders.odb import OdbSpider

    url = "https://www.vlaanderen.be/opleidingsdatabank/opleiding/ODB-P00004"
    assert OdbSpider.detail_url_pattern.search(url)["id"] == "ODB-P00004"
    offer = make_offer(identifiers=[{"scheme": "odb", "value": "ODB-P00004"}])
    assert offer.identifiers[0].value == "ODB-P00004"
