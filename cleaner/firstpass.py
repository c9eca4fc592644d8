"""The first pass of a batch run: read every document once to count the lines it shares with its group.

Template chrome (menus, footers, sign-up boxes) recurs across the pages of one
site or folder; ``cleaner.corpus`` counts line hashes in bounded memory, and the
cleaning pass then gives each document its group's frequent lines. Slices of
files are counted in a process pool and merged in input order, so the counts do
not depend on the number of workers. Large batches keep their counts in
``OUT/_corpus_stats.json.gz`` for ``--resume``.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import signal
import sys
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any

from cleaner import __version__, windowed
from cleaner.corpus import DEFAULT_CAP, Corpus, LineStats, group_of, text_keys
from cleaner.discover import Task, display
from cleaner.filestamp import FileStamp, require_regular
from cleaner.provenance import file_sha256, sha256
from cleaner.run import ignore_interrupts, pool_context, read_documents
from cleaner.sources import InputError, SourceDoc, is_extracted, is_multi
from cleaner.sources.jsonl import Fields

CORPUS_FILE = "_corpus_stats.json.gz"
CORPUS_SLICE = 64  # files per first-pass slice; slices are fixed and merged in input order, so jobs change nothing
CACHE_MIN_DOCUMENTS = 1000  # smaller batches are re-read in seconds: no stats file is left in OUT for them


@dataclass(frozen=True, slots=True)
class CorpusRun:
    """The first pass's result: the frequent lines to clean with, and what to say about them in ``_run.json``."""

    corpus: Corpus | None
    summary: dict[str, Any]


def corpus_for(
    tasks: Sequence[Task], out_dir: Path, fields: Fields, share: float, *, jobs: int = 1, resume: bool = False
) -> CorpusRun:
    """Build (or, on resume, reload) the batch's line statistics and keep each group's frequent lines.

    The statistics table (up to ``DEFAULT_CAP`` entries) is built in a child process that returns
    only the frequent lines: built in this process, its memory stayed here after it was freed, and
    every cleaning worker forked from here carried it. A failure of the pass raises CorpusPassError.
    """
    # HTML and WARC pages are not read: trafilatura finds template chrome in the DOM, and extracting
    # every page twice would double the run's cost (nor hashed: their changes change no count)
    tasks = [task for task in tasks if not is_extracted(task.path.name)]
    arguments = (tasks, out_dir, fields, share, jobs, resume)
    if sys.platform != "linux" or not tasks:  # fork is the cheap way to hand the tasks over; elsewhere build it here
        return _corpus_run(*arguments)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_in_child, args=(send, arguments))
    child.start()
    send.close()
    group = child.pid
    assert group is not None
    message = None
    try:
        # the child's pool workers hold the pipe too: watch the child itself, not only the pipe
        wait([receive, child.sentinel])
        with contextlib.suppress(EOFError):  # readable because the child closed it, dying
            message = receive.recv() if receive.poll() else None
    finally:
        if message is None:  # the child died, or this process is being interrupted: take its workers down too
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)
            child.kill()  # in case it had not made its group yet
        child.join()
        receive.close()
    if message is None:
        raise CorpusPassError(_death(child.exitcode))
    status, value = message
    if status == "error":
        raise CorpusPassError(*value)
    return value


class CorpusPassError(RuntimeError):
    """The first pass failed; the message says how, ``details`` where (the cleaning pass has not started)."""

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.details = details


def _death(code: int | None) -> str:
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        return f"the corpus pass was killed by {name}" + (" (out of memory?)" if name == "SIGKILL" else "")
    return f"the corpus pass ended with exit code {code} and no result"


def _in_child(send: Any, arguments: tuple[Any, ...]) -> None:
    os.setpgrp()  # its pool workers join its process group, so the parent can stop them all at once
    try:
        send.send(("ok", _corpus_run(*arguments)))
    except Exception as error:  # noqa: BLE001 - handed to the parent as text, with where it happened
        send.send(("error", (f"the corpus pass failed: {type(error).__name__}: {error}", traceback.format_exc())))
    finally:
        send.close()


def _corpus_run(
    tasks: Sequence[Task], out_dir: Path, fields: Fields, share: float, jobs: int, resume: bool
) -> CorpusRun:
    path = out_dir / CORPUS_FILE
    stats, inputs, reused = None, "", False
    if resume and path.exists():
        inputs = inputs_digest(tasks, fields, jobs)
        stats = LineStats.load(path, inputs)
        reused = stats is not None
    if stats is None:
        stats, inputs = line_stats(tasks, fields, jobs)
        if sum(stats.documents.values()) >= CACHE_MIN_DOCUMENTS:
            try:
                out_dir.mkdir(parents=True, exist_ok=True)
                stats.save(path, inputs)
            except OSError as error:  # only a cache: the run goes on, and says so
                print(f"cleaner: cannot save corpus stats {path}: {error.strerror or error}", file=sys.stderr)
    corpus = stats.frequent(share)
    largest = sorted(corpus, key=lambda g: (-g.documents, g.name))[:100]
    summary = {
        "share": share,
        "reused": reused,
        "groups": len(stats.documents),
        "groups_judged": len(corpus.groups),
        "documents_judged": sum(g.documents for g in corpus),
        "frequent_lines": sum(len(g.lines) for g in corpus),
        "table_entries": stats.entries,
        "pruned_below": stats.pruned_below,
        "largest": [{"group": g.name, "documents": g.documents, "frequent_lines": len(g.lines)} for g in largest],
    }
    return CorpusRun(corpus if corpus else None, summary)


def line_stats(tasks: Sequence[Task], fields: Fields, jobs: int = 1, cap: int = DEFAULT_CAP) -> tuple[LineStats, str]:
    """Read every document once; return the merged statistics and the digest of the inputs they describe."""
    slices = _slices(tasks)
    stats = LineStats(cap=cap)
    hashes: list[str | None] = []
    for part, digests in _map(partial(_stats_slice, fields, cap), slices, jobs):
        stats.merge(part)
        hashes.extend(digests)
    return stats, _inputs(tasks, fields, hashes, cap)


def inputs_digest(tasks: Sequence[Task], fields: Fields, jobs: int = 1, cap: int = DEFAULT_CAP) -> str:
    """What a saved stats file must have been built from: every input's name and SHA-256, the fields, the version."""
    hashes = [h for digests in _map(_hash_slice, _slices(tasks), jobs) for h in digests]
    return _inputs(tasks, fields, hashes, cap)


def _slices(tasks: Sequence[Task]) -> list[Sequence[Task]]:
    """Fixed runs of CORPUS_SLICE files: the unit of work, merged in input order whatever the pool's size."""
    return [tasks[i : i + CORPUS_SLICE] for i in range(0, len(tasks), CORPUS_SLICE)]


def _inputs(tasks: Sequence[Task], fields: Fields, hashes: Sequence[str | None], cap: int) -> str:
    digest = hashlib.sha256(f"{__version__}\n{fields}\n{cap}\n".encode())
    for task, file_hash in zip(tasks, hashes, strict=True):
        digest.update(f"{display(task.relative)}\0{file_hash}\n".encode())
    return digest.hexdigest()


def _stats_slice(fields: Fields, cap: int, tasks: Sequence[Task]) -> tuple[LineStats, list[str | None]]:
    """One slice's statistics; a file that cannot be read counts for nothing here (the cleaning pass reports it)."""
    stats = LineStats(cap=cap)
    hashes: list[str | None] = []
    for task in tasks:
        folder = task.relative.parent.as_posix()
        try:
            large = windowed.is_large(task.path.name, FileStamp.of(task.path).size)  # no FIFO: it could block
            streamed = large or is_multi(task.path.name)
            # a small file is read once, for its hash and its lines; a streamed one is hashed by a read of its own
            data = b"" if streamed else task.path.read_bytes()
        except OSError:
            hashes.append(None)
            continue
        hashes.append(_hash_or_none(task) if streamed else sha256(data))
        try:
            if large:
                stats.add(group_of(None, folder), windowed.line_keys(task.path, cap))
                continue
            for item in read_documents(task, data, fields):
                if isinstance(item, SourceDoc):
                    stats.add(group_of(item.url, folder), text_keys(item.text))
        except (OSError, InputError):
            continue
    return stats, hashes


def _hash_slice(tasks: Sequence[Task]) -> list[str | None]:
    return [_hash_or_none(task) for task in tasks]


def _hash_or_none(task: Task) -> str | None:
    try:
        require_regular(task.path)  # a named pipe would block the read
        return file_sha256(task.path)
    except OSError:
        return None


def _map(function: Any, items: Sequence[Any], jobs: int) -> Iterator[Any]:
    """``map`` in a process pool when it pays; results in input order either way."""
    if jobs <= 1 or len(items) <= 1:
        yield from map(function, items)
        return
    with pool_context().Pool(min(jobs, len(items)), initializer=ignore_interrupts) as pool:
        yield from pool.imap(function, items)
