"""The schema files the package ships are the official ones, unchanged and complete."""

from __future__ import annotations

import re
from pathlib import Path

from europass.validation import LOQ_XSD
from europass.vocabularies import SCHEMA_DIR

INCLUDE = re.compile(r'schemaLocation="([^"]+)"')


def referenced(root: Path) -> set[Path]:
    """loq.xsd and every file it includes or imports, transitively (relative to ``root``)."""
    seen: set[Path] = set()
    todo = [Path("loq.xsd")]
    while todo:
        rel = todo.pop()
        if rel in seen:
            continue
        seen.add(rel)
        for location in INCLUDE.findall((root / rel).read_text(encoding="utf-8")):
            todo.append(Path(*(rel.parent / location).parts))
    return {Path(p.as_posix().replace("cv/../", "").replace("external/../", "")) for p in seen}


def test_every_file_loq_xsd_needs_is_shipped_with_the_licence():
    needed = referenced(SCHEMA_DIR)
    assert len(needed) == 35
    assert all((SCHEMA_DIR / rel).is_file() for rel in needed)
    assert (
        (SCHEMA_DIR / "LICENSE")
        .read_text(encoding="utf-8")
        .startswith("European Union Public Licence")
    )
    assert LOQ_XSD == SCHEMA_DIR / "loq.xsd"


def test_shipped_files_are_the_shared_files_byte_for_byte(shared_loq):
    shipped = sorted(p.relative_to(SCHEMA_DIR) for p in SCHEMA_DIR.rglob("*.xsd"))
    assert shipped
    for rel in shipped:
        assert (SCHEMA_DIR / rel).read_bytes() == (shared_loq / rel).read_bytes(), rel
    licence = shared_loq.parents[1] / "license"
    assert (SCHEMA_DIR / "LICENSE").read_bytes() == licence.read_bytes()


def test_the_official_samples_validate_against_the_shipped_schema(shared_loq):
    from europass import validation_errors

    for sample in ("loq.xml", "loq_withLearningAchievementSpecification.xml"):
        assert validation_errors(shared_loq / sample) == []
