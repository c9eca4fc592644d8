"""The ``head`` kind: chrome from the top of the page to a marker before the title."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cleaner.document import Document, Removal
from cleaner.rules.kinds.common import (
    Claimed,
    compile_patterns,
    short,
    whole,
)
from cleaner.rules.model import Rule
from cleaner.rules.regex import Pattern


@dataclass(frozen=True, slots=True)
class HeadOptions:
    start: Pattern
    end: Pattern | None
    within: int
    max_lines: int
    max_words: int


def compile_head(options: dict[str, Any], ignore_case: bool) -> HeadOptions:
    end = options.get("end")
    return HeadOptions(
        compile_patterns(options["start"], ignore_case),
        compile_patterns(end, ignore_case) if end else None,
        options.get("within", 5),
        options.get("max_lines", 25),
        options.get("max_words", 8),
    )


def find_head(rule: Rule, doc: Document, claimed: Claimed) -> Iterator[Removal]:
    """Chrome before the title: from the top through the end marker or the marker's paragraph.

    The marker must be among the first ``within`` non-blank lines, and every
    line removed must be short or already claimed; otherwise nothing is removed.
    """
    opts: HeadOptions = rule.options
    content = [line for line in doc.lines if not line.blank]
    marker = next((line for line in content[: opts.within] if whole(opts.start, line)), None)
    if marker is None:
        return
    last = _head_end(doc, marker.index, opts)
    if last is None:
        return
    if all(i in claimed or short(doc.lines[i], opts.max_words) for i in range(last + 1) if not doc.lines[i].blank):
        yield Removal(0, last, rule.id, f"{rule.reason}: page chrome from the top to line {doc.lines[last].number}")


def _head_end(doc: Document, marker: int, opts: HeadOptions) -> int | None:
    """The last line of the chrome: the marker's paragraph, or the last end marker before content."""
    limit = min(len(doc.lines), opts.max_lines)
    if opts.end is None:
        block = doc.block_of(marker)
        return block.last if block and block.last < limit else None
    last = None
    for i in range(marker, limit):
        line = doc.lines[i]
        if not line.blank and not short(line, opts.max_words):
            break  # content starts: the chrome is above it
        if whole(opts.end, line):
            last = i
    return last
