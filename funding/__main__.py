"""``python -m funding [FOLDER]``: check a rules folder (default: the packaged rules) and list
its rules with their validity; exit 1 with the file, rule and field of the first bad rule."""

from __future__ import annotations

import sys

from funding.loader import RuleError, load_rules


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    try:
        rules = load_rules(args[0] if args else None)
    except RuleError as exc:
        print(f"invalid rule: {exc}", file=sys.stderr)
        return 1
    for rule in rules:
        until = rule.valid_to.isoformat() if rule.valid_to else "open"
        mark = " (indicative)" if rule.indicative else ""
        print(f"{rule.id} v{rule.version}  {rule.valid_from.isoformat()} .. {until}{mark}")
    print(f"{len(rules)} rules ok")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
