"""The provenance record written beside every output (``.meta.json``) and into JSONL metadata.

Deterministic by design: no timestamps, no absolute paths unless given, keys in
a fixed order. Timings live only in the run summary.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from cleaner.document import Result
from cleaner.sources import SourceDoc

SCHEMA_VERSION = 1


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str:
    """A file's SHA-256, read a megabyte at a time (a corpus file can be larger than memory)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def provenance(path: str, source: SourceDoc, result: Result, *, output_path: str) -> dict[str, Any]:
    """The metadata dict for one cleaned file: where it came from, where it went, what was removed."""
    out_bytes = result.text.encode("utf-8")
    cleaning = result.to_metadata()
    return {
        "schema": SCHEMA_VERSION,
        "cleaner": cleaning["cleaner"],
        "source": {
            "path": path,
            "url": source.url,
            "bytes": len(source.data),
            "sha256": sha256(source.data),
            "encoding": source.decoded.encoding,
            "encoding_detected": source.decoded.detected,
            "bom": source.decoded.bom,
            "chars": len(source.decoded.text),
            **({"extraction": source.extraction} if source.extraction else {}),
        },
        "output": {"path": output_path, "bytes": len(out_bytes), "sha256": sha256(out_bytes)},
        "language": cleaning["language"],
        "summary": cleaning["summary"],
        "removals": cleaning["removals"],
    }
