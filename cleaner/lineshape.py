"""Shape of a line as rules and detectors see it: its bare text, its words, prose or not."""

from __future__ import annotations

import re

# Leading indentation, list bullets and close-button glyphs a text dump keeps from <li> items and icons.
_BULLET = re.compile(r"^[\s•·*▪▫◦‣►▶»>+\-–—|×✕]+")
_BULLET_STARTS = frozenset("•·*▪▫◦‣►▶»>+-–—|×✕")  # _BULLET's characters besides \s (which is str.isspace)
# The characters a sentence (or a quoted or bracketed one) ends with.
SENTENCE_ENDS = frozenset(".!?…。！？:;\"'”’)]")
# A character of a script written without spaces between words: kana, CJK ideographs (and their compatibility
# forms), Thai, Lao, Burmese, Khmer (Korean puts spaces between words).
UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")


def bare(text: str) -> str:
    """The line without indentation, list bullet or trailing space: what rules match.

    A line made only of bullets and glyphs ("•", "×") keeps them, so rules can still see it.
    """
    first = text[:1]
    if first not in _BULLET_STARTS and not first.isspace():
        return text.strip()  # most lines: the pattern cannot match, so skip it
    return _BULLET.sub("", text).strip() or text.strip()


def indent(text: str) -> int:
    """The line's leading whitespace, in characters: a text dump's trace of how deep its element sat."""
    return len(text) - len(text.lstrip())


def word_count(text: str) -> int:
    return len(text.split())


def is_prose(text: str, min_words: int = 12) -> bool:
    """A sentence-like line: long enough and ending like a sentence."""
    stripped = text.strip()
    return word_count(stripped) >= min_words and stripped[-1:] in SENTENCE_ENDS
