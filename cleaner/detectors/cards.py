"""Teaser cards told by their time stamps: a news site's recirculation module prints, three times and more, a
headline, its summary and when it ran ("2H ago", "Nov 18"), each card the same lines in the same layout.

The line model reads one line at a time, and a card's summary reads like the article's prose; what gives the
module away is the stamp that comes back every few lines, with the same number of lines, indented alike,
between each two. A run of ``MIN_CARDS`` stamps or more, each the same ``MIN_GAP`` to ``MAX_GAP`` lines after
the one before (a headline and its summary, perhaps a label), is removed from the first card's headline to the
last stamp. The card lines are short (at most ``MAX_CARD_WORDS`` words) but not too short (``MIN_CARD_WORDS``:
a forum's poster name between two posts' stamps is one word), a list of one-line items with their stamps is a
listing, and the page keeps an article outside the module (``ARTICLE_WORDS`` words or more in lines of prose,
and more than the module holds), so a page of stamped items, which is its content, stays.

A module may print the day each card ran ("Nov 18") instead of its age; so does a blog's or a section's index,
whose dated entries are the page. Dated cards therefore go only when more of the kept prose stands above them
than below (the module follows the article) and all of the page's dated cards together leave it an article.

The first card's lines stand before the first stamp, or the last card's after the last one, depending on the
layout; they are taken on the side whose lines have the cards' indentation, and on neither when both or none do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cleaner.detectors import PREFIX, Context
from cleaner.document import Document, Line, Removal
from cleaner.lineshape import indent

MIN_CARDS = 3
MIN_GAP = 2  # a headline and its summary: a list of one-line items with their stamps is a listing
MAX_GAP = 3
MAX_CARD_WORDS = 40
MIN_CARD_WORDS = 3
ARTICLE_WORDS = 150
PROSE_WORDS = 15  # the article outside the module is counted in lines of prose this long
# a gallery's or a thread's count after the stamp ("17H ago 50 photos")
COUNT = r"( \d{1,4} (photos?|videos?|comments?|images?))?"

# a relative time stamp alone on its line, as recirculation modules print it
AGE = re.compile(
    r"(((updated|posted|published) )?\d{1,3} ?"
    r"(s|m|h|d|w|mo|y|secs?|mins?|hrs?|hours?|minutes?|days?|weeks?|months?|years?)\.? ago"
    r"|(il y a|vor|hace|há) \d{1,3} ?"
    r"(min|minutes?|minuten|minutos|h|heures?|std\.?|stunden?|horas?|jours?|tagen?|días?|dias?)\.?"
    r"|\d{1,3} ?(minuti|ore|giorni|minuten|uur|dagen|minuter|timmar|dagar|tim|min) (fa|geleden|sedan))" + COUNT,
    re.IGNORECASE,
)
_MONTH = (
    r"(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sept?(ember)?|oct(ober)?|nov(ember)?"
    r"|dec(ember)?)\.?"
)
# the day a card ran, when the module prints dates rather than ages ("Nov 18", "18 November 2019"); a blog's or
# a news section's index prints its entries so too, so dated cards go only below an article (detect)
DAY = re.compile(rf"({_MONTH} \d{{1,2}}(,? \d{{4}})?|\d{{1,2}} {_MONTH}( \d{{4}})?)" + COUNT, re.IGNORECASE)
STAMP = re.compile(f"{AGE.pattern}|{DAY.pattern}", re.IGNORECASE)  # either, in one scan of each line


def detect(doc: Document, context: Context) -> list[Removal]:
    """Remove the cards and stamps of each module; not on an HTML extractor's output in balanced mode (the
    extractor has already left the page's modules out, like the line model's and ``detector:stranded``'s)."""
    if context.extracted and not context.aggressive:
        return []
    lines = [line for line in doc.lines if not line.blank]
    stamps = [k for k, line in enumerate(lines) if STAMP.fullmatch(line.bare.strip())]
    modules = [(run, shape, *_span(lines, run, shape)) for run, shape in _runs(lines, stamps)]
    # dated modules count together: a page whose dated cards outweigh the rest is an index of entries
    dated = {
        lines[k].index
        for run, _shape, first, last in modules
        if not all(AGE.fullmatch(lines[stamp].bare.strip()) for stamp in run)
        for k in range(first, last + 1)
    }
    removals: list[Removal] = []
    for run, shape, first, last in modules:
        inside = {lines[k].index for k in range(first, last + 1)}
        if inside & dated and not (
            _leaves_an_article(lines, dated, context) and _below_the_prose(lines, first, last, context)
        ):
            continue
        if not _leaves_an_article(lines, inside, context):
            continue
        reason = (
            f"{len(run)} cards of {len(shape)} lines, each closed by a time stamp "
            f"('{lines[run[0]].bare.strip()}' … '{lines[run[-1]].bare.strip()}')"
        )
        for k in range(first, last + 1):
            if lines[k].index not in context.claimed:
                removals.append(Removal(lines[k].index, lines[k].index, PREFIX + "cards", reason))
    return removals


def _kept_words(lines: Iterable[Line], context: Context, min_words: int = 0) -> int:
    """The words of the kept lines of ``min_words`` words or more."""
    return sum(line.words for line in lines if line.index not in context.claimed and line.words >= min_words)


def _below_the_prose(lines: list[Line], first: int, last: int, context: Context) -> bool:
    """Whether more of the page's kept prose stands above the module than below it: a recirculation module
    follows the article, where an index's dated entries are the page."""
    return _kept_words(lines[:first], context, PROSE_WORDS) > _kept_words(lines[last + 1 :], context, PROSE_WORDS)


def _leaves_an_article(lines: list[Line], inside: set[int], context: Context) -> bool:
    """Whether the kept prose outside ``inside`` (lines of ``PROSE_WORDS`` words or more) makes an article of
    ``ARTICLE_WORDS`` words at least, and more than the kept words inside."""
    kept_out = _kept_words((line for line in lines if line.index not in inside), context, PROSE_WORDS)
    kept_in = _kept_words((line for line in lines if line.index in inside), context)
    return kept_out >= ARTICLE_WORDS and kept_out > kept_in


Shape = tuple[int, ...]  # the indentation of a card's lines


def _runs(lines: list[Line], stamps: list[int]) -> list[tuple[list[int], Shape]]:
    """Stamps in runs of ``MIN_CARDS`` or more with the same card between each two (as many lines, indented
    alike), each with that card's shape."""
    runs: list[tuple[list[int], Shape]] = []
    current: list[int] = []
    shape: Shape | None = None
    for k in stamps:
        card = _card(lines, current[-1] + 1, k) if current else None
        if card is not None and shape in (None, card):
            current.append(k)
            shape = card
            continue
        if len(current) >= MIN_CARDS and shape is not None:
            runs.append((current, shape))
        current, shape = [k], None
    if len(current) >= MIN_CARDS and shape is not None:
        runs.append((current, shape))
    return runs


def _card(lines: list[Line], start: int, end: int) -> Shape | None:
    """The indentation of the card lines between ``start`` and ``end`` (exclusive), or None when they are no card."""
    gap = lines[start:end]
    if not MIN_GAP <= len(gap) <= MAX_GAP:
        return None
    if any(not MIN_CARD_WORDS <= line.words <= MAX_CARD_WORDS for line in gap):
        return None
    return tuple(indent(line.text) for line in gap)


def _span(lines: list[Line], run: list[int], shape: Shape) -> tuple[int, int]:
    """The first and last line of the module: its stamps, the cards between them, and the one card on the side
    the layout says (the lines before the first stamp or after the last with the cards' indentation)."""
    g = len(shape)
    before = run[0] - g >= 0 and _card(lines, run[0] - g, run[0]) == shape
    after = run[-1] + g < len(lines) and _card(lines, run[-1] + 1, run[-1] + 1 + g) == shape
    first = run[0] - g if before and not after else run[0]
    last = run[-1] + g if after and not before else run[-1]
    return first, last
