#!/usr/bin/env python3
"""Clean a development set with the installed `cleaner` and score it with score.py.

    python bench/devset.py [--set scrapinghub|wcxb|all] [--mode balanced] [--dev DIR] [--keep DIR] [--by-domain]

Copies each ID.dirty.txt to ID.txt in a scratch folder (the scorer matches outputs
by name), runs `cleaner clean`, prints macro P/R/F1 per set, and for wcxb per
page_type from its manifest. With --by-domain each page goes in a folder named
after its domain (from the manifest), so corpus-level repetition groups pages of
one site; extra `cleaner clean` arguments follow `--` (e.g. `-- --no-corpus`).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DEV = HERE.parent.parent / "shared" / "bench" / "dev"


def prepare(set_dir: Path, into: Path, html: bool = False, by_domain: bool = False) -> list[str]:
    """Inputs named so outputs match the gold: ID.txt from ID.dirty.txt, or ID.html.gz as is."""
    into.mkdir(parents=True, exist_ok=True)
    suffix = ".html.gz" if html else ".dirty.txt"
    ids = sorted(p.name[: -len(suffix)] for p in set_dir.glob(f"*{suffix}"))
    domains = site_of(set_dir) if by_domain else {}
    for id_ in ids:
        folder = into / domains.get(id_, "")
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(set_dir / f"{id_}{suffix}", folder / (f"{id_}.html.gz" if html else f"{id_}.txt"))
    return ids


def site_of(set_dir: Path) -> dict[str, str]:
    """Page id -> its site (the manifest's domain, else its URL's host), without www."""
    from urllib.parse import urlsplit

    found = {}
    for line in (set_dir / "manifest.jsonl").read_text().splitlines():
        row = json.loads(line)
        host = row.get("domain") or urlsplit(row.get("url") or "").hostname or "unknown"
        found[row["id"]] = host.removeprefix("www.")
    return found


def gold_subset(set_dir: Path, ids: list[str], into: Path) -> Path:
    """A gold folder holding only ``ids`` (the HTML path covers only pages that have HTML)."""
    into.mkdir(parents=True, exist_ok=True)
    for id_ in ids:
        shutil.copyfile(set_dir / f"{id_}.gold.txt", into / f"{id_}.gold.txt")
    return into


def score(gold_dir: Path, out_dir: Path) -> dict:
    raw = subprocess.run(
        [sys.executable, str(HERE / "score.py"), str(gold_dir), str(out_dir), "--json"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(raw)


def macro(rows: list[dict]) -> tuple[float, float, float]:
    n = max(1, len(rows))
    return tuple(sum(r[k] for r in rows) / n for k in ("precision", "recall", "f1"))  # type: ignore[return-value]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", default="all", choices=["scrapinghub", "wcxb", "all"])
    ap.add_argument("--mode", default="balanced")
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    ap.add_argument("--keep", type=Path, help="keep inputs and outputs in this folder")
    ap.add_argument("--json", action="store_true", help="print per-set summaries as JSON")
    ap.add_argument("--html", action="store_true", help="clean the ID.html.gz pages (the HTML path) instead")
    ap.add_argument("--by-domain", action="store_true", help="one input folder per site (corpus repetition groups)")
    ap.add_argument("extra", nargs="*", help="extra arguments for `cleaner clean` (after --)")
    a = ap.parse_args()
    sets = ["scrapinghub", "wcxb"] if a.set == "all" else [a.set]
    work = a.keep or Path(tempfile.mkdtemp(prefix="cleaner-dev-"))
    summary = {}
    for name in sets:
        set_dir = a.dev / name
        inp, out = work / name / "in", work / name / "out"
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(inp, ignore_errors=True)  # a kept folder may hold another layout
        ids = prepare(set_dir, inp, html=a.html, by_domain=a.by_domain)
        gold = gold_subset(set_dir, ids, work / name / "gold") if a.html else set_dir
        t0 = time.perf_counter()
        glob = ["--glob", "*.html.gz"] if a.html else []
        command = ["cleaner", "clean", str(inp), "-o", str(out), "-q", "--mode", a.mode, *glob, *a.extra]
        subprocess.run(command, check=False)
        seconds = time.perf_counter() - t0
        result = score(gold, out)
        s = result["summary"]
        summary[name] = dict(
            files=s["files"], precision=s["precision"], recall=s["recall"], f1=s["f1"], seconds=seconds
        )
        scores = f"P {s['precision']:.3f}  R {s['recall']:.3f}  F1 {s['f1']:.3f}"
        print(f"{name:12s} files {s['files']:5d}  {scores}  ({seconds:.1f} s)")
        manifest = set_dir / "manifest.jsonl"
        if name == "wcxb" and manifest.exists():
            types = {}
            for line in manifest.read_text().splitlines():
                row = json.loads(line)
                types[row["id"]] = row.get("page_type") or "?"
            by_type = defaultdict(list)
            for id_, row in result["files"].items():
                by_type[types.get(id_, "?")].append(row)
            for t, rows in sorted(by_type.items()):
                p, r, f = macro(rows)
                summary[f"{name}/{t}"] = dict(files=len(rows), precision=p, recall=r, f1=f)
                print(f"  {t:14s} files {len(rows):5d}  P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    if a.json:
        print(json.dumps(summary, indent=1))
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
