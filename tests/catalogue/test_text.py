"""Text cleaning: golden examples (tests/catalogue/golden/text.yaml) and properties.

The model's cleaners are fixed points (cleaning cleaned text changes nothing), so an offer
validated again (the store, the tagger, the index read offers back) is the same offer;
``html_to_text`` decodes markup exactly once.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue.model import Offer
from catalogue.store import SQLiteStore
from catalogue.text import clean_line, clean_paragraphs, html_to_text
from tests.factories import make_offer, offer_data

GOLDEN = yaml.safe_load((Path(__file__).parent / "golden" / "text.yaml").read_text("utf-8"))
CLEANERS: dict[str, Callable[[str], str]] = {
    "clean_line": clean_line,
    "clean_paragraphs": clean_paragraphs,
}

# Text that hits the corners: markup and entity syntax, every kind of space and line break,
# invisible and control characters, plus any other character.
TRICKY = [
    "<", ">", "&", ";", "#", "/", "!", "=", '"', "a", "b", "p", "br", "lt", "amp", "nbsp",
    "&amp;", "&lt;", "&gt;", "&nbsp;", "&#160;", "&#x200b;", "<p>", "</p>", "<br>", "<b>",
    "<script>", "</script>", "<!--", "-->", " ", "  ", "\t", "\n", "\n\n", "\r", "\r\n",
    "\x0b", "\x0c", "\x1c", "\x85", "\u00a0", "\u2028", "\u2029", "\u3000", "\u200b",
    "\u00ad", "\ufeff", "\x00", "\x07", "\x9f", "é", "€",
]  # fmt: skip
texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(st.sampled_from(TRICKY), st.text(max_size=3)), max_size=30).map("".join),
)


def golden(function: str) -> list[tuple[str, str]]:
    return list(GOLDEN[function].items())


# ------------------------------------------------------------------ golden examples
@pytest.mark.parametrize(("raw", "expected"), golden("html_to_text"))
def test_html_to_text_golden(raw: str, expected: str) -> None:
    assert html_to_text(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), golden("clean_line"))
def test_clean_line_golden(raw: str, expected: str) -> None:
    assert clean_line(raw) == expected


@pytest.mark.parametrize(("raw", "expected"), golden("clean_paragraphs"))
def test_clean_paragraphs_golden(raw: str, expected: str) -> None:
    assert clean_paragraphs(raw) == expected


@pytest.mark.parametrize(("function", "raw", "expected"), [
    (f, raw, out) for f in ("clean_line", "clean_paragraphs") for raw, out in golden(f)
])  # fmt: skip
def test_golden_outputs_are_fixed_points(function: str, raw: str, expected: str) -> None:
    assert CLEANERS[function](expected) == expected


# ------------------------------------------------------------------ properties
@given(texts)
def test_clean_line_is_idempotent(text: str) -> None:
    once = clean_line(text)
    assert clean_line(once) == once
    assert (
        "  " not in once
        and once == once.strip()
        and not any(c.isspace() and c != " " for c in once)
    )


@given(texts)
def test_clean_paragraphs_is_idempotent(text: str) -> None:
    once = clean_paragraphs(text)
    assert clean_paragraphs(once) == once
    # same words as the one-line form; only paragraph breaks differ
    assert clean_line(once) == clean_line(text)
    assert all(p and p == clean_line(p) for p in once.split("\n\n")) or once == ""


@given(texts)
def test_html_to_text_gives_clean_text(fragment: str) -> None:
    text = html_to_text(fragment)
    assert clean_paragraphs(text) == text


@given(texts)
def test_html_to_text_decodes_escaped_text_exactly_once(text: str) -> None:
    # plain text written into HTML (escaped) comes back as that text, not one level further
    assert html_to_text(html.escape(text)) == clean_paragraphs(text)


printable = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn")), max_size=40)


@given(printable, printable)
def test_html_paragraphs_come_back_as_paragraphs(first: str, second: str) -> None:
    fragment = f"<div><p>{html.escape(first)}</p><p><b>{html.escape(second)}</b></p></div>"
    expected = "\n\n".join(p for p in (clean_line(first), clean_line(second)) if p)
    assert html_to_text(fragment) == expected


# ------------------------------------------------------------------ offers round trip
lines = texts.filter(lambda t: clean_line(t) != "")


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    title=lines,
    description=texts,
    provider=lines,
    target_groups=st.lists(texts, max_size=3),
    prerequisites=texts,
    note=texts,
    municipality=texts,
)
def test_offer_survives_validation_and_a_store_round_trip(
    store: SQLiteStore,
    title: str,
    description: str,
    provider: str,
    target_groups: list[str],
    prerequisites: str,
    note: str,
    municipality: str,
) -> None:
    data = offer_data(
        title=title,
        description=description,
        provider={"name": provider},
        target_groups=target_groups,
        prerequisites=prerequisites,
        prices=[{"amount": "10", "note": note}],
    )
    data["sessions"][0]["location"]["municipality"] = municipality
    offer = Offer.model_validate(data)
    assert offer.title == clean_line(title) and offer.description == clean_paragraphs(description)
    assert Offer.model_validate(offer.model_dump()) == offer
    assert Offer.model_validate_json(offer.model_dump_json()) == offer

    store.upsert_offers([offer])
    stored = store.get_offer(offer.id)
    assert stored is not None
    bookkeeping = {"first_seen", "last_seen"}
    assert stored.offer.model_dump(exclude=bookkeeping) == offer.model_dump(exclude=bookkeeping)
    assert stored.offer.content_hash == offer.content_hash


@pytest.mark.parametrize(
    "text",
    [
        "a &amp;lt; b",
        "&amp;lt;b&amp;gt;",
        "&lt;b&gt;",
        "x < 5 && y > 3",
        "<img src=x onerror=alert(1)> Veilig lassen",
        "<p>Tekst</p>",
    ],
)
def test_plain_text_with_markup_characters_is_stored_unchanged(
    store: SQLiteStore, text: str
) -> None:
    offer = make_offer(title=text, description=f"{text}\n\n{text}")
    assert offer.title == text and offer.description == f"{text}\n\n{text}"
    store.upsert_offers([offer])
    stored = store.get_offer(offer.id)
    assert stored is not None and stored.offer.title == text
    assert stored.offer.description == offer.description
    # and a second round trip changes nothing either
    store.upsert_offers([stored.offer])
    again = store.get_offer(offer.id)
    assert again is not None and again.offer.title == text
