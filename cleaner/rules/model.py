"""Rules as frozen data: what a rule file says, compiled and validated."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from cleaner.document import Document
from cleaner.rules.regex import Pattern


@dataclass(frozen=True, slots=True)
class Scope:
    """Where a rule applies: a content signature or a URL domain (either is enough)."""

    any_line: tuple[Pattern, ...] = ()
    domains: tuple[str, ...] = ()

    @property
    def everywhere(self) -> bool:
        return not self.any_line and not self.domains

    def holds(self, doc: Document, text: str | bytes | None = None) -> bool:
        """``text``: the document's lines joined by newlines, when the caller has it (one join per document,
        not one per scope; in UTF-8, RE2 does not encode it again for each search)."""
        if self.everywhere:
            return True
        if self.domains and doc.url and _domain_matches(doc.url, self.domains):
            return True
        text = "\n".join(line.text for line in doc.lines) if text is None else text  # one search, not one per line
        return any(p.search(text) for p in self.any_line)


def _domain_matches(url: str, domains: tuple[str, ...]) -> bool:
    host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    return any(host == d or host.endswith("." + d) for d in domains)


@dataclass(frozen=True, slots=True)
class Example:
    """A small document and the lines the rule must remove from it (all others stay)."""

    text: str
    remove: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    kind: str
    description: str
    reason: str
    options: Any  # the kind's compiled options (see cleaner.rules.kinds)
    scope: Scope = Scope()
    examples: tuple[Example, ...] = ()
    origin: str = ""  # "file:line" where it was defined
    skip_on_extracted: bool = False  # not on an HTML extractor's output, where what it matches is article


@dataclass(frozen=True, slots=True)
class RuleSet:
    """All loaded rules, in load order, with a hash that identifies them for provenance."""

    rules: tuple[Rule, ...]
    digest: str
    files: tuple[str, ...] = field(default=())

    def active(self, doc: Document, *, extracted: bool = False) -> list[Rule]:
        """The rules whose scope holds for ``doc`` (each distinct scope is checked once), without those
        that skip an HTML extractor's output when ``doc`` is one."""
        verdicts: dict[Scope, bool] = {}
        text: bytes | None = None
        for rule in self.rules:
            if rule.scope not in verdicts:
                if text is None and rule.scope.any_line:
                    text = "\n".join(line.text for line in doc.lines).encode("utf-8")
                verdicts[rule.scope] = rule.scope.holds(doc, text)
        return [rule for rule in self.rules if verdicts[rule.scope] and not (extracted and rule.skip_on_extracted)]
