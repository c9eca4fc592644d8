"""A batch run: each file read, cleaned and written; a bad file is a recorded failure, not a crash.

Files are cleaned in a process pool (``jobs``) and outcomes come back in input
order, so the outputs and the summary do not depend on the number of workers.
"""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cleaner.decode import DecodeError, decode
from cleaner.discover import Task
from cleaner.pipeline import Engine
from cleaner.provenance import provenance, sha256
from cleaner.sinks.txt import output_paths, write_txt
from cleaner.sources import InputError, SourceDoc, is_html


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one input file."""

    path: str
    bytes_in: int
    bytes_out: int = 0
    error: str | None = None  # why the file was skipped
    resumed: bool = False  # its outputs were already up to date
    hits: dict[str, tuple[int, int]] = field(default_factory=dict)  # rule -> (removals, chars)
    suspect: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True, slots=True)
class Job:
    """Everything a worker needs besides the task (sent once per worker)."""

    engine: Engine
    out_dir: Path
    resume: bool = False


def read_source(task: Task, data: bytes) -> SourceDoc:
    """The document a file holds: HTML through trafilatura, anything else decoded as text."""
    if is_html(task.path.name):
        from cleaner.sources.html import read_html

        return read_html(data, name=task.path.name)
    try:
        decoded = decode(data)
    except DecodeError as error:
        raise InputError(str(error)) from None
    return SourceDoc(decoded.text, data, decoded)


def clean_file(job: Job, task: Task) -> Outcome:
    """Clean one file into ``job.out_dir``; any problem with this file becomes an Outcome with an error."""
    path = str(task.path)
    try:
        data = task.path.read_bytes()
    except OSError as error:
        return Outcome(path, 0, error=f"cannot read: {error.strerror or error}")
    text_path, meta_path = output_paths(job.out_dir, task.relative)
    if not _inside(text_path, job.out_dir):
        return Outcome(path, len(data), error=f"output path {text_path} escapes {job.out_dir}")
    if job.resume and _up_to_date(meta_path, data, job.engine):
        return Outcome(path, len(data), text_path.stat().st_size if text_path.exists() else 0, resumed=True)
    try:
        source = read_source(task, data)
    except InputError as error:
        return Outcome(path, len(data), error=str(error))
    result = job.engine.clean(source.text, url=source.url)
    meta = provenance(path, source, result, output_path=str(text_path.relative_to(job.out_dir)))
    try:
        write_txt(text_path, meta_path, result.text, meta)
    except OSError as error:
        return Outcome(path, len(data), error=f"cannot write {text_path}: {error.strerror or error}")
    hits: dict[str, tuple[int, int]] = {}
    for span in result.spans:
        count, chars = hits.get(span.rule, (0, 0))
        hits[span.rule] = (count + 1, chars + len(span.text))
    return Outcome(path, len(data), meta["output"]["bytes"], hits=hits, suspect=bool(result.suspect))


def _up_to_date(meta_path: Path, data: bytes, engine: Engine) -> bool:
    """Outputs exist for the same source bytes, rule set, mode and version."""
    from cleaner import __version__

    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    expected = {"version": __version__, "mode": engine.mode.value, "rules_sha256": engine.rules.digest}
    return meta.get("cleaner") == expected and meta.get("source", {}).get("sha256") == sha256(data)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


_WORKER_JOB: Job | None = None


def _init_worker(job: Job) -> None:
    global _WORKER_JOB
    _WORKER_JOB = job


def _work(task: Task) -> Outcome:
    assert _WORKER_JOB is not None, "worker not initialised"
    return clean_file(_WORKER_JOB, task)


def run(job: Job, tasks: Iterable[Task], jobs: int = 1) -> Iterator[Outcome]:
    """Clean every task, yielding outcomes in input order as they complete."""
    if jobs <= 1:
        for task in tasks:
            yield clean_file(job, task)
        return
    with multiprocessing.get_context("spawn" if _threads_unsafe() else "fork").Pool(
        jobs, initializer=_init_worker, initargs=(job,)
    ) as pool:
        yield from pool.imap(_work, tasks, chunksize=4)


def _threads_unsafe() -> bool:
    """fork is the fast start on Linux; elsewhere (macOS, Windows) use spawn."""
    import sys

    return sys.platform != "linux"
