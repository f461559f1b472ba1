from __future__ import annotations

import pytest

from reports.shortage import EXAMPLE, ShortageListError, parse_shortage_list, read_shortage_list
from reports.vocabulary import ESCO_OCCUPATION_PREFIX, TaxonomyVocabulary
from tests.reports.catalogue import BOEKHOUDER, LASSER, VOCABULARY


def test_parse_resolves_competent_codes_and_reports_bad_rows() -> None:
    text = "\n".join(
        [
            "# knelpuntberoepen",
            "Occupation,Weight,label",
            f"{LASSER},3,lasser",
            "op-5,,boekhouder",
            f"{LASSER},veel,",
            "OP-999,1,",
            "lasser,1,",
            "",
            f"{LASSER},-1,",
        ]
    )
    parsed = parse_shortage_list(text, VOCABULARY)
    assert [(e.reference, e.occupations, e.weight, e.label) for e in parsed.entries] == [
        (LASSER, (LASSER,), 3.0, "lasser"),
        ("op-5", (BOEKHOUDER,), 1.0, "boekhouder"),
    ]
    assert parsed.problems == [
        "line 5: weight 'veel' is not a number",
        "line 6: Competent code OP-999 maps to no ESCO occupation",
        "line 7: 'lasser' is neither an ESCO occupation URI"
        " (http://data.europa.eu/esco/occupation/…) nor a Competent code (OP-…)",
        "line 9: weight must be a number ≥ 0, not -1",
    ]


def test_a_list_without_occupation_column_or_rows_is_refused() -> None:
    with pytest.raises(ShortageListError, match="column named occupation"):
        parse_shortage_list("beroep,gewicht\nlasser,1\n", VOCABULARY)
    with pytest.raises(ShortageListError, match="no usable row"):
        parse_shortage_list("occupation\nOP-999\n", VOCABULARY)


def test_the_shipped_example_names_real_esco_occupations(esco_taxonomy) -> None:
    parsed = read_shortage_list(EXAMPLE, TaxonomyVocabulary(esco_taxonomy))
    assert parsed.problems == []
    assert len(parsed.entries) >= 8
    names = set()
    for entry in parsed.entries:
        for reference in entry.occupations:
            concept = esco_taxonomy.get(reference) or esco_taxonomy.get(
                esco_taxonomy.resolve(reference) or ""
            )
            assert concept is not None and concept.type == "occupation", reference
            assert (esco_taxonomy.uri(concept.id) or "").startswith(ESCO_OCCUPATION_PREFIX)
            names.add(concept.label("nl"))
    assert {"lasser", "boekhouder", "vrachtwagenchauffeur", "heftruckchauffeur"} <= names
