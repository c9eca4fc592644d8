"""Plain, frozen data passed between the pipeline's stages.

Source text → Document (normalised Lines with offsets into the source) →
Removals (whole-line decisions from rules and detectors) → Result.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the normalised text and where it came from.

    ``start``/``end`` are character offsets into the *source* text (the
    decoded file, before normalisation); ``end`` excludes the newline.
    ``number`` is the 1-based line number in the source.
    """

    index: int
    number: int
    start: int
    end: int
    text: str
    bare: str = ""  # without indentation or list bullet: what rules match (lineshape.bare)
    words: int = 0  # number of whitespace-separated words

    @property
    def blank(self) -> bool:
        return not self.text


@dataclass(frozen=True, slots=True)
class Block:
    """A blank-line-separated paragraph: a run of consecutive non-blank lines."""

    first: int  # index of its first line
    last: int  # index of its last line (inclusive)


@dataclass(frozen=True, slots=True)
class Document:
    """A source text, normalised and segmented, ready for rules and detectors."""

    source: str  # the decoded source text; offsets refer to it
    lines: tuple[Line, ...]
    blocks: tuple[Block, ...]
    url: str | None = None
    bare_utf8: bytes = b""  # every line's bare text joined by newlines, in UTF-8: one RE2 scan finds them all
    bare_starts: tuple[int, ...] = ()  # byte offset of each line in ``bare_utf8``

    def lines_at(self, offsets: Iterable[int]) -> list[int]:
        """Indexes of the lines holding these byte offsets of ``bare_utf8``, in order, without repeats."""
        found = sorted({bisect_right(self.bare_starts, offset) - 1 for offset in offsets})
        return found

    @property
    def text(self) -> str:
        """The normalised text: every line followed by a newline."""
        return "".join(line.text + "\n" for line in self.lines)

    def block_of(self, index: int) -> Block | None:
        """The block holding line ``index`` (None for a blank line)."""
        at = bisect_right(self.blocks, index, key=lambda block: block.first) - 1
        if at >= 0 and self.blocks[at].last >= index:
            return self.blocks[at]
        return None


@dataclass(frozen=True, slots=True)
class Removal:
    """A decision to drop lines ``first``..``last`` (inclusive), with its why."""

    first: int
    last: int
    rule: str  # rule id ("wordpress.comment-form") or "detector:NAME"
    reason: str  # human-readable evidence
    copy_of: int | None = None  # a repeat's: the index of the line it copies (see pipeline._sole_copies)


@dataclass(frozen=True, slots=True)
class Span:
    """A resolved removal as it appears in provenance."""

    start: int  # source offsets (end exclusive, includes the trailing newline)
    end: int
    line_start: int  # 1-based source line numbers (inclusive)
    line_end: int
    rule: str
    reason: str
    text: str  # the normalised text removed, newlines included

    def to_dict(self) -> dict[str, object]:
        return {
            "start": self.start,
            "end": self.end,
            "line_start": self.line_start,
            "line_end": self.line_end,
            "rule": self.rule,
            "reason": self.reason,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Language:
    code: str | None  # ISO 639-1 code from langdetect, None when undetectable
    probability: float


@dataclass(frozen=True, slots=True)
class Result:
    """The outcome of cleaning one document."""

    text: str  # the clean text
    spans: tuple[Span, ...]
    language: Language
    normalised: str  # the normalised source text the spans cut from
    suspect: tuple[str, ...] = field(default=())  # reasons to audit this document first
    mode: str = "balanced"
    rules_sha256: str = ""  # identifies the rule set that produced this result

    @property
    def removed_chars(self) -> int:
        return sum(len(span.text) for span in self.spans)

    @property
    def empty(self) -> bool:
        """Nothing is left: a pipeline may drop the document."""
        return not self.text.strip()

    def to_metadata(self) -> dict[str, object]:
        """The cleaning record that ``.meta.json`` and JSONL outputs carry (see README, Provenance)."""
        from cleaner import __version__

        return {
            "cleaner": {"version": __version__, "mode": self.mode, "rules_sha256": self.rules_sha256},
            "language": {"code": self.language.code, "probability": self.language.probability},
            "summary": {
                "removals": len(self.spans),
                "removed_chars": self.removed_chars,
                "kept_chars": len(self.text),
                "suspect": "; ".join(self.suspect),  # a string, "" when none: JSONL shards keep one schema
            },
            "removals": [span.to_dict() for span in self.spans],
        }
