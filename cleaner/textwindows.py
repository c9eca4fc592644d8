"""A large file read as decoded text windows, in bounded memory.

The bytes are decoded by ``cleaner.decode``'s policy, decided once from the first
unit read, and cut into windows of about ``WINDOW`` characters at a blank line
(else a line break). A line longer than a window is a window of its own, split
at a space once it reaches ``LINE_CAP``. ``cleaner.windowed`` cleans them.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from cleaner.decode import BOMS, Decoded, DecodeError, decode, decode_mixed, refuse_binary, wide_encoding
from cleaner.segment import line_breaks

WINDOW = 1 << 20  # characters: a window's target size
LINE_CAP = 4 << 20  # characters: a longer line is split at a space
READ = 1 << 20  # bytes read at a time
_BLANK = re.compile(r"\n(?:[^\S\n]*\n)+")  # a run of blank lines


@dataclass(frozen=True, slots=True)
class Window:
    text: str
    start: int  # character offset of ``text`` in the decoded file
    line: int  # 1-based file line number of its first line
    blank_after: bool  # cut at a blank line (the blank line ends this window)
    split: bool  # cut inside a line (a line over LINE_CAP)
    breaks: int  # line breaks in ``text``


class Bytes:
    """The file's bytes as decode units (whole lines where possible), hashed as they are read."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle, self.digest, self.size, self.buffer = handle, hashlib.sha256(), 0, b""

    def units(self, cut: bool) -> Iterator[bytes]:
        while chunk := self.handle.read(READ):
            self.digest.update(chunk)
            self.size += len(chunk)
            data = self.buffer + chunk
            at = _unit_end(data) if cut else len(data)
            self.buffer = data[at:]
            if at:
                yield data[:at]
        if self.buffer:
            yield self.buffer
            self.buffer = b""


def _unit_end(data: bytes) -> int:
    """After the last line feed; with none, at a UTF-8 character boundary (safe for ASCII-compatible codecs)."""
    at = data.rfind(b"\n") + 1
    if at:
        return at
    at = len(data)
    while at > 0 and 0x80 <= data[at - 1] <= 0xBF:
        at -= 1
    at = at - 1 if at and data[at - 1] >= 0xC0 else at
    return at or len(data)  # not UTF-8 after all: any cut will do


class Decoder:
    """Text pieces by the decode policy, the encoding decided from the first unit."""

    def __init__(self, source: Bytes) -> None:
        self.source = source
        self.info: Decoded | None = None

    def pieces(self) -> Iterator[str]:
        head = self.source.handle.read(READ)
        self.source.digest.update(head)
        self.source.size += len(head)
        marked = next((enc for bom, enc in BOMS if head.startswith(bom)), None)
        wide = marked if marked != "utf-8" else None
        self.source.buffer = head
        if wide or (not marked and (wide := wide_encoding(head[: 1 << 16]))):
            yield from self._wide(wide, bom=marked is not None)
        else:
            yield from self._narrow()

    def _wide(self, encoding: str, *, bom: bool) -> Iterator[str]:
        decoder, offset, first = codecs.getincrementaldecoder(encoding)("strict"), 0, True
        for unit in self.source.units(cut=False):
            if first and bom:
                unit, offset = unit[len(_bom_of(encoding)) :], len(_bom_of(encoding))
            try:
                text = decoder.decode(unit)
            except UnicodeDecodeError as error:
                raise DecodeError(f"invalid {encoding}: {error.reason} at byte {offset + error.start}") from None
            if first:
                self.info = refuse_binary(Decoded(text, encoding, bom, not bom))
                first = False
            offset += len(unit)
            yield text
        try:
            yield decoder.decode(b"", final=True)
        except UnicodeDecodeError as error:
            raise DecodeError(f"invalid {encoding}: {error.reason} at end of file") from None

    def _narrow(self) -> Iterator[str]:
        for unit in self.source.units(cut=True):
            if self.info is None:
                self.info = decode(unit)  # the whole policy, on the first unit: BOM, NUL, UTF-8, mixed, detected
                yield self.info.text
            else:
                yield self._next(unit, self.info)

    def _next(self, unit: bytes, info: Decoded) -> str:
        if info.encoding == "utf-8":
            try:
                return unit.decode("utf-8")
            except UnicodeDecodeError:  # a later window is not UTF-8: that file is mixed, as decode would say
                self.info = Decoded("", "mixed utf-8/cp1252", info.bom, True)
                return decode_mixed(unit)
        if info.encoding == "mixed utf-8/cp1252":
            return decode_mixed(unit)
        return unit.decode(info.encoding, errors="replace")


def _bom_of(encoding: str) -> bytes:
    return next((bom for bom, enc in BOMS if enc == encoding), b"")


def windows(pieces: Iterator[str]) -> Iterator[Window]:
    """Cut decoded text into windows at blank lines, else line breaks, else (over LINE_CAP) at a space."""
    buffer, start, line = "", 0, 1
    for piece in pieces:
        buffer += piece
        while len(buffer) > WINDOW:
            cut = _cut(buffer)
            if cut is None:
                break
            at, blank, split = cut
            text, buffer = buffer[:at], buffer[at:]
            breaks = line_breaks(text)
            yield Window(text, start, line, blank, split, breaks)
            start, line = start + len(text), line + breaks
    if buffer:
        yield Window(buffer, start, line, False, False, line_breaks(buffer))


def _cut(buffer: str) -> tuple[int, bool, bool] | None:
    """Where to end the next window, whether at a blank line or inside a line; None: read more."""
    widest = max(_BLANK.finditer(buffer, WINDOW // 2, WINDOW), key=_gap, default=None)
    if widest is not None:  # the widest blank run (the last of equals) most likely parts two documents
        return widest.end(), True, False
    at = _line_end(buffer, 0, WINDOW)
    if at is None:
        at = _line_end(buffer, WINDOW, min(len(buffer) - 1, LINE_CAP), first=True)
    if at is not None:
        return at, False, False
    if len(buffer) < LINE_CAP:
        return None
    space = max(buffer.rfind(" ", LINE_CAP // 2, LINE_CAP), buffer.rfind("\t", LINE_CAP // 2, LINE_CAP))
    return (space + 1 if space > 0 else LINE_CAP), False, True


def _gap(blank: re.Match[str]) -> tuple[int, int]:
    return blank[0].count("\n"), blank.start()


def _line_end(buffer: str, low: int, high: int, *, first: bool = False) -> int | None:
    """Just after a line break in ``buffer[low:high]`` (the last one, or the first); never inside ``\\r\\n``."""
    find = min if first else max
    found = [i for i in (_find(buffer, "\n", low, high, first), _find(buffer, "\r", low, high, first)) if i >= 0]
    if not found:
        return None
    at = find(found)
    if buffer[at] == "\r" and buffer[at + 1 : at + 2] == "\n":
        at += 1
    return at + 1


def _find(buffer: str, char: str, low: int, high: int, first: bool) -> int:
    return buffer.find(char, low, high) if first else buffer.rfind(char, low, high)
