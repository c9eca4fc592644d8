"""One cleaned document as the audit commands see it: every normalised source line, kept or removed by which span.

A record is rebuilt from the source text and the provenance spans (their
source offsets), so the audit shows exactly what the run did without running
the rules again. Outputs are found from a ``.meta.json``, its ``.txt``, or a
source file cleaned on the spot, or one record of a JSONL output picked by ``--id``.
A document that came from a JSONL or WARC input is found again inside that file by
the SHA-256 of its bytes, which provenance records.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cleaner.discover import undisplay
from cleaner.document import Span
from cleaner.segment import segment

if TYPE_CHECKING:
    from cleaner.sources import SourceDoc


@dataclass(frozen=True, slots=True)
class LineView:
    """A normalised source line and the span that removed it (``span`` is -1 when it was kept)."""

    number: int  # 1-based source line number
    text: str
    span: int

    @property
    def kept(self) -> bool:
        return self.span < 0


@dataclass(frozen=True, slots=True)
class Audited:
    """A document's lines with their decisions, and the provenance they were rebuilt from."""

    name: str
    lines: tuple[LineView, ...]
    spans: tuple[Span, ...]
    clean: str  # the clean text as written (or produced)
    meta: dict[str, Any]
    note: str = ""  # why the view is partial or may not match the run (empty when exact)

    @property
    def exact(self) -> bool:
        return not self.note


class RecordError(ValueError):
    """An output cannot be audited (missing or unreadable files); the message says which."""


@dataclass(frozen=True, slots=True)
class Missing:
    """The source cannot be had as it was at the run, and why."""

    why: str


_SPAN_FIELDS = tuple(f.name for f in fields(Span))


def spans_from_meta(meta: dict[str, Any]) -> tuple[Span, ...]:
    return tuple(Span(**{k: r[k] for k in _SPAN_FIELDS}) for r in meta.get("removals", []))


def rebuild(name: str, source: str, spans: Sequence[Span], clean: str, meta: dict[str, Any]) -> Audited:
    """Lines of ``source`` with the span (by source offset) that removed each; checks they rebuild ``clean``."""
    doc = segment(source)
    starts = [span.start for span in spans]
    views = []
    for line in doc.lines:
        at = bisect_right(starts, line.start) - 1
        owner = at if at >= 0 and spans[at].start <= line.start < spans[at].end else -1
        views.append(LineView(line.number, line.text, owner))
    kept = "".join(view.text + "\n" for view in views if view.kept)
    note = "" if kept == clean else "the source no longer gives the clean text (changed since the run?)"
    return Audited(name, tuple(views), tuple(spans), clean, meta, note)


def removals_only(name: str, spans: Sequence[Span], clean: str, meta: dict[str, Any], why: str) -> Audited:
    """A partial record when the source is gone: only the removed lines, numbered from provenance."""
    views = []
    for index, span in enumerate(spans):
        for offset, text in enumerate(span.text.split("\n")[:-1]):
            views.append(LineView(span.line_start + offset, text, index))
    return Audited(name, tuple(views), tuple(spans), clean, meta, why)


def output_pair(path: Path) -> tuple[Path, Path]:
    """The (.txt, .meta.json) pair of an output named by either file."""
    name = path.name
    if name.endswith(".meta.json"):
        return path.with_name(name[: -len(".meta.json")] + ".txt"), path
    if name.endswith(".txt"):
        return path, path.with_name(name[: -len(".txt")] + ".meta.json")
    raise RecordError(f"{path}: not an output (.txt or .meta.json)")


def read_meta(meta_path: Path) -> dict[str, Any]:
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except OSError as error:
        raise RecordError(f"{meta_path}: cannot read: {error.strerror or error}") from None
    except ValueError as error:
        raise RecordError(f"{meta_path}: not JSON: {error}") from None
    if not isinstance(meta, dict) or "removals" not in meta:
        raise RecordError(f"{meta_path}: not a cleaner .meta.json (no removals)")
    return meta


def load_output(path: Path, *, base: Path | None = None) -> Audited:
    """The record of an output (``.txt`` or ``.meta.json``); the source is found by its recorded path.

    Recorded source paths are as given on the command line, so a relative one is
    tried from ``base`` (default: the current folder).
    """
    text_path, meta_path = output_pair(path)
    meta = read_meta(meta_path)
    try:
        clean = text_path.read_text(encoding="utf-8")
    except OSError as error:
        raise RecordError(f"{text_path}: cannot read: {error.strerror or error}") from None
    spans = spans_from_meta(meta)
    name = str(meta.get("source", {}).get("path") or meta_path)
    source = read_source_text(source_path(name, base), meta)
    if isinstance(source, Missing):
        return removals_only(name, spans, clean, meta, source.why)
    return rebuild(name, source, spans, clean, meta)


def source_path(name: str, base: Path | None) -> Path:
    """Where the recorded source is: its path as recorded, or, when no file is there, with the escapes
    ``discover.display`` wrote for undecodable bytes in its name turned back into those bytes."""
    path = Path(name) if base is None else base / name
    raw = undisplay(name)
    if raw != name and not path.exists():
        return Path(raw) if base is None else base / raw
    return path


def read_source_text(path: Path, meta: dict[str, Any]) -> str | Missing:
    """The decoded source the offsets refer to, or why it cannot be had as it was at the run."""
    from cleaner.decode import DecodeError, decode
    from cleaner.provenance import sha256
    from cleaner.sources import InputError, is_html, is_multi

    wanted = meta.get("source", {}).get("sha256")
    if is_multi(path.name):
        return _document_in(path, wanted, meta)
    try:
        data = path.read_bytes()
    except OSError as error:
        return Missing(f"source {path} cannot be read ({error.strerror or error}): showing removed lines only")
    if wanted not in (None, sha256(data)):
        return Missing(f"source {path} changed since the run: showing removed lines only")
    try:
        if is_html(path.name):  # offsets refer to the text trafilatura extracted, or to the whole page
            from cleaner.sources.html import read_html

            return _as_cleaned(_texts(read_html(data, name=path.name)), meta)
        return decode(data).text
    except (InputError, DecodeError) as error:
        return Missing(f"source {path}: {error}: showing removed lines only")


def _document_in(path: Path, wanted: str | None, meta: dict[str, Any]) -> str | Missing:
    """The text of the document of a JSONL or WARC file whose bytes hash to ``wanted``."""
    if not wanted:
        return Missing(f"source {path} holds many documents and no SHA-256 says which: showing removed lines only")
    try:
        stamp = path.stat()
    except OSError as error:
        return Missing(f"source {path} cannot be read ({error.strerror or error}): showing removed lines only")
    texts = _documents_by_hash(path, stamp.st_mtime_ns, stamp.st_size)
    if isinstance(texts, Missing):
        return texts
    if wanted not in texts:
        why = "changed since the run, or read with other --text-field / --id-field options"
        return Missing(f"no document of {path} has the recorded SHA-256 ({why}): showing removed lines only")
    return _as_cleaned(texts[wanted], meta)


@lru_cache(maxsize=4)  # a report walks a shard's documents in a row: read each shard once, not once per document
def _documents_by_hash(path: Path, mtime_ns: int, size: int) -> dict[str, Texts] | Missing:
    """Each document's texts by its bytes' SHA-256 (texts only: a shard's bytes are not kept)."""
    from cleaner.provenance import sha256
    from cleaner.sources import InputError, SourceDoc, is_warc
    from cleaner.sources.jsonl import read_jsonl
    from cleaner.sources.warc import read_warc

    read = read_warc if is_warc(path.name) else read_jsonl
    try:
        return {sha256(doc.data): _texts(doc) for doc in read(path) if isinstance(doc, SourceDoc)}
    except InputError as error:
        return Missing(f"source {path}: {error}: showing removed lines only")


@dataclass(frozen=True, slots=True)
class Texts:
    """A document's text, and its whole page's when an extractor kept too little of it (sources.rescue)."""

    text: str
    whole_page: str | None = None


def _texts(doc: SourceDoc) -> Texts:
    return Texts(doc.text, doc.rescue.text if doc.rescue else None)


def _as_cleaned(texts: Texts, meta: dict[str, Any]) -> str | Missing:
    """The text the run cleaned: the whole page's, when provenance says the page was rendered."""
    from cleaner.sources import cleaned_whole

    if not cleaned_whole(meta.get("source", {})):
        return texts.text
    if texts.whole_page is None:  # another trafilatura or inscriptis, or another cut-off, than the run's
        why = "the run cleaned the page whole, and it is no longer rendered whole"
        return Missing(f"{why}: showing removed lines only")
    return texts.whole_page


def clean_source(path: Path, engine: Any) -> Audited:
    """Clean a source file now with ``engine`` and return its record (for ``diff FILE -o`` and ``explain``)."""
    text, options = source_to_clean(path, engine)
    result = engine.clean(text, **options)  # as the run cleaned it
    meta = result.to_metadata()
    return rebuild(str(path), text, result.spans, result.text, meta)


def source_to_clean(path: Path, engine: Any) -> tuple[str, dict[str, Any]]:
    """The text a run with ``engine`` would clean for this source file, and ``Engine.clean``'s keywords for it.

    An HTML page trafilatura keeps little of is cleaned whole when detectors run (sources.rescue).
    """
    from cleaner.pipeline import Mode
    from cleaner.sources import InputError, is_extracted, is_html

    if is_html(path.name):
        from cleaner.sources.html import read_html

        try:
            doc = read_html(path.read_bytes(), name=path.name)
        except OSError as error:
            raise RecordError(f"source {path} cannot be read ({error.strerror or error})") from None
        except InputError as error:
            raise RecordError(f"source {path}: {error}") from None
        doc, options = doc.to_clean(path.name, detectors=engine.mode is not Mode.RULES)
        return doc.text, options
    text = read_source_text(path, {})
    if isinstance(text, Missing):
        raise RecordError(text.why.split(": showing")[0])
    return text, {"extracted": is_extracted(path.name)}


def find_output(source: Path, out_dir: Path) -> Path:
    """The ``.meta.json`` in ``out_dir`` recorded for ``source`` (same file, by resolved path)."""
    from cleaner.sinks.txt import output_paths

    name = output_paths(Path(), Path(source.name))[1].name  # as the run named it: p.html.gz → p.meta.json
    wanted = source.resolve()
    candidates = [out_dir / name, *sorted(out_dir.rglob(name))]
    for candidate in candidates:
        if candidate.is_file():
            recorded = read_meta(candidate).get("source", {}).get("path")
            if recorded and Path(recorded).resolve() == wanted:
                return candidate
    raise RecordError(f"no output for {source} in {out_dir}")


def load_jsonl_record(shard: Path, record_id: str, *, base: Path | None = None) -> Audited:
    """The record ``record_id`` of a ``--format jsonl`` output shard (``{"id", "text", "metadata": {"cleaner"}}``)."""
    record = _shard_record(shard, record_id)
    meta = (record.get("metadata") or {}).get("cleaner")
    if not isinstance(meta, dict) or "removals" not in meta or not isinstance(record.get("text"), str):
        raise RecordError(f"{shard}: record {record_id!r} has no cleaner provenance in metadata.cleaner")
    spans = spans_from_meta(meta)
    name = str(meta.get("source", {}).get("path") or shard)
    source = read_source_text(source_path(name, base), meta)
    if isinstance(source, Missing):
        return removals_only(name, spans, record["text"], meta, source.why)
    return rebuild(name, source, spans, record["text"], meta)


def _shard_record(shard: Path, record_id: str) -> dict[str, Any]:
    try:
        with shard.open("rb") as lines:
            for number, raw in enumerate(lines, 1):
                try:
                    record = json.loads(raw) if raw.strip() else None
                except ValueError as error:
                    raise RecordError(f"{shard}:{number}: not JSON: {error}") from None
                if isinstance(record, dict) and str(record.get("id")) == record_id:
                    return record
    except OSError as error:
        raise RecordError(f"{shard}: cannot read: {error.strerror or error}") from None
    raise RecordError(f"{shard}: no record with id {record_id!r}")
