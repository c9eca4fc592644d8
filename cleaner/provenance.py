"""The provenance record written beside every output (``.meta.json``) and into JSONL metadata.

Deterministic by design: no timestamps, no absolute paths unless given, keys in
a fixed order. Timings live only in the run summary.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from cleaner.decode import Decoded
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
        "source": source_record(
            path,
            source.url,
            size=len(source.data),
            digest=sha256(source.data),
            decoded=source.decoded,
            chars=len(source.decoded.text),
            extraction=source.extraction,
            doc_id=source.doc_id,
        ),
        "output": {"path": output_path, "bytes": len(out_bytes), "sha256": sha256(out_bytes)},
        "language": cleaning["language"],
        "summary": cleaning["summary"],
        "removals": cleaning["removals"],
    }


def source_record(
    path: str,
    url: str | None,
    *,
    size: int,
    digest: str,
    decoded: Decoded,
    chars: int,
    extraction: dict[str, Any] | None = None,
    doc_id: str | None = None,
) -> dict[str, Any]:
    """Where an output came from: the ``source`` block, for a file read whole or in windows alike.

    ``doc_id``: the document's id inside a JSONL or WARC file, which its output's name may not
    show (made safe for a file name, or numbered when two documents share it).
    """
    return {
        "path": path,
        **({"id": doc_id} if doc_id is not None else {}),
        "url": url,
        "bytes": size,
        "sha256": digest,
        "encoding": decoded.encoding,
        "encoding_detected": decoded.detected,
        "bom": decoded.bom,
        "chars": chars,
        **({"extraction": extraction} if extraction else {}),
    }
