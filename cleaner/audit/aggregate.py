"""A run's audit figures: totals, rules and detectors by hits and bytes, and the files an auditor should see first.

Plain data for both report.json and the HTML report, computed in one place so
the two always agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median
from typing import Any

from cleaner.audit.collect import FileRow
from cleaner.detectors import is_detector

SAMPLES = 3  # removed texts shown per rule
FLOOR = 0.5  # never call a share below this unusual, however tight the run's distribution
CEILING = 0.8  # always call a share above this unusual, however wide (small runs give wide fences)


@dataclass(frozen=True, slots=True)
class Threshold:
    """Above which removed share a file is unusual in this run (Tukey's fence, between FLOOR and CEILING)."""

    median: float
    fence: float


def threshold(shares: Sequence[float]) -> Threshold:
    if not shares:
        return Threshold(0.0, FLOOR)
    ordered = sorted(shares)
    q1, q3 = ordered[len(ordered) // 4], ordered[(3 * len(ordered)) // 4]
    return Threshold(median(ordered), min(CEILING, max(FLOOR, q3 + 1.5 * (q3 - q1))))


def flag(row: FileRow, limit: Threshold) -> str:
    """Why this file should be audited first ("" when it need not be)."""
    if row.suspect:
        return "suspect: " + "; ".join(row.suspect)
    if row.kept_chars == 0 and row.removed_chars:
        return "nothing kept"
    if row.share > limit.fence:
        return f"removed {row.share:.0%} (run median {limit.median:.0%}, unusual above {limit.fence:.0%})"
    return ""


def order(rows: Sequence[FileRow], flags: Sequence[str]) -> list[int]:
    """Suspect files first, then other flagged files by share removed, then the rest by name."""

    def key(i: int) -> tuple[int, float, str]:
        rank = 0 if rows[i].suspect else 1 if flags[i] else 2
        return (rank, -rows[i].share if rank < 2 else 0.0, rows[i].name)

    return sorted(range(len(rows)), key=key)


def rule_table(rows: Sequence[FileRow]) -> list[dict[str, Any]]:
    """Per rule or detector: removals, files, characters and bytes removed, and sample removals; most bytes first."""
    table: dict[str, dict[str, Any]] = {}
    for row in rows:
        for hit in row.hits:
            entry = table.setdefault(hit.rule, _empty(hit.rule))
            entry["files"] += 1
            entry["hits"] += hit.count
            entry["chars"] += hit.chars
            entry["bytes"] += hit.bytes
            for line, text in hit.samples:
                if len(entry["samples"]) < SAMPLES and text not in [s["text"] for s in entry["samples"]]:
                    entry["samples"].append({"file": row.name, "line": line, "text": text})
    return sorted(table.values(), key=lambda e: (-e["bytes"], e["rule"]))


def _empty(rule: str) -> dict[str, Any]:
    return {
        "rule": rule,
        "kind": "detector" if is_detector(rule) else "rule",
        "hits": 0,
        "files": 0,
        "chars": 0,
        "bytes": 0,
        "samples": [],
    }


def totals(rows: Sequence[FileRow], flags: Sequence[str]) -> dict[str, Any]:
    kept = sum(r.kept_chars for r in rows)
    removed = sum(r.removed_chars for r in rows)
    bytes_in, bytes_out = sum(r.bytes_in for r in rows), sum(r.bytes_out for r in rows)
    return {
        "files": len(rows),
        "bytes_in": bytes_in,
        "bytes_out": bytes_out,
        "bytes_share_removed": round(1 - bytes_out / bytes_in, 4) if bytes_in else 0.0,
        "chars_kept": kept,
        "chars_removed": removed,
        "share_removed": round(removed / (kept + removed), 4) if kept + removed else 0.0,
        "removals": sum(r.removals for r in rows),
        "suspect": sum(1 for r in rows if r.suspect),
        "flagged": sum(1 for f in flags if f),
    }


def summary(rows: Sequence[FileRow], failures: Sequence[Any] = ()) -> dict[str, Any]:
    """The report.json document: totals, rule table, and every file (flagged first) with its figures."""
    limit = threshold([r.share for r in rows])
    flags = [flag(r, limit) for r in rows]
    files = []
    for i in order(rows, flags):
        row = rows[i]
        counts = {hit.rule: hit.count for hit in row.hits}
        files.append(
            {
                "name": row.name,
                "source": row.source,
                "bytes_in": row.bytes_in,
                "bytes_out": row.bytes_out,
                "chars_kept": row.kept_chars,
                "chars_removed": row.removed_chars,
                "share_removed": round(row.share, 4),
                "suspect": list(row.suspect),
                "flag": flags[i],
                "rules": counts,
            }
        )
    return {
        "schema": 1,
        "totals": totals(rows, flags),
        "threshold": {"median_share": round(limit.median, 4), "unusual_above": round(limit.fence, 4)},
        "rules": rule_table(rows),
        "files": files,
        "failures": list(failures),
    }
