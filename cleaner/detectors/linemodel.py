"""A learned line scorer: is this line of a text dump part of the article?

Two logistic regressions over the layout and wording cues of a line and its
neighbourhood (the features jusText and Body Text Extraction use, plus the
position of the line against the densest run of prose). The second stage sees
the first stage's scores of the neighbouring lines, so it learns that article
lines come in runs. Weights are data (``linemodel.json``), fitted by
``bench/train_linemodel.py`` on the development set's page layouts; no page's
text is stored, only one weight per feature name.

The removal's reason names the features that pulled the score down most, so
every decision is explained by its evidence.
"""

from __future__ import annotations

import itertools
import json
import math
import operator
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cleaner.detectors import PREFIX, Context
from cleaner.detectors.linefeatures import JUNK_SHAPES, Features
from cleaner.detectors.mainrun import best_window, value
from cleaner.detectors.paragraphs import BALANCED, Kind, Verdict, classify, is_heading
from cleaner.document import Document, Removal

MODEL_FILE = Path(__file__).with_name("linemodel.json")
NEIGHBOURS = (-3, -2, -1, 1, 2, 3)
_ZEROS = itertools.repeat(0.0)  # the default weight of a feature the model does not know


@dataclass(frozen=True, slots=True)
class Model:
    """Two stages of weights by feature name, and the thresholds: the score under which a line goes per mode
    (and on a page of little prose), and the prose share under which a page has little prose."""

    stage1: dict[str, float]
    stage2: dict[str, float]
    thresholds: dict[str, float]


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_FILE) -> Model:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Model(data["stage1"], data["stage2"], data["thresholds"])


_JUNK_NAMES = {shape: "junk_" + shape for shape in JUNK_SHAPES}
_CF_NAMES = {kind: "cf_" + kind.value for kind in Kind}
_FINAL_NAMES = {kind: "final_" + kind.value for kind in Kind}


def _shape(v: Verdict, claimed: bool) -> dict[str, float]:
    """The features of one line on its own; features that are zero are left out (they add nothing to a logit)."""
    f: Features = v.features
    words = max(f.words, 0)
    row = {"bias": 1.0}
    _put(row, "log_words", math.log1p(words))
    _put(row, "log_chars", math.log1p(f.chars))
    _put(row, "stopwords", max(f.stopwords, 0.0))
    _put(row, "no_stoplist", float(f.stopwords < 0))
    _put(row, "sentence", float(f.sentence))
    _put(row, "bullet", float(f.bullet))
    _put(row, "indent", float(f.indent > 0))
    _put(row, "title_case", float(f.title_case))
    _put(row, "heading", float(is_heading(f)))
    _put(row, "claimed", float(claimed))
    _put(row, "one_word", float(words <= 1))
    _put(row, "few_words", float(2 <= words <= 4))
    _put(row, "long", float(words >= 20))
    if f.junk in _JUNK_NAMES:
        row[_JUNK_NAMES[f.junk]] = 1.0
    for kind in Kind:  # the order of the keys fixes the order of a logit's sum, so it stays as trained
        if v.context_free is kind:
            row[_CF_NAMES[kind]] = 1.0
        if v.final is kind:
            row[_FINAL_NAMES[kind]] = 1.0
    return row


def _put(row: dict[str, float], name: str, x: float) -> None:
    if x:
        row[name] = x


CUE_CHARS = 160  # character shares are estimated on a line's start: long lines would cost time, not accuracy


def _text_cues(row: dict[str, float], line: str) -> None:
    """Add the wording cues of ``line`` to ``row`` (character shares from its first ``CUE_CHARS``)."""
    text = line[:CUE_CHARS]
    letters = sum(map(str.isalpha, text)) or 1
    chars = len(text) or 1
    first = text.lstrip()[:1]
    end = line.rstrip()[-1:]
    _put(row, "digits", sum(map(str.isdigit, text)) / chars)
    _put(row, "upper", sum(map(str.isupper, text)) / letters)
    _put(row, "commas", min(text.count(",") / 5.0, 1.0))
    _put(row, "lower_start", float(first.islower()))
    _put(row, "colon_end", float(end == ":"))
    _put(row, "question", float(end == "?"))
    _put(row, "at_or_hash", float("@" in line or "#" in line))
    _put(row, "pipe", float("|" in line))


def stage1_features(doc: Document, context: Context) -> tuple[list[Verdict], list[dict[str, float]]]:
    """Every non-blank line's verdict and its first-stage features."""
    verdicts = classify(doc, context.claimed, context.language.code, BALANCED)
    n = len(verdicts)
    if not n:
        return verdicts, []
    values = [value(v, context.claimed) for v in verdicts]
    first, last, total = best_window(values)
    counts = Counter(doc.lines[v.index].bare.lower() for v in verdicts)
    doc_words = sum(v.features.words for v in verdicts)
    short_share = sum(v.features.words < 5 for v in verdicts) / n
    base = [_shape(v, v.index in context.claimed) for v in verdicts]
    layout = _indent_layout(verdicts)
    rows = []
    doc_log_words = math.log1p(doc_words)
    window_share = (last - first + 1) / n if last >= first else 0.0
    for pos, v in enumerate(verdicts):
        bare = doc.lines[v.index].bare
        row = dict(base[pos])
        _text_cues(row, bare)
        rel = pos / max(n - 1, 1)
        _put(row, "position", rel)
        _put(row, "position2", rel * rel)
        _put(row, "in_window", float(first <= pos <= last))
        if pos < first:
            _put(row, "before_window", math.log1p(first - pos))
        if pos > last:
            _put(row, "after_window", math.log1p(pos - last))
        _put(row, "window_share", window_share)
        _put(row, "repeated_in_doc", float(counts[bare.lower()] > 1))
        _put(row, "doc_log_words", doc_log_words)
        _put(row, "doc_short_share", short_share)
        for name, x in layout[pos].items():
            _put(row, name, x)
        for d in NEIGHBOURS:
            j = pos + d
            if 0 <= j < n:
                nb = base[j]
                _put(row, f"n{d}_log_words", nb.get("log_words", 0.0))
                _put(row, f"n{d}_good", nb.get("cf_good", 0.0) + nb.get("cf_neargood", 0.0))
                _put(row, f"n{d}_junk", float(verdicts[j].features.junk != ""))
                _put(row, f"n{d}_claimed", nb.get("claimed", 0.0))
            else:
                row[f"n{d}_edge"] = 1.0
        rows.append(row)
    return verdicts, rows


def _prose(v: Verdict) -> bool:
    return v.context_free in (Kind.GOOD, Kind.NEARGOOD) and v.features.words >= 10


def _indent_layout(verdicts: list[Verdict]) -> list[dict[str, float]]:
    """Where each line sits against the indentation of the page's prose.

    A text dump indents by nesting depth, so the article's paragraphs share one
    indentation and sidebars, menus and teaser cards sit deeper or shallower.
    """
    prose_words: Counter[int] = Counter()
    for v in verdicts:
        if _prose(v):
            prose_words[v.features.indent] += v.features.words
    total = sum(prose_words.values())
    anchor = min(prose_words, key=lambda i: (-prose_words[i], i)) if total else -1
    anchored = [pos for pos, v in enumerate(verdicts) if _prose(v) and v.features.indent == anchor]
    first, last = (anchored[0], anchored[-1]) if anchored else (0, len(verdicts) - 1)
    out = []
    for pos, v in enumerate(verdicts):
        indent = v.features.indent
        out.append(
            {
                "ind_log": math.log1p(indent),
                "ind_same": float(indent == anchor),
                "ind_deeper": float(anchor >= 0 and indent > anchor),
                "ind_diff": math.log1p(abs(indent - anchor)) if anchor >= 0 else 0.0,
                "ind_share": prose_words[indent] / total if total else 0.0,
                "before_anchor": math.log1p(first - pos) if pos < first else 0.0,
                "after_anchor": math.log1p(pos - last) if pos > last else 0.0,
            }
        )
    return out


def _logit(weights: dict[str, float], row: dict[str, float]) -> float:
    # map over C builtins: this is the detector's inner loop
    return sum(map(operator.mul, map(weights.get, row, _ZEROS), row.values()))


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


def stage2_features(rows: list[dict[str, float]], first: list[float]) -> list[dict[str, float]]:
    """First-stage features plus the first-stage scores around each line and the run they form."""
    return [{**row, **extra} for row, extra in zip(rows, _stage2_extras(rows, first), strict=True)]


def _stage2_extras(rows: list[dict[str, float]], first: list[float]) -> list[dict[str, float]]:
    """The features stage 2 adds to stage 1's: neighbours' scores and the run they form."""
    n = len(rows)
    pull = [(s - 0.5) * max(row.get("log_words", 0.0), 0.5) for s, row in zip(first, rows, strict=True)]
    lo_win, hi_win, _ = best_window(pull)
    sure = [pos for pos, s in enumerate(first) if s >= 0.7]
    first_sure, last_sure = (sure[0], sure[-1]) if sure else (0, n - 1)
    out = []
    for pos in range(n):
        extra: dict[str, float] = {}
        s = first[pos]
        extra["s1"] = s
        extra[f"s1_bin{min(int(s * 5), 4)}"] = 1.0
        for d in NEIGHBOURS:
            j = pos + d
            extra[f"s1_{d}"] = first[j] if 0 <= j < n else 0.0
        for radius in (2, 6, 12):
            lo, hi = max(0, pos - radius), min(n, pos + radius + 1)
            extra[f"s1_mean{radius}"] = sum(first[lo:hi]) / (hi - lo)
        extra["s1_max_before"] = max(first[max(0, pos - 10) : pos], default=0.0)
        extra["s1_max_after"] = max(first[pos + 1 : pos + 11], default=0.0)
        extra["s1_in_run"] = float(lo_win <= pos <= hi_win)
        extra["s1_before_run"] = math.log1p(lo_win - pos) if pos < lo_win else 0.0
        extra["s1_after_run"] = math.log1p(pos - hi_win) if pos > hi_win else 0.0
        extra["s1_before_sure"] = math.log1p(first_sure - pos) if pos < first_sure else 0.0
        extra["s1_after_sure"] = math.log1p(pos - last_sure) if pos > last_sure else 0.0
        out.append(extra)
    return out


def score_lines(doc: Document, context: Context, model: Model) -> tuple[list[Verdict], list[float], list[tuple]]:
    """Each non-blank line's probability of being article text, with its (stage-1, stage-2-only) features."""
    verdicts, rows = stage1_features(doc, context)
    first = [_sigmoid(_logit(model.stage1, row)) for row in rows]
    pairs = list(zip(rows, _stage2_extras(rows, first), strict=True))
    scores = [_sigmoid(_logit(model.stage2, row) + _logit(model.stage2, extra)) for row, extra in pairs]
    return verdicts, scores, pairs


def _evidence(weights: dict[str, float], *rows: dict[str, float]) -> str:
    """The three features that pulled the score down most, with their pulls."""
    items = itertools.chain.from_iterable(row.items() for row in rows)
    pulls = sorted([(weights.get(name, 0.0) * x, name) for name, x in items if name != "bias"])[:3]
    return ", ".join(f"{name} {pull:+.1f}" for pull, name in pulls if pull < 0)


def detect(doc: Document, context: Context) -> list[Removal]:
    """Remove unclaimed lines whose article score is under the threshold for the mode and the page.

    Not on an HTML extractor's output in balanced mode: the model finds the article in a
    full-page dump, and trafilatura has already found it in the DOM, a stronger signal. Run
    on trafilatura's text it re-cut the article and cost 0.004 F1 on wcxb's pages (0.000 on
    scrapinghub's) and most of the HTML path's cleaning time; aggressive mode still runs it.
    """
    if context.extracted and not context.aggressive:
        return []
    model = load_model()
    verdicts, scores, pairs = score_lines(doc, context, model)
    threshold, page_note = _threshold(model, verdicts, context.aggressive)
    removals = []
    for v, p, (row, extra) in zip(verdicts, scores, pairs, strict=True):
        if p < threshold and v.index not in context.claimed:
            reason = f"article score {p:.2f} < {threshold:.2f} ({page_note}{_evidence(model.stage2, row, extra)})"
            removals.append(Removal(v.index, v.index, PREFIX + "linemodel", reason))
    return removals


def prose_share(verdicts: list[Verdict]) -> float:
    """The share of a page's text in lines that read as prose on their own (jusText's good and near-good).

    Measured in characters, not words: Chinese, Japanese or Thai prose has no
    spaces, and a paragraph would count as one word, like a menu item.
    """
    chars = sum(v.features.chars for v in verdicts)
    prose = sum(v.features.chars for v in verdicts if v.context_free in (Kind.GOOD, Kind.NEARGOOD))
    return prose / chars if chars else 0.0


def _threshold(model: Model, verdicts: list[Verdict], aggressive: bool) -> tuple[float, str]:
    """The score under which a line goes on this page, and what the reason should say about the page.

    The model tells an article from its page by prose. On a page with little
    prose (product grids, listings, link collections) the content is short
    lines too, and the model cannot tell them from the menus: there balanced
    mode removes only the lines it is sure of, so the article is not lost.
    """
    if aggressive:
        return model.thresholds["aggressive"], ""
    share = prose_share(verdicts)
    if share < model.thresholds["little_prose_share"]:
        return model.thresholds["little_prose"], f"page of little prose, {share:.0%} of its text; "
    return model.thresholds["balanced"], ""
