"""The rule kinds: each compiles its YAML options and finds the lines it removes.

Matchers never edit text; they return Removals. A structural kind (tail, head,
block, between, repeat) may treat lines already ``claimed`` by an earlier rule
as debris, which is how rules compose (a comment-form tail runs through lines
that cookie and editor-notice rules have already recognised).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from cleaner.document import Document, Line, Removal
from cleaner.lineshape import is_prose
from cleaner.rules.model import Rule
from cleaner.rules.regex import Pattern, compile_any, line_start_scanner, whole_line_scanner

Claimed = frozenset[int]


def compile_patterns(value: str | Sequence[str], ignore_case: bool, literal: bool = False) -> Pattern:
    """One pattern from a pattern or a list of patterns (literals are escaped)."""
    return compile_any(value, ignore_case=ignore_case, literal=literal)


def _whole(regex: Pattern, line: Line) -> bool:
    return not line.blank and regex.fullmatch(line.bare) is not None


def _marker_lines(regex: Pattern, doc: Document) -> list[Line]:
    """The lines ``regex`` matches whole, found with one scan of the document and verified."""
    scanner = whole_line_scanner(regex)
    return [doc.lines[i] for i in scanner.lines_in(doc) if _whole(regex, doc.lines[i])]


def _short(line: Line, max_words: int) -> bool:
    """Debris-shaped: few words and not a finished sentence. Chinese, Japanese and Thai put no spaces between
    words, so a paragraph there is one "word": it counts as long from ``UNSPACED_CHARS_PER_WORD`` characters
    of those scripts per word (a teaser headline is 15 to 30 of them, a paragraph 60 and more), or from two
    per word when it ends like a sentence (。, 」)."""
    if line.words > max_words or is_prose(line.text, min_words=max_words):
        return False
    unspaced = _unspaced(line)
    if unspaced >= max_words * 2 and line.text.rstrip().endswith(_SENTENCE_END):
        return False  # a sentence, however short its words
    return unspaced < max_words * UNSPACED_CHARS_PER_WORD


UNSPACED_CHARS_PER_WORD = 3


def _unspaced(line: Line) -> int:
    """How many characters of scripts written without spaces the line holds."""
    return len(_UNSPACED.findall(line.text))


# kana, CJK ideographs, Thai, Lao, Burmese, Khmer (Korean puts spaces between words)
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")


# --- line ---------------------------------------------------------------------------------


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
    test = {"whole": opts.regex.fullmatch, "prefix": opts.regex.match, "contains": opts.regex.search}[opts.match]
    for line in doc.lines:
        if line.blank or line.index in claimed:
            continue
        if opts.max_words and line.words > opts.max_words:
            continue
        if test(line.bare):
            yield Removal(line.index, line.index, rule.id, f"{rule.reason}: line matches ({opts.match})")


# --- tail ---------------------------------------------------------------------------------


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
    for marker in _marker_lines(opts.start, doc):
        if marker.index <= done:
            continue
        paragraphs = len(doc.blocks) > 1
        first = _block_head(doc, marker.index, opts.max_words, claimed, paragraphs) if opts.block else marker.index
        last = _tail_end(lines, marker.index, opts, claimed, paragraphs)
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
        short = _short(line, max_words) and (paragraphs or not line.text.rstrip().endswith(_SENTENCE_END))
        if not (line.index in claimed or short):
            break
        first -= 1
    return first


_SENTENCE_END = (".", "!", "?", "…", "“", "”", '"', "»", "«", "。", "」", "！", "？", "』")


_CAPTION_CREDIT = re.compile(r"\((?:image|images|photo|photograph|picture|pic|foto|bild|credit)s?\s*:[^)]*\)\s*$", re.I)


def _indent(line: Line) -> int:
    return len(line.text) - len(line.text.lstrip())


def _tail_end(lines: Sequence[Line], marker: int, opts: TailOptions, claimed: Claimed, paragraphs: bool = True) -> int:
    """The tail's last line. With ``teasers``, a line is a teaser's summary only right after a headline:
    not after a photo caption ("… (Image: GETTY)"), and not when it sits left of the list item before it
    (the list has ended); there the article goes on. A summary is one line, or list items up to the next
    blank line (long teasers in a list): in text without blank lines the next line is the article's. Text
    with no blank line at all (an extractor's output, not ``paragraphs``) shows no teaser's layout, and a
    sentence after a headline there is as likely the article going on: no summary is taken. When prose ends
    the tail, the heading-shaped line just before it is the article's sub-heading, not a teaser, and stays
    (unless it is the only line the tail took: a one-teaser box's headline); so does a question alone in its
    paragraph there (``_question_heading``)."""
    last, taken, headline, after_summary = marker, 0, None, False
    before_last = marker
    for line in lines[marker + 1 :]:
        if taken >= opts.max_lines:
            break
        if line.blank:
            after_summary = False  # a list of long teasers ends with its paragraph
            continue
        if line.index in claimed or _short(line, opts.max_words):
            teaser = line.index not in claimed and not line.text.rstrip().endswith((".", "!", "?"))
            headline = line if teaser and not _CAPTION_CREDIT.search(line.text) else None
        elif (
            opts.teasers
            and paragraphs
            and _word_count(line) <= opts.summary_words
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
    return max(line.words, _unspaced(line) // UNSPACED_CHARS_PER_WORD)


def _heading(line: Line) -> bool:
    """Shaped like an article's sub-heading: two words or more, no sentence or label end, no bullet, no
    photo credit (a form's "Name" / "Email" and a caption are not)."""
    text = line.text.rstrip()
    if line.words < 2 or text.endswith((".", "!", "?", ":")) or _LIST_ITEM.match(text):
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
    return not (_LIST_ITEM.match(headline.text) and _indent(line) < _indent(headline))


_LIST_ITEM = re.compile(r"\s*[*+•·▪◦‣►▶»\-–—]\s")


# --- head ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HeadOptions:
    start: Pattern
    end: Pattern | None
    within: int
    max_lines: int
    max_words: int


def compile_head(options: dict[str, Any], ignore_case: bool) -> HeadOptions:
    end = options.get("end")
    return HeadOptions(
        compile_patterns(options["start"], ignore_case),
        compile_patterns(end, ignore_case) if end else None,
        options.get("within", 5),
        options.get("max_lines", 25),
        options.get("max_words", 8),
    )


def find_head(rule: Rule, doc: Document, claimed: Claimed) -> Iterator[Removal]:
    """Chrome before the title: from the top through the end marker or the marker's paragraph.

    The marker must be among the first ``within`` non-blank lines, and every
    line removed must be short or already claimed; otherwise nothing is removed.
    """
    opts: HeadOptions = rule.options
    content = [line for line in doc.lines if not line.blank]
    marker = next((line for line in content[: opts.within] if _whole(opts.start, line)), None)
    if marker is None:
        return
    last = _head_end(doc, marker.index, opts)
    if last is None:
        return
    if all(i in claimed or _short(doc.lines[i], opts.max_words) for i in range(last + 1) if not doc.lines[i].blank):
        yield Removal(0, last, rule.id, f"{rule.reason}: page chrome from the top to line {doc.lines[last].number}")


def _head_end(doc: Document, marker: int, opts: HeadOptions) -> int | None:
    """The last line of the chrome: the marker's paragraph, or the last end marker before content."""
    limit = min(len(doc.lines), opts.max_lines)
    if opts.end is None:
        block = doc.block_of(marker)
        return block.last if block and block.last < limit else None
    last = None
    for i in range(marker, limit):
        line = doc.lines[i]
        if not line.blank and not _short(line, opts.max_words):
            break  # content starts: the chrome is above it
        if _whole(opts.end, line):
            last = i
    return last


# --- block --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BlockOptions:
    marker: Pattern
    max_words: int


def compile_block(options: dict[str, Any], ignore_case: bool) -> BlockOptions:
    return BlockOptions(compile_patterns(options["marker"], ignore_case), options.get("max_words", 6))


def find_block(rule: Rule, doc: Document, claimed: Claimed) -> Iterator[Removal]:
    """A marker line takes the short lines next to it in its paragraph (bylines, author boxes).

    Only the unbroken run of short lines around the marker: text without blank lines (an extractor's
    output) is one paragraph, and a "Last updated" at its end took a contents list's lines with it.
    """
    opts: BlockOptions = rule.options
    done = -1
    for marker in _marker_lines(opts.marker, doc):
        block = doc.block_of(marker.index)
        if block is None or marker.index <= done:
            continue
        first = last = marker.index
        while first > max(block.first, done + 1) and _short(doc.lines[first - 1], opts.max_words):
            first -= 1
        while last < block.last and _short(doc.lines[last + 1], opts.max_words):
            last += 1
        done = last
        for line in doc.lines[first : last + 1]:
            if line.index not in claimed:
                evidence = f"{rule.reason}: short line next to {marker.bare!r} (line {marker.number})"
                yield Removal(line.index, line.index, rule.id, evidence)


# --- between ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BetweenOptions:
    start: Pattern
    end: Pattern
    max_lines: int


def compile_between(options: dict[str, Any], ignore_case: bool) -> BetweenOptions:
    return BetweenOptions(
        compile_patterns(options["start"], ignore_case),
        compile_patterns(options["end"], ignore_case),
        options.get("max_lines", 50),
    )


def find_between(rule: Rule, doc: Document, claimed: Claimed) -> Iterator[Removal]:
    """Start marker through end marker, inclusive; nothing when the end is not near.

    A second start before the end does not nest: the span runs from the first
    start to the first end after it, so cleaning twice removes nothing more.
    """
    opts: BetweenOptions = rule.options
    lines = doc.lines
    ends = [line.index for line in _marker_lines(opts.end, doc)]
    done = -1
    for start in _marker_lines(opts.start, doc):
        i = start.index
        if i <= done:
            continue
        end = next((j for j in ends if i < j <= i + opts.max_lines), None)
        if end is not None:
            yield Removal(i, end, rule.id, f"{rule.reason}: between line {lines[i].number} and {lines[end].number}")
            done = end


# --- repeat -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RepeatOptions:
    of: str
    prefix: Pattern | None
    min_words: int
    max_words: int


def compile_repeat(options: dict[str, Any], ignore_case: bool) -> RepeatOptions:
    prefix = options.get("prefix")
    return RepeatOptions(
        options.get("of", "title"),
        compile_patterns(prefix, ignore_case) if prefix else None,
        options.get("min_words", 3),
        options.get("max_words", 30),
    )


_NOT_A_HEADLINE = re.compile(r"[.:;,{(\[=]\s*$|[{};]|\s=\s|^\s*\||\"\s*,\s*\"|\(\)")


def _headline(line: Line) -> bool:
    """A line that may be a headline: repeated on purpose are sentences (recipes, refrains), lead-ins
    ending in a colon (a feature list's "Bring it to life with:"), code (braces, ``x = y``, quoted lists,
    calls: ``CMD ["gunicorn", "-b"]``, ``create_app()``), and a table's rows ("| Revisions |
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
    initials = {keys[line.index][:1] for line in sized}
    seen: dict[str, Line] = {}
    entries: set[int] = set()  # contents entries removed in place of the headings they repeat
    layout: _Layout | None = None
    for line in doc.lines:
        key = keys[line.index]
        if key[:1] not in initials:
            continue  # a key starts with its line's first letter casefolded: no other line can repeat one
        if key in seen:
            original = seen[key]
            if line.index in claimed:
                continue
            if opts.of == "any":
                layout = layout or _layout(doc, keys, headline)
                if _heads_its_section(line, original, layout):
                    # the contents list's entry goes, not the heading it repeats
                    if original.index not in claimed and original.index not in entries:
                        entries.add(original.index)
                        reason = f"{rule.reason}{_REPEATS}{line.number}"
                        yield Removal(original.index, original.index, rule.id, reason, copy_of=line.index)
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
    return _Layout(doc.lines, before, after, repeated)


def _heads_its_section(copy: Line, original: Line, layout: _Layout) -> bool:
    """Whether ``copy`` is a sub-heading over its section's prose and ``original`` an entry of a contents
    list ("In this article" and the headings) printed before the sections it lists: a line next to it is
    another heading-shaped line of two words or more that the page repeats. The copy is the article's; the
    list's entry is what a reader skips. A title printed over the page's chrome ("Home", a menu) is no
    such entry: the seeds' gold keeps that copy."""
    following = layout.after[copy.index]
    if following is None or not _prose(layout.lines[following]):
        return False
    return any(near in layout.repeated for near in (layout.before[original.index], layout.after[original.index]))


def _prose(line: Line) -> bool:
    """A section's first paragraph: long, and ending like a sentence or like the lead-in to a list."""
    return line.words >= SECTION_PROSE_WORDS and line.text.rstrip().endswith((*_SENTENCE_END, ":"))


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


# --- registry -----------------------------------------------------------------------------

Finder = Callable[[Rule, Document, Claimed], Iterator[Removal]]


@dataclass(frozen=True, slots=True)
class Kind:
    compile: Callable[[dict[str, Any], bool], Any]
    find: Finder


KINDS: dict[str, Kind] = {
    "line": Kind(compile_line, find_line),
    "tail": Kind(compile_tail, find_tail),
    "head": Kind(compile_head, find_head),
    "block": Kind(compile_block, find_block),
    "between": Kind(compile_between, find_between),
    "repeat": Kind(compile_repeat, find_repeat),
}
