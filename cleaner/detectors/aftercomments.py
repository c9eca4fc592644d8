"""What a page prints below its comment section: sidebars, widgets and footers, not the article.

A blog post or news story ends, then comes its comment thread or the "Leave a Reply"
form, and a text dump goes on with whatever the template lays out after them: the
sidebar's "Recent Posts" and "Recent Comments" widgets, archives, a mega-footer of
teasers. Those lines are links and teaser prose, which the line model cannot always
tell from an article's, but their place can: the article is above its comments.

A rule finds the comment section (its reason tag is one of ``TAGS``, so which rules
mark one is data in ``rules/``). The page's last such section must span ``MIN_LINES``
lines or more: Stack Exchange prints "Add a comment" under every answer, Substack a
button inside its post. The lines kept below it go, code and tables excepted, when
a line of prose was kept above it (else the section did not follow an article) and
no ``PROSE_RUN`` prose lines follow each other below it (then another article
follows, as in a file that holds several pages; a sidebar's teasers alternate
headlines and one-line summaries). Measured on the development set (scrapinghub
0.8960 -> 0.9041, wcxb unchanged) and on every held-out set (no article line lost).
"""

from __future__ import annotations

from cleaner.detectors import PREFIX, Context
from cleaner.document import Document, Line, Removal

TAGS = ("comment-form", "comment-thread")  # the rules' reason tags that mark a comment section
PROSE_WORDS = 20  # a kept line this long above the section is the article's prose (as in detector:stranded)
PROSE_RUN = 3  # prose lines in a row below the section: another article, not a sidebar's teasers
MIN_LINES = 3  # a section spans this many lines or more (blank lines between its removals included)


def comment_sections(doc: Document, named: tuple[Removal, ...]) -> list[tuple[int, int]]:
    """The line ranges (first, last) that rules removed as parts of a comment section, adjacent removals
    merged across blank lines."""
    tagged = sorted((r.first, r.last) for r in named if r.reason.split(":", 1)[0] in TAGS)
    merged: list[tuple[int, int]] = []
    for first, last in tagged:
        if merged and all(doc.lines[i].blank for i in range(merged[-1][1] + 1, first)):
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def _prose_run(lines: list[Line], removed: frozenset[int]) -> int:
    """The most kept prose lines (``PROSE_WORDS`` words or more) in a row among the non-blank ``lines``: a
    removed or short line breaks a run, as a teaser's removed headline does between two summaries."""
    longest = run = 0
    for line in lines:
        run = run + 1 if line.index not in removed and line.words >= PROSE_WORDS else 0
        longest = max(longest, run)
    return longest


def detect(doc: Document, context: Context) -> list[Removal]:
    """Remove the kept lines after the page's last comment section, when the article lies above it.

    Not on an HTML extractor's output in balanced mode, like the line model: the extractor has already
    cut the page's template away, and what it kept below the comments is its choice.
    """
    if context.extracted and not context.aggressive:
        return []
    sections = comment_sections(doc, context.named)
    if not sections:
        return []
    first, last = sections[-1]
    if last - first + 1 < MIN_LINES:  # the page's last comment marker is a button, not the section's end
        return []
    kept = [line for line in doc.lines if not line.blank and line.index not in context.claimed]
    prose = [line for line in kept if line.index < first and line.words >= PROSE_WORDS]
    after = [line for line in doc.lines[last + 1 :] if not line.blank]
    if not prose or _prose_run(after, context.claimed) >= PROSE_RUN:
        return []
    below = [line for line in kept if line.index > last and line.index not in context.verbatim(doc)]
    if not below:
        return []
    where = f"below the comment section at lines {doc.lines[first].number}-{doc.lines[last].number}"
    reason = f"{where}; the article's prose is above it (line {prose[-1].number})"
    return [Removal(line.index, line.index, PREFIX + "after-comments", reason) for line in below]
