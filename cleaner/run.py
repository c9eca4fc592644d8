"""A batch run: each file read, its documents cleaned and written; a bad file or document is a
recorded failure, not a crash.

Files are cleaned in a process pool (``jobs``) and results come back in input
order, so outputs and the summary do not depend on the number of workers. With
the ``txt`` sink the workers write their own outputs; with ``jsonl`` they send
records back and the main process writes the shards in order.

Before cleaning, ``cleaner.firstpass.corpus_for`` may read the batch once to
learn the lines that recur across many documents of a group
(``cleaner.corpus``); the cleaning pass then gives each document its group's
frequent lines.
"""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
import re
import signal
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaner import __version__, langid, windowed
from cleaner.corpus import Corpus, CorpusGroup, group_of
from cleaner.decode import DecodeError, decode
from cleaner.discover import Task, display, size_of
from cleaner.filestamp import FileChanged, FileStamp, check_unchanged
from cleaner.pipeline import Engine, Mode
from cleaner.provenance import file_sha256, provenance, sha256
from cleaner.sinks.atomic import write_atomic
from cleaner.sinks.txt import is_output_text, meta_json, output_paths, text_beside, write_txt, written_by_cleaner
from cleaner.sources import DocError, InputError, SourceDoc, cleaned_whole, is_html, is_multi, is_warc, multi_stem
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
    whole_pages: int = 0  # HTML pages cleaned whole, trafilatura having kept too little (sources.rescue)

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
    corpus: Corpus | None = None  # frequent lines per group, from the first pass (None: no repetition detector)


def read_documents(task: Task, data: bytes, fields: Fields, whole_page: bool = True) -> Iterator[SourceDoc | DocError]:
    """The documents a file holds: many for JSONL/WARC, one for HTML (via trafilatura) or text.

    ``whole_page``: render an HTML page trafilatura kept too little of (``sources.html.read_html``).
    """
    name = task.path.name.lower()
    if is_warc(name):
        from cleaner.sources.warc import read_warc

        yield from read_warc(task.path, whole_page=whole_page)
    elif is_multi(name):
        from cleaner.sources.jsonl import read_jsonl

        yield from read_jsonl(task.path, fields)
    elif is_html(name):
        from cleaner.sources.html import read_html

        yield read_html(data, name=task.path.name, whole_page=whole_page)
    else:
        try:
            decoded = decode(data)
        except DecodeError as error:
            raise InputError(str(error)) from None
        yield SourceDoc(decoded.text, data, decoded)


class _Tally:
    """Per-file counters while its documents are cleaned."""

    def __init__(self) -> None:
        self.documents = self.bytes_out = self.suspect = self.whole_pages = 0
        self.hits: dict[str, tuple[int, int]] = {}
        self.errors: list[str] = []
        self.records: list[dict[str, Any]] = []
        self.groups: set[str] = set()
        self.written: list[Path] = []  # outputs of the txt sink, removed if the file changed while read
        self.names: set[Path] = set()  # the documents' text outputs so far (see _document_paths)

    def count(self, meta: dict[str, Any], spans: Iterable[Any]) -> None:
        self.documents += 1
        self.bytes_out += meta["output"]["bytes"]
        self.suspect += bool(meta["summary"]["suspect"])
        self.whole_pages += cleaned_whole(meta["source"])
        for span in spans:
            count, chars = self.hits.get(span.rule, (0, 0))
            self.hits[span.rule] = (count + 1, chars + len(span.text))


def clean_file(job: Job, task: Task) -> Outcome:
    """Clean one file into ``job.out_dir``; any problem with it becomes an Outcome with an error."""
    path, multi = display(task.path), is_multi(task.path.name)
    try:
        before = FileStamp.of(task.path)
        large = job.sink == "txt" and windowed.is_large(task.path.name, before.size)
        data = b"" if multi or large else _read_once(task.path, before)  # large: read in windows; multi: streamed
    except OSError as error:
        return Outcome(path, 0, error=f"cannot read: {error.strerror or error}")
    except FileChanged as error:
        return Outcome(path, before.size, error=str(error))
    size = before.size
    stamp = _stamp_path(job, task)
    if not _inside(stamp, job.out_dir):
        return Outcome(path, size, error=f"output path {stamp} escapes {job.out_dir}")
    if job.resume and job.sink == "txt" and _up_to_date(stamp, task, None if large else data, job):
        return Outcome(path, size, resumed=True)
    if large:
        return _clean_large(job, task, before)
    if multi and job.sink == "txt":
        _unlink([stamp])  # written again last: until then no stamp vouches for documents being rewritten
    tally = _Tally()
    try:
        detectors = job.engine.mode is not Mode.RULES  # rules alone never clean a page whole: no rendering
        for item in read_documents(task, data, job.fields, whole_page=detectors):
            if isinstance(item, DocError):
                tally.errors.append(f"{item.where}: {item.reason}")
            else:
                _clean_document(job, task, item, tally)
        if multi:  # streamed: its last byte has just been read
            check_unchanged(task.path, before)
        if multi and job.sink == "txt":
            _unlink(_stale(stamp.parent, tally.written))
            write_atomic(stamp, meta_json(_file_stamp(task, job, tally)))
    except FileChanged as error:
        _unlink(tally.written)  # its documents came from no single version of the file
        return Outcome(path, size, error=str(error))
    except InputError as error:
        return Outcome(path, size, error=str(error))
    except OSError as error:  # a text whose metadata could not be written is removed (sinks.txt.write_txt)
        return Outcome(path, size, error=_write_error(error))
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
        tally.whole_pages,
    )


def _read_once(path: Path, before: FileStamp) -> bytes:
    """The whole file, if it is still the file ``before`` describes once read (else FileChanged)."""
    data = path.read_bytes()
    check_unchanged(path, before)
    return data


def _stale(folder: Path, written: Iterable[Path]) -> list[Path]:
    """Outputs in a many-document file's folder that this run did not write: documents the file no longer holds.

    Only outputs this tool wrote (a ``.meta.json`` of its own, and the text beside it): a
    user's notes.txt in that folder is not ours to remove.
    """
    keep = set(written)
    if not folder.is_dir():  # the file held no document: nothing was written, nothing is stale
        return []
    stale = []
    for meta in folder.glob("*.meta.json"):
        if meta not in keep and written_by_cleaner(meta):
            text = text_beside(meta)
            stale += [meta, text] if text not in keep and text.is_file() else [meta]
    return stale


def _unlink(paths: Iterable[Path]) -> None:
    """Remove outputs, metadata before text, so a ``.meta.json`` on disk still means its text is complete."""
    for path in sorted(paths, key=lambda p: not p.name.endswith(".meta.json")):
        path.unlink(missing_ok=True)


def _clean_large(job: Job, task: Task, before: FileStamp) -> Outcome:
    """A large plain-text file, cleaned window by window (``cleaner.windowed``) with bounded memory."""
    path, size = display(task.path), before.size
    corpus = _corpus_group(job, group_of(None, task.relative.parent.as_posix()))
    text_path, meta_path = output_paths(job.out_dir, task.relative)
    output = display(text_path.relative_to(job.out_dir))
    try:
        done = windowed.clean_large(
            job.engine, task.path, text_path, meta_path, shown=path, output=output, corpus=corpus, before=before
        )
    except (DecodeError, FileChanged) as error:
        return Outcome(path, size, error=str(error))
    except OSError as error:
        return Outcome(path, size, error=_write_error(error, "cannot read or write"))
    return Outcome(path, size, done.bytes_out, documents=1, hits=done.hits, suspect=int(bool(done.suspect)))


def _clean_document(job: Job, task: Task, source: SourceDoc, tally: _Tally) -> None:
    group = group_of(source.url, task.relative.parent.as_posix())
    tally.groups.add(group)
    corpus = _corpus_group(job, group)
    source, options = source.to_clean(task.path.name, detectors=job.engine.mode is not Mode.RULES)
    result = job.engine.clean(source.text, url=source.url, corpus=corpus, **options)
    if job.sink == "jsonl":
        doc_id = source.doc_id or display(task.relative)
        meta = _with_corpus(provenance(display(task.path), source, result, output_path=doc_id), corpus)
        tally.records.append({"id": doc_id, "text": result.text, "metadata": {**source.extra, "cleaner": meta}})
    else:
        text_path, meta_path = _document_paths(job, task, source, tally.names)
        meta = provenance(display(task.path), source, result, output_path=display(text_path.relative_to(job.out_dir)))
        meta = _with_corpus(meta, corpus)
        tally.written += (text_path, meta_path)
        write_txt(text_path, meta_path, result.text, meta)
    tally.count(meta, result.spans)


def _write_error(error: OSError, failed: str = "cannot write") -> str:
    """What went wrong, in words; a name or a path too long for the file system says which, and how long."""
    if error.errno != errno.ENAMETOOLONG:
        return f"{failed}: {error.strerror or error}"
    target = max((os.fsencode(f) for f in (error.filename, error.filename2) if f is not None), key=len, default=b"")
    name, limit = os.path.basename(target), _name_max(os.path.dirname(target) or b".")
    if len(name) > limit:
        shown = os.fsdecode(name)
        too_long = f"a name of {len(name)} bytes is longer than the file system allows ({limit})"
        return f"cannot write {shown}: {too_long}; rename the input"
    shown = os.fsdecode(target)
    too_long = f"a path of {len(target)} bytes is longer than the file system allows"
    return f"cannot write {shown}: {too_long}; use a shorter output folder"


def _name_max(folder: bytes) -> int:
    """The longest file name the file system holding ``folder`` (or its nearest existing parent) allows."""
    while folder:
        try:
            return os.pathconf(folder, "PC_NAME_MAX")
        except OSError:
            parent = os.path.dirname(folder)
            if parent == folder:
                break
            folder = parent
    return 255


def _corpus_group(job: Job, group: str) -> CorpusGroup | None:
    return job.corpus.group(group) if job.corpus is not None else None


def _with_corpus(meta: dict[str, Any], corpus: CorpusGroup | None) -> dict[str, Any]:
    """Provenance with the corpus the document was cleaned with (after ``cleaner``), when there was one."""
    if corpus is None:
        return meta
    out: dict[str, Any] = {}
    for key, value in meta.items():
        out[key] = value
        if key == "cleaner":
            out["corpus"] = corpus.record()
    return out


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _document_paths(job: Job, task: Task, source: SourceDoc, taken: set[Path]) -> tuple[Path, Path]:
    """``OUT/rel/name.txt`` for a one-document file; ``OUT/rel/name/ID.txt`` inside a JSONL/WARC file.

    Two documents of a file may claim one name (a repeated id, or ids equal once made safe
    for a file name, as "a/b" and "a_b"): the later becomes ``ID.2.txt``, ``ID.3.txt``…
    in input order, so no document's output is written over another's.
    """
    if source.doc_id is None:
        return output_paths(job.out_dir, task.relative)
    folder = _multi_folder(task)
    safe = _UNSAFE.sub("_", source.doc_id).strip("._")[:120] or "doc"
    paths, n = output_paths(job.out_dir, folder / f"{safe}.txt"), 1
    while paths[0] in taken:
        n += 1
        paths = output_paths(job.out_dir, folder / f"{safe}.{n}.txt")
    taken.add(paths[0])
    return paths


def foreign_output(tasks: Sequence[Task], out_dir: Path) -> Path | None:
    """The first file this run would write over or beside that has no ``.meta.json`` of cleaner's own.

    For an output folder inside a source folder, which the walk skips: such a file may be an
    input (``-o src/sub`` wrote ``src/b.txt``'s text over ``src/sub/b.txt``). A one-document
    file's text is checked; a JSONL or WARC file's documents folder, any text in it. A text a
    killed run left without its metadata is named too: no one can tell it from an input.
    """
    for task in tasks:
        if is_multi(task.path.name):
            folder = out_dir / _multi_folder(task)
            texts = sorted(folder.glob("*.txt")) if folder.is_dir() else []
        else:
            texts = [output_paths(out_dir, task.relative)[0]]
        foreign = next((text for text in texts if text.is_file() and not is_output_text(text)), None)
        if foreign is not None:
            return foreign
    return None


def _multi_folder(task: Task) -> Path:
    stem = multi_stem(task.relative.name)
    return task.relative if stem is None else task.relative.with_name(stem)


def _stamp_path(job: Job, task: Task) -> Path:
    """The file whose presence and content say a file's outputs are complete."""
    return job.out_dir / _stamp_relative(task)


def _stamp_relative(task: Task) -> Path:
    if is_multi(task.path.name):
        return _multi_folder(task) / "_source.json"
    return output_paths(Path(), task.relative)[1]


def without_clashes(tasks: Sequence[Task]) -> tuple[list[Task], list[Outcome]]:
    """The tasks whose txt outputs no earlier task writes, and a failure for each of the others.

    Output names come from input names less their suffix, so ``a.txt`` and ``a.md``
    (with ``--glob '*'``), or ``x/p.txt`` and ``y/p.txt`` named on the command line,
    would write the same ``p.txt``; and a JSONL or WARC file ``a.jsonl`` writes its
    documents in a folder ``a/``, where a file ``a/b.txt`` would write too. The later
    would silently replace the earlier's outputs.
    """
    # held for every file of a corpus at once, so small: the paths' hashes only (a collision would report
    # a clash that is not one; at 64 bits it does not happen); the earlier task is looked up on a clash
    files: set[int] = set()  # one-document files' outputs, by their metadata paths
    folders: set[int] = set()  # many-document files' folders
    inside: set[int] = set()  # every folder holding an output so far
    kept: list[Task] = []
    clashes = []
    for task in tasks:
        multi = is_multi(task.path.name)
        place, parents = _places(task)
        clash = (place in folders or place in inside) if multi else place in files
        if clash or any(parent in folders for parent in parents):
            owner = next((t for t in kept if _places(t)[0] in (place, *parents) or place in _places(t)[1]), None)
            earlier = display(owner.path) if owner else "an earlier input"
            reason = (
                f"its outputs would overwrite those of {earlier} (the same name less its suffix): "
                "clean one of them into another output folder"
            )
            clashes.append(Outcome(display(task.path), size_of(task.path), error=reason))
            continue
        (folders if multi else files).add(place)
        inside.update(parents)
        kept.append(task)
    return kept, clashes


def _places(task: Task) -> tuple[int, list[int]]:
    """The hash of where a task's outputs go (its metadata file, or its documents' folder) and of the folders above."""
    stamp = _stamp_relative(task).as_posix()
    places = [hash(p) for p in _parents(stamp)]
    if is_multi(task.path.name):
        return places[0], places[1:]
    return hash(stamp), places


def _parents(place: str) -> list[str]:
    """ "a/b/c.meta.json" -> ["a/b", "a", ""]: the folders holding a relative output path, nearest first."""
    found = []
    while "/" in place:
        place = place.rsplit("/", 1)[0]
        found.append(place)
    return [*found, ""]


def _file_stamp(task: Task, job: Job, tally: _Tally) -> dict[str, Any]:
    stamp = {
        "cleaner": _engine_id(job.engine),
        "source": {"path": display(task.path), "sha256": file_sha256(task.path)},
        "documents": tally.documents,
        "errors": tally.errors,
    }
    if job.corpus is not None:  # the corpus of every group its documents belong to, so resume sees a change
        stamp["corpus"] = _corpus_records(job, sorted(tally.groups))
    return stamp


def _corpus_records(job: Job, groups: Iterable[str]) -> dict[str, Any]:
    return {g: c.record() if (c := _corpus_group(job, g)) else None for g in groups}


def _engine_id(engine: Engine) -> dict[str, str]:
    return {"version": __version__, "mode": engine.mode.value, "rules_sha256": engine.rules.digest}


def _up_to_date(stamp: Path, task: Task, data: bytes | None, job: Job) -> bool:
    """Outputs exist for the same source bytes (None: hash the file), rule set, mode, version and corpus."""
    try:
        meta = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    digest = file_sha256(task.path) if is_multi(task.path.name) or data is None else sha256(data)
    same = meta.get("cleaner") == _engine_id(job.engine) and meta.get("source", {}).get("sha256") == digest
    return same and _same_corpus(meta, task, job) and _outputs_intact(stamp, meta)


def _outputs_intact(stamp: Path, meta: dict[str, Any]) -> bool:
    """The text outputs the metadata describes are there, at the size it records (deleted or truncated: clean again).

    A many-document file's stamp (``_source.json``) counts its documents; each has its own ``.meta.json``.
    """
    if "documents" not in meta:
        return _text_intact(meta, stamp)
    metas = sorted(path for path in stamp.parent.glob("*.meta.json") if written_by_cleaner(path))  # not a user's
    if len(metas) != meta["documents"]:
        return False
    for path in metas:
        try:
            if not _text_intact(json.loads(path.read_text(encoding="utf-8")), path):
                return False
        except (OSError, ValueError):
            return False
    return True


def _text_intact(meta: dict[str, Any], meta_path: Path) -> bool:
    """The text beside ``meta_path`` has the size its metadata records.

    Found beside the metadata, not at ``output.path``: that is for reading, and a name's
    undecodable bytes are escaped there (``\\xe9``), so it named no file and every
    --resume cleaned such a file again.
    """
    try:
        return text_beside(meta_path).stat().st_size == meta["output"]["bytes"]
    except (OSError, KeyError, TypeError):
        return False


def _same_corpus(meta: dict[str, Any], task: Task, job: Job) -> bool:
    """The group's frequent lines are those the outputs were cleaned with (same bytes give the same group)."""
    if is_multi(task.path.name):
        stored = meta.get("corpus")
        if job.corpus is None or stored is None:
            return job.corpus is None and stored is None
        return isinstance(stored, dict) and stored == _corpus_records(job, stored)
    group = group_of(meta.get("source", {}).get("url"), task.relative.parent.as_posix())
    corpus = _corpus_group(job, group)
    return meta.get("corpus") == (corpus.record() if corpus else None)


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
    ignore_interrupts()
    langid.load()  # a no-op in a forked worker (the parent loaded it); a spawned one loads it here


def ignore_interrupts() -> None:
    """In a pool worker: Ctrl-C is the parent's to handle (it stops the pool), not a traceback from each worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _work(task: Task) -> Outcome:
    assert _WORKER_JOB is not None, "worker not initialised"
    return clean_file(_WORKER_JOB, task)


def pool_context() -> Any:
    """How worker processes start: fork on Linux, the fast start; spawn elsewhere, where fork is unsafe."""
    return multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")


# A worker is replaced after this many chunks of CHUNK files. RE2 keeps a cache of the text it has scanned
# for each pattern, bounded but growing with the variety of pages seen; a fresh fork starts it empty, so a
# worker's memory is the same after 400 files as after a million (the long-running server's max-requests).
CHUNK = 4
WORKER_CHUNKS = 100


def run(job: Job, tasks: Iterable[Task], jobs: int = 1) -> Iterator[Outcome]:
    """Clean every task, yielding outcomes in input order as they complete."""
    if jobs <= 1:
        for task in tasks:
            yield clean_file(job, task)
        return
    langid.load()  # in the parent: forked workers and their replacements inherit it rather than each load it
    pool = pool_context().Pool(jobs, initializer=_init_worker, initargs=(job,), maxtasksperchild=WORKER_CHUNKS)
    with pool:
        yield from pool.imap(_work, tasks, chunksize=CHUNK)
