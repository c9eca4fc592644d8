"""What the rule kinds share: compiling patterns, finding marker lines, telling a short line from prose."""

from __future__ import annotations

from collections.abc import Sequence

from cleaner.document import Document, Line
from cleaner.lineshape import UNSPACED, is_prose
from cleaner.rules.regex import Pattern, compile_any, whole_line_scanner

Claimed = frozenset[int]


def compile_patterns(value: str | Sequence[str], ignore_case: bool, literal: bool = False) -> Pattern:
    """One pattern from a pattern or a list of patterns (literals are escaped)."""
    return compile_any(value, ignore_case=ignore_case, literal=literal)


def whole(regex: Pattern, line: Line) -> bool:
    return not line.blank and regex.fullmatch(line.bare) is not None


def marker_lines(regex: Pattern, doc: Document) -> list[Line]:
    """The lines ``regex`` matches whole, found with one scan of the document and verified."""
    scanner = whole_line_scanner(regex)
    return [doc.lines[i] for i in scanner.lines_in(doc) if whole(regex, doc.lines[i])]


def short(line: Line, max_words: int) -> bool:
    """Debris-shaped: few words and not a finished sentence. Chinese, Japanese and Thai put no spaces between
    words, so a paragraph there is one "word": it counts as long from ``UNSPACED_CHARS_PER_WORD`` characters
    of those scripts per word (a teaser headline is 15 to 30 of them, a paragraph 60 and more), or from two
    per word when it ends like a sentence (。, 」)."""
    if line.words > max_words or is_prose(line.text, min_words=max_words):
        return False
    count = unspaced(line)
    if count >= max_words * 2 and line.text.rstrip().endswith(SENTENCE_END):
        return False  # a sentence, however short its words
    return count < max_words * UNSPACED_CHARS_PER_WORD


UNSPACED_CHARS_PER_WORD = 3


def unspaced(line: Line) -> int:
    """How many characters of scripts written without spaces the line holds."""
    return len(UNSPACED.findall(line.text))


SENTENCE_END = (".", "!", "?", "…", "“", "”", '"', "»", "«", "。", "」", "！", "？", "』")
