"""WARC files: HTML responses through the HTML path, with the record id and target URI in provenance.

Parsing is warcio's (the Webrecorder project's library), not ours.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from cleaner.sources import DocError, InputError, SourceDoc


def read_warc(path: Path) -> Iterator[SourceDoc | DocError]:
    """One document per HTML response record; other records are passed over."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    from cleaner.sources.html import read_html

    try:
        handle = path.open("rb")
    except OSError as error:
        raise InputError(f"cannot open: {error.strerror or error}") from None
    with handle:
        try:
            for record in ArchiveIterator(handle):
                if record.rec_type != "response" or not _is_html(record):
                    continue
                record_id = record.rec_headers.get_header("WARC-Record-ID") or ""
                uri = record.rec_headers.get_header("WARC-Target-URI")
                try:
                    doc = read_html(record.content_stream().read(), name="record.html", url=uri)
                except InputError as error:
                    yield DocError(f"record {record_id}", str(error))
                    continue
                extraction = {**doc.extraction, "warc_record_id": record_id, "warc_target_uri": uri}
                yield SourceDoc(doc.text, doc.data, doc.decoded, uri, extraction, doc_id=record_id.strip("<>"))
        except ArchiveLoadFailed as error:
            yield DocError("archive", f"not a readable WARC file: {error}")


def _is_html(record: object) -> bool:
    headers = getattr(record, "http_headers", None)
    content_type = headers.get_header("Content-Type") if headers else ""
    return "html" in (content_type or "").lower()
