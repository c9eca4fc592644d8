"""Per-line Unicode clean-up that a corpus needs, keeping each line's source offsets.

Normalisation never crosses a line, so a normalised line always maps back to one
source line; that is what keeps offsets in provenance exact.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Zero-width and invisible formatting characters a scraper leaves in text.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
# Every Unicode space separator (category Zs: no-break, thin, ideographic…) becomes a plain space.
# Spelled out: deriving it scanned all 1.1 million code points at import, half a second
# of every run's start-up. A test checks it against the running Python's Unicode tables.
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
# A lone UTF-16 surrogate (half an emoji escaped in JSON, "\ud83d") is no character: it cannot be
# written as UTF-8 and stops RE2. It becomes U+FFFD, one character for one, so offsets still hold.
_SURROGATES = {chr(c): "\ufffd" for c in range(0xD800, 0xE000)}
_TABLE = str.maketrans({**{ch: " " for ch in _SPACES}, **{ch: None for ch in _INVISIBLE}, **_SURROGATES})
# Vertical tab, form feed and the file, group, record and unit separators part words, as a space
# does: deleted, they glued "Page one.\fPage two." into "Page one.Page two.".
_SEPARATORS = re.compile(r"[\x0b\x0c\x1c-\x1f]")
# The other C0/C1 control characters (tab aside; \n and \r never reach here: segment splits lines at them):
# never text, sometimes left by bad decoders.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x9f]")


def normalise_line(text: str) -> str:
    """Unicode spaces and separating controls (\\v, \\f, \\x1c-\\x1f) to ' ', invisible and other control characters
    removed, lone surrogates to U+FFFD, right-trimmed."""
    if not text.isascii():  # every character the table maps is outside ASCII; most lines are ASCII
        text = text.translate(_TABLE)
    if _SEPARATORS.search(text):
        text = _SEPARATORS.sub(" ", text)
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    return text.rstrip()


def _spaces_only(text: str) -> str:
    """``normalise_line`` of a line of a text without control characters: one search of the whole text
    spares every line its two."""
    if not text.isascii():
        text = text.translate(_TABLE)
    return text.rstrip()


def line_normaliser(source: str) -> Callable[[str], str]:
    """``normalise_line``, or a faster function equal to it on the lines of ``source``."""
    return normalise_line if _SEPARATORS.search(source) or _CONTROL.search(source) else _spaces_only
