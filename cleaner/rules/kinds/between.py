"""The ``between`` kind: everything from a start marker to an end marker, both required."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cleaner.document import Document, Removal
from cleaner.rules.kinds.common import (
    Claimed,
    compile_patterns,
    marker_lines,
)
from cleaner.rules.model import Rule
from cleaner.rules.regex import Pattern


@dataclass(frozen=True, slots=True)
class BetweenOptions:
    start: Pattern
    end: Pattern
    max_lines: int


def compile_between(options: dict[str, Any], ignore_case: bool) -> BetweenOptions:
    return BetweenOptions(
        compile_patterns(options["start"], ignore_case),
        compile_patterns(options["end"], ignore_case),
        options.get("max_lines", 50),
    )


def find_between(rule: Rule, doc: Document, claimed: Claimed) -> Iterator[Removal]:
    """Start marker through end marker, inclusive; nothing when the end is not near.

    A second start before the end does not nest: the span runs from the first
    start to the first end after it, so cleaning twice removes nothing more.
    """
    opts: BetweenOptions = rule.options
    lines = doc.lines
    ends = [line.index for line in marker_lines(opts.end, doc)]
    done = -1
    for start in marker_lines(opts.start, doc):
        i = start.index
        if i <= done:
            continue
        end = next((j for j in ends if i < j <= i + opts.max_lines), None)
        if end is not None:
            yield Removal(i, end, rule.id, f"{rule.reason}: between line {lines[i].number} and {lines[end].number}")
            done = end
