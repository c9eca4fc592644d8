"""Run a rule's own examples: what it must remove and what it must keep."""

from __future__ import annotations

from dataclasses import dataclass

from cleaner.resolve import resolve
from cleaner.rules.engine import run_rules
from cleaner.rules.model import Example, Rule
from cleaner.segment import segment


@dataclass(frozen=True, slots=True)
class ExampleFailure:
    rule: str
    origin: str
    example: Example
    removed: tuple[str, ...]  # the lines the rule actually removed

    def describe(self) -> str:
        want = set(self.example.remove)
        got = set(self.removed)
        lines = [
            f"{self.origin}: rule {self.rule!r} example failed:",
            *("  " + ln for ln in self.example.text.split("\n")),
        ]
        lines += [f"  - should remove but kept: {ln!r}" for ln in sorted(want - got)]
        lines += [f"  + should keep but removed: {ln!r}" for ln in sorted(got - want)]
        return "\n".join(lines)


def removed_lines(rule: Rule, text: str) -> tuple[str, ...]:
    """The non-blank lines ``rule`` alone removes from ``text`` (its scope is not checked)."""
    doc = segment(text)
    spans, _ = resolve(doc, run_rules([rule], doc))
    return tuple(line for span in spans for line in span.text.split("\n") if line.strip())


def check_examples(rule: Rule) -> list[ExampleFailure]:
    failures = []
    for example in rule.examples:
        removed = removed_lines(rule, example.text)
        if sorted(ln.rstrip() for ln in removed) != sorted(ln.rstrip() for ln in example.remove if ln.strip()):
            failures.append(ExampleFailure(rule.id, rule.origin, example, removed))
    return failures
