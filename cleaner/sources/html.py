"""HTML pages: extract the main text with trafilatura tuned for recall, keep its page metadata.

The engine then runs the same rules and detectors on the extracted text, which
catches what trafilatura keeps on purpose when favouring recall (comment forms,
related links, banners). Offsets in provenance refer to the extracted text.
"""

from __future__ import annotations

import gzip
import io
import signal
import zlib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

from cleaner.decode import DecodeError, decode
from cleaner.sources import InputError, SourceDoc
from cleaner.sources.rescue import Rescue, rescue, sparse_reason

TIME_LIMIT_SECONDS = 30
_META_FIELDS = ("title", "author", "date", "url", "sitename", "hostname", "language", "pagetype")


class ExtractionTimeout(InputError):
    pass


class _Alarm(BaseException):
    """Raised by SIGALRM wherever trafilatura is. Not an Exception, so trafilatura's own
    ``except Exception`` and ``except (TypeError, ValueError)`` cannot swallow it: they turned
    a page past its time into an empty text, with no report."""


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
        try:
            yield
        finally:
            signal.alarm(0)
    except _Alarm:  # also when it fires just as the page is done, before the alarm is cleared
        raise ExtractionTimeout(f"HTML extraction took longer than {seconds} s") from None
    finally:
        signal.signal(signal.SIGALRM, previous)


def _on_alarm(signum: int, frame: object) -> None:
    raise _Alarm


MAX_PAGE_BYTES = 256 << 20  # no web page is larger; a .gz that inflates past it is a decompression bomb


def _gunzip(data: bytes, limit: int = MAX_PAGE_BYTES) -> bytes:
    """``data`` decompressed, read no further than ``limit`` bytes (InputError past it, or if not gzip)."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            page = stream.read(limit + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise InputError(f"not a valid gzip file: {error}") from None
    if len(page) > limit:
        raise InputError(f"decompresses to more than {limit >> 20} MB: not read (no page is that large)")
    return page


def read_html(data: bytes, *, name: str, url: str | None = None, whole_page: bool = True) -> SourceDoc:
    """Extract one page (gzipped when ``name`` ends in .gz).

    ``whole_page``: render the page whole when trafilatura kept too little of it (``SourceDoc.rescue``);
    a run in ``rules`` mode never cleans a page whole (``SourceDoc.to_clean``), so it says False.
    """
    page = _gunzip(data) if name.lower().endswith(".gz") else data
    try:
        decoded = decode(page)
    except DecodeError as error:
        raise InputError(str(error)) from None
    text, meta, rendered = extract(decoded.text, url, whole_page=whole_page)
    # ``data`` as read, gzipped or not: provenance hashes it, and --resume and the audit hash the file
    return SourceDoc(text, data, decoded, url or meta.get("url"), {"by": "trafilatura", **meta}, rescue=rendered)


def extract(html: str, url: str | None, *, whole_page: bool = True) -> tuple[str, dict[str, str], Rescue | None]:
    """trafilatura's text (recall-oriented, tables and comments kept for our rules), page metadata,
    and the whole page as text when trafilatura kept too little of it (``cleaner.sources.rescue``).

    The page is parsed once: its metadata is read from the tree (``page_metadata``), then
    trafilatura extracts from the same tree, as its own ``with_metadata=True`` does.
    """
    import trafilatura
    from trafilatura.utils import load_html

    with time_limit(TIME_LIMIT_SECONDS):
        tree = load_html(html)
        if tree is None:
            return "", {}, None
        try:
            meta = page_metadata(tree, url)
        except (TypeError, ValueError):  # a bug in trafilatura's metadata readers: the text is still worth having
            meta = {}
        doc = trafilatura.bare_extraction(
            tree,
            url=url or meta.get("url"),
            favor_recall=True,
            include_comments=True,
            include_tables=True,
        )
        text = _text_of(doc)  # "" when no main text: the page's title, url and date still say what it was
        reason = sparse_reason(text, tree, meta.get("pagetype")) if whole_page else None
    if reason is None:
        return text, meta, None
    return _whole_page(html, text, reason, meta)


def _whole_page(html: str, text: str, reason: str, meta: dict[str, str]) -> tuple[str, dict[str, str], Rescue | None]:
    """The page rendered whole (``cleaner.sources.rescue``), in a time limit of its own.

    A page inscriptis cannot render, in time or at all (lxml refuses some markup trafilatura
    reads), keeps trafilatura's text, as before the rescue existed; provenance says why.
    """
    try:
        with time_limit(TIME_LIMIT_SECONDS):
            return text, meta, rescue(html, text, reason)
    except Exception as error:  # any failure here costs the rescue, never the page
        return text, {**meta, "whole_page_failed": f"{reason}; not rendered: {error}"}, None


def _text_of(doc: Any) -> str:
    """The text of what ``bare_extraction`` returned: a dict, a Document (trafilatura ≥ 1.9) or None."""
    if not doc:
        return ""
    if not isinstance(doc, dict):
        doc = doc.as_dict()
    return doc.get("text") or ""


def page_metadata(tree: Any, url: str | None) -> dict[str, str]:
    """The page's title, author, date, url, sitename and hostname, as trafilatura's ``extract_metadata`` finds them.

    The same steps in the same order, without the categories, tags and licence it also
    looks for and we do not keep: those searches scan every link of the page and took
    a sixth of the HTML path's time (3.3 ms of 20 a page on scrapinghub's pages).
    ``tests/test_sources.py`` checks the fields against ``extract_metadata`` on real pages.
    """
    from trafilatura import metadata as m
    from trafilatura.settings import set_date_params

    found = m.examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None
    with suppress(Exception):  # as extract_metadata does: bugs in trafilatura's JSON-LD reader
        found = m.extract_meta_json(tree, found)
    found.title = found.title or m.extract_title(tree)
    found.author = found.author or m.extract_author(tree)
    found.url = found.url or m.extract_url(tree, url)
    if found.url:
        found.hostname = m.extract_domain(found.url, fast=True)
    date_config = set_date_params(True)
    date_config["url"] = found.url
    found.date = m.find_date(tree, **date_config)
    if not found.sitename:
        found.sitename = m.extract_sitename(tree)
    if found.sitename:
        found.sitename = found.sitename.lstrip("@")
        if found.sitename and "." not in found.sitename and not found.sitename[0].isupper():
            found.sitename = found.sitename.title()
    elif found.url and (match := m.META_URL.match(found.url)):
        found.sitename = match[1]
    found.clean_and_trim()
    return {key: str(value) for key in _META_FIELDS if (value := getattr(found, key, None))}
