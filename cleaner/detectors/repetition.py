"""Corpus-level repetition: a line that recurs in many documents of its group (site or folder) is template chrome.

The counts come from a first pass over the batch (``cleaner.corpus``); the
context carries the document's group with its frequent lines, already cut at
``max(MIN_COUNT, share × documents)``. Without a corpus (a single document
through the API, a group under ``MIN_GROUP`` documents) the detector does
nothing, and the engine never runs detectors in ``rules`` mode.

Long prose (``PROSE_WORDS`` words or more, ending like a sentence) is never
removed, however often it recurs: a series' standard paragraph or a quoted post
may be article text, and the other detectors judge it. A heading repeated in
most pages of a site is removed like any other chrome: a site-wide heading is
the template's, not the article's.
"""

from __future__ import annotations

from cleaner.corpus import is_long_prose, line_key
from cleaner.detectors import PREFIX, Context
from cleaner.document import Document, Removal


def detect(doc: Document, context: Context) -> list[Removal]:
    """Remove the lines of ``doc`` that recur in many documents of its group."""
    group = context.corpus
    if group is None or not group.lines:
        return []
    removals = []
    for line in doc.lines:
        if line.blank or line.index in context.claimed or is_long_prose(line.bare):
            continue
        count = group.lines.get(line_key(line.bare))
        if count is None:
            continue
        share = count / group.documents
        reason = f"line in {count} of {group.documents} documents of {group.name} ({share:.0%})"
        removals.append(Removal(line.index, line.index, PREFIX + "repetition", reason))
    return removals
