"""The ``block`` kind: a marker and the short lines of its paragraph (an author box, a byline box)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cleaner.document import Document, Removal
from cleaner.rules.kinds.common import (
    Claimed,
    compile_patterns,
    marker_lines,
    short,
)
from cleaner.rules.model import Rule
from cleaner.rules.regex import Pattern


@dataclass(frozen=True, slots=True)
class BlockOptions:
    marker: Pattern
    max_words: int
    above: bool = True  # short lines above the marker go too (a byline box's name over "Updated:")


def compile_block(options: dict[str, Any], ignore_case: bool) -> BlockOptions:
    return BlockOptions(
        compile_patterns(options["marker"], ignore_case), options.get("max_words", 6), options.get("above", True)
    )


def find_block(rule: Rule, doc: Document, claimed: Claimed) -> Iterator[Removal]:
    """A marker line takes the short lines next to it in its paragraph (bylines, author boxes).

    Only the unbroken run of short lines around the marker: text without blank lines (an extractor's
    output) is one paragraph, and a "Last updated" at its end took a contents list's lines with it.
    With ``above: false`` only the lines below it: a heading over a list ("Tags"), not a box's label.
    """
    opts: BlockOptions = rule.options
    done = -1
    for marker in marker_lines(opts.marker, doc):
        block = doc.block_of(marker.index)
        if block is None or marker.index <= done:
            continue
        first = last = marker.index
        while opts.above and first > max(block.first, done + 1) and short(doc.lines[first - 1], opts.max_words):
            first -= 1
        while last < block.last and short(doc.lines[last + 1], opts.max_words):
            last += 1
        done = last
        for line in doc.lines[first : last + 1]:
            if line.index not in claimed:
                evidence = f"{rule.reason}: short line next to {marker.bare!r} (line {marker.number})"
                yield Removal(line.index, line.index, rule.id, evidence)
