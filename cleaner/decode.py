"""Bytes to text with one documented policy, so every file decodes the same way everywhere.

1. A byte-order mark decides (UTF-8, UTF-16 or UTF-32) and is stripped.
2. Otherwise strict UTF-8.
3. Otherwise the encoding charset-normalizer detects (recorded in provenance).
Bytes that look binary (NUL bytes without a UTF-16/32 mark) are refused.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class DecodeError(ValueError):
    """The bytes are not text the cleaner can read; the message says why."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    bom: bool  # a byte-order mark was present and stripped
    detected: bool  # the encoding was guessed, not declared or UTF-8


def decode(data: bytes) -> Decoded:
    """Decode ``data`` following the module's policy, or raise DecodeError."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom) :].decode(encoding), encoding, True, False)
            except UnicodeDecodeError as error:
                raise DecodeError(f"invalid {encoding} after its byte-order mark: {error.reason}") from None
    if b"\x00" in data[:8192]:
        raise DecodeError("binary file (NUL bytes, no UTF-16/32 byte-order mark)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", False, False)
    except UnicodeDecodeError:
        pass
    return _detect(data)


def _detect(data: bytes) -> Decoded:
    from charset_normalizer import from_bytes  # lazy: only for non-UTF-8 input

    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("not UTF-8 and no text encoding fits (binary data?)")
    return Decoded(str(best), best.encoding, False, True)
