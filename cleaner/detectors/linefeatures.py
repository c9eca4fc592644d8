"""What a text dump keeps of a line's layout and wording: the cues the detectors classify by."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cleaner.document import Line

# A dump's list markers: lynx/html2text write "*", "+", "o", "-" or "•" before <li> items.
_BULLET = re.compile(r"^\s*(?:[*+•·▪◦‣►▶»\-–—]|o(?= ))\s+")
_WORD = re.compile(r"\w+", re.UNICODE)
_URL = re.compile(r"^(?:https?://|www\.)\S+$|^\S+\.(?:com|org|net|io|co\.uk)(?:/\S*)?$", re.IGNORECASE)
_EMAIL = re.compile(r"^\S+@\S+\.\w+$")
# "6486", "0 Comments", "12 likes", "3.2K views", "(15)": a counter, never prose.
_COUNTER = re.compile(r"^(?!\d+\.\s)\(?[\d.,]+[kKmM]?\)?(?:\s+\w+){0,2}$")
_PRICE = re.compile(r"^(?:from\s+)?[$€£¥₹]\s?[\d.,]+|^[\d.,]+\s?(?:[$€£¥₹]|USD|EUR|GBP)$", re.IGNORECASE)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = re.compile(
    rf"^(?:(?:posted|published|updated|on)\s+)?(?:\w+day,?\s+)?(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}|\d{{1,4}}[/.-]\d{{1,2}}[/.-]\d{{1,4}})"
    r"(?:,?\s*(?:at\s+)?\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?$|^\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?$",
    re.IGNORECASE,
)
# The names junk_shape gives, in the order it tries them: the line model has one feature per name.
JUNK_SHAPES = ("copyright", "email", "url", "counter", "price", "date", "separators")
_SEPARATORS = re.compile(r"\s[|•·/»›]\s")
# _SEPARATORS' middle characters are "|", "/" and four outside ASCII: a line without them skips the pattern


@dataclass(frozen=True, slots=True)
class Features:
    """Layout and wording cues of one line."""

    chars: int  # length of the bare text
    words: int
    stopwords: float  # share of word tokens in the language's stoplist (-1 when no stoplist)
    indent: int
    bullet: bool
    junk: str  # why the line's shape is never prose ("url", "counter"…), or ""
    title_case: bool  # every word capitalised, as menu items are
    sentence: bool  # ends like a sentence


_SENTENCE_ENDS = frozenset('.!?…。！？:;"”’)')  # the line model was fitted with this set (no apostrophe or bracket)
# Thai and Lao end a sentence with a space, not a stop: a line of their script this long reads as sentences
# (a menu item there is a word or two: "เข้าสู่ระบบ"). Without it no Thai line was prose, and a Thai page
# kept its whole chrome as a page of little prose (bench/heldout set7, set14, set25).
_UNSTOPPED = re.compile(r"[\u0e00-\u0eff]")
UNSTOPPED_SENTENCE_CHARS = 40


def features(line: Line, stoplist: frozenset[str]) -> Features:
    """Measure one non-blank line (the detectors' inner loop: one split, one tokenisation)."""
    text = line.text
    bullet = _BULLET.match(text)
    body = text[bullet.end() :].strip() if bullet else text.strip()
    words = body.split()
    return Features(
        chars=len(body),
        words=len(words),
        stopwords=stopword_share(body, stoplist),
        indent=len(text) - len(text.lstrip()),
        bullet=bullet is not None,
        junk=junk_shape(body),
        title_case=_title_case(words),
        sentence=body[-1:] in _SENTENCE_ENDS or _unstopped_sentence(body),
    )


def _unstopped_sentence(body: str) -> bool:
    """A Thai or Lao line long enough to be sentences (an ASCII line, most of them, is skipped unscanned)."""
    return (
        len(body) >= UNSTOPPED_SENTENCE_CHARS
        and not body.isascii()
        and len(_UNSTOPPED.findall(body)) >= UNSTOPPED_SENTENCE_CHARS
    )


# ASCII bytes to what _WORD and str.lower make of them: capitals lowered, every non-word byte a space
_ASCII_WORDS = bytes(
    c + 32 if 65 <= c <= 90 else c if 48 <= c <= 57 or 97 <= c <= 122 or c == 95 else 32 for c in range(256)
)


def stopword_share(body: str, stoplist: frozenset[str]) -> float:
    """The share of ``body``'s word tokens (``_WORD`` on its lower case) in ``stoplist``; -1 without a stoplist
    or tokens. An ASCII line (most of them) is tokenised by one byte translation and a split, in C."""
    if not stoplist:
        return -1.0
    if body.isascii():
        tokens: list[str] | list[bytes] = body.encode("ascii").translate(_ASCII_WORDS).split()
        found = sum(map(_ascii_stoplist(stoplist).__contains__, tokens))
    else:
        tokens = _WORD.findall(body.lower())
        found = sum(map(stoplist.__contains__, tokens))
    return found / len(tokens) if tokens else -1.0


@lru_cache(maxsize=64)
def _ascii_stoplist(stoplist: frozenset[str]) -> frozenset[bytes]:
    """The stoplist's ASCII words as bytes (an ASCII token can be no other word)."""
    return frozenset(word.encode("ascii") for word in stoplist if word.isascii())


_DIGIT = re.compile(r"\d")


_NUMBER_STARTS = frozenset("(.,fF$€£¥₹")  # besides digits, how a counter or a price can start


def junk_shape(body: str) -> str:
    """The name of the never-prose shape this line has, or "".

    Each shape's pattern is tried only when its telltale is there: most lines are
    prose, and a pattern that cannot match costs a search all the same.
    """
    if "©" in body or body[:9].lower() == "copyright":
        return "copyright"
    if "@" in body and _EMAIL.search(body):
        return "email"
    if " " not in body and ("." in body or "://" in body) and _URL.search(body):  # a URL line has no space
        return "url"
    first = body[:1]
    if first.isdecimal() or first in _NUMBER_STARTS:  # both patterns are anchored on one of these (\d is Nd)
        for name, pattern in (("counter", _COUNTER), ("price", _PRICE)):
            if pattern.search(body):
                return name
    if _DIGIT.search(body) and _DATE.match(body):  # every branch of _DATE is anchored at the start
        return "date"
    if ("|" in body or "/" in body or not body.isascii()) and len(_SEPARATORS.findall(body)) >= 2:
        return "separators"
    return ""


def _title_case(words: list[str]) -> bool:
    """Every word of a short line capitalised (words of three letters or fewer may be lower case), as menu items are."""
    letters: list[str] = []
    for word in words:
        if word[:1].isalpha():
            if len(letters) == 6:
                return False  # a seventh word: not a menu item, however long the line goes on
            letters.append(word)
    return bool(letters) and all(w[0].isupper() for w in letters if len(w) > 3)
