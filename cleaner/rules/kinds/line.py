"""The ``line`` kind: a line that a pattern matches, whole, as a prefix or anywhere."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cleaner.document import Document, Line, Removal
from cleaner.lineshape import is_prose
from cleaner.rules.kinds.common import (
    Claimed,
    compile_patterns,
)
from cleaner.rules.model import Rule
from cleaner.rules.regex import Pattern


@dataclass(frozen=True, slots=True)
class LineOptions:
    regex: Pattern
    match: str
    max_words: int | None
    spare_headings: bool = False


def compile_line(options: dict[str, Any], ignore_case: bool) -> LineOptions:
    literal = "literal" in options
    regex = compile_patterns(options["literal" if literal else "pattern"], ignore_case, literal)
    return LineOptions(
        regex, options.get("match", "whole"), options.get("max_words"), options.get("spare_headings", False)
    )


def find_line(rule: Rule, doc: Document, claimed: Claimed) -> Iterator[Removal]:
    opts: LineOptions = rule.options
    for line in doc.lines:
        if not line.blank and line.index not in claimed and line_matches(opts, line, doc):
            yield Removal(line.index, line.index, rule.id, f"{rule.reason}: line matches ({opts.match})")


HEADED_PROSE_WORDS = 20  # the paragraphs around a heading the rule spares have at least this many words


def _prose_beside(doc: Document, lines: range) -> bool:
    for k in lines:
        if 0 <= k < len(doc.lines) and not doc.lines[k].blank:
            return is_prose(doc.lines[k].text, HEADED_PROSE_WORDS)
    return False


def heads_prose(doc: Document, line: Line) -> bool:
    """Whether ``line`` stands between two paragraphs of prose (the nearest non-blank lines, at most one blank
    line away): a heading inside an article, not a link in a menu or a footer."""
    return _prose_beside(doc, range(line.index + 1, line.index + 3)) and _prose_beside(
        doc, range(line.index - 1, line.index - 3, -1)
    )


def line_matches(opts: LineOptions, line: Line, doc: Document) -> bool:
    """Whether the rule removes ``line``: its pattern matches the line's bare text whole, as a prefix, or
    anywhere in it (unless every match there is a phrase the line quotes, ``quoted``), and, for a rule that
    spares headings, the line does not head a paragraph of prose."""
    if opts.max_words and line.words > opts.max_words:
        return False
    if opts.spare_headings and heads_prose(doc, line):
        return False
    text = line.bare
    if opts.match == "whole":
        return opts.regex.fullmatch(text) is not None
    if opts.match == "prefix":
        return opts.regex.match(text) is not None
    matches = list(opts.regex.finditer(text))
    return bool(matches) and not all(quoted(text, m.start(), m.end()) for m in matches)


OPENING_QUOTES = "“\"«„‘'‹「『"
QUOTE_CLOSES = {"“": "”", "„": "“", "«": "»", "‘": "’", "‹": "›", "「": "」", "『": "』"}
QUOTE_REACH = 40  # characters between a quotation's opening and the match inside it
QUOTED_WORDS = 4  # a quotation this long is a sentence quoted; a shorter one is a button's label
QUOTED_WORDS_AFTER = 3
# a banner tells its reader which button to press: 'Click “Accept all cookies”', 'Cliquez sur « Paramètres »'
_CLICK = re.compile(
    r"\b(click|tap|press|select|choose|hit|klicke?n?|tippen|cliquez|cliquer|appuyez|clic|pulsa|clica|clique|toque|klik|kliknij)\b|нажмите",
    re.IGNORECASE,
)


def quoted(text: str, start: int, end: int) -> bool:
    """Whether the match ``start``..``end`` lies in a sentence the line quotes and then talks about, as an
    article on web design or privacy does ('“Subscribe to our newsletter” tells readers nothing.', « Ce site
    utilise des cookies ». Mais…): a quotation of ``QUOTED_WORDS`` words or more opens at most ``QUOTE_REACH``
    characters before the match, with no "click" or "tap" before it, and closes after the match, followed by
    ``QUOTED_WORDS_AFTER`` words or more."""
    first = max(0, start - QUOTE_REACH)
    # an opening mark starts a word: the apostrophe of "site's" or "l'utilisation" opens nothing
    opens = [i for i in range(first, start) if text[i] in OPENING_QUOTES and (i == 0 or not text[i - 1].isalnum())]
    if not opens:
        return False
    at = opens[-1]
    close = QUOTE_CLOSES.get(text[at], text[at])
    if close in text[at + 1 : start]:
        return False  # the quotation closed before the match
    after = text.find(close, end)
    if after < 0 or len(text[after + 1 :].split()) < QUOTED_WORDS_AFTER:
        return False
    return len(text[at + 1 : after].split()) >= QUOTED_WORDS and not _CLICK.search(text[max(0, at - 30) : at])
