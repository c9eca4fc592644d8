"""Write mined candidates as a draft rule file, and keep only the rules that load and pass their own examples."""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

from cleaner.audit.suggest import Candidate

REASONS = {"repeated": "site-chrome", "near-marker": "site-chrome", "detected": "site-debris"}
WHY = {
    "repeated": "repeated across the site's pages",
    "near-marker": "next to debris a shipped rule removes",
    "detected": "removed by a detector",
}


def slug(text: str, words: int = 4) -> str:
    """A rule-id-safe slug: ASCII letters and digits of the first words."""
    parts = re.findall(r"[a-z0-9]+", text.casefold().encode("ascii", "ignore").decode())
    return "-".join(parts[:words]) or "line"


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _pattern(cand: Candidate) -> tuple[str, str]:
    """("literal", line) when every copy is the same line, else ("pattern", regex with digit runs as \\d+)."""
    import re2

    variants = [v for v, _ in cand.variants.most_common()]
    if len({v.casefold() for v in variants}) == 1:
        return "literal", variants[0]
    pieces = re.split(r"\d+", variants[0])
    return "pattern", r"\d+".join(re2.escape(p) for p in pieces)


def _rule_yaml(group: Sequence[Candidate], rule_id: str, key: str, files: int, max_words: int) -> str:
    """One line rule for candidates of one kind of evidence: a list of literals (or of digit patterns)."""
    evidence = group[0].evidence
    most = max(len(c.files) for c in group)
    least = min(len(c.files) for c in group)
    spread = f"{least}-{most}" if least != most else str(most)
    noun = "lines" if key == "literal" else "line shapes with varying numbers"
    description = f"{len(group)} {noun} {WHY[evidence]} (each in {spread} of {files} files)."
    lines = [
        f"  - id: {rule_id}",
        "    kind: line",
        f"    reason: {REASONS[evidence]}",
        f"    description: {_q(description)}",
        f"    max_words: {max_words}",
        f"    {key}:",
    ]
    lines += [f"      - {_q(_pattern(c)[1])}  # {len(c.files)} of {files} files" for c in group]
    removes = [c.variants.most_common(1)[0][0] for c in group[:5]]
    lines += ["    examples:", f"      remove: [{', '.join(_q(e) for e in removes)}]"]
    context = list(dict.fromkeys(line for c in group for line in c.context))[:2]
    if context:
        lines.append(f"      keep: [{', '.join(_q(c) for c in context)}]")
    return "\n".join(lines) + "\n"


def _signature(candidates: Sequence[Candidate], files: int) -> list[str]:
    """Up to three lines of three words or more present in most files: where these rules apply."""
    import re2

    common = [c for c in candidates if len(c.files) * 2 >= files and len(c.shape.split()) >= 3 and "#" not in c.shape]
    # Scopes see each line's text with its bullet ("  + Shop all"): allow any non-word lead, as rules see bare text
    return ["^\\W*" + re2.escape(c.variants.most_common(1)[0][0]) + "$" for c in common[:3]]


def render(
    candidates: Sequence[Candidate], *, site: str, files: int, sources: Sequence[str], max_words: int = 10
) -> str:
    site = slug(site, 6) or "site"
    header = [
        f"# Draft rules for {site}: mined by `cleaner rules suggest` from {files} files in {', '.join(sources)}.",
        "# Review each rule before use: keep only lines that are debris wherever they appear on the site.",
        f"ruleset: {site}",
        f"description: {_q(f'Site debris of {site}, drafted from {files} pages.')}",
    ]
    signature = _signature(candidates, files)
    if signature:
        header.append("# Scope: pages with one of the site's most common debris lines.")
        header.append(f"applies_to: {{any_line: [{', '.join(_q(s) for s in signature)}]}}")
    header.append("rules:" if candidates else "rules: []")
    body = []
    for (evidence, key), group in _groups(candidates).items():
        suffix = "" if key == "literal" else "-numbers"
        body.append(_rule_yaml(group, f"{site}.{evidence}{suffix}", key, files, max_words))
    return "\n".join(header) + "\n" + "".join(body)


def _groups(candidates: Sequence[Candidate]) -> dict[tuple[str, str], list[Candidate]]:
    """Candidates by evidence and by literal or pattern, in a fixed order."""
    groups: dict[tuple[str, str], list[Candidate]] = {}
    for evidence in WHY:
        for cand in candidates:
            if cand.evidence == evidence:
                groups.setdefault((evidence, _pattern(cand)[0]), []).append(cand)
    return groups


def draft_rules(
    candidates: Sequence[Candidate], *, site: str, files: int, sources: Sequence[str], max_words: int = 10
) -> tuple[str, list[str]]:
    """The draft text, rendered again without any rule that fails to load or to pass its examples."""
    from cleaner.rules.examples import check_examples
    from cleaner.rules.loader import load_file

    kept = list(candidates)
    notes: list[str] = []
    for _ in range(len(WHY) * 2 + 1):  # each round drops at least one rule
        text = render(kept, site=site, files=files, sources=sources, max_words=max_words)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "draft.yaml"
            path.write_text(text, encoding="utf-8")
            rules, errors = load_file(path)
        if errors:
            return render([], site=site, files=files, sources=sources), notes + [f"draft does not load: {errors[0]}"]
        failing = [r for r in rules if check_examples(r)]
        if not failing:
            return text, notes
        groups = _groups(kept)
        for rule in failing:
            notes.append(f"dropped draft rule {rule.id}: it fails its own examples")
        bad = {rule.id.split(".", 1)[1] for rule in failing}
        kept = [
            c
            for (evidence, key), group in groups.items()
            if f"{evidence}{'' if key == 'literal' else '-numbers'}" not in bad
            for c in group
        ]
    return render([], site=site, files=files, sources=sources), notes + ["could not make a valid draft"]
