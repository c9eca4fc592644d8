"""Atomic file writes: a temporary file in the same folder, fsynced, then renamed over the target."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

TEMP_PREFIX = ".cleaner-tmp-"


def sweep_temporaries(folder: Path) -> int:
    """Remove temporary files a killed run left behind; returns how many."""
    count = 0
    for leftover in folder.rglob(f"{TEMP_PREFIX}*.tmp"):
        leftover.unlink(missing_ok=True)
        count += 1
    return count


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
