"""Main-content localisation: the article is one dense run of prose.

Each line gets a value: prose lines count their words, debris-shaped lines
(menu items, counters) count against, and lines a rule claimed count nothing:
an "Advertisement" marker or a Q&A site's post menu between two parts of the
article must not split it in two. The run with the largest total (a
maximum-sum window, as in Finn's Body Text Extraction) is where the main
content most likely is; the line model uses where a line sits against that
run as evidence, rather than cutting at its edges.
"""

from __future__ import annotations

from cleaner.detectors.paragraphs import Kind, Verdict

DEBRIS = -4.0  # value of a line shaped like debris (a junk shape)
SHORT = -1.0  # value of a short line of no particular shape


def value(v: Verdict, claimed: frozenset[int]) -> float:
    """How much a line pulls a window towards being main content."""
    if v.index in claimed:
        return 0.0  # what a rule removed says nothing of where the article is: it neither pulls nor splits
    if v.context_free is Kind.BAD and v.features.junk:
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
