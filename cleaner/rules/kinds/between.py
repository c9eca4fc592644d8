"""The ``between`` kind: everything from a start marker to an end marker (or, with ``to_end``, the text's end)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cleaner.document import Document, Removal
from cleaner.lineshape import is_prose
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
    to_end: bool  # with no end marker near, the text's end closes the span (an extractor's output ends there)


def compile_between(options: dict[str, Any], ignore_case: bool) -> BetweenOptions:
    return BetweenOptions(
        compile_patterns(options["start"], ignore_case),
        compile_patterns(options["end"], ignore_case),
        options.get("max_lines", 50),
        options.get("to_end", False),
    )


def find_between(rule: Rule, doc: Document, claimed: Claimed) -> Iterator[Removal]:
    """Start marker through end marker, inclusive; nothing when the end is not near.

    With ``to_end``, a start with no end marker after it, within ``max_lines`` of the
    text's last line and under a line of prose (the article it closes: a post titled
    "3 thoughts on “Succession”" is no thread), runs to that line: an HTML extractor keeps a
    comment thread and drops the form that closes it, so the thread is the text's last part.
    A second start before the end does not nest: the span runs from the first
    start to the first end after it, so cleaning twice removes nothing more.
    """
    opts: BetweenOptions = rule.options
    lines = doc.lines
    ends = [line.index for line in marker_lines(opts.end, doc)]
    last = next((line.index for line in reversed(lines) if not line.blank), -1)
    done = -1
    for start in marker_lines(opts.start, doc):
        i = start.index
        if i <= done:
            continue
        end = next((j for j in ends if i < j <= i + opts.max_lines), None)
        if end is not None:
            yield Removal(i, end, rule.id, f"{rule.reason}: between line {lines[i].number} and {lines[end].number}")
            done = end
        elif opts.to_end and not any(j > i for j in ends) and last - i <= opts.max_lines and _prose_above(doc, i):
            yield Removal(i, last, rule.id, f"{rule.reason}: line {lines[i].number} to the text's end")
            done = last


def _prose_above(doc: Document, index: int) -> bool:
    return any(is_prose(line.text) for line in doc.lines[:index])
