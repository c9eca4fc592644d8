"""Corpus-level line statistics: in how many documents of a group (a site or a folder) each line occurs.

A batch is read twice. The first pass counts, per group, how many documents
contain each normalised line, keeping 64-bit hashes and counts, never the texts;
the second pass gives each document the lines of its group that recur in many
documents (``Corpus``), and ``detector:repetition`` removes them.

Memory is bounded: a ``LineStats`` holds at most ``cap`` (hash, count) entries
over all its groups, plus one document counter per group. When an addition or a
merge goes over the cap, the entries with the lowest counts (1, then 2, …) are
dropped until at most half the cap is left. Counts are therefore lower bounds;
a line recurring in a large share of its group is among the highest counts and
survives. At roughly 100 bytes an entry, the default cap (2^18 entries) keeps
the table near 25 MB whatever the size of the batch, so the first pass never
needs more memory than one cleaning worker does.

Everything is deterministic: the hash is blake2b (Python's ``hash`` is salted
per process), pruning depends only on the order of additions and merges, and the
batch runner always adds documents in fixed slices merged in input order, so the
result does not depend on the number of workers.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit

from cleaner.lineshape import SENTENCE_ENDS, bare, is_prose
from cleaner.normalise import normalise_line
from cleaner.segment import LINE_BREAK

SCHEMA = 1
DEFAULT_CAP = 1 << 18  # (hash, count) entries over all groups: ~25 MB of Python dicts, under a cleaning worker
MIN_GROUP = 5  # a group with fewer documents gets no corpus: too few to tell chrome from coincidence
MIN_COUNT = 3  # a line must occur in at least this many documents of its group
SHARE = {"balanced": 0.5, "aggressive": 0.3}  # per mode: share of a group's documents that makes a line chrome
PROSE_WORDS = 12  # a line of this many words ending like a sentence is prose: never counted, never removed


def line_key(bare: str) -> int:
    """A stable 64-bit hash of a line's bare text, with spaces collapsed and case folded."""
    return _key(bare.split())


def _key(words: list[str]) -> int:
    text = " ".join(words).casefold()
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")


def is_long_prose(bare: str) -> bool:
    """Prose that belongs to an article even when it recurs (a series' standfirst, a quoted post)."""
    return is_prose(bare, PROSE_WORDS)


def text_keys(text: str) -> set[int]:
    """The distinct line hashes a document contributes: its non-blank lines, as ``segment`` makes them, that
    are not long prose. The first pass needs only these, so no document is built; each line is split into
    words once, for both ``is_long_prose`` and ``line_key`` (a test checks they agree)."""
    keys = set()
    for line in LINE_BREAK.split(text):
        normalised = normalise_line(line)
        if not normalised.strip():
            continue
        shape = bare(normalised)  # stripped: its last character is the sentence end, if any
        words = shape.split()
        if not (len(words) >= PROSE_WORDS and shape[-1:] in SENTENCE_ENDS):
            keys.add(_key(words))
    return keys


def group_of(url: str | None, folder: str) -> str:
    """A document's group: its URL's host without ``www.`` when known, else its folder (``a/b/``, root ``./``)."""
    if url:
        try:
            host = urlsplit(url).hostname
        except ValueError:  # a malformed URL in a record: fall back to the folder
            host = None
        if host:
            return host.removeprefix("www.")
    folder = folder.strip("/")
    return f"{folder}/" if folder and folder != "." else "./"


@dataclass
class LineStats:
    """Per group: documents seen and, per line hash, how many of them contain the line (bounded by ``cap``)."""

    cap: int = DEFAULT_CAP
    documents: dict[str, int] = field(default_factory=dict)
    counts: dict[str, dict[int, int]] = field(default_factory=dict)
    entries: int = 0  # sum of the sizes of ``counts``' tables
    pruned_below: int = 0  # highest count ever dropped: every count may be short by this much

    def add(self, group: str, keys: Iterable[int]) -> None:
        """Count one document of ``group`` holding these distinct line hashes."""
        self.documents[group] = self.documents.get(group, 0) + 1
        table = self.counts.setdefault(group, {})
        before = len(table)
        for key in set(keys):
            table[key] = table.get(key, 0) + 1
        self.entries += len(table) - before
        self._bound()

    def merge(self, other: LineStats) -> None:
        """Add another (partial) table's documents and counts to this one."""
        for group, n in other.documents.items():
            self.documents[group] = self.documents.get(group, 0) + n
        for group, theirs in other.counts.items():
            table = self.counts.setdefault(group, {})
            before = len(table)
            for key, count in theirs.items():
                table[key] = table.get(key, 0) + count
            self.entries += len(table) - before
        self.pruned_below = max(self.pruned_below, other.pruned_below)
        self._bound()

    def _bound(self) -> None:
        """Over the cap: drop the rarest entries (count 1, then 2, …) until half the cap is left."""
        if self.entries <= self.cap:
            return
        floor = 0
        while self.entries > self.cap // 2:
            floor += 1
            for table in self.counts.values():
                rare = [key for key, count in table.items() if count <= floor]
                for key in rare:
                    del table[key]
                self.entries -= len(rare)
        self.counts = {group: table for group, table in self.counts.items() if table}
        self.pruned_below = max(self.pruned_below, floor)

    def frequent(self, share: float) -> Corpus:
        """The lines of each large-enough group in at least ``max(MIN_COUNT, share × documents)`` of its documents."""
        groups = {}
        for group, n in sorted(self.documents.items()):
            if n < MIN_GROUP:
                continue
            least = max(MIN_COUNT, share * n)
            table = self.counts.get(group, {})
            lines = {key: count for key, count in sorted(table.items()) if count >= least}
            groups[group] = CorpusGroup(group, n, MappingProxyType(lines))
        return Corpus(share, MappingProxyType(groups))

    # serialisation: gzipped JSON, hashes as one sorted hex string per group, so the file is small and stable

    def to_bytes(self, inputs: str = "") -> bytes:
        groups = {}
        for group in sorted(self.documents):
            table = self.counts.get(group, {})
            keys = sorted(table)
            groups[group] = {
                "documents": self.documents[group],
                "hashes": "".join(f"{key:016x}" for key in keys),
                "counts": [table[key] for key in keys],
            }
        body = {"schema": SCHEMA, "inputs": inputs, "cap": self.cap, "pruned_below": self.pruned_below}
        body["groups"] = groups
        return gzip.compress(json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8"), mtime=0)

    @classmethod
    def from_bytes(cls, data: bytes) -> tuple[LineStats, str]:
        """The table and the inputs digest it was saved with; ValueError if it is not a stats file."""
        try:
            body = json.loads(gzip.decompress(data))
        except (OSError, EOFError, ValueError) as error:
            raise ValueError(f"not a corpus stats file: {error}") from None
        if not isinstance(body, dict) or body.get("schema") != SCHEMA:
            raise ValueError("corpus stats file of another schema")
        stats = cls(cap=body["cap"], pruned_below=body["pruned_below"])
        for group, entry in body["groups"].items():
            stats.documents[group] = entry["documents"]
            hexes = entry["hashes"]
            keys = (int(hexes[i : i + 16], 16) for i in range(0, len(hexes), 16))
            table = dict(zip(keys, entry["counts"], strict=True))
            if table:
                stats.counts[group] = table
            stats.entries += len(table)
        return stats, body["inputs"]

    def save(self, path: Path, inputs: str) -> None:
        from cleaner.sinks.atomic import write_atomic

        write_atomic(path, self.to_bytes(inputs))

    @classmethod
    def load(cls, path: Path, inputs: str) -> LineStats | None:
        """The table saved at ``path`` for the same inputs, or None (missing, unreadable, other inputs)."""
        try:
            stats, saved_for = cls.from_bytes(path.read_bytes())
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return stats if saved_for == inputs else None


@dataclass(frozen=True, slots=True)
class CorpusGroup:
    """One group's frequent lines: what ``detector:repetition`` needs for a document of that group."""

    name: str
    documents: int
    lines: MappingProxyType[int, int]  # line hash -> documents of the group holding it

    def record(self) -> dict[str, Any]:
        """What provenance says about the corpus a document was cleaned with; a change means redo on resume."""
        digest = hashlib.sha256(f"{self.name}\n{self.documents}\n".encode())
        for key, count in self.lines.items():
            digest.update(f"{key:016x} {count}\n".encode())
        return {"group": self.name, "documents": self.documents, "sha256": digest.hexdigest()}


@dataclass(frozen=True, slots=True)
class Corpus:
    """The frequent lines of every group large enough to judge, for one share."""

    share: float
    groups: MappingProxyType[str, CorpusGroup]

    def group(self, name: str) -> CorpusGroup | None:
        return self.groups.get(name)

    def __bool__(self) -> bool:
        return bool(self.groups)

    def __iter__(self) -> Iterator[CorpusGroup]:
        return iter(self.groups.values())

    def __reduce__(self) -> tuple[Any, ...]:  # mapping proxies do not pickle; workers and Ray need this
        return (_corpus, (self.share, {g.name: (g.documents, dict(g.lines)) for g in self}))


def _corpus(share: float, groups: dict[str, tuple[int, dict[int, int]]]) -> Corpus:
    built = {name: CorpusGroup(name, n, MappingProxyType(lines)) for name, (n, lines) in groups.items()}
    return Corpus(share, MappingProxyType(built))
