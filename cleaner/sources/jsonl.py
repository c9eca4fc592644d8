"""JSONL shards (DataTrove / Dolma format): one JSON document per line, streamed.

A malformed line is a DocError with its line number; the rest of the shard is
read. Field names are configurable; ``a.b`` reaches into nested objects (the
URL is looked up as ``url`` and then ``metadata.url``).
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cleaner.decode import Decoded
from cleaner.sources import DocError, InputError, SourceDoc


@dataclass(frozen=True, slots=True)
class Fields:
    text: str = "text"
    id: str = "id"
    url: tuple[str, ...] = ("url", "metadata.url")


def open_stream(path: Path) -> IO[bytes]:
    """The file's decompressed bytes as a stream (gzip, zstandard or plain)."""
    name = path.name.lower()
    if name.endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    if name.endswith((".zst", ".zstd")):
        try:
            import zstandard
        except ImportError:
            raise InputError("reading .zst needs the zstandard package (pip install zstandard)") from None
        return io.BufferedReader(_ZstdFrames(path.open("rb"), zstandard))
    return path.open("rb")


# Compressed bytes fed at a time. zstd inflates a block of a few bytes to 128 KB, so what one
# call returns is bounded by its input: a 64 KB feed of a bomb gave 2 GB, a 1 KB one stays near 32 MB.
_SLICE = 1 << 10


class _ZstdFrames(io.RawIOBase):
    """A .zst file's bytes decompressed frame after frame, where a frame cut short is an error, not an end.

    zstandard's stream reader ends quietly when a file stops between two blocks of a
    frame: a shard cut there gave half its documents and no failure.
    """

    def __init__(self, raw: IO[bytes], zstandard: Any) -> None:
        super().__init__()
        self._raw, self._zstd = raw, zstandard
        self._frame = zstandard.ZstdDecompressor().decompressobj()
        self._pending, self._at = b"", 0  # decompressed bytes not yet read, from ``_at``
        self._in_frame = False  # bytes of a frame were read and its end was not
        self._error: Exception | None = None  # raised once the bytes decoded before it are read

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while self._at == len(self._pending):
            if self._error is not None:
                raise self._error
            chunk = self._raw.read(_SLICE)
            if not chunk:
                if self._in_frame:
                    raise OSError("zstd frame cut short at the end of the file (truncated?)")
                return 0
            self._pending, self._at = self._decompress(chunk), 0
        n = min(len(buffer), len(self._pending) - self._at)
        buffer[:n] = self._pending[self._at : self._at + n]
        self._at += n
        return n

    def _decompress(self, chunk: bytes) -> bytes:
        """``chunk`` decompressed; an error is kept for the next read, after what was decoded before it."""
        parts = []
        try:
            while chunk:
                if self._frame.eof:  # the next frame of a multi-frame file
                    self._frame = self._zstd.ZstdDecompressor().decompressobj()
                parts.append(self._frame.decompress(chunk))
                self._in_frame = not self._frame.eof
                chunk = self._frame.unused_data if self._frame.eof else b""
        except self._zstd.ZstdError as error:
            self._error = error
        return b"".join(parts)

    def close(self) -> None:
        self._raw.close()
        super().close()


def lookup(record: dict[str, Any], dotted: str) -> Any:
    value: Any = record
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def read_jsonl(path: Path, fields: Fields = Fields()) -> Iterator[SourceDoc | DocError]:
    """Each line's document, or a DocError saying why that line was skipped."""
    try:
        stream = open_stream(path)
    except OSError as error:
        raise InputError(f"cannot open: {error.strerror or error}") from None
    with stream:
        try:
            for number, raw in enumerate(stream, 1):
                if raw.strip():
                    yield _document(raw, number, fields)
        except _stream_errors() as error:  # truncated or corrupt compressed stream
            yield DocError("end of file", f"cannot read further: {error}")


def _stream_errors() -> tuple[type[BaseException], ...]:
    """What reading a damaged stream raises: gzip's OSError, EOFError and zlib.error, and zstandard's ZstdError."""
    try:
        import zstandard
    except ImportError:
        return (OSError, EOFError, zlib.error)
    return (OSError, EOFError, zlib.error, zstandard.ZstdError)


def _document(raw: bytes, number: int, fields: Fields) -> SourceDoc | DocError:
    try:
        record = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        return DocError(f"line {number}", f"malformed JSON: {error}")
    if not isinstance(record, dict):
        return DocError(f"line {number}", "not a JSON object")
    text = lookup(record, fields.text)
    if not isinstance(text, str):
        return DocError(f"line {number}", f"no string field {fields.text!r}")
    doc_id = lookup(record, fields.id)
    url = next((u for u in (lookup(record, f) for f in fields.url) if isinstance(u, str)), None)
    metadata = record.get("metadata")
    if not isinstance(metadata, dict):
        metadata = {}
    return SourceDoc(
        text,
        raw,
        Decoded(text, "utf-8", False, False),
        url,
        doc_id=_id_text(doc_id) if doc_id is not None else f"line-{number}",
        extra=metadata,
    )


def _id_text(doc_id: Any) -> str:
    """An id as text: a string as it is, anything else as JSON (``{"a": 1}``, not Python's ``{'a': 1}``)."""
    return doc_id if isinstance(doc_id, str) else json.dumps(doc_id, ensure_ascii=False, sort_keys=True)
