"""The default sink: ``OUT/rel/name.txt`` (clean text) and ``OUT/rel/name.meta.json`` (provenance)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from cleaner.sinks.atomic import write_atomic


def output_paths(out_dir: Path, relative: Path) -> tuple[Path, Path]:
    """Where the text and the metadata of the source at ``relative`` go."""
    stem = relative.with_suffix("") if relative.suffix else relative
    if stem.name.endswith((".html", ".htm")):  # name.html.gz → name
        stem = stem.with_suffix("")
    return out_dir / stem.with_name(stem.name + ".txt"), out_dir / stem.with_name(stem.name + ".meta.json")


# How every .meta.json this tool writes begins: provenance.provenance and windowed._meta put "schema" first.
OUTPUT_MARK = b'{\n "schema": '


def text_beside(meta_path: Path) -> Path:
    """The text a ``.meta.json`` describes: ``name.txt`` beside ``name.meta.json`` (see ``output_paths``)."""
    return meta_path.with_name(meta_path.name.removesuffix(".meta.json") + ".txt")


def written_by_cleaner(meta_path: Path) -> bool:
    """Whether ``meta_path`` is a ``.meta.json`` this tool wrote (so the text beside it is an output too)."""
    try:
        with meta_path.open("rb") as handle:
            return handle.read(len(OUTPUT_MARK)) == OUTPUT_MARK
    except OSError:
        return False


def is_output_text(path: Path) -> bool:
    """Whether the text ``path`` is one this tool wrote: its ``.meta.json`` of cleaner's own is beside it."""
    return written_by_cleaner(path.with_name(path.name.removesuffix(".txt") + ".meta.json"))


def meta_json(meta: dict[str, Any]) -> bytes:
    return b"".join(meta_chunks(meta))


def meta_chunks(meta: dict[str, Any], streamed: str | None = None, items: Iterable[Any] = ()) -> Iterator[bytes]:
    """A ``.meta.json`` as UTF-8 pieces: one key per line, and a list's items one per line.

    A removal reads (and greps) as one line, and each value is encoded by the json
    module's C encoder: its pretty-printer, written in Python, was a tenth of a
    page's cleaning time. ``streamed`` names a key whose list is ``items``, written as
    they come (a large file's removals, spooled on disk).
    """
    yield b"{\n"
    last = len(meta) - 1
    for at, (key, value) in enumerate(meta.items()):
        head = f" {_dumps(key if isinstance(key, str) else _dumps(key))}: "  # as json.dumps makes keys strings
        end = ",\n" if at < last else "\n"
        is_streamed = streamed is not None and key == streamed
        if is_streamed or isinstance(value, list):
            yield from _list_chunks(head, items if is_streamed else value, end)
        else:
            yield (head + _dumps(value) + end).encode("utf-8")
    yield b"}\n"


def _list_chunks(head: str, values: Iterable[Any], end: str) -> Iterator[bytes]:
    empty = True
    for value in values:
        yield ((head + "[\n  ") if empty else ",\n  ").encode("utf-8") + _dumps(value).encode("utf-8")
        empty = False
    yield ((head + "[]") if empty else "\n ]").encode("utf-8") + end.encode("utf-8")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def write_txt(text_path: Path, meta_path: Path, text: str, meta: dict[str, Any]) -> None:
    """Text first, metadata last: a ``.meta.json`` present means its text is complete."""
    write_atomic(text_path, text.encode("utf-8"))
    with unvouched_removed(text_path, meta_path):
        write_atomic(meta_path, meta_json(meta))


@contextlib.contextmanager
def unvouched_removed(text_path: Path, meta_path: Path) -> Iterator[None]:
    """Writing a new text's metadata: if that fails, remove the text (nothing vouches for it) and any older
    metadata (it describes another text), so a later ``--resume`` cleans the source again."""
    try:
        yield
    except OSError:
        for path in (meta_path, text_path):
            with contextlib.suppress(OSError):  # a name too long to write is too long to unlink
                path.unlink(missing_ok=True)
        raise
