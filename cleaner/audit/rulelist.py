"""`rules list`: every loaded rule with its kind, scope and origin, and its hits in a run's output folder."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cleaner.audit.collect import rule_hits
from cleaner.rules.loader import RulesError, load_rules
from cleaner.rules.model import Rule, Scope

EXIT_OK, EXIT_INVALID = 0, 2


def scope_text(scope: Scope, limit: int = 60) -> str:
    if scope.everywhere:
        return "everywhere"
    parts = []
    if scope.domains:
        parts.append("domains " + ",".join(scope.domains))
    if scope.any_line:
        signature = "|".join(p.source for p in scope.any_line)
        parts.append("lines " + (signature if len(signature) <= limit else signature[: limit - 1] + "…"))
    return "; ".join(parts)


def list_rules(dirs: Sequence[Path], *, builtin: bool, output: Path | None) -> tuple[list[str], int]:
    """A table of rules (with hits when ``output`` is given), then any rule ids seen only in the run (detectors)."""
    try:
        rules = load_rules(dirs, builtin=builtin).rules
    except RulesError as error:
        return [str(error)], EXIT_INVALID
    hits = rule_hits(output) if output is not None else None
    rows = [_row(rule, hits) for rule in rules]
    if hits is not None:
        known = {rule.id for rule in rules}
        rows += [
            [rule, "-", "(not in these rules)", "", str(n), str(c), str(f)]
            for rule, (n, c, f) in sorted(hits.items())
            if rule not in known
        ]
    head = ["id", "kind", "scope", "origin"] + (["hits", "chars", "files"] if hits is not None else [])
    widths = [max(len(row[i]) for row in [head, *rows]) for i in range(len(head))]
    lines = [
        "  ".join(
            cell.ljust(w) if i < 4 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in [head, *rows]
    ]
    if hits is not None:
        unused = sum(1 for rule in rules if rule.id not in hits)
        lines.append(f"{len(rules)} rules; {len(rules) - unused} hit at least once in {output}, {unused} never")
    return lines, EXIT_OK


def _row(rule: Rule, hits: dict[str, tuple[int, int, int]] | None) -> list[str]:
    scope = scope_text(rule.scope) + (", not on extracted text" if rule.skip_on_extracted else "")
    row = [rule.id, rule.kind, scope, _short_origin(rule.origin)]
    if hits is not None:
        n, chars, files = hits.get(rule.id, (0, 0, 0))
        row += [str(n), str(chars), str(files)]
    return row


def _short_origin(origin: str) -> str:
    """``rules/ads.yaml:4`` rather than the absolute path of the shipped packs."""
    name, _, line = origin.rpartition(":")
    path = Path(name)
    return f"{path.parent.name}/{path.name}:{line}" if path.is_absolute() else origin
