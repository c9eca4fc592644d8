"""One document through the stages: segment → detect language → rules (→ detectors) → resolve → guard.

This is the engine behind both the CLI and the Python API; it does no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum
from itertools import islice
from typing import TYPE_CHECKING

from cleaner.detectors import DETECTORS, Context, is_detector
from cleaner.document import Document, Language, Removal, Result
from cleaner.langid import detect_language
from cleaner.lineshape import word_count
from cleaner.resolve import resolve
from cleaner.rules.engine import LineIndex, run_rules
from cleaner.rules.kinds import cite_copy
from cleaner.rules.model import RuleSet
from cleaner.segment import segment

if TYPE_CHECKING:
    from cleaner.corpus import CorpusGroup


class Mode(str, Enum):
    """How far cleaning goes (see README, "Modes")."""

    RULES = "rules"  # named rules only: for text an extractor already produced
    BALANCED = "balanced"  # rules plus conservative detectors (the default)
    AGGRESSIVE = "aggressive"  # rules plus detectors tuned for precision over recall


# Share of a document's words whose removal makes it worth auditing first; above it,
# detector removals are undone (rules' removals stand: a person named that debris). 95 % in
# balanced mode until 0.2.21 undid the detectors on shop pages whose gold is 1-6 % of them (README).
SUSPECT_SHARE = {Mode.RULES: 0.5, Mode.BALANCED: 0.97, Mode.AGGRESSIVE: 0.97}


@dataclass(frozen=True, slots=True)
class Engine:
    """A loaded rule set and a mode: everything needed to clean documents."""

    rules: RuleSet
    mode: Mode = Mode.BALANCED
    line_index: LineIndex = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "line_index", LineIndex(self.rules.rules))

    def clean(
        self,
        source: str,
        *,
        url: str | None = None,
        corpus: CorpusGroup | None = None,
        extracted: bool = False,
        anchors: frozenset[int] | None = None,
        first_line: int = 1,
        empty_note: str | None = None,
    ) -> Result:
        """Clean one decoded text; offsets in the result refer to ``source``.

        ``corpus``: the document's group in its batch's line statistics (``cleaner.corpus``), if any.
        ``extracted``: the text is what an HTML extractor kept of a page (see ``detectors.linemodel``).
        ``anchors``: when ``source`` is a whole page an HTML extractor kept too little of
        (``cleaner.sources.rescue``), the numbers of the lines it kept: detectors leave them and
        remove other lines only when sure. The safety net below applies as to any dump: a page
        whose detectors would leave too little comes out whole, marked suspect (measured on wcxb:
        without it, F1 0.878 -> 0.875 and recall 0.922 -> 0.915; one listing kept 8 % of its text).
        ``first_line``: the number of ``source``'s first line in its file, when it is a part of one.
        ``empty_note``: why an empty result is suspect here (an extractor found nothing in a page): an
        empty text is no removal, so nothing else would say it.
        """
        doc = segment(source, url=url, first_line=first_line)
        language = detect_language(doc.lines)
        anchored = None if anchors is None else frozenset(line.index for line in doc.lines if line.number in anchors)
        found = self.removals(doc, language, corpus, extracted=extracted, anchored=anchored, sole_copies=False)
        result = self._result(doc, language, _sole_copies(doc, found))
        share, reason = _removed_share(result)
        if share > SUSPECT_SHARE[self.mode]:
            named = [r for r in found if not is_detector(r.rule)]
            if len(named) < len(found):
                # safety net: detectors are guesses; when they would leave too little, keep their lines (and
                # let the repeats of lines they had removed go again: the originals are back)
                result = self._result(doc, language, _sole_copies(doc, named))
                reason = f"detectors would have removed {reason}; their removals were undone, rules' kept"
            result = replace(result, suspect=(reason,))
        if empty_note and not result.text.strip():
            result = replace(result, suspect=(*result.suspect, empty_note))
        return result

    def _result(self, doc: Document, language: Language, removals: list[Removal]) -> Result:
        spans, text = resolve(doc, removals)
        return Result(text, tuple(spans), language, doc.text, (), self.mode.value, self.rules.digest)

    def removals(
        self,
        doc: Document,
        language: Language,
        corpus: CorpusGroup | None = None,
        *,
        extracted: bool = False,
        anchored: frozenset[int] | None = None,
        sole_copies: bool = True,
    ) -> list[Removal]:
        """Rule removals, then (unless mode is ``rules``) detector removals on the lines left: what ``clean``
        removes before its safety net.

        ``anchored``: for a whole page (see ``clean``), indexes of the lines no detector may
        remove; the detectors then make their aggressive cut. ``sole_copies``: keep the only copy of a
        line another rule or detector removed (``_sole_copies``); ``clean`` asks for every repeat, since
        its safety net may bring an original back.
        """
        removals = run_rules(self.rules.active(doc, extracted=extracted), doc, self.line_index)
        if self.mode is not Mode.RULES:
            claimed = frozenset(i for r in removals for i in range(r.first, r.last + 1))
            aggressive = self.mode is Mode.AGGRESSIVE or anchored is not None
            context = Context(
                language,
                claimed,
                aggressive=aggressive,
                corpus=corpus,
                extracted=extracted,
                named=tuple(removals),
                whole_page=anchored is not None,
            )
            for detect in DETECTORS.values():
                found = _sparing(detect(doc, context), anchored or frozenset())
                removals.extend(found)
                claimed = claimed.union(i for r in found for i in range(r.first, r.last + 1))
                context = replace(context, claimed=claimed)
        return _sole_copies(doc, removals) if sole_copies else removals


SOLE_COPY_LOOKAHEAD = 3  # non-blank lines after a sole copy, one of which must stay for it to be the article's
SOLE_COPY_PROSE_WORDS = 8  # ... and be this long: a menu printed twice goes on with menu items


def _sole_copies(doc: Document, removals: list[Removal]) -> list[Removal]:
    """``removals`` without the first repeat of a line that is removed itself, when the text goes on
    after it (one of the next ``SOLE_COPY_LOOKAHEAD`` lines stays, a line of prose): that copy is then
    the article's only one. A title printed in a share bar over the article's own headline: the bar
    goes, and the repeat rule had taken the headline for the copy."""
    repeats = sorted((r for r in removals if r.copy_of is not None), key=lambda r: r.first)
    if not repeats:
        return removals
    removed = {i for r in removals for i in range(r.first, r.last + 1)}
    by_others = {i for r in removals if r.copy_of is None for i in range(r.first, r.last + 1)}
    sole = {}  # each removed original's first repeat
    for removal in repeats:
        if removal.copy_of in by_others and removal.copy_of not in sole:
            sole[removal.copy_of] = removal if _goes_on(doc, removal.first, removed) else None
    kept = {original: removal for original, removal in sole.items() if removal is not None}
    dropped = {id(removal) for removal in kept.values()}
    out = []
    for removal in removals:
        if id(removal) in dropped:
            continue
        copy = kept.get(removal.copy_of) if removal.copy_of is not None else None
        if copy is not None and removal.first > copy.first:  # a later copy repeats the one that stays now
            removal = cite_copy(removal, doc.lines[copy.first])
        out.append(removal)
    return out


def _goes_on(doc: Document, index: int, removed: set[int]) -> bool:
    lines = doc.lines
    after = islice((lines[i] for i in range(index + 1, len(lines)) if not lines[i].blank), SOLE_COPY_LOOKAHEAD)
    return any(line.index not in removed and line.words >= SOLE_COPY_PROSE_WORDS for line in after)


def _sparing(removals: list[Removal], anchored: frozenset[int]) -> list[Removal]:
    """``removals`` without the anchored lines: a range holding some is cut into the ranges around them."""
    if not anchored:
        return removals
    spared = []
    for removal in removals:
        first = removal.first
        for index in range(removal.first, removal.last + 2):
            if index > removal.last or index in anchored:
                if first < index:
                    spared.append(replace(removal, first=first, last=index - 1))
                first = index + 1
    return spared


def _removed_share(result: Result) -> tuple[float, str]:
    """The share of the document's words the result removes, and that fact as a sentence."""
    total = word_count(result.normalised)
    removed = sum(word_count(span.text) for span in result.spans)
    share = removed / total if total else 0.0
    return share, f"{removed} of {total} words ({share:.0%})"
