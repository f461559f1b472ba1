"""The query plan (``index.plan``) as tantivy queries: pure translation, nothing decided here.

Every function takes the opened build (its schema and the analysers it was built with) and
returns a ``tantivy.Query``; user text reaches tantivy only as analysed terms and phrases.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import tantivy

from index.plan import (
    BOOST_CONCEPT_LABELS,
    BOOST_CONCEPT_MATCH,
    BOOST_DESCRIPTION,
    BOOST_FULL_MATCH,
    BOOST_LANGUAGE,
    BOOST_PLACE,
    BOOST_PROVIDER,
    BOOST_SYNONYM,
    BOOST_TITLE,
    BOOST_TITLE_EXACT,
    BOOST_TITLE_PARTS,
    TIE_BREAKER,
    TYPO_FIELD,
    AnyOf,
    Filter,
    Flag,
    Range,
    Terms,
    TextPlan,
    Unit,
    typo_distance,
)
from index.tantivy.builds import Opened
from index.tantivy.schema import DATE_FIELDS, day

Occur = tantivy.Occur
SYNONYM_FIELDS = (
    ("title", BOOST_TITLE),
    ("description", BOOST_DESCRIPTION),
    ("description_parts", BOOST_DESCRIPTION),
)
Query = tantivy.Query


def term(opened: Opened, field: str, value: Any) -> Query:
    return Query.term_query(opened.schema, field, value)


def field_query(opened: Opened, field: str, tokens: Sequence[str]) -> Query | None:
    """One token as a term, several all required (in order scores more); nothing for none,
    nor for a field the build does not have (a build of an older schema version)."""
    if not tokens or field not in opened.fields:
        return None
    if len(tokens) == 1:
        return term(opened, field, tokens[0])
    # every token must match; in order (a phrase) scores more. Not a phrase alone: the parts
    # of a split compound ('basisvaardigheden') do not take positions as separate words do
    # the stub says list[str | tuple[int, str]]; a list is invariant, so give it that type
    words: list[str | tuple[int, str]] = list(tokens)
    clauses = [(Occur.Must, term(opened, field, t)) for t in dict.fromkeys(tokens)]
    clauses.append((Occur.Should, Query.phrase_query(opened.schema, field, words)))
    return Query.boolean_query(clauses)


def unit_query(opened: Opened, unit: Unit, fuzzy: bool) -> Query | None:
    """One unit of the plan: its words in any text field (best field wins), a synonym, or
    a concept it names; the exact title word as a bonus; a typo when ``fuzzy``."""
    stems = list(opened.nl.analyze(unit.text)) if unit.text else []
    exact = list(opened.exact.analyze(unit.text))
    alternatives: list[Query] = []

    def add(q: Query | None, boost: float) -> None:
        if q is not None:
            alternatives.append(Query.boost_query(q, boost))

    if stems:
        add(field_query(opened, "title", stems), BOOST_TITLE)
        add(field_query(opened, "title_parts", stems), BOOST_TITLE_PARTS)
        add(field_query(opened, "description", stems), BOOST_DESCRIPTION)
        add(field_query(opened, "description_parts", stems), BOOST_DESCRIPTION)
        add(field_query(opened, "concept_text", stems), BOOST_CONCEPT_LABELS)
    add(field_query(opened, "provider_text", exact), BOOST_PROVIDER)
    for synonym in sorted(unit.synonyms):
        syn_stems = list(opened.nl.analyze(synonym))
        for field, boost in SYNONYM_FIELDS:
            add(field_query(opened, field, syn_stems), boost * BOOST_SYNONYM)
    if unit.concepts:
        concept_q = Query.term_set_query(opened.schema, "concepts", sorted(unit.concepts))
        add(Query.const_score_query(concept_q, 1.0), BOOST_CONCEPT_MATCH)
    if (fuzzy or unit.fuzzy) and len(unit.words) == 1:
        word = exact[0] if exact else ""
        distance = typo_distance(word)
        if distance:
            add(
                Query.fuzzy_term_query(opened.schema, TYPO_FIELD, word, distance),
                BOOST_DESCRIPTION,
            )
    if not alternatives:
        return None  # nothing left to match (the planner already dropped stop words)
    best = Query.disjunction_max_query(alternatives, TIE_BREAKER)
    exact_q = field_query(opened, "title_exact", exact)
    if exact_q is None:
        return best
    # the exact (unstemmed) title word is a bonus on top: it outranks a stem sibling
    bonus = Query.boost_query(exact_q, BOOST_TITLE_EXACT)
    return Query.boolean_query([(Occur.Must, best), (Occur.Should, bonus)])


def text_query(opened: Opened, plan: TextPlan, *, fuzzy: bool = False) -> Query | None:
    """Every unit must match (a relaxed plan: any, more matched units ranking higher, a full
    match above all); None when nothing is left to match. A place named in the text lifts
    the offers given there."""
    units = [q for u in plan.units if (q := unit_query(opened, u, fuzzy)) is not None]
    if not units:
        return None
    if len(units) == 1:
        core = units[0]
    elif plan.relaxed:
        full = Query.boolean_query([(Occur.Must, q) for q in units])
        clauses = [(Occur.Should, Query.boost_query(full, BOOST_FULL_MATCH))]
        core = Query.boolean_query(clauses + [(Occur.Should, q) for q in units])
    else:
        core = Query.boolean_query([(Occur.Must, q) for q in units])
    lifts = []
    if plan.place is not None:
        here = Query.term_set_query(opened.schema, "municipalities", [plan.place.id])
        lifts.append(Query.boost_query(Query.const_score_query(here, 1.0), BOOST_PLACE))
    if plan.language is not None:
        same = Query.term_set_query(opened.schema, "languages", [plan.language])
        lifts.append(Query.boost_query(Query.const_score_query(same, 1.0), BOOST_LANGUAGE))
    if not lifts:
        return core
    return Query.boolean_query([(Occur.Must, core), *((Occur.Should, q) for q in lifts)])


def filter_query(opened: Opened, flt: Filter) -> Query:
    schema = opened.schema
    if isinstance(flt, Terms):
        return Query.term_set_query(schema, flt.field, list(flt.values))
    if isinstance(flt, Flag):
        return Query.term_query(schema, flt.field, flt.value)
    if isinstance(flt, AnyOf):
        options = [(Occur.Should, filter_query(opened, o)) for o in flt.options]
        return Query.boolean_query(options)
    return range_query(opened, flt)


def range_query(opened: Opened, flt: Range) -> Query:
    if flt.field in DATE_FIELDS:
        return Query.range_query(
            opened.schema,
            flt.field,
            tantivy.FieldType.Date,
            day(flt.low) if flt.low is not None else None,
            day(flt.high) if flt.high is not None else None,
        )
    return Query.range_query(
        opened.schema,
        flt.field,
        tantivy.FieldType.Float,
        float(flt.low) if flt.low is not None else None,
        float(flt.high) if flt.high is not None else None,
    )


def combine(opened: Opened, text_q: Query | None, filters: Sequence[Filter]) -> Query:
    """The text (everything without one) and the filters, which do not score."""
    clauses = [(Occur.Must, text_q if text_q is not None else Query.all_query())]
    for flt in filters:
        clauses.append((Occur.Must, Query.const_score_query(filter_query(opened, flt), 0.0)))
    if len(clauses) == 1:
        return clauses[0][1]
    return Query.boolean_query(clauses)
