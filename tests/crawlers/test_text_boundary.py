"""HTML is decoded exactly once, where it enters: JSON-LD strings by ``extract_nodes``, page
text by the HTML parser (parsel, extruct's microdata). The model then keeps the text as it is,
through validation and a store round trip."""

from __future__ import annotations

import json

from parsel import Selector

from catalogue.model import Offer
from catalogue.store import SQLiteStore
from crawlers.schemaorg import extract_nodes, offer_from_node
from crawlers.spiders.base import all_text, first, paragraphs

URL = "https://www.leercentrum-voorbeeld.be/opleidingen/html"


def json_ld_page(node: dict) -> str:
    return (
        '<html><head><script type="application/ld+json">'
        + json.dumps(node).replace("</", "<\\/")  # as sites must, to keep the script open
        + "</script></head><body></body></html>"
    )


def offer_from(page: str) -> Offer:
    (node,) = extract_nodes(page, URL)
    item = offer_from_node(node, source="leercentrum-voorbeeld", source_id="/html", url=URL)
    assert item is not None
    return Offer.model_validate({k: v for k, v in item.items() if v is not None})


def assert_round_trip(store: SQLiteStore, offer: Offer) -> None:
    store.upsert_offers([offer])
    stored = store.get_offer(offer.id)
    assert stored is not None
    bookkeeping = {"first_seen", "last_seen"}
    assert stored.offer.model_dump(exclude=bookkeeping) == offer.model_dump(exclude=bookkeeping)


def test_json_ld_markup_is_decoded_once(store: SQLiteStore) -> None:
    offer = offer_from(
        json_ld_page(
            {
                "@context": "https://schema.org",
                "@type": "Course",
                "name": "HTML &amp;lt;b&amp;gt; en &lt;i&gt; &amp; CSS",
                "description": "<p>Je leert <b>HTML</b> schrijven: a &amp;lt; b is tekst.</p>"
                "<p>Tweede&nbsp;alinea<script>alert(1)</script></p>",
                "provider": {
                    "@type": "Organization",
                    "name": "R&amp;D Opleidingen",
                    "url": "https://www.leercentrum-voorbeeld.be/?a=1&copy=2",
                },
                "educationalCredentialAwarded": "Attest <em>deelname</em>",
            }
        )
    )
    assert offer.title == "HTML &lt;b&gt; en <i> & CSS"
    assert offer.description == "Je leert HTML schrijven: a &lt; b is tekst.\n\nTweede alinea"
    assert offer.provider.name == "R&D Opleidingen"
    assert offer.provider.website == "https://www.leercentrum-voorbeeld.be/?a=1&copy=2"
    assert offer.certificate == "Attest deelname"
    assert_round_trip(store, offer)


def test_microdata_text_is_not_decoded_again(store: SQLiteStore) -> None:
    page = (
        '<html><body><div itemscope itemtype="https://schema.org/Course">'
        '<h1 itemprop="name">Wiskunde: a &amp;lt; b &amp; c</h1>'
        '<p itemprop="description">Als x &lt; 5 dan &amp;nbsp;</p>'
        "</div></body></html>"
    )
    offer = offer_from(page)
    assert offer.title == "Wiskunde: a &lt; b & c"
    assert offer.description == "Als x < 5 dan &nbsp;"
    assert_round_trip(store, offer)


def test_selector_text_is_decoded_once_and_kept() -> None:
    page = Selector(
        text="<h1>Excel &amp; Word &amp;lt;b&amp;gt;</h1>"
        "<div class=d><p>a &lt; b</p><ul><li>&amp;amp;</li><li>x<script>y</script></li></ul>"
        "</div><span class=t>&lt;p&gt;</span><span class=t>&nbsp;</span>"
    )
    title = first(page, "h1")
    description = paragraphs(page, "div.d > *")
    assert title == "Excel & Word &lt;b&gt;"
    assert description == "a < b\n\n&amp;\n\nx"
    assert all_text(page, "span.t") == ["<p>"]
    offer = Offer.model_validate(
        {
            "source": "vdab",
            "source_id": "750417",
            "url": "https://www.vdab.be/opleidingen/aanbod/750417/cursus/1/X-GENT",
            "title": title,
            "description": description,
            "target_groups": all_text(page, "span.t"),
            "provider": {"name": "VDAB"},
        }
    )
    assert (offer.title, offer.description, offer.target_groups) == (
        title,
        description,
        ["<p>"],
    )
