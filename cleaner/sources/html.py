"""HTML pages: extract the main text with trafilatura tuned for recall, keep its page metadata.

The engine then runs the same rules and detectors on the extracted text, which
catches what trafilatura keeps on purpose when favouring recall (comment forms,
related links, banners). Offsets in provenance refer to the extracted text.
"""

from __future__ import annotations

import gzip
import signal
from collections.abc import Iterator
from contextlib import contextmanager

from cleaner.decode import DecodeError, decode
from cleaner.sources import InputError, SourceDoc

TIME_LIMIT_SECONDS = 30
_META_FIELDS = ("title", "author", "date", "url", "sitename", "hostname", "language")


class ExtractionTimeout(InputError):
    pass


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Raise ExtractionTimeout after ``seconds`` (Unix main thread only; elsewhere no limit)."""
    try:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
    except (ValueError, AttributeError):  # not the main thread, or no SIGALRM
        yield
        return
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _on_alarm(signum: int, frame: object) -> None:
    raise ExtractionTimeout(f"HTML extraction took longer than {TIME_LIMIT_SECONDS} s")


def read_html(data: bytes, *, name: str, url: str | None = None) -> SourceDoc:
    """Extract one page (gzipped when ``name`` ends in .gz)."""
    if name.lower().endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            raise InputError(f"not a valid gzip file: {error}") from None
    try:
        decoded = decode(data)
    except DecodeError as error:
        raise InputError(str(error)) from None
    text, meta = extract(decoded.text, url)
    return SourceDoc(text, data, decoded, url or meta.get("url"), {"by": "trafilatura", **meta})


def extract(html: str, url: str | None) -> tuple[str, dict[str, str]]:
    """trafilatura's text (recall-oriented, tables and comments kept for our rules) and page metadata."""
    import trafilatura

    with time_limit(TIME_LIMIT_SECONDS):
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            favor_recall=True,
            include_comments=True,
            include_tables=True,
            with_metadata=True,
        )
    if not doc:
        return "", {}
    if not isinstance(doc, dict):  # trafilatura ≥ 1.9 returns a Document
        doc = doc.as_dict()
    meta = {key: str(doc[key]) for key in _META_FIELDS if doc.get(key)}
    return doc.get("text") or "", meta
