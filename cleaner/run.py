"""A batch run: each file read, its documents cleaned and written; a bad file or document is a
recorded failure, not a crash.

Files are cleaned in a process pool (``jobs``) and results come back in input
order, so outputs and the summary do not depend on the number of workers. With
the ``txt`` sink the workers write their own outputs; with ``jsonl`` they send
records back and the main process writes the shards in order.
"""

from __future__ import annotations

import json
import multiprocessing
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaner import __version__
from cleaner.decode import DecodeError, decode
from cleaner.discover import Task, display
from cleaner.pipeline import Engine
from cleaner.provenance import provenance, sha256
from cleaner.sinks.atomic import write_atomic
from cleaner.sinks.txt import meta_json, output_paths, write_txt
from cleaner.sources import DocError, InputError, SourceDoc, is_html, is_multi
from cleaner.sources.jsonl import Fields


@dataclass(frozen=True, slots=True)
class Outcome:
    """What happened to one input file (and the documents in it)."""

    path: str
    bytes_in: int
    bytes_out: int = 0
    error: str | None = None  # why the whole file was skipped
    resumed: bool = False  # its outputs were already up to date
    documents: int = 0
    doc_errors: tuple[str, ...] = ()  # "line 12: malformed JSON: …"
    hits: dict[str, tuple[int, int]] = field(default_factory=dict)  # rule -> (removals, chars)
    suspect: int = 0
    records: tuple[dict[str, Any], ...] = ()  # for the jsonl sink, written by the main process

    @property
    def ok(self) -> bool:
        return self.error is None and not self.doc_errors


@dataclass(frozen=True, slots=True)
class Job:
    """Everything a worker needs besides the task (sent once per worker)."""

    engine: Engine
    out_dir: Path
    resume: bool = False
    sink: str = "txt"  # "txt" or "jsonl"
    fields: Fields = Fields()


def read_documents(task: Task, data: bytes, fields: Fields) -> Iterator[SourceDoc | DocError]:
    """The documents a file holds: many for JSONL/WARC, one for HTML (via trafilatura) or text."""
    name = task.path.name.lower()
    if name.endswith((".warc", ".warc.gz")):
        from cleaner.sources.warc import read_warc

        yield from read_warc(task.path)
    elif is_multi(name):
        from cleaner.sources.jsonl import read_jsonl

        yield from read_jsonl(task.path, fields)
    elif is_html(name):
        from cleaner.sources.html import read_html

        yield read_html(data, name=task.path.name)
    else:
        try:
            decoded = decode(data)
        except DecodeError as error:
            raise InputError(str(error)) from None
        yield SourceDoc(decoded.text, data, decoded)


class _Tally:
    """Per-file counters while its documents are cleaned."""

    def __init__(self) -> None:
        self.documents = self.bytes_out = self.suspect = 0
        self.hits: dict[str, tuple[int, int]] = {}
        self.errors: list[str] = []
        self.records: list[dict[str, Any]] = []

    def count(self, meta: dict[str, Any], spans: Iterable[Any]) -> None:
        self.documents += 1
        self.bytes_out += meta["output"]["bytes"]
        self.suspect += bool(meta["summary"]["suspect"])
        for span in spans:
            count, chars = self.hits.get(span.rule, (0, 0))
            self.hits[span.rule] = (count + 1, chars + len(span.text))


def clean_file(job: Job, task: Task) -> Outcome:
    """Clean one file into ``job.out_dir``; any problem with it becomes an Outcome with an error."""
    path = display(task.path)
    try:
        data = b"" if is_multi(task.path.name) else task.path.read_bytes()
        size = task.path.stat().st_size
    except OSError as error:
        return Outcome(path, 0, error=f"cannot read: {error.strerror or error}")
    stamp = _stamp_path(job, task)
    if not _inside(stamp, job.out_dir):
        return Outcome(path, size, error=f"output path {stamp} escapes {job.out_dir}")
    if job.resume and job.sink == "txt" and _up_to_date(stamp, task, data, job.engine):
        return Outcome(path, size, resumed=True)
    tally = _Tally()
    try:
        for item in read_documents(task, data, job.fields):
            if isinstance(item, DocError):
                tally.errors.append(f"{item.where}: {item.reason}")
            else:
                _clean_document(job, task, item, tally)
        if is_multi(task.path.name) and job.sink == "txt":
            write_atomic(stamp, meta_json(_file_stamp(task, job.engine, tally)))
    except InputError as error:
        return Outcome(path, size, error=str(error))
    except OSError as error:
        return Outcome(path, size, error=f"cannot write: {error.strerror or error}")
    return Outcome(
        path,
        size,
        tally.bytes_out,
        None,
        False,
        tally.documents,
        tuple(tally.errors),
        tally.hits,
        tally.suspect,
        tuple(tally.records),
    )


def _clean_document(job: Job, task: Task, source: SourceDoc, tally: _Tally) -> None:
    result = job.engine.clean(source.text, url=source.url)
    if job.sink == "jsonl":
        doc_id = source.doc_id or display(task.relative)
        meta = provenance(display(task.path), source, result, output_path=doc_id)
        tally.records.append({"id": doc_id, "text": result.text, "metadata": {**source.extra, "cleaner": meta}})
    else:
        text_path, meta_path = _document_paths(job, task, source)
        meta = provenance(display(task.path), source, result, output_path=display(text_path.relative_to(job.out_dir)))
        write_txt(text_path, meta_path, result.text, meta)
    tally.count(meta, result.spans)


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _document_paths(job: Job, task: Task, source: SourceDoc) -> tuple[Path, Path]:
    """``OUT/rel/name.txt`` for a one-document file; ``OUT/rel/name/ID.txt`` inside a JSONL/WARC file."""
    if source.doc_id is None:
        return output_paths(job.out_dir, task.relative)
    folder = _multi_folder(task)
    safe = _UNSAFE.sub("_", source.doc_id).strip("._")[:120] or "doc"
    return output_paths(job.out_dir, folder / f"{safe}.txt")


def _multi_folder(task: Task) -> Path:
    name = task.relative.name
    for suffix in (".jsonl.gz", ".jsonl.zst", ".jsonl.zstd", ".jsonl", ".warc.gz", ".warc"):
        if name.lower().endswith(suffix):
            return task.relative.with_name(name[: -len(suffix)])
    return task.relative


def _stamp_path(job: Job, task: Task) -> Path:
    """The file whose presence and content say a file's outputs are complete."""
    if is_multi(task.path.name):
        return job.out_dir / _multi_folder(task) / "_source.json"
    return output_paths(job.out_dir, task.relative)[1]


def _file_stamp(task: Task, engine: Engine, tally: _Tally) -> dict[str, Any]:
    return {
        "cleaner": _engine_id(engine),
        "source": {"path": display(task.path), "sha256": _file_sha256(task.path)},
        "documents": tally.documents,
        "errors": tally.errors,
    }


def _engine_id(engine: Engine) -> dict[str, str]:
    return {"version": __version__, "mode": engine.mode.value, "rules_sha256": engine.rules.digest}


def _file_sha256(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _up_to_date(stamp: Path, task: Task, data: bytes, engine: Engine) -> bool:
    """Outputs exist for the same source bytes, rule set, mode and version."""
    try:
        meta = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    digest = _file_sha256(task.path) if is_multi(task.path.name) else sha256(data)
    return meta.get("cleaner") == _engine_id(engine) and meta.get("source", {}).get("sha256") == digest


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
    start = "fork" if sys.platform == "linux" else "spawn"  # fork is the fast start; elsewhere it is unsafe
    with multiprocessing.get_context(start).Pool(jobs, initializer=_init_worker, initargs=(job,)) as pool:
        yield from pool.imap(_work, tasks, chunksize=4)
