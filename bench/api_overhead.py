#!/usr/bin/env python3
"""The Python API vs the CLI on the same development texts: the API's overhead, as a throughput ratio.

    python bench/api_overhead.py [--limit 1000] [--mode balanced]

Both use one process (the CLI with --jobs 1) so the ratio measures the API's
own cost, not parallelism.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

DEV = Path(__file__).resolve().parents[2] / "shared" / "bench" / "dev"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", type=Path, default=DEV)
    ap.add_argument("--limit", type=int, default=1000)
    ap.add_argument("--mode", default="balanced")
    a = ap.parse_args()
    files = sorted(list((a.dev / "wcxb").glob("*.dirty.txt")) + list((a.dev / "scrapinghub").glob("*.dirty.txt")))[
        : a.limit
    ]
    texts = [f.read_text(encoding="utf-8") for f in files]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6

    from cleaner import Cleaner

    start = time.perf_counter()
    cleaner = Cleaner(mode=a.mode)
    for text in texts:
        cleaner(text)
    api = time.perf_counter() - start

    work = Path(tempfile.mkdtemp(prefix="cleaner-api-"))
    (work / "in").mkdir()
    for f in files:
        shutil.copyfile(f, work / "in" / f.name)
    start = time.perf_counter()
    subprocess.run(
        # --no-corpus: the API cleans one text at a time and has no batch to learn repeated lines from
        ["cleaner", "clean", str(work / "in"), "-o", str(work / "out"), "-q", "-j", "1", "--mode", a.mode]
        + ["--no-corpus"],
        check=True,
    )
    cli = time.perf_counter() - start
    shutil.rmtree(work, ignore_errors=True)
    print(f"{len(texts)} texts, {mb:.1f} MB, mode {a.mode}")
    print(f"API (one process): {api:6.1f} s  {len(texts) / api:6.1f} docs/s  {mb / api:5.2f} MB/s")
    print(f"CLI (--jobs 1):    {cli:6.1f} s  {len(texts) / cli:6.1f} docs/s  {mb / cli:5.2f} MB/s")
    print(f"API / CLI throughput: {cli / api:.2f}")


if __name__ == "__main__":
    main()
