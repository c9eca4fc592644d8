"""Atomic file writes: a temporary file in the same folder, fsynced, then renamed over the target.

Temporaries are named ``.cleaner-tmp-PID@HOST@NAME.XXXXXX.tmp`` so that the
sweep at a run's start removes only those of runs that are gone, never the open
temporaries of another run writing to the same folder.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import socket
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

TEMP_PREFIX = ".cleaner-tmp-"
STALE_SECONDS = 24 * 3600  # another host's processes cannot be asked; a day-old temporary is a dead run's
_OWNER = re.compile(re.escape(TEMP_PREFIX) + r"(\d+)@([^@/]*)@")


@functools.cache
def _host() -> str:
    """This host's name, made safe for a file name and free of the ``@`` that delimits it."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", socket.gethostname()) or "unknown"


TEMP_NAME_CHARS = 32  # of the target's name, in its temporary's: a name near the file system's limit must still fit


def temp_prefix(name: str) -> str:
    """The prefix of a temporary for ``name``, naming this process and host (see ``sweep_temporaries``).

    Only the start of ``name`` is kept: the owner is what the sweep reads, and a
    temporary named in full would be some 40 bytes longer than its target, so an
    input whose outputs' names fit the file system could not be written.
    """
    return f"{TEMP_PREFIX}{os.getpid()}@{_host()}@{name[:TEMP_NAME_CHARS]}."


def sweep_temporaries(folder: Path) -> int:
    """Remove temporary files that runs now gone left behind; returns how many."""
    count = 0
    for leftover in folder.rglob(f"{TEMP_PREFIX}*.tmp"):
        if _abandoned(leftover):
            leftover.unlink(missing_ok=True)
            count += 1
    return count


def _abandoned(path: Path) -> bool:
    """Whether no running process can still be writing ``path``.

    Old-style names (no owner) are always swept, as before owners were recorded.
    On this host the owner is asked directly; another host's temporary (a Ray
    cluster shares storage), or one whose owner cannot be read, is left for a day.
    A day-old temporary is swept whoever owns it: its pid may have been given to
    a new process since, and a writer that lives touches its temporary as it writes.
    """
    owner = _OWNER.match(path.name)
    if owner is None:
        return True
    pid, host = int(owner.group(1)), owner.group(2)
    if host == _host() and 0 < pid <= 2**31 - 1 and not _alive(pid):
        return True
    try:
        return time.time() - path.stat().st_mtime > STALE_SECONDS
    except FileNotFoundError:
        return False  # removed meanwhile: nothing to sweep


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only checks that the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        pass
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """A process that has ended but was not reaped: a killed run's workers, in a container whose init does not reap."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # no /proc (not Linux): trust os.kill
        return False
    return stat.rpartition(")")[2].split()[:1] == ["Z"]  # the state follows the command name in parentheses


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
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path.name), suffix=".tmp", dir=path.parent)
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
