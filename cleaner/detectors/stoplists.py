"""jusText's stoplists, looked up by the ISO 639-1 code langdetect gives."""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

# ISO 639-1 (langdetect) -> jusText stoplist name; languages without one get an empty list.
# fmt: off
_NAMES = {
    "af": "Afrikaans", "ar": "Arabic", "bg": "Bulgarian", "bn": "Bengali", "ca": "Catalan",
    "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German", "el": "Greek", "en": "English",
    "es": "Spanish", "et": "Estonian", "fa": "Persian", "fi": "Finnish", "fr": "French",
    "gu": "Gujarati", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian",
    "id": "Indonesian", "it": "Italian", "kn": "Kannada", "ko": "Korean", "lt": "Lithuanian",
    "lv": "Latvian", "mk": "Macedonian", "ml": "Malayalam", "mr": "Marathi", "ne": "Nepali",
    "nl": "Dutch", "no": "Norwegian_Bokmal", "pa": "Western_Panjabi", "pl": "Polish",
    "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian",
    "sq": "Albanian", "sv": "Swedish", "sw": "Swahili", "ta": "Tamil", "te": "Telugu",
    "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese",
}
# fmt: on


def stoplist_name(code: str | None) -> str | None:
    """The jusText stoplist for a language code, or None when jusText has none."""
    return _NAMES.get((code or "").split("-")[0].lower())


@lru_cache(maxsize=64)
def stoplist(code: str | None) -> frozenset[str]:
    """Lower-cased stopwords for the language; empty when unknown (callers then judge by length only)."""
    name = stoplist_name(code)
    if name is None:
        return frozenset()
    text = (_stoplist_dir() / f"{name}.txt").read_text(encoding="utf-8")
    return frozenset(word.strip().lower() for word in text.splitlines() if word.strip())


@lru_cache(maxsize=1)
def _stoplist_dir() -> Path:
    # find the package without importing it: justext 3's __init__ imports lxml.html.clean,
    # which recent lxml split out, and we only need its data files
    spec = importlib.util.find_spec("justext")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("justext is not installed: it provides the stoplists")
    return Path(next(iter(spec.submodule_search_locations))) / "stoplists"
