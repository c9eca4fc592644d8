#!/usr/bin/env python3
"""Throughput of `cleaner clean` (a whole process, as a user runs it) beside jusText and trafilatura.

    python bench/throughput.py [--dev DIR] [--set wcxb] [--limit N] [--jobs 1 2] [--html]
                               [--repeat K] [--no-justext]

Text path: copies ID.dirty.txt files into a scratch folder, times `cleaner clean`
end to end for each --jobs value, then jusText (its English stoplist) on the same
texts in this process. HTML path (--html): `cleaner clean` on the ID.html.gz
pages beside trafilatura's own extraction of the same pages, whole and past the
process's start-up (the time a second copy of the pages adds), and the per-page
work (all but writing files) in this process beside trafilatura in the same process:
the steadiest ratio of the two (--rounds, in turns; the median). Prints docs/s, MB/s
and the peak resident memory of each cleaner process. ``--repeat K`` cleans K
copies of the texts (in K sub-folders), to compare peak memory as the corpus
grows: it must stay flat.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DEV = HERE.parent.parent / "shared" / "bench" / "dev"


def time_cleaner(inp: Path, out: Path, jobs: int, mode: str, glob: str = "*.txt") -> tuple[float, float]:
    """Wall seconds and peak resident MB of the largest process (GNU time's %M)."""
    shutil.rmtree(out, ignore_errors=True)
    command = ["cleaner", "clean", str(inp), "-o", str(out), "-q", "-j", str(jobs), "--mode", mode, "--glob", glob]
    start = time.perf_counter()
    run = subprocess.run(["/usr/bin/time", "-f", "%M", *command], check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    return seconds, int(run.stderr.strip().splitlines()[-1]) / 1024


def time_justext(texts: list[str]) -> float:
    import html

    import justext

    stoplist = justext.get_stoplist("English")
    start = time.perf_counter()
    for text in texts:
        # jusText reads HTML: give it the text as paragraphs, the way text-only users call it
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n") if p.strip())
        justext.justext(f"<html><body>{paragraphs}</body></html>".encode(), stoplist)
    return time.perf_counter() - start


def time_trafilatura(pages: list[bytes], with_metadata: bool = False) -> float:
    """trafilatura's extraction with our settings; with_metadata: also title, author, date… as we keep them."""
    import trafilatura

    start = time.perf_counter()
    for page in pages:
        trafilatura.bare_extraction(
            page, favor_recall=True, include_comments=True, include_tables=True, with_metadata=with_metadata
        )
    return time.perf_counter() - start


def time_cleaner_in_process(pages: list[tuple[str, bytes]]) -> float:
    """The HTML path in this process, as a worker runs it per page minus the file writes:
    decode, trafilatura, rules and detectors, provenance and its JSON. Start-up is done before timing."""
    from cleaner.api import Cleaner
    from cleaner.langid import load
    from cleaner.provenance import provenance
    from cleaner.sinks.txt import meta_json
    from cleaner.sources.html import read_html

    engine = Cleaner().engine
    load()
    start = time.perf_counter()
    for name, data in pages:
        source, options = read_html(data, name=name).to_clean(name, detectors=engine.mode.value != "rules")
        result = engine.clean(source.text, url=source.url, **options)
        meta_json(provenance(name, source, result, output_path=name))
    return time.perf_counter() - start


def report(title: str, rows: dict[str, tuple[float, float | None]], n: int, mb: float) -> None:
    print(title)
    for name, (seconds, peak) in rows.items():
        memory = f"  peak {peak:6.0f} MB" if peak else ""
        print(f"  {name:26s} {seconds:7.1f} s  {n / seconds:7.1f} docs/s  {mb / seconds:6.2f} MB/s{memory}")
    print("  " + json.dumps({k: round(mb / v[0], 3) for k, v in rows.items()}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    ap.add_argument("--set", default="wcxb")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--mode", default="balanced")
    ap.add_argument("--html", action="store_true", help="also measure the HTML path against trafilatura")
    ap.add_argument("--repeat", type=int, default=1, help="clean this many copies of the texts")
    ap.add_argument("--no-justext", action="store_true", help="do not time jusText")
    ap.add_argument(
        "--rounds", type=int, default=3, help="HTML path: in-process rounds, ours and trafilatura's in turns"
    )
    a = ap.parse_args()
    files = sorted((a.dev / a.set).glob("*.dirty.txt"))[: a.limit]
    work = Path(tempfile.mkdtemp(prefix="cleaner-tp-"))
    inp = work / "in"
    for copy in range(a.repeat):
        folder = inp / f"copy{copy:03d}" if a.repeat > 1 else inp
        folder.mkdir(parents=True)
        for f in files:
            shutil.copyfile(f, folder / f.name.replace(".dirty", ""))
    texts = [f.read_text(encoding="utf-8") for f in files] * a.repeat
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    rows: dict[str, tuple[float, float | None]] = {}
    for jobs in a.jobs:
        rows[f"cleaner --jobs {jobs}"] = time_cleaner(inp, work / f"out{jobs}", jobs, a.mode)
    if not a.no_justext:
        rows["jusText (1 process)"] = (time_justext(texts), None)
    report(f"text path: {len(texts)} documents, {mb:.1f} MB ({a.set}, mode {a.mode})", rows, len(texts), mb)
    if a.html:
        pages = sorted((a.dev / a.set).glob("*.html.gz"))[: a.limit]
        hin, twice = work / "html", work / "html2"
        for folder, copies in ((hin, 1), (twice, 2)):
            for copy in range(copies):
                (folder / str(copy)).mkdir(parents=True)
                for page in pages:
                    shutil.copyfile(page, folder / str(copy) / page.name)
        raw = [gzip.decompress(p.read_bytes()) for p in pages]
        hmb = sum(len(r) for r in raw) / 1e6
        once = time_cleaner(hin, work / "hout", 1, a.mode, "*.html.gz")
        double = time_cleaner(twice, work / "hout2", 1, a.mode, "*.html.gz")
        time_trafilatura(raw, with_metadata=True)  # warm-up: htmldate loads dateparser on the first page needing it
        gz = [(p.name, p.read_bytes()) for p in pages]
        ours, theirs = [], []
        for _ in range(a.rounds):  # in turns, so a drift in the machine's speed falls on both
            ours.append(time_cleaner_in_process(gz))
            theirs.append(time_trafilatura(raw, with_metadata=True))
        hrows: dict[str, tuple[float, float | None]] = {
            "cleaner --jobs 1 (html)": once,
            # the second copy's time: what each page costs once the process has started
            # (imports, rules, langdetect's profiles: about 1.2 s however large the corpus)
            "cleaner, past start-up": (double[0] - once[0], None),
            "cleaner in this process": (statistics.median(ours), None),
            "trafilatura alone": (time_trafilatura(raw), None),
            "trafilatura + metadata": (statistics.median(theirs), None),
        }
        report(f"HTML path: {len(pages)} pages, {hmb:.1f} MB of HTML", hrows, len(pages), hmb)
        ratios = sorted(o / t for o, t in zip(ours, theirs, strict=True))
        print(
            f"  time in this process over trafilatura + metadata's, {a.rounds} rounds in turns: "
            f"median {statistics.median(ratios):.3f}x (" + ", ".join(f"{r:.3f}" for r in ratios) + ")"
        )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
