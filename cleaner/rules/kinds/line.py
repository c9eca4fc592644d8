"""The ``line`` kind: a line that a pattern matches, whole, as a prefix or anywhere."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cleaner.document import Document, Line, Removal
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


def compile_line(options: dict[str, Any], ignore_case: bool) -> LineOptions:
    literal = "literal" in options
    regex = compile_patterns(options["literal" if literal else "pattern"], ignore_case, literal)
    return LineOptions(regex, options.get("match", "whole"), options.get("max_words"))


def find_line(rule: Rule, doc: Document, claimed: Claimed) -> Iterator[Removal]:
    opts: LineOptions = rule.options
    for line in doc.lines:
        if not line.blank and line.index not in claimed and line_matches(opts, line):
            yield Removal(line.index, line.index, rule.id, f"{rule.reason}: line matches ({opts.match})")


def line_matches(opts: LineOptions, line: Line) -> bool:
    """Whether the rule removes ``line``: its pattern matches the line's bare text whole, as a prefix, or
    anywhere in it (unless there it is a phrase the line quotes, ``quoted``)."""
    if opts.max_words and line.words > opts.max_words:
        return False
    text = line.bare
    if opts.match == "whole":
        return opts.regex.fullmatch(text) is not None
    if opts.match == "prefix":
        return opts.regex.match(text) is not None
    match = opts.regex.search(text)
    return match is not None and not quoted(text, match.start(), match.end())


OPENING_QUOTES = "“\"«„‘'‹「『"
QUOTE_CLOSES = {"“": "”", "„": "“", "«": "»", "‘": "’", "‹": "›", "「": "」", "『": "』"}
QUOTE_REACH = 40  # characters between a quotation's opening and the match inside it
QUOTED_WORDS_AFTER = 3


def quoted(text: str, start: int, end: int) -> bool:
    """Whether the match ``start``..``end`` lies in a phrase the line quotes and then talks about, as an
    article on web design or privacy does ('“Subscribe to our newsletter” tells readers nothing.', « Ce site
    utilise des cookies ». Mais…): a quotation opens at most ``QUOTE_REACH`` characters before the match, and
    closes after it, followed by ``QUOTED_WORDS_AFTER`` words or more."""
    first = max(0, start - QUOTE_REACH)
    # an opening mark starts a word: the apostrophe of "site's" or "l'utilisation" opens nothing
    opens = [i for i in range(first, start) if text[i] in OPENING_QUOTES and (i == 0 or not text[i - 1].isalnum())]
    if not opens:
        return False
    close = QUOTE_CLOSES.get(text[opens[-1]], text[opens[-1]])
    if close in text[opens[-1] + 1 : start]:
        return False  # the quotation closed before the match
    after = text.find(close, end)
    return after >= 0 and len(text[after + 1 :].split()) >= QUOTED_WORDS_AFTER
