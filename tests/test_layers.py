"""The house holds: every top-level package imports only packages of a lower layer (imports
inside functions count too), nothing in production reads ``tests/``, no module over 600 lines.

The layers, lowest first (CONTRIBUTING.md draws them). Packages of one layer do not import each
other. A new top-level package fails here until it is given its place.
"""

from __future__ import annotations

import ast
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS: list[set[str]] = [
    {"core"},  # settings, text analysis (fold, stem, decompound, LANGUAGES)
    {"catalogue"},  # the domain model, ids, crawl-run rules, the catalogue store
    {"taxonomy"},  # ESCO, ISCED-F, the Flemish layer, the tagger
    {"dedup"},  # duplicate clusters across sources
    {"crawlers", "funding"},  # sources → offers; funding rules and the eligibility engine
    {"index"},  # the search engines behind one query model
    {"demand", "europass"},  # the search demand log; the ELM export
    {"reports"},  # coordinator reports (pure functions over the store and the index)
    {"web"},  # Flask: API, pages, dashboard
    {"leeraanbod"},  # the command line
]
RANK = {package: rank for rank, layer in enumerate(LAYERS) for package in layer}
MAX_LINES = 600


@dataclass(frozen=True)
class Import:
    path: Path
    line: int
    target: str


def packages() -> list[str]:
    return sorted(
        p.name for p in ROOT.iterdir() if (p / "__init__.py").is_file() and p.name != "tests"
    )


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def imports(path: Path) -> list[Import]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [Import(path, node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append(Import(path, node.lineno, node.module.split(".")[0]))
    return found


def where(item: Import) -> str:
    return f"{item.path.relative_to(ROOT)}:{item.line} imports {item.target}"


def test_every_package_has_a_layer() -> None:
    assert set(packages()) - set(RANK) == set(), "give the new package its place in LAYERS"


@pytest.mark.parametrize("package", packages())
def test_a_package_imports_only_lower_layers(package: str) -> None:
    upward = [
        where(item)
        for path in modules(package)
        for item in imports(path)
        if item.target in RANK and item.target != package and RANK[item.target] >= RANK[package]
    ]
    assert upward == []


@pytest.mark.parametrize("package", packages())
def test_production_never_reads_tests(package: str) -> None:
    readers = []
    for path in modules(package):
        readers += [where(item) for item in imports(path) if item.target == "tests"]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and (text == "tests" or text.startswith("tests/")):
                readers.append(f"{path.relative_to(ROOT)}:{node.lineno} names {text!r}")
    assert readers == []


def test_no_module_is_over_600_lines() -> None:
    big = [
        f"{path.relative_to(ROOT)} ({lines} lines)"
        for package in packages()
        for path in modules(package)
        if (lines := path.read_text(encoding="utf-8").count("\n")) > MAX_LINES
    ]
    assert big == []


def test_the_checker_sees_an_upward_import(tmp_path: Path) -> None:
    """The check can fail: an import inside a function is found like one at the top."""
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from web.app import x\n    import index.query\n")
    assert [i.target for i in imports(module)] == ["web", "index"]


def test_every_package_is_installed_and_type_checked() -> None:
    """A new package is in the wheel (setuptools include) and in the type check (mypy)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    included = {p.rstrip("*") for p in config["tool"]["setuptools"]["packages"]["find"]["include"]}
    assert set(packages()) - included == set()
    assert set(config["tool"]["mypy"]["packages"]) == set(packages())
