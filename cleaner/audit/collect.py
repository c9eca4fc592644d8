"""Read a run's output folder: every ``.meta.json`` as a compact per-file row, and the per-rule totals."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SKIP = {"_run.json", "report.json"}


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
    removals: tuple[dict[str, Any], ...]
    source_sha256: str = ""  # to check the source has not changed before showing it

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
            tuple(summary.get("suspect", [])),
            tuple(meta.get("removals", [])),
            str(source.get("sha256", "")),
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        return f"{path}: not a readable cleaner .meta.json ({error})"


def rule_hits(out: Path) -> dict[str, tuple[int, int, int]]:
    """rule -> (removals, chars removed, files) over every output in ``out``."""
    totals: dict[str, list[int]] = {}
    for path in meta_files(out):
        row = read_row(out, path)
        if isinstance(row, str):
            continue
        seen = set()
        for removal in row.removals:
            entry = totals.setdefault(removal["rule"], [0, 0, 0])
            entry[0] += 1
            entry[1] += len(removal.get("text", ""))
            if removal["rule"] not in seen:
                entry[2] += 1
                seen.add(removal["rule"])
    return {rule: (n, c, f) for rule, (n, c, f) in totals.items()}
