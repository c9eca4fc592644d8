"""The ``between`` kind: everything from a start marker to an end marker (or, with ``to_end``, the text's end)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate
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

    With ``to_end``, a start with no end marker after it runs to the text's end (an HTML
    extractor keeps a comment thread and drops the form that closes it, so the thread is the
    text's last part) when the text's end is near and the start closes an article (``_Tail.closes_article``).
    A second start before the end does not nest: the span runs from the first
    start to the first end after it, so cleaning twice removes nothing more.
    """
    opts: BetweenOptions = rule.options
    lines = doc.lines
    ends = [line.index for line in marker_lines(opts.end, doc)]
    tail: _Tail | None = None
    done = -1
    for start in marker_lines(opts.start, doc):
        i = start.index
        if i <= done:
            continue
        end = next((j for j in ends if i < j <= i + opts.max_lines), None)
        if end is not None:
            yield Removal(i, end, rule.id, f"{rule.reason}: between line {lines[i].number} and {lines[end].number}")
            done = end
        elif opts.to_end and i not in claimed:
            tail = tail or _Tail.of(doc, claimed, ends)
            if tail.closes_article(i, opts.max_lines):
                yield Removal(i, tail.last, rule.id, f"{rule.reason}: line {lines[i].number} to the text's end")
                done = tail.last


@dataclass(frozen=True, slots=True)
class _Tail:
    """What ``to_end`` weighs, counted over the lines no earlier rule removed, so that a second pass over the
    output, where those lines are gone, decides the same: the last such line, the last end marker among them,
    and how many of them (and their words) stand before each line."""

    last: int
    last_end: int
    lines_before: list[int]
    words_before: list[int]
    prose_from: int  # the first such line that reads as prose (past the text when none does)

    @staticmethod
    def of(doc: Document, claimed: Claimed, ends: list[int]) -> _Tail:
        kept = [not line.blank and line.index not in claimed for line in doc.lines]
        lines_before = [0, *accumulate(kept)]
        words_before = [0, *accumulate(line.words * counted for line, counted in zip(doc.lines, kept, strict=True))]
        last = max((i for i, counted in enumerate(kept) if counted), default=-1)
        last_end = max((j for j in ends if kept[j]), default=-1)
        prose_from = next((i for i, c in enumerate(kept) if c and is_prose(doc.lines[i].text)), len(kept))
        return _Tail(last, last_end, lines_before, words_before, prose_from)

    def closes_article(self, start: int, max_lines: int) -> bool:
        """Whether the lines from ``start`` to the text's end are a thread under an article: no end marker after
        it, at most ``max_lines`` of them, a line of prose above it, and fewer words than the lines above (a
        survey's "23 responses to “What would you change?”" heads the answers that are its article, and a post
        titled "3 thoughts on “Succession”" has nothing above it)."""
        if start <= self.last_end or self.prose_from >= start or start > self.last:
            return False
        if self.lines_before[self.last + 1] - self.lines_before[start] > max_lines:
            return False
        above = self.words_before[start]
        return self.words_before[self.last + 1] - above < above
