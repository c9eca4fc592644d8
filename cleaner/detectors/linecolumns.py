"""The line model's first-stage features: one column per cue, one value per non-blank line.

The cues of a line on its own (length, stopwords, links, junk shapes, casing, punctuation), of its
neighbours (the same cues three lines up and down), of its paragraph class (jusText's, context-free and
revised) and of its place on the page (against the densest run of prose, its indentation level's share
of prose). ``linemodel`` weighs them; ``bench/train_linemodel.py`` fits the weights.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

import numpy as np

from cleaner.detectors import Context
from cleaner.detectors.linefeatures import JUNK_SHAPES
from cleaner.detectors.mainrun import best_window, value
from cleaner.detectors.paragraphs import BALANCED, Kind, Verdict, classify, is_heading
from cleaner.document import Document

NEIGHBOURS = (-3, -2, -1, 1, 2, 3)


Columns = dict[str, np.ndarray]  # feature name -> one value per non-blank line


def _column(values: Iterable[float], n: int) -> np.ndarray:
    return np.fromiter(values, dtype=np.float64, count=n)


_JUNK_CODES = {shape: code for code, shape in enumerate(JUNK_SHAPES, start=1)}  # 0: no junk shape
_KIND_CODES = {kind: code for code, kind in enumerate(Kind)}


def _shape(verdicts: list[Verdict], claimed: frozenset[int]) -> Columns:
    """The features of each line on its own (read from the verdicts in one pass, then split into columns)."""
    n = len(verdicts)
    raw = np.array(
        [
            (
                f.words,
                f.chars,
                f.stopwords,
                f.sentence,
                f.bullet,
                f.indent > 0,
                f.title_case,
                is_heading(f),
                v.index in claimed,
                _JUNK_CODES.get(f.junk, 0),
                _KIND_CODES[v.context_free],
                _KIND_CODES[v.final],
            )
            for v in verdicts
            for f in (v.features,)
        ],
        dtype=np.float64,
    ).reshape(n, 12)
    words = np.maximum(raw[:, 0], 0.0)
    stopwords = raw[:, 2]
    cols: Columns = {"bias": np.ones(n)}
    cols["log_words"] = np.log1p(words)
    cols["log_chars"] = np.log1p(raw[:, 1])
    cols["stopwords"] = np.maximum(stopwords, 0.0)
    cols["no_stoplist"] = (stopwords < 0).astype(np.float64)
    for k, name in enumerate(("sentence", "bullet", "indent", "title_case", "heading", "claimed"), start=3):
        cols[name] = raw[:, k]
    cols["one_word"] = (words <= 1).astype(np.float64)
    cols["few_words"] = ((words >= 2) & (words <= 4)).astype(np.float64)
    cols["long"] = (words >= 20).astype(np.float64)
    for shape, code in _JUNK_CODES.items():
        cols["junk_" + shape] = (raw[:, 9] == code).astype(np.float64)
    for kind, code in _KIND_CODES.items():
        cols["cf_" + kind.value] = (raw[:, 10] == code).astype(np.float64)
        cols["final_" + kind.value] = (raw[:, 11] == code).astype(np.float64)
    return cols


CUE_CHARS = 160  # character shares are estimated on a line's start: long lines would cost time, not accuracy
_CUES = ("digits", "upper", "commas", "lower_start", "colon_end", "question", "at_or_hash", "pipe")


def _text_cues(line: str) -> tuple[float, ...]:
    """The wording cues of ``line``, in ``_CUES``'s order (character shares from its first ``CUE_CHARS``)."""
    text = line[:CUE_CHARS]
    letters, digits, upper = _counts(text)
    chars = len(text) or 1
    first = text.lstrip()[:1]
    end = line.rstrip()[-1:]
    return (
        digits / chars,
        upper / (letters or 1),
        min(text.count(",") / 5.0, 1.0),
        float(first.islower()),
        float(end == ":"),
        float(end == "?"),
        float("@" in line or "#" in line),
        float("|" in line),
    )


_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
_ASCII_DIGITS = bytes(range(48, 58))
_ASCII_UPPER = bytes(range(65, 91))


def _counts(text: str) -> tuple[int, int, int]:
    """Letters, digits and capitals in ``text``, as str.isalpha, isdigit and isupper count them.

    An ASCII line (most of them) is counted by deleting each class from its bytes in C.
    """
    if not text.isascii():
        return sum(map(str.isalpha, text)), sum(map(str.isdigit, text)), sum(map(str.isupper, text))
    raw = text.encode("ascii")
    n = len(raw)
    return (
        n - len(raw.translate(None, _ASCII_LETTERS)),
        n - len(raw.translate(None, _ASCII_DIGITS)),
        n - len(raw.translate(None, _ASCII_UPPER)),
    )


def against(n: int, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where each of ``n`` positions sits against the run ``lo``..``hi``: inside it (1 or 0), and log1p of
    its distance before and after it (0 inside)."""
    pos = np.arange(n)
    inside = ((pos >= lo) & (pos <= hi)).astype(np.float64)
    return inside, np.log1p(np.maximum(lo - pos, 0)), np.log1p(np.maximum(pos - hi, 0))


def shifted(x: np.ndarray, d: int) -> np.ndarray:
    """``x`` read ``d`` lines away (0 past the ends)."""
    out = np.zeros_like(x)
    if d > 0:
        out[:-d] = x[d:]
    else:
        out[-d:] = x[:d]
    return out


def stage1_features(doc: Document, context: Context) -> tuple[list[Verdict], Columns]:
    """Every non-blank line's verdict and its first-stage features, as columns."""
    verdicts = classify(doc, context.claimed, context.language.code, BALANCED)
    n = len(verdicts)
    if not n:
        return verdicts, {}
    values = [value(v, context.claimed) for v in verdicts]
    first, last, _ = best_window(values)
    bares = [doc.lines[v.index].bare for v in verdicts]
    lowered = [b.lower() for b in bares]
    counts = Counter(lowered)
    doc_words = sum(v.features.words for v in verdicts)
    short_share = sum(v.features.words < 5 for v in verdicts) / n
    cols = _shape(verdicts, context.claimed)
    cues = np.array([_text_cues(b) for b in bares], dtype=np.float64).reshape(n, len(_CUES))
    for k, name in enumerate(_CUES):
        cols[name] = cues[:, k]
    rel = np.arange(n) / max(n - 1, 1)
    cols["position"] = rel
    cols["position2"] = rel * rel
    cols["in_window"], cols["before_window"], cols["after_window"] = against(n, first, last)
    cols["window_share"] = np.full(n, (last - first + 1) / n if last >= first else 0.0)
    cols["repeated_in_doc"] = _column((counts[b] > 1 for b in lowered), n)
    cols["doc_log_words"] = np.full(n, math.log1p(doc_words))
    cols["doc_short_share"] = np.full(n, short_share)
    cols.update(_indent_layout(verdicts))
    good = cols["cf_good"] + cols["cf_neargood"]
    junk = np.sum([cols["junk_" + shape] for shape in JUNK_SHAPES], axis=0)  # one-hot: 1 where a line has one
    for d in NEIGHBOURS:
        cols[f"n{d}_log_words"] = shifted(cols["log_words"], d)
        cols[f"n{d}_good"] = shifted(good, d)
        cols[f"n{d}_junk"] = shifted(junk, d)
        cols[f"n{d}_claimed"] = shifted(cols["claimed"], d)
        cols[f"n{d}_edge"] = 1.0 - shifted(np.ones(n), d)
    return verdicts, cols


def _prose(v: Verdict) -> bool:
    return v.context_free in (Kind.GOOD, Kind.NEARGOOD) and v.features.words >= 10


def _indent_layout(verdicts: list[Verdict]) -> Columns:
    """Where each line sits against the indentation of the page's prose.

    A text dump indents by nesting depth, so the article's paragraphs share one
    indentation and sidebars, menus and teaser cards sit deeper or shallower.
    """
    n = len(verdicts)
    prose_words: Counter[int] = Counter()
    for v in verdicts:
        if _prose(v):
            prose_words[v.features.indent] += v.features.words
    total = sum(prose_words.values())
    anchor = min(prose_words, key=lambda i: (-prose_words[i], i)) if total else -1
    anchored = [pos for pos, v in enumerate(verdicts) if _prose(v) and v.features.indent == anchor]
    first, last = (anchored[0], anchored[-1]) if anchored else (0, n - 1)
    indent = _column((v.features.indent for v in verdicts), n)
    cols = {
        "ind_log": np.log1p(indent),
        "ind_same": (indent == anchor).astype(np.float64),
        "ind_deeper": ((indent > anchor) & (anchor >= 0)).astype(np.float64),
        "ind_diff": np.log1p(np.abs(indent - anchor)) if anchor >= 0 else np.zeros(n),
        "ind_share": _column((prose_words[v.features.indent] / total if total else 0.0 for v in verdicts), n),
    }
    _, cols["before_anchor"], cols["after_anchor"] = against(n, first, last)
    return cols
