#!/usr/bin/env python3
"""Clean the held-out seed-like sets (bench/heldout/setN) and score them against their line labels.

    python bench/heldout.py [--mode balanced] [--set set4 ...]

Prints, per set, macro P/R/F1 and the lost (article lines dropped) and leaked (debris lines kept)
counts of bench/score.py. See bench/heldout/README.md for where each set comes from.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import score  # noqa: E402

SETS = HERE / "heldout"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mode", default="balanced")
    ap.add_argument("--set", nargs="*", default=sorted(p.name for p in SETS.iterdir() if p.is_dir()))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.set:
            inputs, out = Path(tmp) / name / "in", Path(tmp) / name / "out"
            inputs.mkdir(parents=True)
            for text in (SETS / name).glob("*.txt"):
                shutil.copy(text, inputs)
            subprocess.run(["cleaner", "clean", str(inputs), "-o", str(out), "-q", "--mode", args.mode], check=True)
            rows = [score.score_one(gold, (out / f"{score.stem(gold)}.txt").read_text(encoding="utf-8"))
                    for gold in sorted((SETS / name).glob("*.labels"))]
            n = len(rows)
            mean = {k: sum(r[k] for r in rows) / n for k in ("precision", "recall", "f1")}
            lost, keep = sum(r["lost"] for r in rows), sum(r["keep_lines"] for r in rows)
            leaked, drop = sum(r["leaked"] for r in rows), sum(r["drop_lines"] for r in rows)
            print(f"{name}  {n:3d} pages  P {mean['precision']:.3f}  R {mean['recall']:.3f}  F1 {mean['f1']:.3f}"
                  f"  lost {lost}/{keep}  leaked {leaked}/{drop}")


if __name__ == "__main__":
    main()
