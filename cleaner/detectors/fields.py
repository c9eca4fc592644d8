"""Fields printed label over value (a product's specifications, a recipe's times), which the line model and
``detector:stranded`` must not cut (see ``verbatim``).

A page's specification table comes out of a dump one cell to a line: "Weight" / "0.85 kg" / "Colour" /
"Black". Each line is a word or two and scores like a menu item, and a product page lost its whole table
to the line model (bench/heldout set25). Chrome prints pairs too (a rating's bars, a comment section's
sorting, a shop's teaser cards, an answer's "Share" / "Follow"), so a run counts as fields only where
the text says it is a table of facts below the content:
- the paragraph above it holds prose, as a specification table follows a product's description;
- its pairs fill their paragraph, but for a heading or two above them;
- its labels line up and so do its values, its labels differ, and at most one holds a digit;
- half of its values are measurements, a number with a unit or a word ("25 l", "Polyester 900D").
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from cleaner.detectors.tables import SEPARATOR
from cleaner.document import Document, Line
from cleaner.lineshape import SENTENCE_ENDS, indent, is_prose

MIN_PAIRS = 4  # label/value pairs in a row
LABEL_WORDS = 4  # a label is a name: a few words, starting with a letter, ending in neither digit nor stop
VALUE_WORDS = 8
MAX_CHARS = 60
MEASURED_SHARE = 0.5  # of the values that hold a digit and a letter
HEADING_LINES = 2  # lines above the pairs in their paragraph (its heading, a group's name) that go with them


def field_lines(doc: Document) -> frozenset[int]:
    """Indexes of the lines of the paragraphs below prose that are label/value pairs (``MIN_PAIRS`` or more)
    under at most ``HEADING_LINES`` lines of heading, with the shape the module's docstring gives."""
    fields: set[int] = set()
    for previous, block in pairwise(doc.blocks):
        if not any(is_prose(line.text) for line in doc.lines[previous.first : previous.last + 1]):
            continue
        lines = doc.lines[block.first : block.last + 1]
        start = 0
        while start <= HEADING_LINES and start < len(lines):
            pairs = _pairs(lines, start)
            run = lines[start : start + 2 * pairs]
            if (
                pairs >= MIN_PAIRS
                and start + 2 * pairs == len(lines)
                and _aligned(run)
                and _named(run)
                and _measured(run)
            ):
                fields.update(line.index for line in lines[: start + 2 * pairs])
                break
            start += 1
    return frozenset(fields)


def _pairs(lines: Sequence[Line], start: int) -> int:
    count = 0
    while start + 1 < len(lines) and _label(lines[start]) and _value(lines[start + 1]):
        count += 1
        start += 2
    return count


def _cell(line: Line, max_words: int) -> str:
    """The line's text if it is shaped like a table's cell (unbulleted, short, no column separator), else ""."""
    text = line.text.strip()
    if text != line.bare or not 0 < line.words <= max_words or len(text) > MAX_CHARS or SEPARATOR in text:
        return ""
    return text


def _label(line: Line) -> bool:
    text = _cell(line, LABEL_WORDS)
    return bool(text) and text[0].isalpha() and not text[-1].isdigit() and text[-1] not in SENTENCE_ENDS


def _value(line: Line) -> bool:
    text = _cell(line, VALUE_WORDS)
    return bool(text) and text[-1] not in ".!?"


def _aligned(lines: Sequence[Line]) -> bool:
    return (
        len({indent(line.text) for line in lines[::2]}) == 1 and len({indent(line.text) for line in lines[1::2]}) == 1
    )


def _named(lines: Sequence[Line]) -> bool:
    """Labels that name distinct fields: none repeats (a shop's teaser cards repeat "Regular price") and at
    most one holds a number ("Très bon 128" is a rating's bar)."""
    labels = [line.bare.casefold() for line in lines[::2]]
    numbered = sum(any(ch.isdigit() for ch in label) for label in labels)
    return len(set(labels)) == len(labels) and numbered <= 1


def _measured(lines: Sequence[Line]) -> bool:
    values = lines[1::2]
    return sum(_measurement(line.text) for line in values) >= MEASURED_SHARE * len(values)


def _measurement(text: str) -> bool:
    return any(ch.isdigit() for ch in text) and any(ch.isalpha() for ch in text)
