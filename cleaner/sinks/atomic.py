"""Atomic file writes: a temporary file in the same folder, fsynced, then renamed over the target."""

from __future__ import annotations

import contextlib
import functools
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

TEMP_PREFIX = ".cleaner-tmp-"


def sweep_temporaries(folder: Path) -> int:
    """Remove temporary files a killed run left behind; returns how many."""
    count = 0
    for leftover in folder.rglob(f"{TEMP_PREFIX}*.tmp"):
        leftover.unlink(missing_ok=True)
        count += 1
    return count


@functools.cache
def _umask() -> int:
    """The process umask, read once: from /proc when it says, else by setting and restoring it."""
    # os.umask can only be read by changing it, which races with threads creating files; /proc does not.
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def file_mode() -> int:
    """What ``open()`` would give a new file: 0o666 less the umask (mkstemp's files are 0o600)."""
    return 0o666 & ~_umask()


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """A binary handle on a temporary file that becomes ``path`` when the block ends without error."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fchmod(handle.fileno(), file_mode())
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half of it."""
    with atomic_writer(path) as handle:
        handle.write(data)
