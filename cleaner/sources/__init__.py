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


HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")


def is_html(name: str) -> bool:
    return name.lower().endswith(HTML_SUFFIXES)
