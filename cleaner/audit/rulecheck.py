"""`rules check` and `rules test`: every error of every rule file as file:line, every failing example as a diff."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from pathlib import Path

from cleaner.audit.colour import Painter
from cleaner.rules.examples import ExampleFailure, check_examples
from cleaner.rules.loader import builtin_rules_dir, check_files, empty_folders, load_file, rule_files

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2


def files_of(dirs: Sequence[Path]) -> tuple[list[Path], list[str]]:
    """The rule files named or found in ``dirs`` (the shipped rules when none), and the paths that hold none."""
    dirs = list(dirs) or [builtin_rules_dir()]
    missing = [f"{d}:1: no such file or folder" for d in dirs if not d.exists()]
    missing += [str(error) for error in empty_folders(dirs)]
    return rule_files([d for d in dirs if d.exists()]), missing


def check(dirs: Sequence[Path], *, builtin: bool = True) -> tuple[list[str], bool]:
    """Printable lines and whether every file is valid.

    Given files are checked after the built-in packs (unless ``builtin`` is False),
    as ``clean --rules`` loads them, so an id a built-in rule has is an error here too.
    """
    files, missing = files_of(dirs)
    shipped = rule_files([builtin_rules_dir()]) if builtin and dirs else []
    errors = missing + [str(error) for error in check_files(rule_files([*shipped, *files]))]
    if errors:
        return [*errors, f"{len(errors)} error{'s' * (len(errors) != 1)} in {len(files)} rule files"], False
    if not files:
        return ["no rule files found"], False
    rules = sum(len(load_file(f)[0]) for f in files)
    alongside = " alongside the built-in rules" if shipped else ""
    return [f"{len(files)} rule files, {rules} rules: all valid{alongside}"], True


def run_examples(dirs: Sequence[Path], only: set[str], paint: Painter) -> tuple[list[str], int]:
    """Every rule's examples; exit 1 when one fails, 2 when a file is invalid (its rules cannot run)."""
    files, missing = files_of(dirs)
    errors = missing + [str(error) for error in check_files(files)]
    if errors:
        return [*errors, "rule files are invalid: fix them first (cleaner rules check)"], EXIT_INVALID
    rules = [rule for f in files for rule in load_file(f)[0] if not only or rule.id in only]
    lines: list[str] = []
    failed = examples = 0
    for rule in rules:
        examples += len(rule.examples)
        for failure in check_examples(rule):
            failed += 1
            lines.extend(failure_diff(failure, paint))
    untested = [rule.id for rule in rules if not rule.examples]
    if untested:
        lines.append(paint(f"{len(untested)} rules have no examples: {', '.join(untested)}", "yellow"))
    lines.append(f"{len(rules)} rules, {examples} examples: {examples - failed} passed, {failed} failed")
    return lines, EXIT_FAILED if failed else EXIT_OK


def failure_diff(failure: ExampleFailure, paint: Painter) -> list[str]:
    """The example's expected clean text against what the rule left, as a unified diff."""
    text_lines = failure.example.text.split("\n")
    expected = _without(text_lines, failure.example.remove)
    actual = _without(text_lines, failure.removed)
    head = paint(f"{failure.origin}: rule {failure.rule!r}: example failed", "bold")
    body = []
    for line in list(difflib.unified_diff(expected, actual, "expected", "actual", lineterm="", n=len(text_lines)))[2:]:
        colour = {"+": "green", "-": "red", "@": "cyan"}.get(line[:1])
        body.append("  " + (paint(line, colour) if colour else line))
    notes = failure.describe().split("\n")[1 + len(text_lines) :]  # "should remove but kept: …" lines
    return [
        head,
        paint("  --- expected (the example)", "red"),
        paint("  +++ actual (what the rule left)", "green"),
        *body,
        *notes,
    ]


def _without(lines: list[str], removed: Sequence[str]) -> list[str]:
    """``lines`` less one occurrence of each removed line (compared without trailing space)."""
    left = [ln.rstrip() for ln in removed if ln.strip()]
    kept = []
    for line in lines:
        if line.strip() and line.rstrip() in left:
            left.remove(line.rstrip())
        else:
            kept.append(line)
    return kept
