"""Run a rule set over a document: line rules first, then structural rules.

Line rules are matched through a ``LineIndex``: one combined RE2 pattern per
match mode rejects the many lines no rule touches in a single call (for
``contains`` rules, one pass over the whole text), and only the lines it
accepts are tested rule by rule. The result is the same as running
each rule's ``find_line`` in order (a test checks this).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence

from cleaner.document import Document, Line, Removal
from cleaner.rules.kinds import KINDS, LineOptions
from cleaner.rules.model import Rule
from cleaner.rules.regex import Pattern, combine


class LineIndex:
    """All ``line`` rules of a rule set, grouped by match mode behind one prefilter regex each."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.order = {rule.id: n for n, rule in enumerate(rules)}
        groups: dict[str, list[Rule]] = {}
        for rule in rules:
            if rule.kind == "line":
                groups.setdefault(rule.options.match, []).append(rule)
        self.groups = [(mode, _combine(members), members) for mode, members in groups.items()]

    def contains_candidates(self, doc: Document) -> set[int]:
        """Lines where some ``contains`` rule may match, found by one search over the whole text.

        Searching line by line costs a regex call per line; one ``finditer``
        over the joined lines is far cheaper, and each candidate is still
        verified rule by rule on its own line.
        """
        found: set[int] = set()
        for mode, combined, _ in self.groups:
            if mode != "contains":
                continue
            text = "\n".join(line.bare for line in doc.lines)
            starts = [0]
            for line in doc.lines[:-1]:
                starts.append(starts[-1] + len(line.bare) + 1)
            for match in combined.finditer(text):
                found.add(bisect_right(starts, match.start()) - 1)
        return found

    def first_match(self, line: Line, active: set[str], contains: set[int]) -> Rule | None:
        """The earliest active line rule that removes ``line``."""
        best: Rule | None = None
        for mode, combined, members in self.groups:
            if mode == "contains":
                if line.index not in contains:
                    continue
            elif not _test(combined, mode, line.bare):
                continue
            for rule in members:
                if rule.id in active and _rule_matches(rule.options, line):
                    if best is None or self.order[rule.id] < self.order[best.id]:
                        best = rule
                    break
        return best


def _combine(rules: Sequence[Rule]) -> Pattern:
    return combine([rule.options.regex for rule in rules], multiline=True)


def _test(regex: Pattern, mode: str, text: str) -> bool:
    if mode == "whole":
        return regex.fullmatch(text) is not None
    if mode == "prefix":
        return regex.match(text) is not None
    return regex.search(text) is not None


def _rule_matches(opts: LineOptions, line: Line) -> bool:
    if opts.max_words and line.words > opts.max_words:
        return False
    return _test(opts.regex, opts.match, line.bare)


def run_rules(
    rules: Sequence[Rule], doc: Document, index: LineIndex | None = None, claimed: Iterable[int] = ()
) -> list[Removal]:
    """Removals from ``rules`` in order; each line goes to the first rule that claims it.

    Line rules run before structural ones so that a tail or head rule can treat
    the lines they recognised as debris.
    """
    index = index or LineIndex(rules)
    taken = set(claimed)
    removals = _line_removals(rules, doc, index, taken)
    for rule in rules:
        if rule.kind == "line":
            continue
        for removal in KINDS[rule.kind].find(rule, doc, frozenset(taken)):
            removals.append(removal)
            taken.update(range(removal.first, removal.last + 1))
    return removals


def _line_removals(rules: Sequence[Rule], doc: Document, index: LineIndex, taken: set[int]) -> list[Removal]:
    active = {rule.id for rule in rules if rule.kind == "line"}
    removals: list[Removal] = []
    if not active:
        return removals
    contains = index.contains_candidates(doc)
    for line in doc.lines:
        if line.blank or line.index in taken:
            continue
        rule = index.first_match(line, active, contains)
        if rule is not None:
            removals.append(Removal(line.index, line.index, rule.id, f"{rule.reason}: line matches ({rule.options.match})"))
            taken.add(line.index)
    return removals
