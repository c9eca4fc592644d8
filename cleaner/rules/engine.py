"""Run a rule set over a document: line rules first, then structural rules."""

from __future__ import annotations

from collections.abc import Iterable

from cleaner.document import Document, Removal
from cleaner.rules.kinds import KINDS
from cleaner.rules.model import Rule


def run_rules(rules: Iterable[Rule], doc: Document, claimed: Iterable[int] = ()) -> list[Removal]:
    """Removals from ``rules`` in order; each line goes to the first rule that claims it.

    Line rules run before structural ones so that a tail or head rule can treat
    the lines they recognised as debris.
    """
    ordered = sorted(rules, key=lambda rule: rule.kind != "line")  # stable: keeps file order
    taken = set(claimed)
    removals: list[Removal] = []
    for rule in ordered:
        for removal in KINDS[rule.kind].find(rule, doc, frozenset(taken)):
            removals.append(removal)
            taken.update(range(removal.first, removal.last + 1))
    return removals
