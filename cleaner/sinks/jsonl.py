"""JSONL output: shards of at most N documents or B bytes, each line ``{id, text, metadata}``.

The format DataTrove's JsonlReader, Dolma and ``datasets.load_dataset("json")``
read directly. A shard is written to a temporary file and renamed when full or
at the end, so a shard on disk is always complete. At the end, shards an
earlier run left beyond this run's are removed, so the folder's shards are
this run's documents and no others.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from cleaner.sinks.atomic import file_mode, temp_prefix


def shard_name(prefix: str, index: int) -> str:
    return f"{prefix}-{index:05d}.jsonl"


def is_shard_name(prefix: str, name: str) -> bool:
    """Whether ``name`` is one ``shard_name`` gives (``part-00042.jsonl``), so no other file is ever removed."""
    return re.fullmatch(re.escape(prefix) + r"-(\d{5}|[1-9]\d{5,})\.jsonl", name) is not None


class ShardError(Exception):
    """A shard could not be written (its temporary is then removed), or an earlier run's could not be removed."""

    def __init__(self, action: str, path: Path, reason: str) -> None:
        super().__init__(f"cannot {action} shard {path}: {reason}")
        self.path = path


class JsonlShards:
    """Writes records in the order given, rotating shards at ``max_docs`` or ``max_bytes``."""

    def __init__(self, out_dir: Path, *, max_docs: int = 10_000, max_bytes: int = 256 << 20, prefix: str = "part"):
        self.out_dir, self.max_docs, self.max_bytes, self.prefix = out_dir, max_docs, max_bytes, prefix
        self.index = 0
        self.written: list[Path] = []
        self.removed: list[Path] = []  # shards of an earlier run, removed by close()
        self._handle: IO[bytes] | None = None
        self._tmp = ""
        self._docs = self._bytes = 0

    def write(self, record: dict[str, Any]) -> None:
        """Append ``record``; raises ShardError, with no shard left open, when its shard cannot be written."""
        line = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        with self._shard_errors():
            if self._handle is not None and (self._docs >= self.max_docs or self._bytes + len(line) > self.max_bytes):
                self._close()
            if self._handle is None:
                self._open()
            assert self._handle is not None
            self._handle.write(line)
        self._docs += 1
        self._bytes += len(line)

    def close(self) -> list[Path]:
        """Finish the last shard and remove the earlier run's shards this run did not write; returns this run's."""
        if self._handle is not None:
            with self._shard_errors():
                self._close()
        try:
            self.removed = self._stale()
            for path in self.removed:
                path.unlink(missing_ok=True)
        except OSError as error:
            raise ShardError("remove", Path(error.filename or self.out_dir), error.strerror or str(error)) from None
        return self.written

    @contextlib.contextmanager
    def _shard_errors(self) -> Iterator[None]:
        """An OSError while the shard is written becomes a ShardError naming it, and the temporary goes."""
        try:
            yield
        except OSError as error:
            target = self.out_dir / shard_name(self.prefix, self.index)
            self._discard()
            raise ShardError("write", target, error.strerror or str(error)) from None

    def _discard(self) -> None:
        if self._handle is not None:
            with contextlib.suppress(OSError):  # the write already failed; closing may fail the same way
                self._handle.close()
            self._handle = None
        if self._tmp:
            Path(self._tmp).unlink(missing_ok=True)
            self._tmp = ""

    def _stale(self) -> list[Path]:
        if not self.out_dir.is_dir():
            return []
        mine = set(self.written)
        return [
            path
            for path in sorted(self.out_dir.iterdir())
            if is_shard_name(self.prefix, path.name) and path not in mine and path.is_file()
        ]

    def _open(self) -> None:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        fd, self._tmp = tempfile.mkstemp(prefix=temp_prefix(self.prefix), suffix=".tmp", dir=self.out_dir)
        self._handle = os.fdopen(fd, "wb")

    def _close(self) -> None:
        assert self._handle is not None
        self._handle.flush()
        os.fchmod(self._handle.fileno(), file_mode())  # mkstemp's 0o600 would hide the shard from other users
        os.fsync(self._handle.fileno())
        self._handle.close()
        self._handle = None
        target = self.out_dir / shard_name(self.prefix, self.index)
        os.replace(self._tmp, target)
        self._tmp = ""
        self.written.append(target)
        self.index += 1
        self._docs = self._bytes = 0
