"""Crawled content is untrusted: titles, descriptions and providers with HTML render inert."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape

from catalogue.ids import offer_id
from web.highlight import safe_fragment

XSS_OFFER = offer_id("vdab", "vdab-0-0")
PROVIDER_OFFER = offer_id("vdab", "vdab-0-1")
TAG = re.compile(r"<\s*/?\s*([a-zA-Z][a-zA-Z0-9]*)")
DANGEROUS = ["<img src=x", "<script>alert", "<svg onload", "onerror=alert(1)>"]


def tags(html: str) -> set[str]:
    return {m.group(1).lower() for m in TAG.finditer(html)}


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ("a <mark>las</mark> b", "a <mark>las</mark> b"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("&lt;img src=x&gt; <mark>x</mark>", "&lt;img src=x&gt; <mark>x</mark>"),
        ("<mark onclick=x>a</mark>", "&lt;mark onclick=x&gt;a"),
        ("<mark>open", "<mark>open</mark>"),
        ("</mark>close", "close"),
        ("&amp;lt;b&amp;gt;", "&amp;lt;b&amp;gt;"),
        ("\"quoted\" & 'single'", "&#34;quoted&#34; &amp; &#39;single&#39;"),
        ("<MARK>up</MARK>", "<mark>up</mark>"),
    ],
)
def test_only_mark_survives_in_fragments(fragment, expected):
    assert safe_fragment(fragment) == expected


def test_offer_page_renders_a_hostile_title_inert(client):
    offer = client.get(f"/api/v1/offers/{XSS_OFFER}").get_json()
    assert "<img src=x onerror=alert(1)>" in offer["title"]  # the payload reached the web layer
    assert "<script>alert(1)</script>" in offer["description"]
    html = client.get(f"/aanbod/{XSS_OFFER}").get_data(as_text=True)
    assert str(escape(offer["title"])) in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;mark&gt;nep&lt;/mark&gt;" in html  # a crawled <mark> stays text too
    for bad in DANGEROUS:
        assert bad not in html
    # the JSON-LD block carries the title as data, with < and > escaped
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in html
    assert tags(html) <= {
        "html", "head", "meta", "title", "link", "script", "body", "a", "header", "nav",
        "main", "article", "h1", "h2", "p", "ul", "li", "section", "table", "thead", "tr",
        "th", "tbody", "td", "strong", "br", "span", "footer", "form", "div", "label",
        "select", "option", "input", "button", "datalist", "details", "summary", "dl", "dt", "dd",
    }  # fmt: skip


def test_offer_page_renders_a_hostile_provider_inert(client):
    html = client.get(f"/aanbod/{PROVIDER_OFFER}").get_data(as_text=True)
    assert "&lt;svg onload=alert(2)&gt;Lascentrum" in html
    assert "<svg" not in html


def test_api_returns_hostile_text_as_json_data(client):
    response = client.get(f"/api/v1/offers/{XSS_OFFER}")
    assert response.mimetype == "application/json"  # with nosniff: never rendered as HTML
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("q", ["lassen", "veilig", "img", "script", "mark", "Lascentrum"])
def test_search_highlights_carry_only_mark_tags(client, q):
    body = client.get("/api/v1/search", query_string={"q": q}).get_json()
    for hit in body["results"]:
        for fragments in hit["highlights"].values():
            for fragment in fragments:
                assert tags(fragment) <= {"mark"}, fragment


@pytest.mark.parametrize("q", ["lassen", "veilig", "img", "script", "Lascentrum"])
def test_search_page_renders_hostile_results_inert(client, q):
    html = client.get("/", query_string={"q": q}).get_data(as_text=True)
    for bad in DANGEROUS:
        assert bad not in html
