"""Teaser cards below the article, told by their cut-off summaries.

A "more stories" module prints each card as a headline and the first words of its
story, cut with an ellipsis ("Apple recently launched the new AirPods Pro for $250,
but surprisingly it is already…"). The summaries read as prose to the line model, so
the module stays. An article's own paragraphs are not cut off three times running,
and a listing page whose content is such cards has no article prose above them.

A run goes when it lies below the article's last prose line (a kept line of
``PROSE_WORDS`` words or more that ends like a sentence and is not cut off), the page
keeps ``MIN_ARTICLE_WORDS`` words of such prose above it, and the run holds
``MIN_CUT`` cut-off summaries, its other lines being headline- or stamp-sized. It
starts one line above its first summary: a short line further up may be the article's
own last line (a contact line under a notice lost to a longer start).
"""

from __future__ import annotations

from cleaner.detectors import PREFIX, Context
from cleaner.document import Document, Line, Removal
from cleaner.lineshape import is_prose

PROSE_WORDS = 15
MIN_ARTICLE_WORDS = 150  # prose above the module: a page that is all cards is a listing, and its cards are content
MIN_CUT = 3  # cut-off summaries in a run
SUMMARY_WORDS = 8  # a cut-off line this long is a summary, not a clipped headline
HEADLINE_WORDS = 16  # a card's other lines (headline, stamp, section) are no longer than this
_CUT_ENDS = ("…", "...", "…)", "[…]", "[...]")


def _cut_off(line: Line) -> bool:
    return line.words >= SUMMARY_WORDS and line.text.rstrip().endswith(_CUT_ENDS)


def _prose(line: Line) -> bool:
    return is_prose(line.text, PROSE_WORDS) and not _cut_off(line)


def detect(doc: Document, context: Context) -> list[Removal]:
    """Remove runs of cut-off teaser summaries and their headlines below the article's last prose line."""
    if context.extracted and not context.aggressive:
        return []
    kept = [line for line in doc.lines if not line.blank and line.index not in context.claimed]
    prose = [k for k, line in enumerate(kept) if _prose(line)]
    if not prose or sum(kept[k].words for k in prose) < MIN_ARTICLE_WORDS:
        return []
    removals = []
    run: list[Line] = []
    for line in [*kept[prose[-1] + 1 :], None]:
        if line is not None and (_cut_off(line) or line.words <= HEADLINE_WORDS):
            run.append(line)
            continue
        cut = sum(1 for r in run if _cut_off(r))
        if cut >= MIN_CUT:
            # the module starts with the first card's headline, right over its summary: a short line further up
            # may be the article's last (a contact line under a notice)
            first = next(k for k, r in enumerate(run) if _cut_off(r))
            run = run[max(0, first - 1) :]
            reason = f"{cut} cut-off summaries in a run of {len(run)} lines below the article's last prose line"
            removals += [Removal(r.index, r.index, PREFIX + "teasers", reason) for r in run]
        run = []
    return removals
