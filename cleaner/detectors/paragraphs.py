"""A jusText-style classifier of a text dump's lines: good prose, or debris, judged in context.

Each non-blank line is a paragraph (a dump writes one <p> per line). Context-free
classes come from length and stopword density, as in jusText; a text dump has no
links, so layout shapes stand in for them (URLs, counters, dates, separators).
Short lines then take their class from the nearest long neighbours.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from cleaner.detectors.linefeatures import Features, features
from cleaner.detectors.stoplists import stoplist
from cleaner.document import Document


class Kind(str, Enum):
    GOOD = "good"
    NEARGOOD = "neargood"
    SHORT = "short"
    BAD = "bad"


@dataclass(frozen=True, slots=True)
class Thresholds:
    length_low: int = 70
    length_high: int = 200
    stopwords_low: float = 0.30
    stopwords_high: float = 0.32
    heading_distance: int = 200  # characters: a short heading this close before good text is kept


BALANCED = Thresholds()


@dataclass(frozen=True, slots=True)
class Verdict:
    """One line's class before and after context, with the evidence."""

    index: int
    features: Features
    context_free: Kind
    final: Kind


def context_free(f: Features, t: Thresholds) -> Kind:
    """jusText's classify_paragraphs on one line's features."""
    if f.junk:
        return Kind.BAD
    if f.chars < t.length_low:
        return Kind.SHORT
    density = f.stopwords if f.stopwords >= 0 else (t.stopwords_high if f.sentence else 0.0)
    if density >= t.stopwords_high:
        return Kind.GOOD if f.chars > t.length_high else Kind.NEARGOOD
    if density >= t.stopwords_low:
        return Kind.NEARGOOD
    return Kind.BAD


def is_heading(f: Features) -> bool:
    """A line shaped like a heading: short, unbulleted, not ending like a sentence."""
    return not f.bullet and not f.junk and 0 < f.words <= 15 and not f.sentence


@dataclass(slots=True)
class _Row:
    """A verdict while context revises its final class."""

    index: int
    features: Features
    context_free: Kind
    final: Kind


def classify(doc: Document, claimed: frozenset[int], language: str | None, t: Thresholds) -> list[Verdict]:
    """Every non-blank line's verdict, in order; lines rules claimed count as bad context."""
    stops = stoplist(language)
    rows = []
    for line in doc.lines:
        if line.blank:
            continue
        f = features(line, stops)
        kind = Kind.BAD if line.index in claimed else context_free(f, t)
        rows.append(_Row(line.index, f, kind, kind))
    _revise(rows, t)
    return [Verdict(r.index, r.features, r.context_free, r.final) for r in rows]


def _nearest(rows: list[_Row], ignore_neargood: bool) -> tuple[list[Kind], list[Kind]]:
    """For each row, the class of the nearest decided row before and after it (bad past the ends).

    Decided means good or bad (and neargood unless ``ignore_neargood``): jusText's
    get_prev_neighbour/get_next_neighbour, computed for all rows in two linear scans.
    """
    decided = {Kind.GOOD, Kind.BAD} if ignore_neargood else {Kind.GOOD, Kind.BAD, Kind.NEARGOOD}
    before, after = [Kind.BAD] * len(rows), [Kind.BAD] * len(rows)
    last = Kind.BAD
    for i, row in enumerate(rows):
        before[i] = last
        if row.final in decided:
            last = row.final
    last = Kind.BAD
    for i in range(len(rows) - 1, -1, -1):
        after[i] = last
        if rows[i].final in decided:
            last = rows[i].final
    return before, after


def _revise(rows: list[_Row], t: Thresholds) -> None:
    """jusText's revise_paragraph_classification, on the rows' final classes."""
    for i, row in enumerate(rows):  # short headings shortly before good text
        if row.final is Kind.SHORT and is_heading(row.features) and _good_follows(rows, i, t.heading_distance):
            row.final = Kind.NEARGOOD
    prev, nxt = _nearest(rows, ignore_neargood=True)
    prev_ng, next_ng = _nearest(rows, ignore_neargood=False)
    new = {}
    for i, row in enumerate(rows):
        if row.final is Kind.SHORT:
            new[i] = _short_kind(prev[i], nxt[i], prev_ng[i], next_ng[i])
    for i, kind in new.items():
        rows[i].final = kind
    prev, nxt = _nearest(rows, ignore_neargood=True)
    for i, row in enumerate(rows):
        if row.final is Kind.NEARGOOD:
            row.final = Kind.BAD if prev[i] is Kind.BAD and nxt[i] is Kind.BAD else Kind.GOOD
    for i, row in enumerate(rows):  # more good headings
        heading = row.final is Kind.BAD and row.context_free is not Kind.BAD and is_heading(row.features)
        if heading and _good_follows(rows, i, t.heading_distance):
            row.final = Kind.GOOD


def _short_kind(prev: Kind, nxt: Kind, prev_ng: Kind, next_ng: Kind) -> Kind:
    """A short line between its neighbours: good between good, else bad unless near-good is adjacent."""
    if prev is Kind.GOOD and nxt is Kind.GOOD:
        return Kind.GOOD
    if prev is Kind.BAD and nxt is Kind.BAD:
        return Kind.BAD
    if (prev is Kind.BAD and prev_ng is Kind.NEARGOOD) or (nxt is Kind.BAD and next_ng is Kind.NEARGOOD):
        return Kind.GOOD
    return Kind.BAD


def _good_follows(rows: list[_Row], i: int, distance: int) -> bool:
    seen = 0
    for row in rows[i + 1 :]:
        if seen > distance:
            return False
        if row.final is Kind.GOOD:
            return True
        seen += row.features.chars
    return False
