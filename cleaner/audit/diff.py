"""A unified diff from the normalised source to the clean text, each removed run annotated with its rule and reason.

Hunks come straight from the provenance (every normalised line is kept or
removed by one span), not from a text-matching algorithm, so an annotation
always names the rule that really removed the lines.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from cleaner.audit.colour import Painter
from cleaner.audit.record import Audited


@dataclass(frozen=True, slots=True)
class Hunk:
    first: int  # index into record.lines (inclusive)
    last: int  # inclusive


def hunks(record: Audited, context: int) -> list[Hunk]:
    """Ranges of lines around the removed ones, merged when their context would touch."""
    removed = [i for i, line in enumerate(record.lines) if not line.kept]
    found: list[Hunk] = []
    for i in removed:
        first, last = max(0, i - context), min(len(record.lines) - 1, i + context)
        if found and first <= found[-1].last + 1:
            found[-1] = Hunk(found[-1].first, last)
        else:
            found.append(Hunk(first, last))
    return found


def render_diff(record: Audited, paint: Painter, context: int = 3) -> Iterator[str]:
    """The diff's lines (without newlines); nothing when nothing was removed."""
    if not record.spans:
        return
    if record.note:
        yield paint(f"# {record.note}", "yellow")
    out_name = str(record.meta.get("output", {}).get("path", "clean"))
    yield paint(f"--- {record.name} (source, normalised)", "bold")
    yield paint(f"+++ {out_name} (clean)", "bold")
    new_before = _kept_before(record)
    for hunk in hunks(record, context if record.exact else 0):
        yield from _render_hunk(record, hunk, new_before, paint)


def _kept_before(record: Audited) -> list[int]:
    """For each line, how many kept lines come before it (its position in the clean text)."""
    counts, kept = [], 0
    for line in record.lines:
        counts.append(kept)
        kept += line.kept
    return counts


def _render_hunk(record: Audited, hunk: Hunk, new_before: list[int], paint: Painter) -> Iterator[str]:
    lines = record.lines[hunk.first : hunk.last + 1]
    old_len, new_len = len(lines), sum(line.kept for line in lines)
    old_start = hunk.first + 1 if record.exact else lines[0].number
    new_start = new_before[hunk.first] + (1 if new_len else 0)
    rules = sorted({record.spans[line.span].rule for line in lines if not line.kept})
    yield paint(f"@@ -{old_start},{old_len} +{new_start},{new_len} @@ {', '.join(rules)}", "cyan")
    previous = -1
    for line in lines:
        if line.kept:
            yield " " + line.text
        else:
            if line.span != previous:
                span = record.spans[line.span]
                where = (
                    f"line {span.line_start}"
                    if span.line_start == span.line_end
                    else f"lines {span.line_start}-{span.line_end}"
                )
                yield paint(f"# {span.rule}: {span.reason} (source {where})", "magenta")
            yield paint("-" + line.text, "red")
        previous = line.span


@dataclass(frozen=True, slots=True)
class RuleStat:
    rule: str
    spans: int
    lines: int
    chars: int


def rule_stats(record: Audited) -> list[RuleStat]:
    """Per rule: spans, non-blank lines and characters removed, most characters first."""
    table: dict[str, list[int]] = {}
    for span in record.spans:
        row = table.setdefault(span.rule, [0, 0, 0])
        row[0] += 1
        row[1] += sum(1 for text in span.text.split("\n") if text.strip())
        row[2] += len(span.text)
    stats = [RuleStat(rule, *row) for rule, row in table.items()]
    return sorted(stats, key=lambda s: (-s.chars, s.rule))


def render_stat(record: Audited, paint: Painter, width: int = 30) -> Iterator[str]:
    stats = rule_stats(record)
    removed = sum(s.chars for s in stats)
    total = removed + len(record.clean)
    name_width = max((len(s.rule) for s in stats), default=4)
    for s in stats:
        bar = "-" * max(1, round(width * s.chars / removed)) if removed else ""
        yield f" {s.rule:<{name_width}}  {s.spans:>4} spans {s.lines:>5} lines {s.chars:>7} chars  {paint(bar, 'red')}"
    share = removed / total if total else 0.0
    yield f" {record.name}: {len(record.spans)} removals, {removed} of {total} chars removed ({share:.1%})"
