"""Large plain-text files cleaned in windows, so memory is bounded by the window, not the file.

The bytes are decoded by ``cleaner.decode``'s policy, decided once from the first
window, and cut into windows of about ``WINDOW`` characters at a blank line (else
a line break). A line longer than a window is a window of its own, split at a
space once it reaches ``LINE_CAP`` (each split is recorded in provenance). Each
window goes through the same ``Engine.clean``; its spans are shifted into
whole-file offsets and line numbers and spooled, the clean text streamed to the
output's temporary file. The one blank line at a cut belongs, as in a whole-file
run, to the kept text when kept text follows it, else to the adjacent removal,
so the clean text equals a whole-file run's when the windows are separate articles.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO

from cleaner.decode import BOMS, Decoded, DecodeError, decode, refuse_binary, wide_encoding
from cleaner.filestamp import FileStamp, check_unchanged
from cleaner.segment import _LINE_BREAK

if TYPE_CHECKING:
    from cleaner.pipeline import Engine

# Cleaning takes 20-30 times its text in memory (bench/memory.py): a 16 MB file read whole peaks near
# 500 MB, a 1 MB window near 150 MB. Windows cost no speed (the engine is linear) but each is a page
# of its own to document-level rules (a title, a repeated headline), so only large files are windowed.
THRESHOLD = 16 << 20  # bytes: larger plain-text files are cleaned in windows
WINDOW = 1 << 20  # characters: a window's target size
LINE_CAP = 4 << 20  # characters: a longer line is split at a space
READ = 1 << 20  # bytes read at a time
_BLANK = re.compile(r"\n(?:[^\S\n]*\n)+")  # a run of blank lines
# rules' reasons cite lines: "(line 4)", "to line 4", "between line 4 and 9", "repeats line 4", "+ line 4"
_LINE_NUMBER = re.compile(r"((?:\(| to | between | repeats | \+ )line )(\d+)(?:( and )(\d+))?")


@dataclass(frozen=True, slots=True)
class Window:
    text: str
    start: int  # character offset of ``text`` in the decoded file
    line: int  # 1-based file line number of its first line
    blank_after: bool  # cut at a blank line (the blank line ends this window)
    split: bool  # cut inside a line (a line over LINE_CAP)
    breaks: int  # line breaks in ``text``


class _Bytes:
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


class _Decoder:
    """Text pieces by the decode policy, the encoding decided from the first unit."""

    def __init__(self, source: _Bytes) -> None:
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
                return _mixed(unit)
        if info.encoding == "mixed utf-8/cp1252":
            return _mixed(unit)
        return unit.decode(info.encoding, errors="replace")


def _bom_of(encoding: str) -> bytes:
    return next((bom for bom, enc in BOMS if enc == encoding), b"")


def _mixed(unit: bytes) -> str:
    out = []
    for line in unit.split(b"\n"):
        try:
            out.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(line.decode("cp1252", errors="replace"))
    return "\n".join(out)


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
            breaks = _breaks(text)
            yield Window(text, start, line, blank, split, breaks)
            start, line = start + len(text), line + breaks
    if buffer:
        yield Window(buffer, start, line, False, False, _breaks(buffer))


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


def _breaks(text: str) -> int:
    return sum(1 for _ in _LINE_BREAK.finditer(text))


@dataclass
class _Pending:
    """A blank line after the last kept line: kept if kept text follows, else it joins span ``index``."""

    index: int  # the span it joins otherwise
    in_span: bool  # the window's resolve already gave it to that span (so it leaves the span if kept)
    start: int  # the blank line's offset and number, and the next content line's offset and number
    number: int
    next_start: int = 0
    next_number: int = 0


@dataclass
class Streamed:
    """What a windowed run wrote, for the run's outcome."""

    windows: int = 0
    bytes_out: int = 0
    kept_chars: int = 0
    removed_chars: int = 0
    spans: int = 0
    hits: dict[str, tuple[int, int]] = field(default_factory=dict)
    suspect: list[str] = field(default_factory=list)
    split_lines: list[int] = field(default_factory=list)
    language: dict[str, Any] = field(default_factory=dict)
    patches: dict[int, dict[str, Any]] = field(default_factory=dict)
    pending: _Pending | None = None
    tail: tuple[int, int] | None = None  # (span index, blank line number): the last span may take the blank cut
    blank_cut: bool = False
    chars: int = 0


def is_large(name: str, size: int) -> bool:
    """A plain-text file (not HTML, JSONL or WARC) big enough to clean in windows."""
    from cleaner.sources import is_html, is_multi

    return size > THRESHOLD and not is_html(name) and not is_multi(name)


def clean_large(
    engine: Engine,
    path: Path,
    text_path: Path,
    meta_path: Path,
    *,
    shown: str,
    output: str,
    corpus: Any = None,
    before: FileStamp | None = None,
) -> Streamed:
    """Clean the file at ``path`` window by window into ``text_path`` and ``meta_path`` (text first).

    ``before``: the file's stamp when reading began; if the file differs once the stream ends,
    FileChanged is raised before the text is renamed into place, so nothing is written.
    """
    from cleaner.sinks.atomic import TEMP_PREFIX, atomic_writer

    state, digest = Streamed(), hashlib.sha256()
    text_path.parent.mkdir(parents=True, exist_ok=True)
    folder = str(text_path.parent)  # the removals spool there, named so that a killed run's is swept
    with tempfile.TemporaryFile(dir=folder, prefix=TEMP_PREFIX, suffix=".tmp") as spool, path.open("rb") as handle:
        source = _Bytes(handle)
        decoder = _Decoder(source)
        with atomic_writer(text_path) as out:
            for window in windows(decoder.pieces()):
                _clean_window(engine, window, corpus, state, _Out(out, digest), spool)
            if before is not None:  # inside the writer: raising discards the temporary text
                check_unchanged(path, before)
        _finish(state)
        info = decoder.info or Decoded("", "utf-8", False, False)
        meta = _meta(engine, state, info, corpus, shown=shown, output=output, size=source.size)
        meta["source"]["sha256"] = source.digest.hexdigest()
        meta["output"]["sha256"] = digest.hexdigest()
        _write_meta(meta_path, meta, spool, state.patches)
    return state


@dataclass
class _Out:
    handle: BinaryIO
    digest: Any

    def write(self, text: str) -> int:
        data = text.encode("utf-8")
        self.handle.write(data)
        self.digest.update(data)
        return len(data)


def _clean_window(engine: Engine, window: Window, corpus: Any, state: Streamed, out: _Out, spool: IO[bytes]) -> None:
    result = engine.clean(window.text, corpus=corpus)
    state.windows += 1
    state.chars = window.start + len(window.text)
    if state.windows == 1:
        state.language = {"code": result.language.code, "probability": result.language.probability}
    if window.split:
        state.split_lines.append(window.line + window.breaks)
    state.suspect.extend(f"window {state.windows}: {reason}" for reason in result.suspect)
    first = _content_from(window, 0)
    if first is None:  # whitespace only: a blank run between its neighbours
        state.blank_cut = True
        return
    if state.tail is not None and state.blank_cut:  # the blank cut follows a removed line: it joins that span
        _patch(state, state.tail[0], append="\n", line_end=state.tail[1], end=first[0])
    state.tail = None
    if result.text:
        _emit_pending(state, out)
        state.bytes_out += out.write(result.text)
        state.kept_chars += len(result.text)
    base = state.spans
    for span in result.spans:
        record = _shifted(span.to_dict(), window)
        count, chars = state.hits.get(span.rule, (0, 0))
        state.hits[span.rule] = (count + 1, chars + len(span.text))
        state.removed_chars += len(span.text)
        spool.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
        state.spans += 1
    _after_window(state, window, result.spans, base, bool(result.text))
    state.blank_cut = window.blank_after


def _after_window(state: Streamed, window: Window, spans: Any, base: int, kept: bool) -> None:
    """What follows the window's last content line, and the blank line after its last kept line."""
    last_removed = bool(spans) and spans[-1].end >= len(window.text.rstrip())
    if last_removed and window.blank_after:
        state.tail = (state.spans - 1, _last_content(window)[1] + 1)
    if not kept:
        return  # the last kept line, and what follows it, lie in an earlier window
    if not last_removed:
        if window.blank_after:
            start, number = _last_content(window)
            state.pending = _Pending(state.spans, False, start, number + 1)
        return
    run = len(spans) - 1  # the removals after the last kept line: a contiguous run to the window's end
    while run > 0 and spans[run - 1].end == spans[run].start:
        run -= 1
    if spans[run].text.startswith("\n"):  # the window's resolve gave the blank after the kept line to this span
        after = _content_from(window, spans[run].start)
        assert after is not None
        number = window.line + spans[run].line_start - 1
        state.pending = _Pending(base + run, True, window.start + spans[run].start, number, *after)


def _emit_pending(state: Streamed, out: _Out) -> None:
    """Kept text follows: the blank line after the previous kept line is kept, as a whole-file run keeps it."""
    pending, state.pending = state.pending, None
    if pending is None:
        return
    if pending.in_span:
        _patch(state, pending.index, drop_prefix=1, start=pending.next_start, line_start=pending.next_number)
    state.bytes_out += out.write("\n")
    state.kept_chars += 1


def _finish(state: Streamed) -> None:
    """No kept text followed the last kept line: its blank line joins the next removal, if any."""
    pending = state.pending
    if pending is not None and not pending.in_span and pending.index < state.spans:
        _patch(state, pending.index, prepend="\n", start=pending.start, line_start=pending.number)


def _patch(state: Streamed, index: int, **changes: Any) -> None:
    state.removed_chars += (
        len(changes.get("append", "")) + len(changes.get("prepend", "")) - changes.get("drop_prefix", 0)
    )
    state.patches.setdefault(index, {}).update(changes)


def _apply(record: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    text = patch.get("prepend", "") + record["text"][patch.get("drop_prefix", 0) :] + patch.get("append", "")
    fields = {k: v for k, v in patch.items() if k in ("start", "end", "line_start", "line_end")}
    return {**record, **fields, "text": text}


def _shifted(record: dict[str, Any], window: Window) -> dict[str, Any]:
    lines = window.line - 1
    reason = _LINE_NUMBER.sub(lambda m: _shift_numbers(m, lines), record["reason"])
    return {
        **record,
        "start": record["start"] + window.start,
        "end": record["end"] + window.start,
        "line_start": record["line_start"] + lines,
        "line_end": record["line_end"] + lines,
        "reason": reason,
    }


def _shift_numbers(match: re.Match[str], lines: int) -> str:
    first = f"{match[1]}{int(match[2]) + lines}"
    return first + (f"{match[3]}{int(match[4]) + lines}" if match[4] else "")


_CONTENT = re.compile(r"\S")


def _content_from(window: Window, offset: int) -> tuple[int, int] | None:
    """File offset and line number of the first line with content at or after ``offset`` in the window."""
    found = _CONTENT.search(window.text, offset)
    if found is None:
        return None
    text = window.text
    start = max(text.rfind("\n", 0, found.start()), text.rfind("\r", 0, found.start())) + 1
    return window.start + start, window.line + _breaks(text[:start])


def _last_content(window: Window) -> tuple[int, int]:
    """File offset of the line after the window's last content line, and that content line's number."""
    text = window.text
    content = len(text.rstrip())
    brk = _LINE_BREAK.search(text, content)
    after = brk.end() if brk else len(text)
    return window.start + after, window.line + window.breaks - _breaks(text[content:])


def _meta(engine: Engine, state: Streamed, info: Decoded, corpus: Any, **where: Any) -> dict[str, Any]:
    from cleaner import __version__
    from cleaner.provenance import SCHEMA_VERSION

    meta: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "cleaner": {"version": __version__, "mode": engine.mode.value, "rules_sha256": engine.rules.digest},
    }
    if corpus is not None:
        meta["corpus"] = corpus.record()
    meta["source"] = {
        "path": where["shown"], "url": None, "bytes": where["size"], "sha256": "",
        "encoding": info.encoding, "encoding_detected": info.detected, "bom": info.bom, "chars": state.chars,
    }  # fmt: skip
    meta["output"] = {"path": where["output"], "bytes": state.bytes_out, "sha256": ""}
    meta["language"] = state.language or {"code": None, "probability": 0.0}
    meta["summary"] = {
        "removals": state.spans,
        "removed_chars": state.removed_chars,
        "kept_chars": state.kept_chars,
        "suspect": "; ".join(state.suspect),
    }
    meta["windows"] = {"count": state.windows, "window_chars": WINDOW, "split_lines": state.split_lines}
    return meta


def _write_meta(path: Path, meta: dict[str, Any], spool: IO[bytes], patches: dict[int, Any]) -> None:
    """The metadata as ``meta_json`` would write it, the removals streamed from the spool."""
    from cleaner.sinks.atomic import atomic_writer

    head = json.dumps({**meta, "removals": []}, ensure_ascii=False, indent=1)
    spool.seek(0)
    with atomic_writer(path) as out:
        out.write(head[: -len("[]\n}")].encode("utf-8") + b"[")
        index = -1
        for index, line in enumerate(spool):
            record = json.loads(line)
            if index in patches:
                record = _apply(record, patches[index])
            item = json.dumps(record, ensure_ascii=False, indent=1).replace("\n", "\n  ")
            out.write((",\n  " if index else "\n  ").encode() + item.encode("utf-8"))
        out.write(b"\n ]\n}\n" if index >= 0 else b"]\n}\n")


def line_keys(path: Path, cap: int) -> set[int]:
    """The corpus pass's line hashes of one large file, read in windows and capped at ``cap`` (bounded memory)."""
    from cleaner.corpus import document_keys
    from cleaner.segment import segment

    keys: set[int] = set()
    with path.open("rb") as handle:
        try:
            for window in windows(_Decoder(_Bytes(handle)).pieces()):
                keys |= document_keys(segment(window.text))
                if len(keys) >= cap:
                    break
        except DecodeError:  # the cleaning pass reports it
            pass
    return keys
