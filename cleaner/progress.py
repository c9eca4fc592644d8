"""A tqdm progress bar over bytes processed, shown only on an interactive terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from cleaner.run import Outcome

T = TypeVar("T", bound=Outcome)


def with_progress(outcomes: Iterable[T], total_files: int, total_bytes: int, *, quiet: bool) -> Iterator[T]:
    """Pass outcomes through, advancing a files/MB/rate/ETA bar on stderr."""
    if quiet or not sys.stderr.isatty():
        yield from outcomes
        return
    from tqdm import tqdm

    with tqdm(total=total_bytes, unit="B", unit_scale=True, unit_divisor=1024, file=sys.stderr, desc="cleaning") as bar:
        for done, outcome in enumerate(outcomes, 1):
            bar.update(outcome.bytes_in)
            bar.set_postfix_str(f"{done}/{total_files} files", refresh=False)
            yield outcome
