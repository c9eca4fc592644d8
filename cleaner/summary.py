"""The run summary ``OUT/_run.json``: arguments, versions, counts, per-rule hits, failures, timings.

The only output that holds timings, so every other output stays byte-identical
from run to run.
"""

from __future__ import annotations

import contextlib
import json
import platform
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from cleaner import __version__
from cleaner.run import Outcome
from cleaner.sinks.atomic import write_atomic

SUMMARY_NAME = "_run.json"


@dataclass
class RunSummary:
    """Counts accumulated while outcomes stream in."""

    arguments: dict[str, Any]
    started: float = field(default_factory=time.time)
    files: int = 0
    documents: int = 0
    cleaned: int = 0
    resumed: int = 0
    suspect: int = 0
    whole_pages: int = 0
    failed_files: int = 0  # files that could not be cleaned at all
    failed_documents: int = 0  # documents skipped inside files that were cleaned (a malformed JSONL line…)
    bytes_in: int = 0
    bytes_out: int = 0
    hits: dict[str, list[int]] = field(default_factory=dict)
    failures: list[dict[str, str]] = field(default_factory=list)
    corpus: dict[str, Any] | None = None  # what the first pass learnt (groups judged, their documents), when it ran
    interrupted: bool = False  # stopped by Ctrl-C: the counts cover the files done until then

    def add(self, outcome: Outcome) -> None:
        self.files += 1
        self.bytes_in += outcome.bytes_in
        self.documents += outcome.documents
        self.failures.extend({"path": outcome.path, "reason": problem} for problem in outcome.doc_errors)
        self.failed_documents += len(outcome.doc_errors)
        if outcome.error:
            self.failures.append({"path": outcome.path, "reason": outcome.error})
            self.failed_files += 1
            return
        self.bytes_out += outcome.bytes_out
        self.resumed += outcome.resumed
        self.cleaned += not outcome.resumed and not outcome.error
        self.suspect += outcome.suspect
        self.whole_pages += outcome.whole_pages
        for rule, (count, chars) in outcome.hits.items():
            total = self.hits.setdefault(rule, [0, 0])
            total[0] += count
            total[1] += chars

    def fail(self, path: str, reason: str) -> None:
        """A failure of the run's own output (a JSONL shard it could not write), not of one input."""
        self.failures.append({"path": path, "reason": reason})

    def to_dict(self) -> dict[str, Any]:
        seconds = time.time() - self.started
        summary: dict[str, Any] = {
            "arguments": self.arguments,
            "versions": _versions(),
            "counts": {
                "files": self.files,
                "documents": self.documents,
                "cleaned": self.cleaned,
                "resumed": self.resumed,
                "failed": len(self.failures),  # every failure listed: files, documents, the run's own outputs
                "failed_files": self.failed_files,
                "failed_documents": self.failed_documents,
                "suspect": self.suspect,
                "whole_pages": self.whole_pages,
                "bytes_in": self.bytes_in,
                "bytes_out": self.bytes_out,
            },
            "rules": {
                rule: {"removals": c, "chars": ch}
                for rule, (c, ch) in sorted(self.hits.items(), key=lambda kv: -kv[1][1])
            },
            "failures": self.failures,
            "timing": {
                "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.started)),
                "seconds": round(seconds, 3),
                "files_per_second": round(self.files / seconds, 2) if seconds else None,
                "mb_per_second": round(self.bytes_in / 1e6 / seconds, 3) if seconds else None,
            },
        }
        if self.corpus is not None:
            summary["corpus"] = self.corpus
        if self.interrupted:
            summary["interrupted"] = True
        return summary

    def write(self, out_dir: Path) -> Path:
        path = out_dir / SUMMARY_NAME
        write_atomic(path, (json.dumps(self.to_dict(), indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
        return path


def _versions() -> dict[str, str]:
    # our own version from the code that ran: an editable install's metadata keeps the version it was installed at
    found = {"python": platform.python_version(), "cleaner": __version__}
    for name in ("trafilatura", "justext", "langdetect", "google-re2", "PyYAML"):
        with contextlib.suppress(metadata.PackageNotFoundError):  # an optional package not installed
            found[name] = metadata.version(name)
    return found
