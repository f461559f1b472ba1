"""The item pipelines in process: cleaning, validation with rejects per reason, the taxonomy
stage (the real tagger when ``taxonomy.tagging`` exists, a no-op when it does not)."""

from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawlers.pipelines import CleanPipeline, TaxonomyPipeline, ValidatePipeline
from crawlers.spiders.syntra_ab import SyntraAbSpider
from tests.factories import make_offer, offer_data


@pytest.fixture
def crawler():  # type: ignore[no-untyped-def]
    crawler = get_crawler(SyntraAbSpider)
    crawler.spider = SyntraAbSpider.from_crawler(crawler, base_url="http://127.0.0.1:9")
    crawler.stats.open_spider()
    return crawler


def test_clean_prunes_empties_and_maps_fixture_urls_to_the_live_site(crawler) -> None:  # type: ignore[no-untyped-def]
    item = {
        "title": "  Kapper ",
        "certificate": "",
        "target_groups": ["", "Werkzoekenden", "Werkzoekenden"],
        "url": "http://127.0.0.1:9/opleidingen/kapper",
        "provider": {"name": "Syntra AB", "website": None},
    }
    cleaned = CleanPipeline(crawler).process_item(item)
    assert cleaned == {
        "title": "Kapper",
        "target_groups": ["Werkzoekenden"],
        "url": "https://www.syntra-ab.be/opleidingen/kapper",
        "provider": {"name": "Syntra AB"},
    }


def test_validate_counts_rejects_per_field(crawler) -> None:  # type: ignore[no-untyped-def]
    pipeline = ValidatePipeline(crawler)
    assert pipeline.process_item(offer_data()).title == "Lasser MIG/MAG"
    for bad in (offer_data(url="ftp://x.be/a"), offer_data(url="javascript:alert(1)")):
        with pytest.raises(DropItem):
            pipeline.process_item(bad)
    with pytest.raises(DropItem):
        pipeline.process_item(offer_data(title="   "))
    stats = crawler.stats.get_stats()
    assert stats["leeraanbod/items_valid"] == 1
    assert stats["leeraanbod/items_rejected"] == 3
    assert stats["leeraanbod/rejected/url"] == 2
    assert stats["leeraanbod/rejected/title"] == 1


def test_taxonomy_stage_tags_with_the_real_tagger(crawler) -> None:  # type: ignore[no-untyped-def]
    offer = make_offer(competences=[], fields_of_education=[])
    tagged = TaxonomyPipeline(crawler).process_item(offer)
    assert tagged.competences, "the tagger found no competence in a welding course"
    assert tagged.fields_of_education


def test_a_tagging_failure_keeps_the_offer(crawler) -> None:  # type: ignore[no-untyped-def]
    pipeline = TaxonomyPipeline(crawler)

    def broken(offer):  # type: ignore[no-untyped-def]
        raise RuntimeError("taxonomy store unreadable")

    pipeline.tag = broken
    offer = make_offer()
    assert pipeline.process_item(offer) is offer
    assert pipeline.process_item(offer) is offer
    assert crawler.stats.get_value("leeraanbod/tagging_errors") == 2
