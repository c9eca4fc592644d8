"""Whether an input file changed while it was being read: its size, mtime and inode before and after.

A file another process appends to, rewrites or replaces while the cleaner reads it
gives bytes that belong to no version of the file; cleaning them would record a
SHA-256 that matches nothing on disk. The readers stamp the file before reading and
check the stamp after the last byte, before any output is renamed into place. A
rewrite of the same size within one timestamp tick of the file system goes unseen.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from cleaner.sources import InputError


class FileChanged(InputError):
    """The file is not the one whose reading started; the message says what changed."""


@dataclass(frozen=True, slots=True)
class FileStamp:
    size: int
    mtime_ns: int
    inode: int

    @classmethod
    def of(cls, path: Path) -> FileStamp:
        """The stamp of the file now (OSError if it cannot be stat'ed or is no regular file)."""
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(path)
        return cls(info.st_size, info.st_mtime_ns, info.st_ino)


def require_regular(path: Path) -> None:
    """Raise NotRegularFile (an OSError) unless ``path`` is a regular file, before anything reads it."""
    FileStamp.of(path)


class NotRegularFile(OSError):
    """A named pipe, device or socket: reading one could block for ever (a FIFO) or never end (/dev/zero)."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"not a regular file (a named pipe, device or socket): {path.name}")
        self.strerror = "not a regular file (a named pipe, device or socket)"


def check_unchanged(path: Path, before: FileStamp) -> None:
    """Raise FileChanged if ``path`` no longer has the stamp ``before`` (or is gone)."""
    try:
        after = FileStamp.of(path)
    except OSError as error:
        raise FileChanged(f"changed while being read ({error.strerror or error}); not written, run again") from None
    if after != before:
        raise FileChanged(f"changed while being read ({_difference(before, after)}); not written, run again")


def _difference(before: FileStamp, after: FileStamp) -> str:
    if after.size != before.size:
        return f"size {before.size} -> {after.size}"
    if after.inode != before.inode:
        return f"replaced: inode {before.inode} -> {after.inode}"
    return f"modified: mtime_ns {before.mtime_ns} -> {after.mtime_ns}"
