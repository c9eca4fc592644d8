"""Lines inside a block of code, delimited by brackets or an SQL statement's keyword and semicolon, or made of a
Dockerfile's instructions, which the line model must not cut."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from cleaner.document import Document, Line

MAX_BLOCK_LINES = 60  # an opener whose brace does not close within this many lines is not taken for code


CLOSING = {"{": "}", "(": ")", "[": "]"}


def code_lines(doc: Document) -> frozenset[int]:
    """Indexes of the lines inside a block of code of any kind (``brace_blocks``, ``statement_blocks``,
    ``instruction_blocks``)."""
    return brace_blocks(doc) | statement_blocks(doc) | instruction_blocks(doc)


def brace_blocks(doc: Document) -> frozenset[int]:
    """Indexes of the lines from one ending in ``{``, ``(`` or ``[`` through the line that closes it.

    A code block's short lines ("missingok", "}", "});", ")") score like menu items, but a
    page's chrome does not open and close brackets around them. The opener's bracket is
    counted per line; a block that does not close within ``MAX_BLOCK_LINES`` lines is not code.
    An opener is a bracket as code writes it (``_opener``), not a sad face or a sentence's "(".
    """
    return _blocks(doc.lines, _brace_end)


def _blocks(lines: Sequence[Line], end_of: Callable[[Sequence[Line], int], int | None]) -> frozenset[int]:
    """The lines of the blocks ``end_of`` finds, each from a line it ends (an index) through that end; a
    search goes on after a block's end, or from the next line where none starts."""
    inside: set[int] = set()
    start = 0
    while start < len(lines):
        end = end_of(lines, start)
        if end is None:
            start += 1
            continue
        inside.update(range(start, end + 1))
        start = end + 1
    return frozenset(inside)


def _brace_end(lines: Sequence[Line], start: int) -> int | None:
    opener = _opener(lines[start].text)
    if opener is None:
        return None
    closer, depth = CLOSING[opener], 0
    for index in range(start, min(len(lines), start + MAX_BLOCK_LINES)):
        text = lines[index].text
        depth += text.count(opener) - text.count(closer)
        if depth <= 0:
            return index
    return None


def _opener(text: str) -> str | None:
    """The bracket ``text`` ends with when it opens a block of code: "{" after a word, a bracket, "=", ",",
    ">", ":" or a quote (``if (x) {``, ``x = {``, ``key: {``, a shell's ``-d '{``) or alone; "(" and "[" right
    after a word or a bracket (``push(``, ``items[``), "[" after a quote too (``-d '[``), and either after "="
    or "," (``x = [``). Not ":(" or ";(", and not "(" after a word and a space, as hard-wrapped prose leaves
    it."""
    body = text.rstrip()
    bracket = body[-1:]
    if bracket not in CLOSING:
        return None
    before = body[:-1]
    if bracket == "{":
        before = before.rstrip()
        return bracket if not before or before[-1].isalnum() or before[-1] in "_)]=,>:'\"`" else None
    if before and (before[-1].isalnum() or before[-1] in "_([" or (bracket == "[" and before[-1] in "'\"`")):
        return bracket
    return bracket if before.rstrip()[-1:] in ("=", ",") else None


# an SQL statement's first keyword as code writes it: upper case, then a space (prose writes "Select the…")
_STATEMENT = re.compile(r"^\s*(?:SELECT|WITH|INSERT INTO|UPDATE|DELETE FROM|CREATE|ALTER|DROP|EXPLAIN|VACUUM)\s")


def statement_blocks(doc: Document) -> frozenset[int]:
    """Indexes of the lines from an SQL statement's keyword (``SELECT relname,``) through the line ending in
    its semicolon, within one paragraph and ``MAX_BLOCK_LINES`` lines: a column list's short lines
    ("n_live_tup,", "last_autovacuum") score like menu items, and no bracket surrounds them."""
    return _blocks(doc.lines, _statement_end)


def _statement_end(lines: Sequence[Line], start: int) -> int | None:
    if not _STATEMENT.match(lines[start].text):
        return None
    for index in range(start, min(len(lines), start + MAX_BLOCK_LINES)):
        text = lines[index].text.rstrip()
        if not text:
            return None  # a statement is one block of lines
        if text.endswith(";"):
            return index
    return None


# a Dockerfile's instruction as code writes it: the keyword in upper case, then its arguments
_KEYWORDS = (
    r"(?:FROM|RUN|COPY|ADD|WORKDIR|CMD|ENTRYPOINT|ENV|ARG|EXPOSE|USER|LABEL|VOLUME|HEALTHCHECK|SHELL|ONBUILD"
    r"|STOPSIGNAL)"
)
_INSTRUCTION = re.compile(rf"^\s*{_KEYWORDS}\s+\S")
# the same at the start of any bare line of a document: most pages have none, and skip the line scan
_ANY_INSTRUCTION = re.compile(rf"^{_KEYWORDS}\s+\S".encode(), re.MULTILINE)
_CODE_CHARS = re.compile(r"[/:\[=.]")


def instruction_blocks(doc: Document) -> frozenset[int]:
    """Indexes of the lines of a Dockerfile printed in an article: two or more consecutive lines that each start
    with an instruction ("FROM golang:1.22", "WORKDIR /src", "COPY . ."), one of them with a path, a tag or a
    list in it. Its short lines ("WORKDIR /src") score like menu items, and no bracket or semicolon closes it; a
    headline in capitals ("FROM THE ARCHIVE") has no such characters."""
    if not _ANY_INSTRUCTION.search(doc.bare_utf8):
        return frozenset()
    lines, inside, start = doc.lines, set[int](), 0
    while start < len(lines):
        end = start
        while end < len(lines) and _INSTRUCTION.match(lines[end].text):
            end += 1
        run = range(start, end)
        if len(run) >= 2 and any(_CODE_CHARS.search(lines[i].text) for i in run):
            inside.update(run)
        start = max(end, start + 1)
    return frozenset(inside)
