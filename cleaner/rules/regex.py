"""Rule patterns compiled with RE2: linear time, so no pattern can hang a run.

Python's ``re`` backtracks: a pattern such as ``(a+)+$`` takes exponential time
on a long line, and case-insensitive alternations of many phrases crawl. RE2
(google-re2) guarantees time linear in the text and matches a combined
alternation of every rule in one pass, about 100x faster here.

Syntax is RE2's (close to Python's; no look-around, no back-references). So
that patterns mean what a Python author expects on any script, ``\\w`` and
``\\W`` are widened to Unicode letters and digits; ``\\b`` stays ASCII in RE2,
so do not put it next to a non-ASCII letter (write ``(^|\\W)`` instead).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import re2

from cleaner.document import Document


def _options(max_mem: int) -> re2.Options:
    options = re2.Options()
    options.log_errors = False
    options.max_mem = max_mem
    return options


# RE2's default budget. It bounds each pattern's DFA state cache, which grows with the variety of
# text scanned: at 64 MB the cleaning workers grew from 125 to 170 MB over 4,000 pages, at 8 MB
# they stay near 130 MB. Line rules are packed into scanners small enough for it (rules.engine).
_SMALL = _options(8 << 20)
# For what the small budget cannot take: a pattern too large to compile in it (``\w{1,500}`` is
# 300k instructions once ``\w`` means every Unicode letter), and unanchored scanners whose DFA
# does not fit, since RE2's fallback, the NFA, starts a thread at every character of a document.
LARGE = _options(64 << 20)
# For a scanner whose program is large (a single rule of many Unicode-class repeats): RE2 counts the
# program against the budget, and at 8 MB the DFA left for such a scanner was flushed over and over;
# at 16 MB interface.misc scanned 400 pages in 0.015 s instead of 0.30 s. More did not help (at 64 MB
# bylines.by was slower: more states built).
MEDIUM = _options(16 << 20)
MEDIUM_FROM = 32_000  # program instructions from which a scanner gets the medium budget
# ... and from which it gets the large one. With 0.2.22's interface strings of 30 more languages, the
# interface rules' scanners grew to 130k-240k instructions, and at 16 MB their DFA thrashed again: the
# four of them took 3.1 s of 4.2 s scanning 200 wcxb pages; at 64 MB 0.5 s (bylines.by, 157k, went from
# 0.05 to 0.10 s). Text path 20 -> 30 pages/s; peak memory 301 -> 347 MB, and flat as the corpus grows.
LARGE_FROM = 100_000

_WORD = r"\pL\pN_"


class PatternError(ValueError):
    """A pattern RE2 cannot compile; the message says why."""


# Escapes rewritten outside and inside brackets: Unicode words, and nothing that
# matches a newline (a line never holds one, and documents are scanned whole).
_OUTSIDE = {"w": f"[{_WORD}]", "W": f"[^{_WORD}\\n]", "s": "[\\t\\f\\r ]", "D": "[^0-9\\n]"}
_INSIDE = {"w": _WORD, "s": "\\t\\f\\r "}


def unicode_classes(pattern: str) -> str:
    """Rewrite a rule pattern for RE2 so it means on one line what a Python author expects.

    ``\\w``/``\\W`` become Unicode letter/digit classes; ``\\s``, ``\\W``, ``\\D`` and
    negated brackets never match a newline, so a pattern cannot run from one
    line into the next when a whole document is scanned; groups become
    non-capturing, because rules never read them and RE2 only takes its fast
    DFA path when no submatch has to be reported.
    """
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            table = _INSIDE if in_class else _OUTSIDE
            out.append(table.get(nxt, pattern[i : i + 2]))
            i += 2
            continue
        if ch == "[" and not in_class and pattern.startswith("[^", i):
            literal_bracket = pattern.startswith("]", i + 2)  # "[^]…]": a leading ] is literal
            out.append("[^\\n\\]" if literal_bracket else "[^\\n")
            in_class = True
            i += 3 if literal_bracket else 2
            continue
        if ch == "(" and not in_class and not pattern.startswith("?", i + 1):
            out.append("(?:")
            i += 1
            continue
        if ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class and out and out[-1] not in ("[", "[^", "[^\\n", "[^\\n\\]"):
            in_class = False
        out.append(ch)
        i += 1
    return "".join(out)


_BOUNDED = re.compile(r"\{([01]),\d+\}")
# What makes loosening unsafe or unreadable by this walker: quoted text (\Q…\E), POSIX classes inside
# brackets, and a flag s, with which "." matches a newline and a loosened repeat would run across lines.
_KEEP_AS_IS = re.compile(r"\\Q|\[:|\(\?[a-zA-Z-]*s")


def relaxed(pattern: str) -> str:
    """``pattern`` with ``.{0,n}`` made ``.*`` and ``.{1,n}`` made ``.+``: a pattern matching a superset.

    For scanners only, whose candidates each rule then verifies with its own pattern:
    a bounded repeat of ``.`` (``.{0,120}All rights reserved``) makes RE2's DFA track
    every count up to the bound, and a scan of a page took ten times as long. Only
    ``.`` is loosened: it never matches a newline, so a loosened repeat stays on its
    line of the document the scanner reads whole (``[\x00-\x7f]{0,40}`` would not).
    """
    if _KEEP_AS_IS.search(pattern):
        return pattern
    out: list[str] = []
    in_class = False
    dot = False  # the last token was "." outside a class
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            dot = False
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            start = i + 1 + pattern.startswith("^", i + 1)
            if pattern.startswith("]", start):  # a leading ] is literal
                out.append(pattern[i : start + 1])
                i = start + 1
                dot = False
                continue
        elif ch == "{" and dot and (bounded := _BOUNDED.match(pattern, i)):
            out.append("*" if bounded.group(1) == "0" else "+")
            i = bounded.end()
            dot = False
            continue
        dot = ch == "." and not in_class
        out.append(ch)
        i += 1
    return "".join(out)


@dataclass(frozen=True, slots=True, eq=False)
class Pattern:
    """A compiled rule pattern; ``source`` is what the author wrote."""

    source: str
    ignore_case: bool
    multiline: bool
    compiled: Any

    def fullmatch(self, text: str | bytes) -> Any:
        return self.compiled.fullmatch(text)

    def match(self, text: str | bytes) -> Any:
        return self.compiled.match(text)

    def search(self, text: str | bytes) -> Any:
        return self.compiled.search(text)

    def finditer(self, text: str) -> Iterator[Any]:
        return self.compiled.finditer(text)

    def lines_in(self, doc: Document) -> list[int]:
        """Indexes of the lines of ``doc`` where this pattern matches (for a ^…$ multiline pattern: whole lines)."""
        return doc.lines_at(match.start() for match in self.compiled.finditer(doc.bare_utf8))

    @property
    def flagged(self) -> str:
        """The pattern with its flags inline, ready to be combined with others."""
        flags = ("i" if self.ignore_case else "") + ("m" if self.multiline else "")
        return f"(?{flags}:{unicode_classes(self.source)})" if flags else f"(?:{unicode_classes(self.source)})"


def compile_pattern(
    source: str, *, ignore_case: bool = False, multiline: bool = False, options: re2.Options | None = None
) -> Pattern:
    """Compile one RE2 pattern (in the small budget unless ``options`` say otherwise), or raise PatternError."""
    pattern = Pattern(source, ignore_case, multiline, None)
    try:
        compiled = re2.compile(pattern.flagged, options or _SMALL)
    except re2.error as error:
        message = error.args[0].decode() if error.args and isinstance(error.args[0], bytes) else str(error)
        if options is None and "too large" in message:
            return compile_pattern(source, ignore_case=ignore_case, multiline=multiline, options=LARGE)
        raise PatternError(message) from None
    return Pattern(source, ignore_case, multiline, compiled)


def compile_any(
    sources: str | Sequence[str], *, ignore_case: bool, literal: bool = False, multiline: bool = False
) -> Pattern:
    """One pattern matching any of ``sources`` (literals are escaped)."""
    items = [sources] if isinstance(sources, str) else list(sources)
    parts = [re2.escape(item) if literal else item for item in items]
    return compile_pattern("|".join(f"(?:{part})" for part in parts), ignore_case=ignore_case, multiline=multiline)


def union(patterns: Sequence[Pattern]) -> str:
    """The source of one pattern that matches where any of ``patterns`` matches, each keeping its own flags:
    what a compiled union's ``flagged`` would be, without compiling it (scanners are built from it, and
    compiling the union first cost a third of loading the rules)."""
    return Pattern("|".join(p.flagged for p in patterns), False, False, None).flagged


@lru_cache(maxsize=4096)
def whole_line_scanner(pattern: Pattern) -> Pattern:
    """``whole_lines`` for one pattern, compiled once per pattern object."""
    return whole_lines([pattern])


@lru_cache(maxsize=4096)
def line_start_scanner(pattern: Pattern) -> Pattern:
    """A multiline pattern matching the lines ``pattern`` matches at their start (callers verify, as above)."""
    return compile_pattern(f"^(?:{relaxed(pattern.flagged)})", multiline=True)


def whole_lines(patterns: Sequence[Pattern]) -> Pattern:
    """A multiline pattern matching the lines that one of ``patterns`` matches whole.

    ``[^\\n]``-only matching is not guaranteed (a pattern's ``\\s`` may cross a
    newline), so callers verify each candidate line with the pattern itself.
    """
    return compile_pattern(f"^(?:{relaxed(union(patterns))})$", multiline=True)
