"""Find the input files of a run: files named directly, or folders walked recursively in sorted order."""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from cleaner.sources import HTML_SUFFIXES, JSONL_SUFFIXES, WARC_SUFFIXES


def display(path: Path | str) -> str:
    """A path as valid UTF-8 text: undecodable bytes in a file name become backslash escapes."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


_ESCAPED_BYTE = re.compile(r"\\x([89a-f][0-9a-f])")


def undisplay(text: str) -> str:
    """The path ``display`` wrote as ``text``: its ``\\xNN`` escapes of bytes 0x80 and up back to the
    undecodable bytes they stand for (as ``os.fsdecode`` holds them). A name that really holds such an
    escape reads as it is first: callers try ``text`` itself before this."""
    return _ESCAPED_BYTE.sub(lambda m: chr(0xDC00 + int(m.group(1), 16)), text)


def size_of(path: Path) -> int:
    """A file's size, 0 when it cannot be read (the run reports why when it tries)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


@dataclass(frozen=True, slots=True, init=False)
class Task:
    """One input file and where, relative to the output folder, its outputs go.

    A run holds every task of a corpus at once, so the paths are kept as strings (a
    path object keeps a list of its parts and caches its string: 2.5 times the memory)
    and made into paths when asked for.
    """

    _path: str
    _relative: str

    def __init__(self, path: Path | str, relative: Path | str) -> None:
        object.__setattr__(self, "_path", os.fspath(path))
        object.__setattr__(self, "_relative", os.fspath(relative))

    @property
    def path(self) -> Path:
        return Path(self._path)

    @property
    def relative(self) -> Path:
        return Path(self._relative)

    def __reduce__(self) -> tuple[type[Task], tuple[str, str]]:  # to worker processes and Ray tasks
        return Task, (self._path, self._relative)


def discover(sources: Sequence[Path], pattern: str = "*.txt", exclude: Path | None = None) -> Iterator[Task]:
    """Tasks for every matching file, sorted within each folder; symbolic links to folders are not followed."""
    skip = exclude.resolve() if exclude is not None else None
    for source in sources:
        if source.is_dir():
            yield from _walk(source, pattern, skip)
        else:
            yield Task(source, Path(source.name))


def _walk(root: Path, pattern: str, skip: Path | None) -> Iterator[Task]:
    for folder, dirs, files in os.walk(root, followlinks=False):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if skip is None or (here / d).resolve() != skip)
        for name in sorted(files):
            if fnmatch.fnmatchcase(name, pattern):
                path = here / name
                yield Task(path, path.relative_to(root))


# The formats we read, for the hint when --glob matched nothing.
KNOWN_SUFFIXES = (".txt", *HTML_SUFFIXES, *JSONL_SUFFIXES, *WARC_SUFFIXES)


def unmatched_formats(sources: Sequence[Path], exclude: Path | None = None, limit: int = 10_000) -> dict[str, int]:
    """How many files of each input format the source folders hold (looking at ``limit`` files at most)."""
    counts: dict[str, int] = {}
    for n, task in enumerate(_all_files(sources, exclude)):
        if n >= limit:
            break
        name = task.path.name
        suffix = max((s for s in KNOWN_SUFFIXES if name.lower().endswith(s)), key=len, default=None)
        if suffix is not None:
            spelt = name[-len(suffix) :]  # as the files spell it: --glob is case-sensitive
            counts[spelt] = counts.get(spelt, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _all_files(sources: Sequence[Path], exclude: Path | None) -> Iterator[Task]:
    skip = exclude.resolve() if exclude is not None else None
    for source in sources:
        if source.is_dir():
            yield from _walk(source, "*", skip)


def first_inside(tasks: Sequence[Task], folder: Path) -> Task | None:
    """The first task whose file lies in ``folder`` (symbolic links followed), if any.

    An input inside the output folder could be overwritten by an output: ``-o`` equal
    to the source folder wrote ``a.txt``'s cleaned text over ``a.txt`` itself.
    """
    target = Path(os.path.realpath(folder))
    # realpath, not resolve(): a symbolic-link loop is the run's to report (as a file it cannot read), not ours
    return next((task for task in tasks if Path(os.path.realpath(task.path)).is_relative_to(target)), None)


def inside_a_source(sources: Sequence[Path], folder: Path) -> bool:
    """Whether ``folder`` lies inside one of the source folders (whose walk then skips it)."""
    target = Path(os.path.realpath(folder))
    return any(target.is_relative_to(os.path.realpath(source)) for source in sources if source.is_dir())
