"""Read a run's output folder: every ``.meta.json`` as a compact per-file row, and the per-rule totals."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SKIP = {"_run.json", "report.json"}


SAMPLES = 3  # removed texts kept per rule and file, for the report's sample column
SAMPLE_CHARS = 240


@dataclass(frozen=True, slots=True)
class RuleHit:
    """What one rule removed from one file: counts and a few samples (not every removal, to keep runs small)."""

    rule: str
    count: int
    chars: int
    bytes: int
    samples: tuple[tuple[int, str], ...]  # (source line, removed text shortened)


@dataclass(frozen=True, slots=True)
class FileRow:
    """One output as the report lists it."""

    meta_path: Path
    name: str  # the output's path inside OUT
    source: str  # the recorded source path
    bytes_in: int
    bytes_out: int
    kept_chars: int
    removed_chars: int
    suspect: tuple[str, ...]
    hits: tuple[RuleHit, ...]
    source_sha256: str = ""  # to check the source has not changed before showing it

    @property
    def removals(self) -> int:
        return sum(hit.count for hit in self.hits)

    @property
    def share(self) -> float:
        total = self.kept_chars + self.removed_chars
        return self.removed_chars / total if total else 0.0


def meta_files(out: Path) -> Iterator[Path]:
    """Every .meta.json under ``out`` in sorted order (the run summary and the report are not outputs)."""
    for path in sorted(out.rglob("*.meta.json")):
        if path.name not in SKIP and path.is_file():
            yield path


def read_row(out: Path, path: Path) -> FileRow | str:
    """The row for one metadata file, or why it cannot be read."""
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
        summary, source, output = meta["summary"], meta["source"], meta["output"]
        return FileRow(
            path,
            str(output.get("path") or path.relative_to(out)),
            str(source.get("path", "")),
            int(source.get("bytes", 0)),
            int(output.get("bytes", 0)),
            int(summary.get("kept_chars", 0)),
            int(summary.get("removed_chars", 0)),
            (summary["suspect"],) if summary.get("suspect") else (),
            hits_of(meta.get("removals", [])),
            str(source.get("sha256", "")),
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        return f"{path}: not a readable cleaner .meta.json ({error})"


def hits_of(removals: list[dict[str, Any]]) -> tuple[RuleHit, ...]:
    """Per-rule counts of one file's removals, in order of first appearance."""
    table: dict[str, list[Any]] = {}
    for removal in removals:
        entry = table.setdefault(removal["rule"], [0, 0, 0, []])
        text = removal.get("text", "")
        entry[0] += 1
        entry[1] += len(text)
        entry[2] += len(text.encode("utf-8"))
        if len(entry[3]) < SAMPLES and text.strip():
            entry[3].append((int(removal.get("line_start", 0)), text.strip()[:SAMPLE_CHARS]))
    return tuple(RuleHit(rule, n, c, b, tuple(samples)) for rule, (n, c, b, samples) in table.items())


def rule_hits(out: Path) -> dict[str, tuple[int, int, int]]:
    """rule -> (removals, chars removed, files) over every output in ``out``."""
    totals: dict[str, list[int]] = {}
    for path in meta_files(out):
        row = read_row(out, path)
        if isinstance(row, str):
            continue
        for hit in row.hits:
            entry = totals.setdefault(hit.rule, [0, 0, 0])
            entry[0] += hit.count
            entry[1] += hit.chars
            entry[2] += 1
    return {rule: (n, c, f) for rule, (n, c, f) in totals.items()}
