#!/usr/bin/env python3
"""Throughput of `cleaner clean` (a whole process, as a user runs it) beside jusText on the same texts.

    python bench/throughput.py [--dev DIR] [--set wcxb] [--limit N] [--jobs 1 2]

Copies ID.dirty.txt files into a scratch folder, times `cleaner clean` end to end
for each --jobs value, then times jusText (justext.justext with its English
stoplist) on the same texts in
this process, and prints docs/s and MB/s for each.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DEV = HERE.parent.parent / "shared" / "bench" / "dev"


def time_cleaner(inp: Path, out: Path, jobs: int, mode: str) -> float:
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    subprocess.run(["cleaner", "clean", str(inp), "-o", str(out), "-q", "-j", str(jobs), "--mode", mode], check=True)
    return time.perf_counter() - start


def time_justext(texts: list[str]) -> float:
    import html

    import justext

    stoplist = justext.get_stoplist("English")
    start = time.perf_counter()
    for text in texts:
        # jusText reads HTML: give it the text as paragraphs, the way text-only users call it
        page = (
            "<html><body>"
            + "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p.strip())
            + "</body></html>"
        )
        justext.justext(page.encode("utf-8"), stoplist)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    ap.add_argument("--set", default="wcxb")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--mode", default="balanced")
    a = ap.parse_args()
    files = sorted((a.dev / a.set).glob("*.dirty.txt"))[: a.limit]
    work = Path(tempfile.mkdtemp(prefix="cleaner-tp-"))
    inp = work / "in"
    inp.mkdir()
    for f in files:
        shutil.copyfile(f, inp / f.name.replace(".dirty", ""))
    texts = [f.read_text(encoding="utf-8") for f in files]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    rows = {}
    for jobs in a.jobs:
        seconds = time_cleaner(inp, work / f"out{jobs}", jobs, a.mode)
        rows[f"cleaner --jobs {jobs}"] = seconds
    rows["jusText (1 process)"] = time_justext(texts)
    print(f"{len(texts)} documents, {mb:.1f} MB ({a.set}, mode {a.mode})")
    for name, seconds in rows.items():
        print(f"{name:22s} {seconds:7.1f} s  {len(texts) / seconds:7.1f} docs/s  {mb / seconds:6.2f} MB/s")
    print(json.dumps({k: round(mb / v, 3) for k, v in rows.items()}))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
