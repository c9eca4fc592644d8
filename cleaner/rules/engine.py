"""Run a rule set over a document: line rules first, then structural rules.

Line rules are matched through a ``LineIndex``: combined RE2 patterns per
match mode scan the whole document, and only the lines they find are tested
rule by rule. The result is the same as running each rule's ``find_line`` in
order (a test checks this).

Rules are packed into a scanner only while its compiled program stays small:
RE2's DFA caches states within a memory budget, and one huge alternation
(counted repeats of Unicode classes grow programs to tens of thousands of
instructions) thrashes that cache and falls back to the slow NFA, which made
the combined scan slower than the rules run one by one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from cleaner.document import Document, Line, Removal
from cleaner.rules.kinds import KINDS, forget_shapes
from cleaner.rules.kinds.line import line_matches
from cleaner.rules.model import Rule
from cleaner.rules.regex import LARGE, LARGE_FROM, MEDIUM, MEDIUM_FROM, Pattern, compile_pattern, relaxed, union


class LineIndex:
    """All ``line`` rules of a rule set, grouped by match mode and packed behind scanning patterns."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.order = {rule.id: n for n, rule in enumerate(rules)}
        groups: dict[str, list[Rule]] = {}
        for rule in rules:
            if rule.kind == "line":
                groups.setdefault(rule.options.match, []).append(rule)
        self.groups = [
            (mode, _scanner(mode, pack), pack) for mode, members in groups.items() for pack in _packs(members)
        ]

    def candidates(self, doc: Document, active: set[str] | None = None) -> dict[int, list[Rule]]:
        """For each line some rule may remove, the rules to verify on it (in rule order). With ``active``,
        a scanner none of whose rules is active for ``doc`` is skipped: a site's ruleset gated on its own
        strings (``applies_to``) costs no scan of the pages of other sites."""
        found: dict[int, list[Rule]] = {}
        for _, scanner, members in self.groups:
            if active is not None and not any(rule.id in active for rule in members):
                continue
            for index in scanner.lines_in(doc):
                found.setdefault(index, []).extend(members)
        return found

    def first_match(self, doc: Document, line: Line, rules: list[Rule], active: set[str]) -> Rule | None:
        """The earliest active rule among ``rules`` that removes ``line``."""
        matching = [r for r in rules if r.id in active and line_matches(r.options, line, doc)]
        return min(matching, key=lambda r: self.order[r.id], default=None)


SCANNER_BUDGET = 8000  # RE2 program instructions per combined scanner


def _packs(rules: Sequence[Rule]) -> list[list[Rule]]:
    """``rules`` in order, cut into runs whose scanners' program sizes add up to at most the budget."""
    packs: list[list[Rule]] = []
    size = SCANNER_BUDGET
    for rule in rules:
        own = rule.options.regex.compiled.programsize  # its scanner adds a few anchors: no need to compile it
        if size + own > SCANNER_BUDGET:
            packs.append([])
            size = 0
        packs[-1].append(rule)
        size += own
    return packs


def _scanner(mode: str, rules: Sequence[Rule]) -> Pattern:
    """One multiline pattern over the whole document that finds every line a rule of ``rules`` may match."""
    combined = relaxed(union([rule.options.regex for rule in rules]))  # each candidate is verified
    source = {"whole": f"^(?:{combined})$", "prefix": f"^(?:{combined})", "contains": combined}[mode]
    if mode != "contains":
        # a pack over MEDIUM_FROM is one large rule (see _packs): its own size says so, no need to compile twice
        size = sum(rule.options.regex.compiled.programsize for rule in rules)
        options = LARGE if size >= LARGE_FROM else MEDIUM if size >= MEDIUM_FROM else None
        return compile_pattern(source, multiline=True, options=options)  # see regex.MEDIUM and LARGE_FROM
    scanner = compile_pattern(source, multiline=True)
    if scanner.compiled.programsize > SCANNER_BUDGET:  # see regex.LARGE
        scanner = compile_pattern(source, multiline=True, options=LARGE)
    return scanner


def run_rules(
    rules: Sequence[Rule], doc: Document, index: LineIndex | None = None, claimed: Iterable[int] = ()
) -> list[Removal]:
    """Removals from ``rules`` in order; each line goes to the first rule that claims it.

    Line rules run before structural ones so that a tail or head rule can treat
    the lines they recognised as debris; repeat rules run last, because which line
    is the title (the first one left) depends on what every other rule removed,
    whatever order the rule files load in.
    """
    index = index or LineIndex(rules)
    taken = set(claimed)
    removals = _line_removals(rules, doc, index, taken)
    structural = [rule for rule in rules if rule.kind != "line"]
    try:
        for rule in sorted(structural, key=lambda rule: rule.kind == "repeat"):  # stable: file order otherwise
            for removal in KINDS[rule.kind].find(rule, doc, frozenset(taken)):
                removals.append(removal)
                taken.update(range(removal.first, removal.last + 1))
    finally:
        forget_shapes()  # the repeat rules' per-document cache: a large document is not kept past its rules
    return removals


def _line_removals(rules: Sequence[Rule], doc: Document, index: LineIndex, taken: set[int]) -> list[Removal]:
    active = {rule.id for rule in rules if rule.kind == "line"}
    removals: list[Removal] = []
    if not active:
        return removals
    for i, rules_here in sorted(index.candidates(doc, active).items()):
        line = doc.lines[i]
        if line.blank or line.index in taken:
            continue
        rule = index.first_match(doc, line, rules_here, active)
        if rule is not None:
            removals.append(
                Removal(line.index, line.index, rule.id, f"{rule.reason}: line matches ({rule.options.match})")
            )
            taken.add(line.index)
    return removals
