"""WARC files: HTML responses through the HTML path, with the record id and target URI in provenance.

Parsing is warcio's (the Webrecorder project's library), not ours. warcio is lax
with damage: it reads a truncated gzip member as a shorter record, writes a zlib
error to stderr and carries on, and cannot find the next record after a corrupt
one. So a ``.warc.gz`` is first walked here as what the format says it is, a
series of gzip members (one record each), and warcio reads only members that
decompress completely. A damaged member is one reported failure with its byte
range; reading resumes at the next gzip header, so the records after it are kept.
The check decompresses each member once more, which costs little next to HTML
extraction (0.4 s for a 28 MB file of 3,000 pages that trafilatura takes minutes on).
A plain ``.warc`` has no such frame: a damaged record ends its reading, and says so.
"""

from __future__ import annotations

import traceback
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO

from cleaner.sources import DocError, InputError, SourceDoc

GZIP_MAGIC = b"\x1f\x8b\x08"  # a gzip member's first bytes (deflate): where a record of a .warc.gz can start
CHUNK = 1 << 16
MAX_OUT = 1 << 20  # decompressed bytes per step while checking a member: a gzip bomb cannot fill memory


def read_warc(path: Path, *, whole_page: bool = True) -> Iterator[SourceDoc | DocError]:
    """One document per HTML response record; other records are passed over, damaged ones reported.

    ``whole_page``: as ``sources.html.read_html``'s.
    """
    try:
        handle = path.open("rb")
    except OSError as error:
        raise InputError(f"cannot open: {error.strerror or error}") from None
    with handle:
        size = handle.seek(0, 2)
        handle.seek(0)
        if handle.read(len(GZIP_MAGIC)) != GZIP_MAGIC:
            handle.seek(0)
            yield from _records(handle, 0, size, whole_page, whole_file=True)
            return
        for member in gzip_members(handle):
            if member.problem:
                resume = f"; reading goes on at byte {member.end}" if member.end < member.size else ""
                yield DocError(f"bytes {member.start}-{member.end}", member.problem + resume)
            else:
                yield from _records(_Slice(handle, member.start, member.end), member.start, member.end, whole_page)


@dataclass(frozen=True, slots=True)
class Member:
    """A byte range of the file: a complete gzip member, or a damaged stretch (``problem`` says how)."""

    start: int
    end: int
    size: int  # of the whole file
    problem: str = ""


def gzip_members(handle: BinaryIO) -> Iterator[Member]:
    """The file's gzip members in order; after a damaged one, the next gzip header starts the next."""
    size = handle.seek(0, 2)
    start = 0
    while start < size:
        end, problem = _member_end(handle, start)
        if problem:  # zlib reports damage late (a bad checksum only at the member's end): look for the next header
            end = _next_magic(handle, start + 1, size)
        yield Member(start, end, size, problem)
        start = end


def _member_end(handle: BinaryIO, start: int) -> tuple[int, str]:
    """Where the gzip member at ``start`` ends and "", or where reading stopped and what is wrong with it."""
    handle.seek(start)
    decompressor, fed = zlib.decompressobj(16 + zlib.MAX_WBITS), 0
    while chunk := handle.read(CHUNK):
        fed += len(chunk)
        try:
            decompressor.decompress(chunk, MAX_OUT)
            while decompressor.unconsumed_tail and not decompressor.eof:
                decompressor.decompress(decompressor.unconsumed_tail, MAX_OUT)
        except zlib.error as error:
            return start + fed, f"corrupt gzip data ({error})"
        if decompressor.eof:
            return start + fed - len(decompressor.unused_data), ""
    return start + fed, "gzip member cut short at the end of the file (truncated?)"


def _next_magic(handle: BinaryIO, at: int, size: int) -> int:
    """Offset of the next gzip header at or after ``at``, else the end of the file."""
    handle.seek(at)
    carry = b""
    while chunk := handle.read(CHUNK):
        data = carry + chunk
        found = data.find(GZIP_MAGIC)
        if found >= 0:
            return at - len(carry) + found
        carry = data[-(len(GZIP_MAGIC) - 1) :]
        at += len(chunk)
    return size


class _Slice:
    """A read-only view of ``handle[start:end]``, so warcio reads one member and nothing after it."""

    def __init__(self, handle: BinaryIO, start: int, end: int) -> None:
        self.handle, self.position, self.end = handle, start, end

    def read(self, size: int = -1) -> bytes:
        left = self.end - self.position
        size = left if size < 0 else min(size, left)
        self.handle.seek(self.position)
        data = self.handle.read(size)
        self.position += len(data)
        return data


def _records(
    stream: Any, offset: int, end: int, whole_page: bool, *, whole_file: bool = False
) -> Iterator[SourceDoc | DocError]:
    """The HTML documents warcio finds in ``stream``, bytes ``offset`` to ``end`` of the file."""
    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(stream)
    while True:
        try:
            record = _next_record(records)
        except _warcio_errors() as error:
            if not _raised_in_warcio(error):
                raise  # a bug of ours, not a damaged record
            rest = "; the rest of the file is not read" if whole_file else ""
            at = offset + records.offset  # warcio got as far as the damaged record's start
            yield DocError(f"record at byte {at}", f"not a readable WARC record: {_why(error)}{rest}")
            return
        # warcio moves its offset to a record's start inside next(), while it finishes the one before
        at = offset + records.offset
        if record is None:
            if offset + records.offset < end:  # bytes warcio passed over without a word
                yield DocError(f"bytes {at}-{end}", "not a complete WARC record (file truncated?)")
            return
        where = f"record {record.record_id}" if record.record_id else f"record at byte {at}"
        if record.problem:
            yield DocError(where, record.problem)
        elif record.html is not None:
            yield _document(where, record, whole_page)


@dataclass(frozen=True, slots=True)
class _Record:
    """What the cleaner needs of one WARC record, read by warcio."""

    record_id: str
    uri: str | None
    html: bytes | None  # the payload of an HTML response; None for any other record
    problem: str = ""


def _next_record(records: Any) -> _Record | None:
    """The next record, read to its end (warcio's part, which may raise on damage); None at the end."""
    record = next(records, None)
    if record is None:
        return None
    headers = record.rec_headers
    record_id, uri = headers.get_header("WARC-Record-ID") or "", headers.get_header("WARC-Target-URI")
    if record.rec_type is None or headers.get_header("Content-Length") is None:  # warcio takes what it found
        return _Record(record_id, uri, None, "not a complete WARC record: no WARC-Type or Content-Length")
    html = record.content_stream().read() if record.rec_type == "response" and _is_html(record) else None
    while record.raw_stream.read(CHUNK):  # the rest of the block, to see whether all of it is there
        pass
    if missing := getattr(record.raw_stream, "limit", 0):  # warcio stops quietly where the bytes end
        return _Record(record_id, uri, None, f"cut short: {missing} bytes of its block missing (file truncated?)")
    return _Record(record_id, uri, html)


def _warcio_errors() -> tuple[type[Exception], ...]:
    """What warcio raises on damaged records: its own errors, and one plain one (see _raised_in_warcio)."""
    from warcio.bufferedreaders import ChunkedDataException
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    # warcio 1.8.1 raises AttributeError on a response record with no WARC-Target-URI, complete or cut
    # before that header (recordloader.py:184, uri.startswith on None). Bad lengths and chunk sizes it
    # catches itself, so damage found no TypeError or ValueError; those stay bugs, reported as such.
    return (ArchiveLoadFailed, ChunkedDataException, StatusAndHeadersParserException, AttributeError)


def _raised_in_warcio(error: BaseException) -> bool:
    """Whether warcio's code, not ours, is the deeper in the traceback: an AttributeError of ours is a bug."""
    for frame, _ in reversed(list(traceback.walk_tb(error.__traceback__))):
        package = str(frame.f_globals.get("__name__", "")).partition(".")[0]
        if package in ("warcio", "cleaner"):
            return package == "warcio"
    return False


def _document(where: str, record: _Record, whole_page: bool) -> SourceDoc | DocError:
    """A record's page through the HTML path, or why it cannot be read."""
    from cleaner.sources.html import read_html

    assert record.html is not None
    try:
        doc = read_html(record.html, name="record.html", url=record.uri, whole_page=whole_page)
    except InputError as error:
        return DocError(where, str(error))
    extraction = {**doc.extraction, "warc_record_id": record.record_id, "warc_target_uri": record.uri}
    return replace(doc, url=record.uri, extraction=extraction, doc_id=record.record_id.strip("<>"))


def _why(error: Exception) -> str:
    """warcio's message, except for its one plain error (see _warcio_errors), which names no header."""
    if isinstance(error, AttributeError):
        return f"a response record without a WARC-Target-URI header (warcio: {_printable(error)})"
    return _printable(error)


def _printable(error: Exception) -> str:
    """warcio quotes the bad line, which may be binary: escaped and cut, so the reason stays readable."""
    text = " ".join(str(error).split())
    text = text.encode("ascii", "backslashreplace").decode("ascii")
    return text if len(text) <= 120 else text[:117] + "..."


def _is_html(record: Any) -> bool:
    headers = getattr(record, "http_headers", None)
    content_type = headers.get_header("Content-Type") if headers else ""
    return "html" in (content_type or "").lower()
