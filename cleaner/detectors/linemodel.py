"""A learned line scorer: is this line of a text dump part of the article?

Two stages over the layout and wording cues of a line and its neighbourhood
(the features jusText and Body Text Extraction use, plus the position of the
line against the densest run of prose). The first is a logistic regression. The
second sees the first stage's scores of the neighbouring lines, so it learns
that article lines come in runs; it is boosted trees (``forest.py``), which
learn how those cues combine: cross-validated by site they gained 0.007 / 0.006 F1
(scrapinghub / wcxb) at the same recall over a second logistic regression. Both are data
(``linemodel.json``, ``linetrees.json``), fitted by ``bench/train_linemodel.py``
on the development set's page layouts; no page's text is stored, only weights by
feature name and the trees' splits on them.

The removal's reason names the features that pulled the score down most, so
every decision is explained by its evidence.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from cleaner.detectors import PREFIX, Context
from cleaner.detectors.forest import Forest
from cleaner.detectors.linecolumns import NEIGHBOURS, Columns, against, shifted, stage1_features
from cleaner.detectors.mainrun import best_window
from cleaner.detectors.paragraphs import Kind, Verdict, is_heading
from cleaner.document import Document, Removal

MODEL_FILE = Path(__file__).with_name("linemodel.json")
TREES_FILE = "linetrees.json"  # stage 2, beside MODEL_FILE


@dataclass(frozen=True, slots=True)
class Model:
    """Stage 1's weights by feature name, stage 2's trees, and the thresholds: the score under which a line
    goes per mode (and on a page of little prose, with and without a long sure run), the prose share under
    which a page has little prose, and the words from which a sure run counts as long (see ``_threshold``)."""

    stage1: dict[str, float]
    stage2: Forest
    thresholds: dict[str, float]


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_FILE) -> Model:
    data = json.loads(path.read_text(encoding="utf-8"))
    trees = Forest.loads(path.with_name(data["stage2"]["trees"]).read_text(encoding="utf-8"))
    return Model(data["stage1"], trees, data["thresholds"])


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))


def weight_vector(weights: dict[str, float], names: Iterable[str]) -> np.ndarray:
    """The weights of ``names`` in order (0 for a feature the model does not know)."""
    return np.array([weights.get(name, 0.0) for name in names], dtype=np.float64)


def logits(weights: dict[str, float], cols: Columns) -> np.ndarray:
    """Each line's logit: the weighted sum of its features."""
    if not cols:
        return np.zeros(0)
    return np.column_stack(list(cols.values())) @ weight_vector(weights, cols)


def stage2_features(cols: Columns, first: np.ndarray, run: float | None = None) -> Columns:
    """First-stage features plus the first-stage scores around each line, the run they form and the page's
    sure run (``_stage2_extras``; ``run``: its ``sure_run``, when the caller has it already)."""
    return {**cols, **_stage2_extras(cols, first, run)}


def _window_mean(x: np.ndarray, radius: int) -> np.ndarray:
    """The mean of ``x`` over each position's window of ``radius`` lines either side (cut at the ends)."""
    n = len(x)
    sums = np.concatenate(([0.0], np.cumsum(x)))
    pos = np.arange(n)
    lo, hi = np.maximum(pos - radius, 0), np.minimum(pos + radius + 1, n)
    return (sums[hi] - sums[lo]) / (hi - lo)


def _window_max(x: np.ndarray, before: bool, width: int = 10) -> np.ndarray:
    """The largest of the ``width`` values before (or after) each position; 0 where there are none.

    ``x`` holds probabilities, so padding with zeros does not change a non-empty window's maximum.
    """
    n = len(x)
    padded = np.concatenate((np.zeros(width), x, np.zeros(width)))
    windows = np.lib.stride_tricks.sliding_window_view(padded, width)
    # window k covers padded[k : k + width]; before position p: padded[p : p + width]; after: padded[p+width+1 :]
    return windows[:n].max(axis=1) if before else windows[width + 1 : width + 1 + n].max(axis=1)


SURE = 0.7  # a first-stage score from which a line counts as surely article
RUN_FLOOR = 50  # words of a page's sure run that say nothing yet about its cut


def _longest_run_span(sure: np.ndarray, weight: np.ndarray) -> tuple[float, int]:
    """The largest total ``weight`` (none negative) over consecutive positions where ``sure`` holds, and the
    position where that run begins (0 when there is none)."""
    if not len(sure):
        return 0.0, 0
    totals = np.cumsum(np.where(sure, weight, 0.0))
    starts = np.maximum.accumulate(np.where(sure, 0.0, totals))  # the total where the current run began
    last = int(np.argmax(totals - starts))
    first = last
    while first > 0 and sure[first - 1]:
        first -= 1
    return float(totals[last] - starts[last]), first


def _longest_run(sure: np.ndarray, weight: np.ndarray) -> float:
    """The largest total ``weight`` (none negative) over consecutive positions where ``sure`` holds."""
    return _longest_run_span(sure, weight)[0]


def _sure_run_start(first: np.ndarray, words: np.ndarray) -> int | None:
    """Where the page's longest sure run (see ``sure_run``) begins; on a page with no sure line, its likeliest
    line (the first stage's highest score); None on an empty page."""
    sure = first >= SURE
    if not sure.any():
        return None if not len(first) else int(np.argmax(first))
    return _longest_run_span(sure, words + 1.0)[1]


HEADLINE_LOOKBACK = 8  # unclaimed lines above the article's sure run in which its headline may sit
HEADLINE_WORD_BONUS = 0.03  # added to a candidate's first-stage score per word, up to HEADLINE_WORDS words
HEADLINE_MIN_WORDS = 3  # a heading shorter than this is a label, not a headline
HEADLINE_MIN_UNSPACED_CHARS = 4  # the same, in characters, in a language written without spaces
UNSPACED_CHARS_PER_WORD = 2.0  # a word's length in characters, for a headline's length bonus, without spaces
HEADLINE_WORDS = 12


UNSPACED = ("zh", "ja", "th", "lo", "km", "my")  # languages written without spaces between words
UNSPACED_PROSE_CHARS = 40


def _unspaced_prose(v: Verdict) -> bool:
    """A sentence of ``UNSPACED_PROSE_CHARS`` characters or more in a language written without spaces, which
    balanced mode keeps whatever its score: the model learned from English pages (1,420 of the development
    set's 1,456; 2 are Chinese or Japanese), and its word, stopword and length cues count words by spaces."""
    return v.features.sentence and v.features.chars >= UNSPACED_PROSE_CHARS


def headline(
    cols: Columns,
    first: np.ndarray,
    unspaced: bool = False,
    shaped: np.ndarray | None = None,
    echoed: np.ndarray | None = None,
) -> int | None:
    """The position of the article's headline: the heading-shaped line of 3 words or more (``unspaced``:
    in a language written without spaces, of 4 characters or more) with the highest first-stage score,
    plus ``HEADLINE_WORD_BONUS`` a word, among the ``HEADLINE_LOOKBACK`` unclaimed lines above the page's
    sure run (a byline or date between them is claimed by rules); on a page with no sure line, above its
    likeliest line.

    The development set's gold texts leave headlines out, so the model learned to cut a short
    line over the article; but a headline belongs to the article (seeds' gold keeps it).
    Keeping it cost 0.003 / 0.001 F1 on the development set (scrapinghub / wcxb).
    On seed-shaped pages the title sits further up than three lines, under a byline, counters and
    buttons no rule claims, and the likeliest short line there was a label ("Level Up Coding",
    "Servings 24 cookies", "13 May 19:40"): eight lines and the length bonus find the title instead
    (bench/heldout: 7 fewer article lines lost, 16 more debris lines kept, of 2,000).
    ``shaped`` (see ``headline_shaped``) adds the nearest line that may be a headline though it is no
    heading: a question, an exclamation, a quotation or a wordy aside ends it ("What Happens If Your
    Landlord Keeps Your Security Deposit in Ohio?"); held-out sets 1-20: 6 headlines fewer lost.
    ``echoed`` (see ``echoed_lines``) marks lines the next line repeats, an image's alt text over its caption
    ("Third Mainland Bridge" over "File photo: Third Mainland Bridge"): no candidate.
    """
    words = _words(cols)
    start = _sure_run_start(first, words)
    if start is None:
        return None
    unclaimed = [pos for pos in range(start - 1, -1, -1) if not cols["claimed"][pos]][:HEADLINE_LOOKBACK]
    # spaces count no words in Chinese or Japanese (a "热搜: 防水 瓷砖" bar has more of them than a title):
    # there a word is about two characters
    length = np.rint(np.expm1(cols["log_chars"])) / UNSPACED_CHARS_PER_WORD if unspaced else words
    long_enough = length >= (HEADLINE_MIN_UNSPACED_CHARS / UNSPACED_CHARS_PER_WORD if unspaced else HEADLINE_MIN_WORDS)
    candidates = [pos for pos in unclaimed if cols["heading"][pos] and long_enough[pos]]
    # a question or a long title in quotes is a candidate only nearest the article: above the headline, such
    # lines were teasers ("Initial public offerings: Is there still a pulse?")
    if shaped is not None:
        nearest = next((pos for pos in unclaimed if shaped[pos] and long_enough[pos]), None)
        if nearest is not None and nearest not in candidates:
            candidates.append(nearest)
    if echoed is not None:
        candidates = [pos for pos in candidates if not echoed[pos]]
    # of two (a teaser such as "Most Read This Week" between headline and article), the likelier and longer;
    # ties: the nearer
    return max(
        candidates,
        key=lambda pos: first[pos] + HEADLINE_WORD_BONUS * min(float(length[pos]), HEADLINE_WORDS),
        default=None,
    )


HEADLINE_MAX_WORDS = 25  # a headline may be long ("'X' Review: A Quiet Map of Grief That Loses Its Way…")
HEADLINE_ENDS = frozenset('?!’”"')  # a headline may ask, exclaim or close a quotation
# …or end in an aside of words: "(and What I Changed This Year)", not "(AP)" or "(07:05 pm ET)"
_WORDY_ASIDE = re.compile(r"\((?:[^\W\d]+[\s,'’]+){2,}[^\W\d]+\)$")


def _headline_end(text: str) -> bool:
    """Whether a line ends as a headline may although it ends like a sentence."""
    text = text.rstrip()
    return text[-1:] in HEADLINE_ENDS or _WORDY_ASIDE.search(text) is not None


HEADLINE_LONG_WORDS = 6  # from this length a question or a quotation reads as a headline, not a sub-heading


def headline_shaped(doc: Document, verdicts: list[Verdict]) -> np.ndarray:
    """Which lines could be a headline: unbulleted, not junk-shaped, at most ``HEADLINE_MAX_WORDS`` words, and
    heading-shaped, or of ``HEADLINE_LONG_WORDS`` words or more ending as a headline may (``_headline_end``)."""
    return np.array(
        [
            not f.bullet
            and not f.junk
            and 0 < f.words <= HEADLINE_MAX_WORDS
            and (is_heading(f) or (f.words >= HEADLINE_LONG_WORDS and _headline_end(doc.lines[v.index].text)))
            for v in verdicts
            for f in (v.features,)
        ],
        dtype=bool,
    )


TITLE_MIN_WORDS = 6  # a title over a standfirst; shorter lines there were site names ("The Muddy Trowel")
# list numbers ("2. …": a teaser list), separators (a breadcrumb, "Board index ‹ …"), wide gaps (a menu)
# and three numbers (a counter: "Results 1 to 4 of 4")
_NOT_A_TITLE = re.compile(r"^\s*\d+[.)]\s|[>›‹»|]|\S\s{3,}\S")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def echoed_lines(doc: Document, verdicts: list[Verdict]) -> np.ndarray:
    """Whether each line's text recurs inside the next non-blank line, which is longer: an image's alt text
    over its caption ("Third Mainland Bridge" / "File photo: Third Mainland Bridge")."""
    echoed = np.zeros(len(verdicts), dtype=bool)
    for pos in range(len(verdicts) - 1):
        text = doc.lines[verdicts[pos].index].bare.casefold()
        following = doc.lines[verdicts[pos + 1].index].bare.casefold()
        echoed[pos] = bool(text) and len(following) > len(text) and text in following
    return echoed


def title_over(doc: Document, verdicts: list[Verdict], cols: Columns, shaped: np.ndarray, kept: int | None) -> set[int]:
    """The headline's position and, when the line right above it is a title too, that line's: what
    ``headline`` picked was then the standfirst ("Most of the speedup came from deleting things"), under
    the title ("How We Cut Our Nightly Batch From Four Hours to Forty Minutes"). Both of at least
    ``TITLE_MIN_WORDS`` words; held-out sets: 4 titles fewer lost, 2 debris lines more kept, of 23,000."""
    if kept is None:
        return set()
    above = kept - 1
    words = _words(cols)
    if (
        above < 0
        or cols["claimed"][above]
        or not shaped[above]
        or min(words[above], words[kept]) < TITLE_MIN_WORDS
        or _NOT_A_TITLE.search(text := doc.lines[verdicts[above].index].text)
        or len(_NUMBER.findall(text)) >= 3
    ):
        return {kept}
    return {kept, above}


def _words(cols: Columns) -> np.ndarray:
    """Each line's word count (exact again: log1p and expm1 round 66 to 65.99999999999999)."""
    return np.rint(np.expm1(cols["log_words"]))


def sure_run(cols: Columns, first: np.ndarray) -> float:
    """The length of the page's longest run of lines whose first-stage score is sure: their words plus one
    for each line, so a run of short sure lines has a length too."""
    return _longest_run(first >= SURE, _words(cols) + 1.0)


def _stage2_extras(cols: Columns, first: np.ndarray, run: float | None = None) -> Columns:
    """The features stage 2 adds to stage 1's: neighbours' scores, the run they form, and the page's sure run.

    ``page_log_run`` is the log of the page's ``sure_run`` past its first ``RUN_FLOOR``
    words; it is the same for every line of a page, so it moves the page's cut. A page
    whose article is a long sure run can lose more of its doubtful lines (teaser
    headlines, menus beside the paragraphs) than a page whose content is all doubtful;
    on a page whose sure run is no longer than ``RUN_FLOOR`` the feature is 0. Cross-validated by site it gained
    0.009 / 0.004 F1 (scrapinghub / wcxb); recall went 0.992 -> 0.989 and 0.952 -> 0.955.
    """
    n = len(first)
    pull = (first - 0.5) * np.maximum(cols["log_words"], 0.5)
    lo_win, hi_win, _ = best_window(pull.tolist())
    sure = np.flatnonzero(first >= SURE)
    first_sure, last_sure = (int(sure[0]), int(sure[-1])) if len(sure) else (0, n - 1)
    extra: Columns = {"s1": first}
    bins = np.minimum((first * 5).astype(np.int64), 4)
    for b in range(5):
        extra[f"s1_bin{b}"] = (bins == b).astype(np.float64)
    for d in NEIGHBOURS:
        extra[f"s1_{d}"] = shifted(first, d)
    for radius in (2, 6, 12):
        extra[f"s1_mean{radius}"] = _window_mean(first, radius)
    extra["s1_max_before"] = _window_max(first, before=True)
    extra["s1_max_after"] = _window_max(first, before=False)
    extra["s1_in_run"], extra["s1_before_run"], extra["s1_after_run"] = against(n, lo_win, hi_win)
    _, extra["s1_before_sure"], extra["s1_after_sure"] = against(n, first_sure, last_sure)
    run = sure_run(cols, first) if run is None else run
    extra["page_log_run"] = np.full(n, max(math.log1p(run) - math.log1p(RUN_FLOOR), 0.0))
    return extra


def first_stage(doc: Document, context: Context, model: Model) -> tuple[list[Verdict], Columns, np.ndarray]:
    """Each non-blank line's verdict, its first-stage features and its first-stage score."""
    verdicts, cols = stage1_features(doc, context)
    return verdicts, cols, _sigmoid(logits(model.stage1, cols))


def score_lines(doc: Document, context: Context, model: Model) -> tuple[list[Verdict], np.ndarray, Columns]:
    """Each non-blank line's probability of being article text, with its stage-2 features."""
    verdicts, cols, first = first_stage(doc, context, model)
    if not verdicts:
        return verdicts, np.zeros(0), {}
    features = stage2_features(cols, first)
    return verdicts, _sigmoid(model.stage2.logits(model.stage2.matrix(features))), features


SHORT_TEXT_CHARS = 300
"""Texts under this many characters (about 50 English words) once the rules' removals are set aside are
left to the rules: the model reads a
page's layout, and a line and a sentence have none. The trees cut the sentence of 40 of 250 two-line texts
("Plain file" over a sentence); no development page is this short. Characters, not words: a Chinese or
Japanese page has few spaces."""


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
    verdicts, cols, first = first_stage(doc, context, model)
    if sum(v.features.chars for v in verdicts if v.index not in context.claimed) < SHORT_TEXT_CHARS:
        return []
    run = sure_run(cols, first)
    threshold, page_note = _threshold(model, verdicts, context.aggressive, run)  # aggressive: one cut
    unspaced = (context.language.code or "").startswith(UNSPACED)
    kept: set[int] = set()  # aggressive mode makes one cut, headline or not
    if not context.aggressive:
        shaped = headline_shaped(doc, verdicts)
        echoed = echoed_lines(doc, verdicts)
        kept = title_over(doc, verdicts, cols, shaped, headline(cols, first, unspaced, shaped, echoed))
    code = context.verbatim(doc) if not context.aggressive else frozenset()
    trees = model.stage2
    # the page's cut is known before stage 2, so only the lines under it are explained
    z, rows, columns, pulls = trees.explain(
        trees.matrix(stage2_features(cols, first, run)), lambda z: _sigmoid(z) < threshold
    )
    scores = _sigmoid(z)
    names = [name if name != "bias" else "" for name in trees.names]  # bias: a padded split, it never pulls
    # aggressive mode's cut lies above the trees' starting score, so a line no feature pulled down can go
    unpulled = f"no feature pulled it down; the trees start at {1.0 / (1.0 + math.exp(-trees.root_total())):.2f}"
    values = field_values(doc, verdicts, scores >= threshold, context.claimed) if not context.aggressive else set()
    removals = []
    for pos, top, pull in zip(rows.tolist(), columns, pulls, strict=True):
        if verdicts[pos].index in context.claimed or pos in kept or verdicts[pos].index in code or pos in values:
            continue
        if unspaced and not context.aggressive and _unspaced_prose(verdicts[pos]):
            continue
        # the features that pulled the line's score down most, with their pulls (see Forest.pulls)
        why = ", ".join(f"{names[k]} {p:+.1f}" for k, p in zip(top, pull, strict=True) if p < 0 and names[k])
        why = why or unpulled
        reason = f"article score {scores[pos]:.2f} < {threshold:.2f} ({page_note}{why})"
        removals.append(Removal(verdicts[pos].index, verdicts[pos].index, PREFIX + "linemodel", reason))
    return removals


FIELD_WORDS = 4  # a field's label ("Prep Time:") and its value ("15 mins") are this short or shorter


def field_values(doc: Document, verdicts: list[Verdict], keeps: np.ndarray, claimed: frozenset[int]) -> set[int]:
    """Positions of the lines that are a kept label's value: a recipe's "Prep Time:" over "15 mins", a
    listing's "Bedrooms:" over "3". The value is short and scores like a menu item, but it belongs where
    its label does (bench/heldout set18: a recipe lost its times and servings while keeping their labels)."""
    values = set()
    for pos in range(1, len(verdicts)):
        label, value = doc.lines[verdicts[pos - 1].index], doc.lines[verdicts[pos].index]
        if value.index != label.index + 1 or label.index in claimed or not keeps[pos - 1]:
            continue
        if (
            label.bare.endswith(":")
            and label.bare[:1].isupper()
            and label.words <= FIELD_WORDS
            and 0 < value.words <= FIELD_WORDS
        ):
            values.add(pos)
    return values


def prose_share(verdicts: list[Verdict]) -> float:
    """The share of a page's text in lines that read as prose on their own (jusText's good and near-good).

    Measured in characters, not words: Chinese, Japanese or Thai prose has no
    spaces, and a paragraph would count as one word, like a menu item.
    """
    chars = sum(v.features.chars for v in verdicts)
    prose = sum(v.features.chars for v in verdicts if v.context_free in (Kind.GOOD, Kind.NEARGOOD))
    return prose / chars if chars else 0.0


def _threshold(model: Model, verdicts: list[Verdict], aggressive: bool, run: float) -> tuple[float, str]:
    """The score under which a line goes on this page, and what the reason should say about the page."""
    return page_cut(model.thresholds, prose_share(verdicts), run, aggressive)


def page_cut(t: dict[str, float], share: float, run: float, aggressive: bool) -> tuple[float, str]:
    """The score under which a line goes on a page of this prose ``share`` and sure ``run`` (thresholds
    ``t``, as in ``linemodel.json``), and what the reason should say about the page.

    The model tells an article from its page by prose. On a page with little
    prose (product grids, listings, link collections) the content is short
    lines too, and the model cannot tell them from the menus: there balanced
    mode removes only the lines it is sure of, so the article is not lost.
    A page of little prose that still holds a long run of sure lines (``run``
    words, see ``sure_run``) is an article among large menus, as news sites
    print them: the model has found it, and the cut there sits between the two.
    """
    if aggressive:
        return t["aggressive"], ""
    if share >= t["little_prose_share"]:
        return t["balanced"], ""
    note = f"page of little prose, {share:.0%} of its text"
    if run >= t["little_prose_run_words"]:
        return t["little_prose_with_run"], f"{note}, with a sure run of {run:.0f} words; "
    return t["little_prose"], f"{note}; "
