"""The ``tail`` kind: a marker line and the debris after it (a comment form, a related-articles box)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from cleaner.document import Document, Line, Removal
from cleaner.lineshape import indent
from cleaner.rules.kinds.common import (
    SENTENCE_END,
    UNSPACED_CHARS_PER_WORD,
    Claimed,
    compile_patterns,
    marker_lines,
    short,
    unspaced,
)
from cleaner.rules.model import Rule
from cleaner.rules.regex import Pattern


@dataclass(frozen=True, slots=True)
class TailOptions:
    start: Pattern
    max_lines: int
    max_words: int
    teasers: bool
    block: bool
    summary_words: int  # a teaser's summary is a sentence or two; a longer paragraph is the article's own


def compile_tail(options: dict[str, Any], ignore_case: bool) -> TailOptions:
    return TailOptions(
        compile_patterns(options["start"], ignore_case),
        options.get("max_lines", 30),
        options.get("max_words", 12),
        options.get("teasers", False),
        options.get("block", False),
        options.get("summary_words", 40),
    )


MENU_ITEMS = 4
"""Short lines before a ``block`` marker in its paragraph, unclaimed by earlier rules, from which the marker is a menu's
item: a link to the site's "Most Read" page among "News", "Sport", "Culture"…, not a box's heading. Its block goes,
and nothing after it: past the menu lies the article's headline (a Spanish paper's top menu ended in "Lo más visto",
and the tail took the headline, standfirst and caption under it). Share buttons an earlier rule claimed are no menu."""


def find_tail(rule: Rule, doc: Document, claimed: Claimed) -> Iterator[Removal]:
    """Marker line, then following lines while they are debris; bounded, stops at prose.

    A following line is taken when an earlier rule claimed it or it is short
    (at most ``max_words`` words, not a sentence). With ``teasers``, a teaser's
    one-line summary after a taken headline is taken too, unless it is longer than
    ``summary_words`` (then it is the article going on); ``_tail_end`` says when
    there is none. At most ``max_lines`` non-blank lines follow the marker. With
    ``block``, short lines just before the marker in its paragraph go with it
    (``_block_head``).
    """
    opts: TailOptions = rule.options
    lines = doc.lines
    done = -1
    for marker in marker_lines(opts.start, doc):
        if marker.index <= done:
            continue
        paragraphs = len(doc.blocks) > 1
        first = _block_head(doc, marker.index, opts.max_words, claimed, paragraphs) if opts.block else marker.index
        last = _tail_end(lines, marker.index, opts, claimed, paragraphs)
        menu = sum(i not in claimed for i in range(first, marker.index)) >= MENU_ITEMS
        if menu and (block := doc.block_of(marker.index)):
            last = min(last, block.last)  # the marker is a menu's item ("Most Read" in the top menu): no box follows
        done = last
        evidence = f"{rule.reason}: after marker {marker.bare!r} (line {marker.number})"
        yield Removal(first, last, rule.id, evidence)


def _block_head(doc: Document, index: int, max_words: int, claimed: Claimed, paragraphs: bool = True) -> int:
    """Where a marker's block begins: the short lines just before it in its paragraph. In text with no blank
    line (not ``paragraphs``) the paragraph is the whole text, and a short sentence or quote before the marker
    is the article's: the block stops at a line that ends like one."""
    block = doc.block_of(index)
    first = index
    while block and first > block.first:
        line = doc.lines[first - 1]
        is_short = short(line, max_words) and (paragraphs or not line.text.rstrip().endswith(SENTENCE_END))
        if not (line.index in claimed or is_short):
            break
        first -= 1
    return first


_CAPTION_CREDIT = re.compile(r"\((?:image|images|photo|photograph|picture|pic|foto|bild|credit)s?\s*:[^)]*\)\s*$", re.I)


def _tail_end(lines: Sequence[Line], marker: int, opts: TailOptions, claimed: Claimed, paragraphs: bool = True) -> int:
    """The tail's last line. With ``teasers``, a line is a teaser's summary only right after a headline:
    not after a photo caption ("… (Image: GETTY)"), and not when it sits left of the list item before it
    (the list has ended); there the article goes on. A summary is one line, or list items up to the next
    blank line (long teasers in a list): in text without blank lines the next line is the article's. Text
    with no blank line at all (an extractor's output, not ``paragraphs``) shows no teaser's layout, and a
    sentence after a headline there is as likely the article going on: no summary is taken. A box run together
    with its marker ("Leggi anche" over its headline, in one paragraph) is set into the article: past its first
    blank line its summaries end for good (a heading and its paragraph further down are the article's too), and
    a paragraph there is the article's unless it is indented under the box. When prose ends the tail, the
    heading-shaped line just before it is the article's sub-heading, not a teaser, and stays (unless it is the
    only line the tail took: a one-teaser box's headline); so does a question alone in its paragraph there
    (``_question_heading``). A marker that is a list's item (a post's meta list ending in "* Leave a comment")
    heads no box: the tail is the rest of that list."""
    last, taken, headline, after_summary = marker, 0, None, False
    before_last = marker
    boxed = marker + 1 < len(lines) and not lines[marker + 1].blank
    parted = False  # a blank line since the box began, in a box run together with its marker (see below)
    listed = bool(_LIST_ITEM.match(lines[marker].text))
    for line in lines[marker + 1 :]:
        if taken >= opts.max_lines:
            break
        if listed and not line.blank and not _LIST_ITEM.match(line.text):
            break  # the marker is a list's item (a post's "* Leave a comment" link): the tail is that list
        if line.blank:
            after_summary = False  # a list of long teasers ends with its paragraph
            parted = boxed
            continue
        if line.index in claimed or short(line, opts.max_words):
            teaser = line.index not in claimed and not line.text.rstrip().endswith((".", "!", "?"))
            headline = line if teaser and not _CAPTION_CREDIT.search(line.text) else None
        elif (
            opts.teasers
            and paragraphs
            and _word_count(line) <= opts.summary_words
            and not (parted and indent(line.text) <= indent(lines[marker].text))
            and ((after_summary and _LIST_ITEM.match(line.text)) or _summary_of(headline, line))
        ):
            headline, after_summary = None, True
        else:
            if taken >= 2 and (
                (headline is lines[last] and _heading(lines[last]))
                or (paragraphs and _question_heading(lines, last, claimed) and _run_together(lines, before_last))
            ):
                last = before_last  # the article's sub-heading, over the paragraph that ends the tail
            break
        before_last, last, taken = last, line.index, taken + 1
    return last


def _word_count(line: Line) -> int:
    """Words by spaces, or by ``UNSPACED_CHARS_PER_WORD`` characters in scripts written without spaces."""
    return max(line.words, unspaced(line) // UNSPACED_CHARS_PER_WORD)


def _heading(line: Line) -> bool:
    """Shaped like an article's sub-heading: two words or more, no sentence or label end, no bullet, no
    photo credit (a form's "Name" / "Email" and a caption are not). Words are counted as ``_word_count`` does,
    so a Chinese or Japanese sub-heading counts too."""
    text = line.text.rstrip()
    if _word_count(line) < 2 or text.endswith((".", "!", "?", ":")) or _LIST_ITEM.match(text):
        return False
    return not _CAPTION_CREDIT.search(text)


def _question_heading(lines: Sequence[Line], index: int, claimed: Claimed) -> bool:
    """A question of two words or more alone in its paragraph ("How long is long enough?"): an article's
    sub-heading, where a teaser's headline is rarely a question on a line of its own between blank lines."""
    line = lines[index]
    if index in claimed or line.words < 2 or not line.text.rstrip().endswith("?") or _LIST_ITEM.match(line.text):
        return False
    alone = (index == 0 or lines[index - 1].blank) and (index + 1 == len(lines) or lines[index + 1].blank)
    return alone and not _CAPTION_CREDIT.search(line.text)


def _run_together(lines: Sequence[Line], index: int) -> bool:
    """Whether the line at ``index`` shares its paragraph with another: teasers printed as one block. When
    each teaser stands in a paragraph of its own, a question alone in its paragraph is one more teaser."""
    return (index > 0 and not lines[index - 1].blank) or (index + 1 < len(lines) and not lines[index + 1].blank)


def _summary_of(headline: Line | None, line: Line) -> bool:
    if headline is None:
        return False
    return not (_LIST_ITEM.match(headline.text) and indent(line.text) < indent(headline.text))


_LIST_ITEM = re.compile(r"\s*[*+•·▪◦‣►▶»\-–—]\s")
