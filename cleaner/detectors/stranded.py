"""A short line left alone among removed chrome after the article has ended.

Below an article, a page's chrome comes in long runs (related posts, footers,
newsletter boxes) and the rules and the line model remove most of it, but a
teaser's title, a tag or a menu item the model scored just over its cut stays
behind, alone, with removed lines above and below it. Such a line is debris
far more often than text: the article's last line of prose lies above it, and
a line of the article's own would sit in a run of kept lines, not alone.

It is removed only when all of these hold: it comes after the article's last
kept line of ``PROSE_WORDS`` words or more; the non-blank lines right above and
below it were both removed (not the end of the page, where a short sign-off or
a forum's last short reply may stand); it has at most ``MAX_WORDS`` words; it
does not end like a sentence or a quotation; it is not indented deeper than
both its neighbours (then it sits inside their markup, as a forum post's short
body sits under its header or a price under its product, rather than beside
them as a sibling teaser does); and it is not inside a block of code or a table.
"""

from __future__ import annotations

from cleaner.detectors import PREFIX, Context
from cleaner.document import Document, Removal
from cleaner.lineshape import SENTENCE_ENDS, indent

PROSE_WORDS = 20  # a kept line of this many words or more is the article's prose
MAX_WORDS = 15  # a stranded line longer than this may be a sentence of the article's


def detect(doc: Document, context: Context) -> list[Removal]:
    """Remove the short lines that stand alone between removed lines after the article's last prose line.

    Not on an HTML extractor's output in balanced mode, like the line model: the extractor has already
    cut the page's chrome around the article, and what it left between removed lines is its choice.
    """
    if context.extracted and not context.aggressive:
        return []
    removed = context.claimed
    lines = [line for line in doc.lines if not line.blank]
    prose = [k for k, line in enumerate(lines) if line.index not in removed and line.words >= PROSE_WORDS]
    if not prose:
        return []
    last_prose = lines[prose[-1]]
    removals = []
    for k in range(prose[-1] + 1, len(lines) - 1):
        line = lines[k]
        if line.index in removed or lines[k - 1].index not in removed or lines[k + 1].index not in removed:
            continue
        if line.words > MAX_WORDS or line.text.rstrip()[-1:] in SENTENCE_ENDS:
            continue
        if indent(line.text) > max(indent(lines[k - 1].text), indent(lines[k + 1].text)):
            continue
        if line.index in context.verbatim(doc):
            continue
        reason = (
            f"{line.words}-word line alone between removed lines, after the article's last prose line "
            f"(line {last_prose.index + 1})"
        )
        removals.append(Removal(line.index, line.index, PREFIX + "stranded", reason))
    return removals
