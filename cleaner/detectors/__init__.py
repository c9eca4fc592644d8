"""Detectors: general-purpose finders of debris that no rule names.

A detector is a function ``(doc, context) -> list[Removal]`` whose removals
carry ``rule="detector:NAME"`` and a reason with its evidence. The registry
below is the one place detectors are listed, with the modes they run in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cleaner.document import Document, Language, Removal

if TYPE_CHECKING:
    from cleaner.corpus import CorpusGroup


@dataclass(frozen=True, slots=True)
class Context:
    """What a detector may know beyond the document itself."""

    language: Language
    claimed: frozenset[int]  # lines rules already remove
    aggressive: bool = False
    corpus: CorpusGroup | None = None  # the document's group in a batch's line statistics (detector:repetition)
    extracted: bool = False  # the text is an HTML extractor's output: the article was already found in the DOM
    named: tuple[Removal, ...] = ()  # the rules' removals, whose reason tags say what they found (after-comments)
    whole_page: bool = False  # a page an extractor kept too little of, cleaned whole around what it kept (a listing)
    # the document's code and table lines, once a detector asked (copies made by dataclasses.replace share it)
    _verbatim: list[tuple[Document, frozenset[int]]] = field(default_factory=list, compare=False, repr=False)

    def verbatim(self, doc: Document) -> frozenset[int]:
        """The lines of code blocks, tables and fields in ``doc``, which detectors leave (``verbatim``).

        Computed once per document: the line model, ``menus``, ``after-comments`` and ``stranded`` ask.
        """
        if not self._verbatim or self._verbatim[0][0] is not doc:
            from cleaner.detectors.verbatim import verbatim_lines

            self._verbatim[:] = [(doc, verbatim_lines(doc))]
        return self._verbatim[0][1]


Detect = Callable[[Document, Context], list[Removal]]

PREFIX = "detector:"  # a removal's rule is PREFIX + the detector's name; rule ids never start with it


def is_detector(rule: str) -> bool:
    """Whether a removal's ``rule`` names a detector rather than a YAML rule."""
    return rule.startswith(PREFIX)


def _registry() -> dict[str, Detect]:
    # detectors import Context from here, so they are imported after it is defined
    from cleaner.detectors import aftercomments, cards, islands, linemodel, menus, repetition, stranded, teasers

    # repetition first: the lines it removes count as debris for the line model; cards after the line model, so
    # that the article it counts is what the model kept; after-comments once the others have cut the article's
    # neighbourhood, so that it weighs only the text they kept; stranded and islands last, as they read what all of
    # them removed
    return {
        "repetition": repetition.detect,
        "linemodel": linemodel.detect,
        "cards": cards.detect,
        "menus": menus.detect,
        "teasers": teasers.detect,
        "after-comments": aftercomments.detect,
        "stranded": stranded.detect,
        "islands": islands.detect,
    }


# name -> detector, in the order they run.
DETECTORS: dict[str, Detect] = _registry()
