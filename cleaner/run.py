"""A batch run: read each file, clean it, write its outputs; a bad file is a recorded failure, not a crash."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cleaner.decode import DecodeError, decode
from cleaner.discover import Task
from cleaner.pipeline import Engine
from cleaner.provenance import SourceInfo, provenance
from cleaner.sinks.txt import output_paths, write_txt


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one input file."""

    path: str
    bytes_in: int
    bytes_out: int = 0
    removals: int = 0
    error: str | None = None  # why the file was skipped

    @property
    def ok(self) -> bool:
        return self.error is None


def clean_file(engine: Engine, task: Task, out_dir: Path) -> Outcome:
    """Clean one file into ``out_dir``; any problem with this file becomes an Outcome with an error."""
    try:
        data = task.path.read_bytes()
    except OSError as error:
        return Outcome(str(task.path), 0, error=f"cannot read: {error.strerror or error}")
    try:
        decoded = decode(data)
    except DecodeError as error:
        return Outcome(str(task.path), len(data), error=str(error))
    text_path, meta_path = output_paths(out_dir, task.relative)
    if not _inside(text_path, out_dir):
        return Outcome(str(task.path), len(data), error=f"output path {text_path} escapes {out_dir}")
    result = engine.clean(decoded.text)
    meta = provenance(
        SourceInfo(str(task.path), data, decoded),
        result,
        output_path=str(text_path.relative_to(out_dir)),
    )
    try:
        write_txt(text_path, meta_path, result.text, meta)
    except OSError as error:
        return Outcome(str(task.path), len(data), error=f"cannot write {text_path}: {error.strerror or error}")
    return Outcome(str(task.path), len(data), len(result.text.encode("utf-8")), len(result.spans))


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def run(engine: Engine, tasks: Iterable[Task], out_dir: Path) -> Iterator[Outcome]:
    """Clean every task in order, yielding each outcome as soon as it is known."""
    for task in tasks:
        yield clean_file(engine, task, out_dir)
