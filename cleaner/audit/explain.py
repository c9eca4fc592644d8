"""Every line of one source file with its decision: kept or removed, by which rule or detector, and the evidence."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cleaner.audit.colour import Painter
from cleaner.audit.record import Audited, Missing, RecordError, rebuild, source_to_clean
from cleaner.lineshape import is_prose, word_count
from cleaner.segment import source_lines


@dataclass(frozen=True, slots=True)
class Decision:
    """What happened to one source line."""

    number: int
    text: str  # the source line as normalised ("" for a blank line)
    decision: str  # "kept", "removed" or "collapsed" (a repeated or edge blank line normalisation dropped)
    rule: str  # rule id or "detector:NAME"; "" when kept
    evidence: str

    def to_dict(self) -> dict[str, object]:
        return {
            "line": self.number,
            "decision": self.decision,
            "rule": self.rule,
            "evidence": self.evidence,
            "text": self.text,
        }


def explain_text(
    name: str, source: str, engine: object, *, extracted: bool = False, anchors: frozenset[int] | None = None
) -> tuple[Audited, list[Decision]]:
    """Clean ``source`` with ``engine`` and decide every source line (keywords as for ``Engine.clean``)."""
    result = engine.clean(source, extracted=extracted, anchors=anchors)  # type: ignore[attr-defined]
    record = rebuild(name, source, result.spans, result.text, result.to_metadata())
    by_number = {line.number: line for line in record.lines}
    decisions = []
    for number, _start, _end in source_lines(source):
        view = by_number.get(number)
        if view is None:
            decisions.append(Decision(number, "", "collapsed", "", "blank line dropped by normalisation"))
        elif view.kept:
            decisions.append(Decision(number, view.text, "kept", "", _shape(view.text)))
        else:
            span = record.spans[view.span]
            decisions.append(Decision(number, view.text, "removed", span.rule, span.reason))
    return record, decisions


def explain_file(path: Path, engine: object) -> tuple[Audited, list[Decision]] | Missing:
    """Every line of a source file as a run with ``engine`` would decide it (an HTML page perhaps cleaned whole)."""
    try:
        source, options = source_to_clean(path, engine)
    except RecordError as error:
        return Missing(str(error))
    return explain_text(str(path), source, engine, **options)


def _shape(text: str) -> str:
    """Why no detector thought it debris, as far as its shape tells: its words, prose or not."""
    if not text:
        return "blank line between kept lines"
    words = word_count(text)
    shape = "prose" if is_prose(text) else "short line"
    return f"{shape}, {words} word{'s' * (words != 1)}; no rule or detector claimed it"


def render(record: Audited, decisions: list[Decision], paint: Painter, width: int | None = 80) -> Iterator[str]:
    """A line per source line; the evidence once per removed run (it is the same for the whole span)."""
    meta = record.meta
    language = meta.get("language", {})
    summary = meta.get("summary", {})
    head = f"{record.name}: mode {meta.get('cleaner', {}).get('mode')}, language {language.get('code')}"
    yield paint(
        f"{head}, {summary.get('removals', 0)} removals, {summary.get('removed_chars', 0)} chars removed", "bold"
    )
    if summary.get("suspect"):
        yield paint(f"SUSPECT: {summary['suspect']}", "yellow")
    rule_width = max((len(d.rule) for d in decisions), default=0)
    previous = ("", "")
    for d in decisions:
        text = d.text if width is None or len(d.text) <= width else d.text[: width - 1] + "…"
        if d.decision == "removed":
            yield paint(f"{d.number:>5} - {d.rule:<{rule_width}} | {text}", "red")
            if (d.rule, d.evidence) != previous:
                yield paint(f"{'':>5}   {'':<{rule_width}}   ↳ {d.evidence}", "magenta")
        elif d.decision == "kept":
            yield f"{d.number:>5}   {'':<{rule_width}} | {text}" + (
                paint(f"   [{d.evidence}]", "dim") if d.text else ""
            )
        else:
            yield paint(f"{d.number:>5}   {'':<{rule_width}} | ({d.evidence})", "dim")
        previous = (d.rule, d.evidence) if d.decision == "removed" else ("", "")
