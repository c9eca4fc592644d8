"""Rows of a table printed as text, which the line model and ``detector:stranded`` must not cut (see
``verbatim``).

A dump prints a table one row to a line, its cells cut by " | " (Markdown's pipe tables, html2text's and
many converters' output). Its rows are short and full of digits and labels, and score like menu items, but
a page's chrome does not stack three or more lines cut into the same number of cells: a footer's "Privacy |
Terms | Contact" is one line. A documentation page's option table lost two of its rows to the line model
and ``detector:stranded`` (bench/heldout set15).
"""

from __future__ import annotations

from cleaner.document import Document

SEPARATOR = " | "
MIN_ROWS = 3  # consecutive rows of the same number of cells
MIN_SEPARATORS = 2  # three cells or more: "A | B" is a label and its value as often as a table's row


def table_lines(doc: Document) -> frozenset[int]:
    """Indexes of the lines in runs of ``MIN_ROWS`` or more consecutive non-blank lines that each hold the same
    number (``MIN_SEPARATORS`` or more) of cell separators."""
    rows: set[int] = set()
    run: list[int] = []
    cells = 0
    for line in doc.lines:
        count = line.text.count(SEPARATOR) if not line.blank else 0
        if count >= MIN_SEPARATORS and count == cells:
            run.append(line.index)
            continue
        if len(run) >= MIN_ROWS:
            rows.update(run)
        run, cells = ([line.index], count) if count >= MIN_SEPARATORS else ([], 0)
    if len(run) >= MIN_ROWS:
        rows.update(run)
    return frozenset(rows)
