from __future__ import annotations

import csv
import io
import json

from hypothesis import given
from hypothesis import strategies as st

from reports.table import Report, Table, csv_cell

cells = st.one_of(
    st.none(),
    st.integers(min_value=-(10**9), max_value=10**9),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
)


@given(st.lists(st.tuples(cells, cells), max_size=20))
def test_csv_reads_back_as_the_json_says(pairs) -> None:
    table = Table("t", {"nl": "t"}, ["a", "b"], [{"a": a, "b": b} for a, b in pairs])
    report = Report("r", {"nl": "r"}, {}, [table])
    rows = json.loads(report.to_json())["tables"]["t"]["rows"]
    parsed = list(csv.reader(io.StringIO(table.to_csv(), newline="")))
    assert parsed[0] == ["a", "b"]
    assert parsed[1:] == [[csv_cell(r["a"]), csv_cell(r["b"])] for r in rows]


def test_spreadsheet_formulas_in_text_are_defused() -> None:
    table = Table("t", {}, ["title", "n"], [{"title": '=HYPERLINK("x")', "n": -3}])
    assert table.to_csv().splitlines()[1] == '"\'=HYPERLINK(""x"")",-3'
    assert csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_cell(-3) == "-3"  # numbers stay numbers
