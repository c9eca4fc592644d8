#!/usr/bin/env python3
"""Peak memory of `cleaner clean` on large plain-text files: does it grow with the file?

    python bench/memory.py [--sizes 50 500] [--line 100] [--mode balanced] [--dev DIR] [--keep]

Writes, in a scratch folder, files of SIZES megabytes made of real pages one after
another (the seeds and the development set's dirty pages, their debris lines
included, blank lines between), and one file that is a single line of LINE
megabytes; then runs `cleaner clean FILE -o OUT -q -j 1` on each as a child
process under GNU time and prints its peak resident memory and wall time.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent / "seeds"
DEFAULT_DEV = HERE.parent.parent / "shared" / "bench" / "dev"
MB = 1 << 20


def pages(dev: Path) -> list[str]:
    """Article texts with their debris: the seeds, then the development set's dirty pages (when present)."""
    found = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    found += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(dev.glob("*/*.dirty.txt"))[:400]]
    return [page.strip("\n") for page in found if page.strip()]


def write_articles(path: Path, size: int, texts: list[str]) -> None:
    """Pages in turn, blank lines between, until ``size`` bytes (written as it goes, never held whole)."""
    written = 0
    with path.open("w", encoding="utf-8") as out:
        for text in _cycle(texts):
            if written >= size:
                break
            data = text + "\n\n\n"
            written += len(data.encode("utf-8"))
            out.write(data)


def write_line(path: Path, size: int, texts: list[str]) -> None:
    """One line of ``size`` bytes: the pages' words joined by spaces, no line break until the end."""
    words = " ".join(" ".join(texts[:50]).split()) + " "
    written = 0
    with path.open("w", encoding="utf-8") as out:
        while written < size:
            out.write(words)
            written += len(words.encode("utf-8"))
        out.write("\n")


def _cycle(texts: list[str]) -> Iterator[str]:
    while True:
        yield from texts


def measure(source: Path, out: Path, mode: str) -> dict[str, object]:
    """Peak RSS (GNU time's %M, in MB) and wall seconds of one `cleaner clean` process."""
    shutil.rmtree(out, ignore_errors=True)
    cleaner = Path(sys.executable).with_name("cleaner")
    command = [str(cleaner), "clean", str(source), "-o", str(out), "-q", "-j", "1", "--mode", mode]
    start = time.perf_counter()
    run = subprocess.run(["/usr/bin/time", "-f", "%M", *command], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    peak = int(run.stderr.strip().splitlines()[-1]) / 1024
    meta = next(out.glob("*.meta.json"), None)
    record = json.loads(meta.read_text()) if meta else {}
    return {
        "file": source.name,
        "mb": round(source.stat().st_size / MB, 1),
        "exit": run.returncode,
        "peak_mb": round(peak),
        "seconds": round(seconds, 1),
        "windows": record.get("windows", {}).get("count", 1 if record else None),
        "split_lines": len(record.get("windows", {}).get("split_lines", [])),
        "removals": record.get("summary", {}).get("removals"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[50, 500], help="article files, in MB")
    parser.add_argument("--line", type=int, default=100, help="single-line file, in MB (0: none)")
    parser.add_argument("--mode", default="balanced")
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder and print its path")
    args = parser.parse_args()
    texts = pages(args.dev)
    scratch = Path(tempfile.mkdtemp(prefix="cleaner-memory-"))
    try:
        jobs = [(scratch / f"articles-{n}mb.txt", n, write_articles) for n in args.sizes]
        if args.line:
            jobs.append((scratch / f"line-{args.line}mb.txt", args.line, write_line))
        print(f"{'file':<22} {'MB':>6} {'exit':>4} {'peak MB':>8} {'seconds':>8} {'windows':>8} {'splits':>6}")
        for path, size, write in jobs:
            write(path, size * MB, texts)
            row = measure(path, scratch / "out", args.mode)
            print(
                f"{row['file']:<22} {row['mb']:>6} {row['exit']:>4} {row['peak_mb']:>8} {row['seconds']:>8}"
                f" {row['windows']!s:>8} {row['split_lines']:>6}",
                flush=True,
            )
            path.unlink()
    finally:
        if args.keep:
            print(f"kept {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
