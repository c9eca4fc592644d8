"""The rule kinds: each compiles its YAML options and finds the lines it removes.

Matchers never edit text; they return Removals. A structural kind (tail, head,
block, between, repeat) may treat lines already ``claimed`` by an earlier rule
as debris, which is how rules compose (a comment-form tail runs through lines
that cookie and editor-notice rules have already recognised).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from cleaner.document import Document, Removal
from cleaner.rules.kinds.between import compile_between, find_between
from cleaner.rules.kinds.block import compile_block, find_block
from cleaner.rules.kinds.common import Claimed, compile_patterns
from cleaner.rules.kinds.head import compile_head, find_head
from cleaner.rules.kinds.line import LineOptions, compile_line, find_line
from cleaner.rules.kinds.repeat import cite_copy, compile_repeat, find_repeat, forget_shapes
from cleaner.rules.kinds.tail import compile_tail, find_tail
from cleaner.rules.model import Rule

__all__ = [
    "KINDS",
    "Claimed",
    "Kind",
    "LineOptions",
    "cite_copy",
    "compile_line",
    "compile_patterns",
    "find_line",
    "forget_shapes",
]


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
