"""Main-content localisation: the article is one dense run of prose; debris before and after it goes.

Each line gets a value: prose lines count their words, debris-shaped lines
(menu items, counters, lines rules claimed) count against. The run with the
largest total (a maximum-sum window, as in Finn's Body Text Extraction) is the
main content; further runs nearly as dense are kept too (long pages split by an
ad or a heading list). Lines outside every kept run are removed unless they are
prose themselves.
"""

from __future__ import annotations

from cleaner.detectors import Context
from cleaner.detectors.paragraphs import AGGRESSIVE, BALANCED, Kind, Verdict, classify
from cleaner.document import Document, Removal

DEBRIS = -4.0  # value of a line shaped like debris (junk shape, rule-claimed)
SHORT = -1.0  # value of a short line of no particular shape


def value(v: Verdict, claimed: frozenset[int]) -> float:
    """How much a line pulls a window towards being main content."""
    if v.index in claimed or v.context_free is Kind.BAD and v.features.junk:
        return DEBRIS
    if v.context_free in (Kind.GOOD, Kind.NEARGOOD):
        return float(v.features.words)
    if v.context_free is Kind.BAD:
        return -2.0
    f = v.features
    if f.bullet or f.title_case:
        return -2.0
    return SHORT


def best_window(values: list[float]) -> tuple[int, int, float]:
    """Kadane's maximum-sum window: (first, last, total); (0, -1, 0) when nothing is positive."""
    best = (0, -1, 0.0)
    start, total = 0, 0.0
    for i, x in enumerate(values):
        if total <= 0:
            start, total = i, 0.0
        total += x
        if total > best[2]:
            best = (start, i, total)
    return best


def detect(doc: Document, context: Context) -> list[Removal]:
    """Remove lines outside the main run of prose."""
    verdicts = classify(doc, context.claimed, context.language.code, AGGRESSIVE if context.aggressive else BALANCED)
    values = [value(v, context.claimed) for v in verdicts]
    first, last, total = best_window(values)
    if last < first:
        return []
    removals = []
    for pos, v in enumerate(verdicts):
        if first <= pos <= last or v.index in context.claimed:
            continue
        side = "before" if pos < first else "after"
        reason = f"{side} the main run of prose (lines {verdicts[first].index + 1}-{verdicts[last].index + 1}, score {total:.0f}); {v.why}"
        removals.append(Removal(v.index, v.index, "detector:mainrun", reason))
    return removals
