"""Re-tag the stored catalogue with the current taxonomy (after an import): no recrawl."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from catalogue.model import Offer
from catalogue.store import CatalogueStore, OfferStatus
from taxonomy.core import Taxonomy
from taxonomy.tagging import tag_offer

BATCH = 500


@dataclass
class RetagResult:
    offers: int = 0  # offers read
    changed: int = 0  # offers whose concepts or fields of education changed
    rewritten: int = 0  # rows written (scores or evidence may change without new concepts)
    examples: list[str] = field(default_factory=list)  # a few changed offer ids


def tags_of(offer: Offer) -> tuple[frozenset[str], tuple[str, ...]]:
    """What a retag can change that a searcher notices: the concepts and the fields."""
    return frozenset(c.concept_id for c in offer.competences), tuple(offer.fields_of_education)


def retag_catalogue(
    store: CatalogueStore,
    taxonomy: Taxonomy,
    progress: Callable[[int], None] | None = None,
) -> RetagResult:
    """Tag every stored offer (active, stale and retired) again and store the changed ones.
    Source and manual competences are kept (``tag_offer``); crawl bookkeeping is untouched."""
    result = RetagResult()
    batch: list[Offer] = []

    def flush() -> None:
        result.rewritten += store.rewrite_offers(batch)
        batch.clear()
        if progress:
            progress(result.offers)

    # read everything first: rewriting while paging through the same table is fragile
    for offer in list(_offers(store)):
        result.offers += 1
        tagged = tag_offer(offer, taxonomy)
        # competences are not part of the content hash (they are the tagger's, not the
        # source's): compare them and the fields themselves
        same = (
            tagged.competences == offer.competences
            and tagged.fields_of_education == offer.fields_of_education
        )
        if same:
            continue
        if tags_of(tagged) != tags_of(offer):
            result.changed += 1
            if len(result.examples) < 10:
                result.examples.append(offer.id)
        batch.append(tagged)
        if len(batch) >= BATCH:
            flush()
    flush()
    return result


def _offers(store: CatalogueStore) -> Iterator[Offer]:
    for stored in store.iter_offers(statuses=list(OfferStatus)):
        yield stored.offer
