"""Per-line Unicode clean-up that a corpus needs, keeping each line's source offsets.

Normalisation never crosses a line, so a normalised line always maps back to one
source line; that is what keeps offsets in provenance exact.
"""

from __future__ import annotations

import re
import unicodedata

# Zero-width and invisible formatting characters a scraper leaves in text.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
# Every Unicode space separator (no-break, thin, ideographic…) becomes a plain space.
_SPACES = "".join(chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Zs" and c != 0x20)
_TABLE = str.maketrans({**{ch: " " for ch in _SPACES}, **{ch: None for ch in _INVISIBLE}})
# C0/C1 control characters other than tab: never text, sometimes left by bad decoders.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def normalise_line(text: str) -> str:
    """Unicode spaces to ' ', invisible and control characters removed, right-trimmed."""
    text = text.translate(_TABLE)
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
    return text.rstrip()
