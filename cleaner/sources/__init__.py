"""Readers: turn one input file into the documents it holds (text, HTML; JSONL and WARC hold many)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from cleaner.decode import Decoded

if TYPE_CHECKING:
    from cleaner.sources.rescue import Rescue


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
    rescue: Rescue | None = None  # the whole page as text, when an HTML extractor kept too little of it

    def to_clean(self, name: str, *, detectors: bool) -> tuple[SourceDoc, dict[str, Any]]:
        """The document as the engine cleans it, and the keywords ``Engine.clean`` needs for it.

        A page its extractor kept too little of is cleaned whole (``cleaner.sources.rescue``) when
        detectors run: the whole page's text, anchored on the extractor's lines, with provenance
        saying so. With rules alone the whole page would come out, so its extracted text is cleaned.
        """
        if not detectors or self.rescue is None:
            options: dict[str, Any] = {"extracted": is_extracted(name)}
            if self.extraction and self.data and not self.text.strip():
                # e.g. a page nested past libxml2's depth limit, which drops what lies under 255 elements
                options["empty_note"] = EMPTY_EXTRACTION
            return self, options
        why = {"by": WHOLE_PAGE_BY, "anchors": "trafilatura", "whole_page": self.rescue.reason}
        whole = replace(self, text=self.rescue.text, extraction={**self.extraction, **why}, rescue=None)
        return whole, {"extracted": False, "anchors": self.rescue.anchors}


WHOLE_PAGE_BY = "inscriptis"  # source.extraction["by"] of a page cleaned whole
EMPTY_EXTRACTION = "the HTML extractor found no text in this page"


def cleaned_whole(source_record: dict[str, Any]) -> bool:
    """Whether provenance's ``source`` block is that of an HTML page cleaned whole (offsets into its rendering)."""
    return (source_record.get("extraction") or {}).get("by") == WHOLE_PAGE_BY


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
