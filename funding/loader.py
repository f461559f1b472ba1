"""Reading the rule files. A bad rule is reported with its file, its id (or position) and the
field that is wrong; no rule set is half-loaded."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from catalogue.model import error_fields
from funding.schema import Rule

RULES_PACKAGE = "funding"
RULES_FOLDER = "rules"


class RuleError(ValueError):
    """A rule file that cannot be used: where (file, rule) and why."""

    def __init__(self, file: str, rule: str | None, reason: str) -> None:
        self.file, self.rule, self.reason = file, rule, reason
        where = f"{file}, rule {rule}" if rule else file
        super().__init__(f"{where}: {reason}")


def _describe(exc: ValidationError) -> str:
    parts = []
    for error, path in zip(exc.errors(), error_fields(exc), strict=True):
        parts.append(f"{path}: {error['msg']}")
    return "; ".join(parts)


def parse_rules(text: str, file: str) -> list[Rule]:
    """The rules of one YAML document (a mapping with a ``rules`` list)."""
    try:
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RuleError(file, None, f"not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list) or not data["rules"]:
        raise RuleError(file, None, "expected a mapping with a non-empty 'rules' list")
    extra = set(data) - {"rules"}
    if extra:
        raise RuleError(file, None, f"unknown top-level key(s) {sorted(extra)}")
    rules = []
    for position, raw in enumerate(data["rules"], start=1):
        name = raw.get("id") if isinstance(raw, dict) else None
        label = f"{name!r} (#{position})" if name else f"#{position}"
        try:
            rules.append(Rule.model_validate(raw))
        except ValidationError as exc:
            raise RuleError(file, label, _describe(exc)) from exc
    return rules


def check_rule_set(rules: Iterable[tuple[str, Rule]]) -> None:
    """Across files: one (id, version) once; versions of one id must not overlap in time."""
    by_id: dict[str, list[tuple[str, Rule]]] = {}
    for file, rule in rules:
        by_id.setdefault(rule.id, []).append((file, rule))
    for rule_id, versions in by_id.items():
        versions.sort(key=lambda fr: (fr[1].valid_from, fr[1].version))
        seen: set[int] = set()
        for file, rule in versions:
            if rule.version in seen:
                raise RuleError(file, repr(rule_id), f"version {rule.version} is defined twice")
            seen.add(rule.version)
        for (_, earlier), (file, later) in itertools.pairwise(versions):
            if earlier.valid_to is None or earlier.valid_to >= later.valid_from:
                raise RuleError(
                    file,
                    repr(rule_id),
                    f"version {later.version} overlaps version {earlier.version} in time",
                )


def load_rules(folder: str | Path | None = None) -> tuple[Rule, ...]:
    """Every rule of every ``*.yaml`` file in ``folder`` (default: the packaged rules),
    sorted by priority and id."""
    if folder is None:
        root: Any = resources.files(RULES_PACKAGE) / RULES_FOLDER
    else:
        root = Path(folder)
        if not root.is_dir():
            raise RuleError(str(folder), None, "no such rules folder")
    loaded: list[tuple[str, Rule]] = []
    files = sorted((e for e in root.iterdir() if e.name.endswith((".yaml", ".yml"))), key=str)
    for entry in files:
        name = f"{RULES_FOLDER}/{entry.name}" if folder is None else str(entry)
        loaded.extend((name, rule) for rule in parse_rules(entry.read_text("utf-8"), name))
    if not loaded:
        raise RuleError(str(folder or RULES_FOLDER), None, "no rule files found")
    check_rule_set(loaded)
    return tuple(sorted((r for _, r in loaded), key=lambda r: (r.priority, r.id, r.version)))


@cache
def default_rules() -> tuple[Rule, ...]:
    """The packaged rules, loaded once per process."""
    return load_rules()
