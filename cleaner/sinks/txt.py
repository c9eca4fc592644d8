"""The default sink: ``OUT/rel/name.txt`` (clean text) and ``OUT/rel/name.meta.json`` (provenance)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cleaner.sinks.atomic import write_atomic


def output_paths(out_dir: Path, relative: Path) -> tuple[Path, Path]:
    """Where the text and the metadata of the source at ``relative`` go."""
    stem = relative.with_suffix("") if relative.suffix else relative
    if stem.name.endswith((".html", ".htm")):  # name.html.gz → name
        stem = stem.with_suffix("")
    return out_dir / stem.with_name(stem.name + ".txt"), out_dir / stem.with_name(stem.name + ".meta.json")


def meta_json(meta: dict[str, Any]) -> bytes:
    return (json.dumps(meta, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def write_txt(text_path: Path, meta_path: Path, text: str, meta: dict[str, Any]) -> None:
    """Text first, metadata last: a ``.meta.json`` present means its text is complete."""
    write_atomic(text_path, text.encode("utf-8"))
    write_atomic(meta_path, meta_json(meta))
