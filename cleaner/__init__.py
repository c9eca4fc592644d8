"""cleaner: turn scraped web text into clean corpus text, with an auditable record of every removal.

Public API (stable): ``Cleaner``, ``clean_text``, ``Result``, ``Span``, ``Language``, ``Mode``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.2.22"
__all__ = ["Cleaner", "Language", "Mode", "Result", "Span", "clean_text", "__version__"]

if TYPE_CHECKING:
    from cleaner.api import Cleaner, clean_text
    from cleaner.document import Language, Result, Span
    from cleaner.pipeline import Mode

_EXPORTS = {
    "Cleaner": "cleaner.api",
    "clean_text": "cleaner.api",
    "Result": "cleaner.document",
    "Span": "cleaner.document",
    "Language": "cleaner.document",
    "Mode": "cleaner.pipeline",
}


def __getattr__(name: str) -> Any:
    """Import the public names lazily, so ``import cleaner`` stays cheap (no rules, no langdetect)."""
    if name in _EXPORTS:
        import importlib

        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'cleaner' has no attribute {name!r}")
