"""Readers: turn one input file into the documents it holds (text, HTML; JSONL and WARC hold many)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cleaner.decode import Decoded


class InputError(ValueError):
    """A file or document the cleaner cannot read; the message says why."""


@dataclass(frozen=True, slots=True)
class SourceDoc:
    """One document read from an input file, ready for the engine."""

    text: str  # what the engine cleans; provenance offsets refer to it
    data: bytes  # the raw bytes it came from (hashed into provenance)
    decoded: Decoded
    url: str | None = None
    extraction: dict[str, Any] = field(default_factory=dict)  # e.g. trafilatura's page metadata
    doc_id: str | None = None  # set for documents of a multi-document file (JSONL, WARC)
    extra: dict[str, Any] = field(default_factory=dict)  # the input record's own metadata, carried through


@dataclass(frozen=True, slots=True)
class DocError:
    """One unreadable document inside a multi-document file; the rest of the file goes on."""

    where: str  # "line 12", "record <urn:uuid:…>"
    reason: str


HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.zst", ".jsonl.zstd")
WARC_SUFFIXES = (".warc", ".warc.gz")


def is_html(name: str) -> bool:
    return name.lower().endswith(HTML_SUFFIXES)


def is_warc(name: str) -> bool:
    return name.lower().endswith(WARC_SUFFIXES)


def is_extracted(name: str) -> bool:
    """A file whose text is an HTML extractor's output (HTML pages, WARC records), not the file as it is."""
    return is_html(name) or is_warc(name)


def multi_stem(name: str) -> str | None:
    """A many-document file's name without its format's suffix ("crawl.warc.gz" -> "crawl"); None for others."""
    suffix = next((s for s in JSONL_SUFFIXES + WARC_SUFFIXES if name.lower().endswith(s)), None)  # at most one ends it
    return name[: -len(suffix)] if suffix else None


def is_multi(name: str) -> bool:
    """A file that holds many documents."""
    return name.lower().endswith(JSONL_SUFFIXES + WARC_SUFFIXES)
