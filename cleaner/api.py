"""The public Python API: the same engine the CLI uses, for pipelines that run in Python.

Public and stable: ``Cleaner``, ``clean_text``, ``Result`` (``text``, ``spans``,
``language``, ``suspect``, ``empty``, ``to_metadata()``), ``Span``, ``Language``
and ``Mode``. Everything else in the package is internal and may change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from cleaner.document import Result
from cleaner.pipeline import Engine, Mode
from cleaner.rules.loader import load_rules

RulePaths = Sequence[str | Path]


class Cleaner:
    """Rules loaded and validated once, reused for every document; picklable for worker processes.

    >>> cleaner = Cleaner(mode="rules")
    >>> cleaner("Advertisement\\nThe article itself.").text
    'The article itself.\\n'
    """

    def __init__(self, rules: RulePaths | None = None, *, mode: str | Mode = Mode.BALANCED, builtin_rules: bool = True):
        self.engine = Engine(load_rules([Path(p) for p in rules or ()], builtin=builtin_rules), Mode(mode))

    @property
    def mode(self) -> Mode:
        return self.engine.mode

    def __call__(self, text: str, *, url: str | None = None) -> Result:
        """Clean one document; offsets in the result refer to ``text``."""
        if not isinstance(text, str):
            raise TypeError(f"Cleaner expects the document's text as a str, not {type(text).__name__}")
        return self.engine.clean(text, url=url)

    def map_fn(
        self, text_column: str = "text", *, url_column: str | None = None, prefix: str = "clean_"
    ) -> Callable[[dict[str, list[Any]]], dict[str, list[Any]]]:
        """A batched function for ``datasets.Dataset.map(fn, batched=True)``.

        It adds ``{prefix}text`` (the clean text) and ``{prefix}metadata`` (the
        provenance dict of ``Result.to_metadata()``) to each batch.
        """
        return _BatchCleaner(self, text_column, url_column, prefix)


class _BatchCleaner:
    """A picklable callable (``datasets`` with ``num_proc`` sends it to worker processes)."""

    def __init__(self, cleaner: Cleaner, text_column: str, url_column: str | None, prefix: str):
        self.cleaner, self.text_column, self.url_column, self.prefix = cleaner, text_column, url_column, prefix

    def __call__(self, batch: dict[str, list[Any]]) -> dict[str, list[Any]]:
        texts = batch[self.text_column]
        urls = batch[self.url_column] if self.url_column else [None] * len(texts)
        results = [self.cleaner(text or "", url=url) for text, url in zip(texts, urls, strict=True)]
        return {
            f"{self.prefix}text": [r.text for r in results],
            f"{self.prefix}metadata": [r.to_metadata() for r in results],
        }


@lru_cache(maxsize=8)
def _cached(rules: tuple[str, ...], mode: Mode) -> Cleaner:
    return Cleaner(rules, mode=mode)


def clean_text(
    text: str, *, url: str | None = None, mode: str | Mode = Mode.BALANCED, rules: RulePaths | None = None
) -> Result:
    """Clean one document with the built-in rules plus ``rules`` (loaded once per process).

    >>> clean_text("Leave a Reply\\nName *", mode="rules").text
    ''
    """
    return _cached(tuple(str(p) for p in rules or ()), Mode(mode))(text, url=url)
