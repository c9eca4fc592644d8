"""The ``repeat`` kind: a later copy of a headline-sized line (a title printed twice, teasers)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from cleaner.document import Document, Line, Removal
from cleaner.lineshape import is_prose
from cleaner.rules.kinds.common import (
    Claimed,
    compile_patterns,
)
from cleaner.rules.model import Rule
from cleaner.rules.regex import Pattern, line_start_scanner


@dataclass(frozen=True, slots=True)
class RepeatOptions:
    of: str
    prefix: Pattern | None
    min_words: int
    max_words: int
    max_copies: int | None  # a line printed more often is a recurring label, not a headline printed twice


def compile_repeat(options: dict[str, Any], ignore_case: bool) -> RepeatOptions:
    prefix = options.get("prefix")
    return RepeatOptions(
        options.get("of", "title"),
        compile_patterns(prefix, ignore_case) if prefix else None,
        options.get("min_words", 3),
        options.get("max_words", 30),
        options.get("max_copies"),
    )


_PROMPT = re.compile(r"\s*(>>> |\$ [a-z])")  # a prompt's input: a doctest's or a shell's, not "$ 19.99"
_NOT_A_HEADLINE = re.compile(
    r"[.:;,{(\[=]\s*$|[{};]|\s=\s|^\s*\||\"\s*,\s*\"|\(\)"
    rf"|^{_PROMPT.pattern}|^\s*(from [\w.]+ import |import [\w.]+( as \w+)?\s*$)"
)


def _headline(line: Line) -> bool:
    """A line that may be a headline: repeated on purpose are sentences (recipes, refrains), lead-ins
    ending in a colon (a feature list's "Bring it to life with:"), code (braces, ``x = y``, quoted lists,
    calls: ``CMD ["gunicorn", "-b"]``, ``create_app()``; imports, ``from x.y import z``, and a prompt's input,
    ``>>> import x`` or ``$ pip install x``, not ``$ 19.99``), and a table's rows ("| Revisions |
    Yes | Yes |", as trafilatura writes tables: a comparison table repeats a row's cells on purpose)."""
    return not _NOT_A_HEADLINE.search(line.text)


def _key(line: Line) -> str:
    return " ".join(line.bare.casefold().split())


_LAST: list[Any] = [None, None]  # the last document the repeat rules read, and its lines' keys and shapes


def forget_shapes() -> None:
    """Drop the cached document (``_shapes``): ``run_rules`` calls it when its rules are done."""
    _LAST[:] = [None, None]


def _shapes(doc: Document) -> tuple[list[str], list[bool]]:
    """Every line's key (``_key``) and whether it may be a headline (``_headline``), computed once for the
    three repeat rules that read the same document in turn."""
    if _LAST[0] is not doc:
        keys = [_key(line) for line in doc.lines]
        _LAST[:] = [doc, (keys, [bool(key) and _headline(line) for key, line in zip(keys, doc.lines, strict=True)])]
    return _LAST[1]


_REPEATS = ": repeats line "


def cite_copy(removal: Removal, copy: Line) -> Removal:
    """A repeat's ``removal`` citing ``copy`` as the line it repeats (when the one it cited goes too)."""
    base = removal.reason.rsplit(_REPEATS, 1)[0]
    return replace(removal, reason=f"{base}{_REPEATS}{copy.number}", copy_of=copy.index)


def find_repeat(rule: Rule, doc: Document, claimed: Claimed) -> Iterator[Removal]:
    """A later copy of a headline-sized line (the title, or any line with ``of: any``).

    With ``prefix``, a line made of the prefix and a headline elsewhere in the
    document (a breadcrumb ending in the title) is removed instead.
    """
    opts: RepeatOptions = rule.options
    keys, headline = _shapes(doc)
    lines: Iterable[Line] = doc.lines
    if opts.of == "title":
        # the title is the first line no earlier rule removed: the first line of the output, so a second pass agrees
        first = next((line for line in doc.lines if not line.blank and line.index not in claimed), None)
        lines = [first] if first is not None else []
    sized = [line for line in lines if opts.min_words <= line.words <= opts.max_words and headline[line.index]]
    if opts.prefix is not None:
        yield from _prefixed(rule, doc, sized, opts.prefix, claimed)
        return
    candidates = {line.index for line in sized}
    if opts.max_copies is not None:
        # counted over the lines no earlier rule removed, so a second pass over the output counts the same
        copies = Counter(keys[line.index] for line in doc.lines if not line.blank and line.index not in claimed)
        candidates = {index for index in candidates if copies[keys[index]] <= opts.max_copies}
    initials = {keys[line.index][:1] for line in sized}
    seen: dict[str, Line] = {}
    headings: set[str] = set()  # keys whose contents entry went in place of the heading that stays
    layout: _Layout | None = None
    for line in doc.lines:
        key = keys[line.index]
        if key[:1] not in initials:
            continue  # a key starts with its line's first letter casefolded: no other line can repeat one
        if key in seen:
            original = seen[key]
            if line.index in claimed or _PROMPT.match(line.text):
                continue  # a prompt's input is code, whatever the line it repeats (its key has no prompt)
            if opts.of == "any" and key not in headings:
                layout = layout or _layout(doc, keys, headline)
                if _heads_its_section(line, original, layout):
                    # the contents list's entry goes, not the heading it repeats; later copies repeat the heading
                    if original.index not in claimed:
                        reason = f"{rule.reason}{_REPEATS}{line.number}"
                        yield Removal(original.index, original.index, rule.id, reason, copy_of=line.index)
                    seen[key] = line
                    headings.add(key)
                    continue
            reason = f"{rule.reason}{_REPEATS}{original.number}"
            yield Removal(line.index, line.index, rule.id, reason, copy_of=original.index)
        elif line.index in candidates:
            seen[key] = line


SECTION_PROSE_WORDS = 12  # the line after a section's heading, when it is the section's first paragraph


@dataclass(frozen=True, slots=True)
class _Layout:
    """A document's lines' nearest non-blank neighbours, and its repeated headline-shaped lines of two
    words or more, found once for the contents-list check."""

    lines: Sequence[Line]
    keys: list[str]
    before: list[int | None]
    after: list[int | None]
    repeated: frozenset[int]


def _layout(doc: Document, keys: list[str], headline: list[bool]) -> _Layout:
    n = len(doc.lines)
    before: list[int | None] = [None] * n
    after: list[int | None] = [None] * n
    last: int | None = None
    for i in range(n):
        before[i] = last
        last = last if doc.lines[i].blank else i
    last = None
    for i in reversed(range(n)):
        after[i] = last
        last = last if doc.lines[i].blank else i
    counts = Counter(keys[i] for i in range(n) if headline[i] and doc.lines[i].words >= 2)
    repeated = frozenset(i for i in range(n) if headline[i] and doc.lines[i].words >= 2 and counts[keys[i]] > 1)
    return _Layout(doc.lines, keys, before, after, repeated)


def _heads_its_section(copy: Line, original: Line, layout: _Layout) -> bool:
    """Whether ``copy`` is a sub-heading over its section's prose and ``original`` an entry of a contents
    list ("In this article" and the headings) printed before the sections it lists: a line next to it is
    another heading-shaped line of two words or more that the page repeats (another, not a copy of the
    original itself: a title printed twice in a row is no list). The copy is the article's; the list's entry
    is what a reader skips. A title printed over the page's chrome ("Home", a menu) is no such entry: the
    seeds' gold keeps that copy."""
    following = layout.after[copy.index]
    if following is None or not is_prose(layout.lines[following].text, min_words=SECTION_PROSE_WORDS):
        return False
    neighbours = (layout.before[original.index], layout.after[original.index])
    key = layout.keys[original.index]
    return any(near in layout.repeated and layout.keys[near] != key for near in neighbours if near is not None)


def _prefixed(rule: Rule, doc: Document, headlines: list[Line], prefix: Pattern, claimed: Claimed) -> Iterator[Removal]:
    keys = {_key(line): line for line in headlines}
    for index in line_start_scanner(prefix).lines_in(doc):  # one scan, not a match per line
        line = doc.lines[index]
        if line.blank or line.index in claimed:
            continue
        match = prefix.match(line.bare)
        if match is None:
            continue
        rest = " ".join(line.bare[match.end() :].casefold().split())
        for key, headline in keys.items():
            if headline is not line and rest.endswith(key) and len(rest) - len(key) <= 40:
                yield Removal(line.index, line.index, rule.id, f"{rule.reason}: prefix + line {headline.number}")
                break
