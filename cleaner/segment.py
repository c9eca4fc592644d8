"""Split a source text into normalised lines and paragraphs, each with source offsets."""

from __future__ import annotations

import re
from collections.abc import Iterator

from cleaner.document import Block, Document, Line
from cleaner.lineshape import bare
from cleaner.normalise import line_normaliser

# Unicode line terminators too: a scraper that kept U+2028 meant a line break.
LINE_BREAK = re.compile("\r\n|[\r\n\u2028\u2029\x85]")


def source_lines(source: str, first_line: int = 1) -> Iterator[tuple[int, int, int]]:
    """Yield (number, start, end) for each source line, numbered from ``first_line``; ``end`` excludes the break."""
    for number, start, text in _numbered(source, first_line):
        yield number, start, start + len(text)


# The breaks besides "\n": a text without any (most are) is split by str.split, without a match object a line.
_OTHER_BREAKS = re.compile("[\r\u2028\u2029\x85]")


def _numbered(source: str, first_line: int) -> Iterator[tuple[int, int, str]]:
    """(number, start, text) of each source line, as ``source_lines`` cuts them."""
    if _OTHER_BREAKS.search(source):
        start = 0
        number = first_line
        for match in LINE_BREAK.finditer(source):
            yield number, start, source[start : match.start()]
            start = match.end()
            number += 1
        if start < len(source):
            yield number, start, source[start:]
        return
    pieces = source.split("\n")
    if not pieces[-1]:
        pieces.pop()  # after the last break there is no line
    start = 0
    for number, text in enumerate(pieces, first_line):
        yield number, start, text
        start += len(text) + 1


def line_breaks(text: str) -> int:
    """How many line breaks ``text`` holds: a window counts its lines by the breaks ``source_lines`` cuts at."""
    return sum(1 for _ in LINE_BREAK.finditer(text))


def segment(source: str, *, url: str | None = None, first_line: int = 1) -> Document:
    """Normalise ``source`` line by line and collapse blank runs into one blank line.

    Leading and trailing blank lines are dropped, so the normalised text starts
    and ends with content. ``first_line`` numbers the lines of a part of a file
    (a window) as the file does, so every line number reported is the file's.
    """
    lines: list[Line] = []
    normalise = line_normaliser(source)
    for number, start, raw in _numbered(source, first_line):
        text = normalise(raw)  # right-trimmed: a line of spaces is empty
        if text:
            lines.append(Line(len(lines), number, start, start + len(raw), text, bare(text), _words(text)))
        elif lines and not lines[-1].blank:
            lines.append(Line(len(lines), number, start, start + len(raw), ""))
    if lines and lines[-1].blank:
        lines.pop()
    # UTF-8, as RE2 reads it: handed a str, the re2 module encodes the whole text again for every search
    bare_utf8 = "\n".join(line.bare for line in lines).encode("utf-8")
    return Document(
        source=source,
        lines=tuple(lines),
        blocks=tuple(find_blocks(lines)),
        url=url,
        bare_utf8=bare_utf8,
        bare_starts=_line_starts(bare_utf8) if lines else (),
    )


def _line_starts(joined: bytes) -> tuple[int, ...]:
    """The offset of each line in ``joined`` (a newline is one byte in UTF-8, and no other character holds it)."""
    starts = [0]
    at = joined.find(b"\n")
    while at >= 0:
        starts.append(at + 1)
        at = joined.find(b"\n", at + 1)
    return tuple(starts)


_WORD = re.compile(r"\S+")


def _words(text: str) -> int:
    """Word count; a huge line (a 100 MB minified dump) is counted without a list of its words."""
    if len(text) < 100_000:
        return len(text.split())
    return sum(1 for _ in _WORD.finditer(text))


def find_blocks(lines: list[Line] | tuple[Line, ...]) -> Iterator[Block]:
    """Runs of consecutive non-blank lines."""
    first = None
    for line in lines:
        if line.blank:
            if first is not None:
                yield Block(first, line.index - 1)
            first = None
        elif first is None:
            first = line.index
    if first is not None:
        yield Block(first, lines[-1].index)
