"""Turn removals into non-overlapping spans and apply them: the one place text is cut.

Each line belongs to the first removal that claims it. Blank lines follow
their neighbours so the clean text never has doubled, leading or trailing
blank lines: a blank line whose previous line went, or that no kept line
follows, goes with the adjacent removal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from cleaner.document import Document, Removal, Span

Owner = tuple[str, str]  # (rule, reason)


def line_owners(doc: Document, removals: Iterable[Removal]) -> list[Owner | None]:
    """For each line, the (rule, reason) that removes it, or None when it is kept."""
    owners: list[Owner | None] = [None] * len(doc.lines)
    for removal in removals:
        for i in range(removal.first, removal.last + 1):
            if owners[i] is None and not doc.lines[i].blank:
                owners[i] = (removal.rule, removal.reason)
    _settle_blank_lines(doc, owners)
    return owners


def _settle_blank_lines(doc: Document, owners: list[Owner | None]) -> None:
    kept_after = False
    next_owner: Owner | None = None
    following: list[tuple[bool, Owner | None]] = [(False, None)] * len(owners)
    for i in range(len(owners) - 1, -1, -1):  # what follows each line: a kept line? the next removal?
        following[i] = (kept_after, next_owner)
        if not doc.lines[i].blank:
            kept_after = kept_after or owners[i] is None
            next_owner = owners[i] or next_owner
    for i, line in enumerate(doc.lines):
        if not line.blank:
            continue
        previous = owners[i - 1] if i else None
        has_kept_after, upcoming = following[i]
        if previous is not None or i == 0:
            owners[i] = previous or upcoming
        elif not has_kept_after:
            owners[i] = upcoming
        # a blank line between a kept line and a later kept line stays


def spans_from_owners(doc: Document, owners: Sequence[Owner | None]) -> list[Span]:
    """Group consecutive lines with the same owner into provenance spans."""
    spans: list[Span] = []
    i = 0
    lines = doc.lines
    while i < len(lines):
        owner = owners[i]
        if owner is None:
            i += 1
            continue
        j = i
        while j + 1 < len(lines) and owners[j + 1] == owner:
            j += 1
        end = lines[j + 1].start if j + 1 < len(lines) else len(doc.source)
        text = "".join(line.text + "\n" for line in lines[i : j + 1])
        spans.append(Span(lines[i].start, end, lines[i].number, lines[j].number, owner[0], owner[1], text))
        i = j + 1
    return spans


def resolve(doc: Document, removals: Iterable[Removal]) -> tuple[list[Span], str]:
    """The spans to record and the clean text (kept lines, each ending in a newline)."""
    owners = line_owners(doc, removals)
    text = "".join(line.text + "\n" for line, owner in zip(doc.lines, owners, strict=True) if owner is None)
    return spans_from_owners(doc, owners), text
