"""The ``line`` kind: a line that a pattern matches, whole, as a prefix or anywhere."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cleaner.document import Document, Removal
from cleaner.rules.kinds.common import (
    Claimed,
    compile_patterns,
)
from cleaner.rules.model import Rule
from cleaner.rules.regex import Pattern


@dataclass(frozen=True, slots=True)
class LineOptions:
    regex: Pattern
    match: str
    max_words: int | None


def compile_line(options: dict[str, Any], ignore_case: bool) -> LineOptions:
    literal = "literal" in options
    regex = compile_patterns(options["literal" if literal else "pattern"], ignore_case, literal)
    return LineOptions(regex, options.get("match", "whole"), options.get("max_words"))


def find_line(rule: Rule, doc: Document, claimed: Claimed) -> Iterator[Removal]:
    opts: LineOptions = rule.options
    test = {"whole": opts.regex.fullmatch, "prefix": opts.regex.match, "contains": opts.regex.search}[opts.match]
    for line in doc.lines:
        if line.blank or line.index in claimed:
            continue
        if opts.max_words and line.words > opts.max_words:
            continue
        if test(line.bare):
            yield Removal(line.index, line.index, rule.id, f"{rule.reason}: line matches ({opts.match})")
