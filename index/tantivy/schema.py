"""The tantivy schema, its two analysers and the conversion of an index document.

Analysis: ``nl`` = simple tokenizer, lowercase, ASCII folding, Dutch stop words, compound
splitting with the vocabulary's word list, Snowball ``dutch`` stemmer.

Stemmer choice: tantivy's ``dutch`` is the newer Snowball algorithm (Kraaij-Pohlmann based;
Lucene's ``dutch_kp`` gives the same stems, so the OpenSearch mapping uses that). We keep it
over the older ``dutch_porter`` (Lucene's ``dutch``; not in tantivy) because it conflates
plurals our users type: 'cursussen' -> 'cursus' (Porter: 'cursuss' vs 'cursus'), 'lassen' ->
'las'. Its costs: odd stems such as 'ingenieur' -> 'innieur' (harmless: queries are analysed
the same way) and a few over-conflations ('veiligheid' and 'veiling' -> 'veil'), which the
unstemmed ``title_exact`` boost keeps below the exact word.
``nl_exact`` = the same without stop words, compounds and stemming: exact-word boosts and typo
tolerance. tantivy keeps no analyser definitions, so they are registered again on every open,
from the compound words recorded in the index's own meta file (``index.tantivy.builds``), so a
query is analysed exactly as the index it searches was built.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import tantivy

from core.analysis import fold_words
from index.documents import NO_DATE_SORT, NO_PRICE_SORT
from index.hits import HIT_FIELDS
from index.plan import KEYWORD_FIELDS, TYPO_FIELD

# 2: one document per course run (sources, cluster_id, funding_rules); 3: title_parts and
# description_parts (index-side decompounding)
SCHEMA_VERSION = 3
# Facets over fields with several values per document and few values in all are counted on a
# single-valued companion field holding the document's whole set ('blended|classroom'):
# tantivy counts a single-valued fast field about ten times faster than a multi-valued one,
# and a set's count adds to each of its values (``index.tantivy.results``). Builds made
# before these fields (meta ``facet_sets`` missing) are counted on the fields themselves.
SET_FIELDS = (
    "delivery_modes",
    "schedules",
    "funding_schemes",
    "joint_committees",
    "fields_of_education",
    "provinces",
)
SET_SUFFIX = "_set"
SET_SEPARATOR = "\x1f"
DATE_FIELDS = ("start_dates", "session_last_days")


def analyzer(compound_words: list[str], *, stem: bool) -> tantivy.TextAnalyzer:
    """``nl`` (``stem=True``) or ``nl_exact``, as the module docstring describes them."""
    b = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
    b = b.filter(tantivy.Filter.remove_long(40)).filter(tantivy.Filter.lowercase())
    b = b.filter(tantivy.Filter.ascii_fold())
    if stem:
        b = b.filter(tantivy.Filter.stopword("dutch"))
        if compound_words:
            b = b.filter(tantivy.Filter.split_compound(compound_words))
        b = b.filter(tantivy.Filter.stemmer("dutch"))
    return b.build()


def register_analyzers(
    index: tantivy.Index, compound_words: list[str]
) -> tuple[tantivy.TextAnalyzer, tantivy.TextAnalyzer]:
    """Register ``nl`` and ``nl_exact`` on ``index`` (tantivy does not persist them)."""
    nl = analyzer(compound_words, stem=True)
    exact = analyzer(compound_words, stem=False)
    index.register_tokenizer("nl", nl)
    index.register_tokenizer("nl_exact", exact)
    return nl, exact


def schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    for name in KEYWORD_FIELDS:
        if name != "id":
            sb.add_text_field(name, fast=True, tokenizer_name="raw")
    sb.add_text_field("title", stored=True, tokenizer_name="nl")
    sb.add_text_field("description", stored=True, tokenizer_name="nl")
    sb.add_text_field("concept_text", tokenizer_name="nl")
    sb.add_text_field("title_parts", tokenizer_name="nl")
    sb.add_text_field("description_parts", tokenizer_name="nl")
    sb.add_text_field("title_exact", tokenizer_name="nl_exact")
    sb.add_text_field("provider_text", tokenizer_name="nl_exact")
    sb.add_text_field(TYPO_FIELD, tokenizer_name="nl_exact")
    sb.add_text_field("suggest", tokenizer_name="raw")
    for name in SET_FIELDS:
        sb.add_text_field(name + SET_SUFFIX, fast=True, tokenizer_name="raw")
    sb.add_float_field("price_min", indexed=True, fast=True)
    sb.add_float_field("hours", indexed=True, fast=True)
    sb.add_boolean_field("free", indexed=True)
    sb.add_date_field("start_dates", indexed=True)
    sb.add_date_field("session_last_days", indexed=True)
    sb.add_integer_field("sort_start", fast=True)
    sb.add_float_field("sort_price", fast=True)
    sb.add_bytes_field("hit", stored=True)  # the document's HIT_FIELDS as JSON
    sb.add_bytes_field("offer", stored=True)
    return sb.build()


def day(value: date | str) -> datetime:
    """A date field's value (tantivy dates are datetimes)."""
    d = date.fromisoformat(value) if isinstance(value, str) else value
    return datetime(d.year, d.month, d.day, tzinfo=UTC)


def suggest_term(kind: str, text: str, original: str) -> str:
    """One term per suggestion input: kind, folded input (the prefix matched), original text."""
    return f"{kind}:{fold_words(text)}\x1f{original}"


def suggest_original(term: str) -> str:
    """The original text of a ``suggest_term``."""
    return term.split("\x1f", 1)[1]


def value_set(values: list[Any]) -> str:
    """A set field's value: the distinct values, sorted, joined."""
    return SET_SEPARATOR.join(sorted({str(v) for v in values}))


def to_tantivy_document(doc: dict[str, Any], *, facet_sets: bool = True) -> tantivy.Document:
    """The engine-neutral document (``index.documents.build_document``) as tantivy fields;
    without ``facet_sets`` for a build made before the set fields. (A field the build does
    not have, as in a build of an older schema version, is ignored by tantivy.)"""
    fields: dict[str, Any] = {
        "id": doc["id"],
        "title": doc["title"],
        "description": doc["description"],
        "concept_text": " ".join(doc["concept_labels"]),
        "title_parts": doc.get("title_parts", ""),
        "description_parts": doc.get("description_parts", ""),
        "title_exact": doc["title"],
        "provider_text": doc["provider"],
        TYPO_FIELD: [doc["title"], doc["description"]],
        "suggest": [
            *(suggest_term("title", s, doc["title"]) for s in doc["suggest"]["title"]),
            *(suggest_term("provider", p, p) for p in doc["suggest"]["provider"]),
            *(suggest_term("concept", c, c) for c in doc["suggest"]["concept"]),
        ],
        "free": doc["free"],
        "sort_start": (
            date.fromisoformat(doc["next_start"]) if doc["next_start"] else NO_DATE_SORT
        ).toordinal(),
        "sort_price": doc["price_min"] if doc["price_min"] is not None else NO_PRICE_SORT,
        "hit": json.dumps({k: doc[k] for k in HIT_FIELDS}).encode(),
        "offer": doc["offer_json"].encode(),
    }
    for name in KEYWORD_FIELDS:
        if name == "id":
            continue
        value = doc[name]
        if value is None or value == []:
            continue
        fields[name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    for name in SET_FIELDS if facet_sets else ():
        if doc[name]:
            fields[name + SET_SUFFIX] = value_set(doc[name])
    for name in ("price_min", "hours"):
        if doc[name] is not None:
            fields[name] = float(doc[name])
    for name in DATE_FIELDS:
        if doc[name]:
            fields[name] = [day(d) for d in doc[name]]
    return tantivy.Document(**fields)
