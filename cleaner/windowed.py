"""Large plain-text files cleaned in windows, so memory is bounded by the window, not the file.

``cleaner.textwindows`` reads the file as decoded windows of about a megabyte,
cut at blank lines (a line over ``LINE_CAP`` is split at a space, and each split
is recorded in provenance). Each window goes through the same ``Engine.clean``; its spans are shifted into
whole-file offsets and line numbers and spooled, the clean text streamed to the
output's temporary file. The one blank line at a cut belongs, as in a whole-file
run, to the kept text when kept text follows it, else to the adjacent removal,
so the clean text equals a whole-file run's when the windows are separate articles.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO

from cleaner import textwindows
from cleaner.decode import Decoded, DecodeError
from cleaner.filestamp import FileStamp, check_unchanged
from cleaner.segment import LINE_BREAK, line_breaks
from cleaner.textwindows import Bytes, Decoder, Window, windows

if TYPE_CHECKING:
    from cleaner.pipeline import Engine

# Cleaning takes 20-30 times its text in memory (bench/memory.py): a 16 MB file read whole peaks near
# 500 MB, a 1 MB window near 150 MB. Windows cost no speed (the engine is linear) but each is a page
# of its own to document-level rules (a title, a repeated headline), so only large files are windowed.
THRESHOLD = 16 << 20  # bytes: larger plain-text files are cleaned in windows


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
    from cleaner.sinks.txt import unvouched_removed

    state, digest = Streamed(), hashlib.sha256()
    text_path.parent.mkdir(parents=True, exist_ok=True)
    folder = str(text_path.parent)  # the removals spool there, named so that a killed run's is swept
    with tempfile.TemporaryFile(dir=folder, prefix=TEMP_PREFIX, suffix=".tmp") as spool, path.open("rb") as handle:
        source = Bytes(handle)
        decoder = Decoder(source)
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
        with unvouched_removed(text_path, meta_path):
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
    result = engine.clean(window.text, corpus=corpus, first_line=window.line)
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
        number = spans[run].line_start
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
    """A window's removal with the file's offsets (its line numbers are the file's already)."""
    return {**record, "start": record["start"] + window.start, "end": record["end"] + window.start}


_CONTENT = re.compile(r"\S")


def _content_from(window: Window, offset: int) -> tuple[int, int] | None:
    """File offset and line number of the first line with content at or after ``offset`` in the window."""
    found = _CONTENT.search(window.text, offset)
    if found is None:
        return None
    text = window.text
    start = max(text.rfind("\n", 0, found.start()), text.rfind("\r", 0, found.start())) + 1
    return window.start + start, window.line + line_breaks(text[:start])


def _last_content(window: Window) -> tuple[int, int]:
    """File offset of the line after the window's last content line, and that content line's number."""
    text = window.text
    content = len(text.rstrip())
    brk = LINE_BREAK.search(text, content)
    after = brk.end() if brk else len(text)
    return window.start + after, window.line + window.breaks - line_breaks(text[content:])


def _meta(engine: Engine, state: Streamed, info: Decoded, corpus: Any, **where: Any) -> dict[str, Any]:
    from cleaner import __version__
    from cleaner.provenance import SCHEMA_VERSION, source_record

    meta: dict[str, Any] = {
        "schema": SCHEMA_VERSION,
        "cleaner": {"version": __version__, "mode": engine.mode.value, "rules_sha256": engine.rules.digest},
    }
    if corpus is not None:
        meta["corpus"] = corpus.record()
    # the digest is filled in once the whole file has been read
    meta["source"] = source_record(where["shown"], None, size=where["size"], digest="", decoded=info, chars=state.chars)
    meta["output"] = {"path": where["output"], "bytes": state.bytes_out, "sha256": ""}
    meta["language"] = state.language or {"code": None, "probability": 0.0}
    meta["summary"] = {
        "removals": state.spans,
        "removed_chars": state.removed_chars,
        "kept_chars": state.kept_chars,
        "suspect": "; ".join(state.suspect),
    }
    meta["windows"] = {"count": state.windows, "window_chars": textwindows.WINDOW, "split_lines": state.split_lines}
    return meta


def _write_meta(path: Path, meta: dict[str, Any], spool: IO[bytes], patches: dict[int, Any]) -> None:
    """The metadata as ``meta_json`` would write it, the removals streamed from the spool."""
    from cleaner.sinks.atomic import atomic_writer
    from cleaner.sinks.txt import meta_chunks

    spool.seek(0)
    with atomic_writer(path) as out:
        for chunk in meta_chunks({**meta, "removals": []}, "removals", _records(spool, patches)):
            out.write(chunk)


def _records(spool: IO[bytes], patches: dict[int, Any]) -> Iterator[dict[str, Any]]:
    for index, line in enumerate(spool):
        record = json.loads(line)
        yield _apply(record, patches[index]) if index in patches else record


def line_keys(path: Path, cap: int) -> set[int]:
    """The corpus pass's line hashes of one large file, read in windows and capped at ``cap`` (bounded memory)."""
    from cleaner.corpus import text_keys

    keys: set[int] = set()
    with path.open("rb") as handle:
        try:
            for window in windows(Decoder(Bytes(handle)).pieces()):
                keys |= text_keys(window.text)
                if len(keys) >= cap:
                    break
        except DecodeError:  # the cleaning pass reports it
            pass
    return keys
