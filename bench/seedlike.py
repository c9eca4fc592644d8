#!/usr/bin/env python3
"""Seed-like input: what a recall-oriented extractor leaves, before and after `cleaner`.

    python bench/seedlike.py [--dev DIR] [--mode balanced] [--cache DIR]

For every development page that has HTML, trafilatura extracts text with
favor_recall=True, include_comments=True, include_tables=True (so comment
threads, related links and banners stay in, as in seeds/). Each text is scored
against the page's gold as is ("keep all") and after cleaning in the given mode;
macro P/R/F1 per set are printed for both.
"""

from __future__ import annotations

import argparse
import gzip
import sys
from multiprocessing import Pool
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import score  # noqa: E402

DEFAULT_DEV = HERE.parent.parent / "shared" / "bench" / "dev"
MODE = "balanced"


def extract(args: tuple[str, str, str]) -> tuple[str, str, str | None]:
    set_dir, id_, cache = args
    cached = Path(cache) / f"{Path(set_dir).name}-{id_}.txt"
    if cached.exists():
        return set_dir, id_, cached.read_text(encoding="utf-8")
    import trafilatura

    html = gzip.decompress((Path(set_dir) / f"{id_}.html.gz").read_bytes()).decode("utf-8", errors="replace")
    text = trafilatura.extract(html, favor_recall=True, include_comments=True, include_tables=True) or ""
    cached.write_text(text, encoding="utf-8")
    return set_dir, id_, text


def clean(args: tuple[str, str, str]) -> tuple[str, tuple, tuple]:
    from cleaner.pipeline import Engine, Mode
    from cleaner.rules.loader import load_rules

    global _ENGINE
    if "_ENGINE" not in globals():
        _ENGINE = Engine(load_rules(), Mode(MODE))
    set_dir, id_, text = args
    gold = Path(set_dir) / f"{id_}.gold.txt"
    raw = score.score_one(gold, text)
    cleaned = score.score_one(gold, _ENGINE.clean(text).text)
    pick = ("precision", "recall", "f1")
    return Path(set_dir).name, tuple(raw[k] for k in pick), tuple(cleaned[k] for k in pick)


def main() -> None:
    global MODE
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    ap.add_argument("--mode", default="balanced")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/cleaner-seedlike"))
    args = ap.parse_args()
    MODE = args.mode
    args.cache.mkdir(parents=True, exist_ok=True)
    jobs = [(str(d), p.name[: -len(".html.gz")], str(args.cache))
            for d in sorted(p for p in args.dev.iterdir() if p.is_dir()) for p in sorted(d.glob("*.html.gz"))]
    with Pool() as pool:
        texts = pool.map(extract, jobs, chunksize=4)
        rows = pool.map(clean, texts, chunksize=4)
    for name in sorted({r[0] for r in rows}):
        mine = [r for r in rows if r[0] == name]
        n = len(mine)
        for label, k in (("keep all", 1), (f"cleaner --mode {MODE}", 2)):
            p, r, f = (sum(row[k][i] for row in mine) / n for i in range(3))
            print(f"{name:12s} {n:4d} pages  {label:24s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")


if __name__ == "__main__":
    main()
