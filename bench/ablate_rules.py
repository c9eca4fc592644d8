#!/usr/bin/env python3
"""What each rule costs or earns: the development scores with one rule left out at a time.

    python bench/ablate_rules.py [--mode rules] [--texts DIR] RULE_ID...

Without --texts, cleans the dirty dumps of ../shared/bench/dev; with --texts DIR,
the SET-ID.txt files there (bench/seedlike.py's cache of trafilatura output).
Prints macro (P, R, F1) per set for all rules ("-") and for each rule left out.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from multiprocessing import Pool
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import score  # noqa: E402

DEV = HERE.parent.parent / "shared" / "bench" / "dev"
ARGS: argparse.Namespace


def pages() -> list[tuple[str, str, Path]]:
    if ARGS.texts:
        return [(*p.stem.split("-", 1), p) for p in sorted(ARGS.texts.glob("*.txt"))]  # type: ignore[misc]
    dumps = [(s, p) for s in ("scrapinghub", "wcxb") for p in sorted((DEV / s).glob("*.dirty.txt"))]
    return [(s, p.name[: -len(".dirty.txt")], p) for s, p in dumps]


def run(drop: str) -> tuple[str, dict[str, tuple[float, ...]]]:
    from cleaner.pipeline import Engine, Mode
    from cleaner.rules.loader import load_rules

    rules = load_rules()
    engine = Engine(replace(rules, rules=tuple(r for r in rules.rules if r.id != drop)), Mode(ARGS.mode))
    found: dict[str, list[tuple[float, float, float]]] = {}
    for set_name, id_, path in pages():
        text = engine.clean(path.read_text(encoding="utf-8", errors="replace")).text
        s = score.score_one(DEV / set_name / f"{id_}.gold.txt", text)
        found.setdefault(set_name, []).append((s["precision"], s["recall"], s["f1"]))
    return drop, {k: tuple(round(sum(r[i] for r in v) / len(v), 4) for i in range(3)) for k, v in found.items()}


def main() -> None:
    global ARGS
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("rules", nargs="*")
    ap.add_argument("--mode", default="rules")
    ap.add_argument("--texts", type=Path)
    ARGS = ap.parse_args()
    with Pool(2) as pool:
        for drop, result in pool.imap(run, ["-", *ARGS.rules]):
            print(drop, result, flush=True)


if __name__ == "__main__":
    main()
