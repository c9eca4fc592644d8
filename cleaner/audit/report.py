"""`cleaner report`: one self-contained HTML file (and report.json) auditing a whole run.

The page embeds a compact index (totals, rules, one short row per file) that
it renders at once, and each file's text in its own inert block (gzipped JSON
in base64) that is inflated only when the file is opened, so a run of 10,000
files stays fast. Corpus text in the index travels as JSON with ``<``, ``>``
and ``&`` escaped; everything is put on the page with ``textContent``: a page
containing ``<script>`` shows as text.
"""

from __future__ import annotations

import base64
import gzip
import json
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

from cleaner.audit.aggregate import summary
from cleaner.audit.collect import FileRow, meta_files, read_row
from cleaner.audit.record import Missing, RecordError, read_meta, read_source_text, source_path, spans_from_meta
from cleaner.document import Span
from cleaner.sinks.atomic import write_atomic

RUN_SUMMARY = "_run.json"


def safe_json(value: Any) -> str:
    """JSON that cannot end a <script> block or open a comment in HTML."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def write_report(out: Path, html_path: Path, *, source_root: Path | None = None, with_text: bool = True) -> str:
    """Write the HTML report and report.json beside it; return a one-line summary."""
    rows: list[FileRow] = []
    unreadable: list[str] = []
    for path in meta_files(out):
        row = read_row(out, path)
        if isinstance(row, str):
            unreadable.append(row)
        else:
            rows.append(row)
    failures = _run_failures(out) + [{"path": u, "reason": "unreadable metadata"} for u in unreadable]
    data = summary(rows, failures)
    json_path = html_path.with_suffix(".json")
    write_atomic(json_path, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    by_name = {row.name: row for row in rows}  # output paths are unique within a run
    ordered = [by_name[f["name"]] for f in data["files"]]
    html_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = html_path.with_name(html_path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as stream:
        _write_html(stream, data, ordered, source_root, with_text)
    tmp.replace(html_path)
    t = data["totals"]
    figures = f"{t['files']} files, {t['share_removed']:.1%} of text removed, {t['flagged']} flagged"
    return f"{html_path}: {figures}; figures in {json_path}"


def _run_failures(out: Path) -> list[Any]:
    try:
        failures = json.loads((out / RUN_SUMMARY).read_text(encoding="utf-8")).get("failures", [])
    except (OSError, ValueError, AttributeError):
        return []
    return failures if isinstance(failures, list) else []


def _write_html(stream: TextIO, data: dict[str, Any], rows: list[FileRow], root: Path | None, with_text: bool) -> None:
    template = resources.files("cleaner.audit").joinpath("report_template.html").read_text(encoding="utf-8")
    head, tail = template.split("<!--DATA-->")
    rule_index = {entry["rule"]: i for i, entry in enumerate(data["rules"])}
    stream.write(head)
    for i, row in enumerate(rows):
        stream.write(f'<script type="application/octet-stream" id="d{i}">')
        stream.write(packed(_file_view(row, root, with_text, rule_index)))
        stream.write("</script>\n")
    index = {
        "totals": data["totals"],
        "threshold": data["threshold"],
        "rules": data["rules"],
        "files": [_file_index(f, rule_index) for f in data["files"]],
        "failures": data["failures"][:1000],
    }
    stream.write(f'<script type="application/json" id="index">{safe_json(index)}</script>\n')
    stream.write(tail)


def packed(value: Any) -> str:
    """JSON, gzipped (without a timestamp, so reports are reproducible) and base64-encoded.

    Whole documents make up nearly all of a report; compressed they take about a
    quarter of the room, and the page inflates one only when it is opened. The
    base64 alphabet has no ``<`` or ``&``, so no text can escape its block.
    """
    raw = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(gzip.compress(raw, compresslevel=6, mtime=0)).decode("ascii")


def unpacked(text: str) -> Any:
    """The value ``packed`` encoded (for tests and tools reading a report)."""
    return json.loads(gzip.decompress(base64.b64decode(text)).decode("utf-8"))


def _file_index(entry: dict[str, Any], rule_index: dict[str, int]) -> list[Any]:
    """[name, source, bytes in, bytes out, share removed in ‰, flag, suspect, [rule, count, …]]"""
    rules = [x for rule, n in sorted(entry["rules"].items(), key=lambda kv: -kv[1]) for x in (rule_index[rule], n)]
    return [
        entry["name"],
        entry["source"],
        entry["bytes_in"],
        entry["bytes_out"],
        round(entry["share_removed"] * 1000),
        entry["flag"],
        1 if entry["suspect"] else 0,
        rules,
    ]


def _file_view(row: FileRow, root: Path | None, with_text: bool, rule_index: dict[str, int]) -> dict[str, Any]:
    """The file's text as segments: [text] kept, [text, rule, reason] removed; reasons in the file's own table."""
    note, pieces = _pieces(row, root, with_text)
    reasons: dict[str, int] = {}
    segments: list[list[Any]] = []
    for text, span in pieces:
        if span is None:
            segments.append([text])
        else:
            segments.append([text, rule_index[span.rule], reasons.setdefault(span.reason, len(reasons))])
    return {"n": note, "r": list(reasons), "s": segments}


def _pieces(row: FileRow, root: Path | None, with_text: bool) -> tuple[str, list[tuple[str, Span | None]]]:
    """The source cut at its spans' offsets (exactly the original text), or only the removed text and why."""
    try:
        meta = read_meta(row.meta_path)  # read again: holding every removal of a large run would take gigabytes
    except RecordError as error:
        return str(error), []
    spans = spans_from_meta(meta)
    removed_only: list[tuple[str, Span | None]] = [(span.text, span) for span in spans]
    if not with_text:
        return "text not embedded (--no-text): removed lines only", removed_only
    source = read_source_text(source_path(row.source, root), meta)  # its sha256, and whether the run cleaned it whole
    if isinstance(source, Missing):
        return source.why, removed_only
    if any(a.end > b.start for a, b in zip(spans, spans[1:], strict=False)) or (spans and spans[-1].end > len(source)):
        return "the recorded offsets do not fit the source: removed lines only", removed_only
    pieces: list[tuple[str, Span | None]] = []
    at = 0
    for span in spans:
        if span.start > at:
            pieces.append((source[at : span.start], None))
        pieces.append((source[span.start : span.end], span))
        at = span.end
    if at < len(source):
        pieces.append((source[at:], None))
    return "", pieces
