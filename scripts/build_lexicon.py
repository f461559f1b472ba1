#!/usr/bin/env python3
"""Write index/data/lexicon_nl.txt: the 60,000 most frequent Dutch words of ``wordfreq``
(letters only, 3+), most frequent first, one a line: the lexicon that splits compounds and
corrects spelling (``index.query_words``). Shipped as package data so that no search waits
for wordfreq's full frequency table to load.

    .venv/bin/pip install 'wordfreq>=3.1,<4' && .venv/bin/python scripts/build_lexicon.py
"""

from __future__ import annotations

from pathlib import Path

from wordfreq import top_n_list

OUT = Path(__file__).resolve().parents[1] / "index" / "data" / "lexicon_nl.txt"
WORDS = 60_000


def main() -> None:
    words = [w for w in top_n_list("nl", WORDS) if w.isalpha() and len(w) >= 3]
    OUT.write_text("\n".join(words) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(words)} words")


if __name__ == "__main__":
    main()
