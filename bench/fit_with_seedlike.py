#!/usr/bin/env python3
"""Experiment: the line model fitted with labelled seed-shaped pages beside the development dumps.

    python bench/fit_with_seedlike.py [--sets set1 set2 set3 set4] [--weight 5] [--proxy-weight 1]
                                      [--keep-boost 1] [--write]

The pages of the given bench/heldout sets and seeds/ (their K and ? lines as gold) join the
1,456 dumps of ../shared/bench/dev in training, each weighing --weight dumps. Prints the
dev set's figures cross-validated by site (the seed-shaped pages in every fold's training).
--write then fits on everything and writes cleaner/detectors/linemodel.json and linetrees.json
(thresholds unchanged): score a held-out set with `python bench/heldout.py --set set5`, and
`git checkout cleaner/detectors` to go back.
--proxy-weight adds trafilatura's output of the development pages with HTML, with their gold
(run `python bench/seedlike.py` first: it fills the --texts cache), to training and to the
cross-validation. --keep-boost weighs the article lines of the seed-shaped and extracted pages that
many times their debris. Measured on 2026-12-01, judged on set9 and set10 (README, "Measured").
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from multiprocessing import Pool
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import train_linemodel as tl  # noqa: E402

from cleaner.detectors import linemodel  # noqa: E402

ROOT = HERE.parent


def seedlike_pages(sets: list[str], folder: Path) -> list[dict]:
    """Feature pages of the labelled seed-shaped texts, as train_linemodel.page makes them from dumps."""
    sources = [(HERE / "heldout" / name, HERE / "heldout" / name) for name in sets]
    sources.append((ROOT / "seeds", ROOT / "tests" / "data" / "gold"))
    for texts, labels in sources:
        for text in sorted(texts.glob("*.txt")):
            gold = labels / f"{text.stem}.labels"
            keep = [line[2:] for line in gold.read_text(encoding="utf-8").split("\n") if line[:2] in ("K ", "? ")]
            name = f"{texts.name}-{text.stem}"
            (folder / f"{name}.dirty.txt").write_text(text.read_text(encoding="utf-8"), encoding="utf-8")
            (folder / f"{name}.gold.txt").write_text("\n".join(keep) + "\n", encoding="utf-8")
    jobs = [(str(folder), p.name[: -len(".dirty.txt")], "seedlike-" + p.name, "") for p in sorted(folder.glob("*.dirty.txt"))]
    with Pool() as pool:
        return [pg for pg in pool.map(tl.page, jobs) if pg["cols"]]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", nargs="*", default=["set1", "set2", "set3", "set4"])
    ap.add_argument("--weight", type=float, default=5.0, help="how many dumps one seed-shaped page weighs")
    ap.add_argument("--cuts", nargs="*", type=float, default=[0.25], help="balanced mode's cuts to cross-validate")
    ap.add_argument("--proxy-weight", type=float, default=0.0,
                    help="also train on trafilatura's output of the development pages (bench/seedlike.py's cache, "
                    "--texts), each weighing this many dumps; they are cross-validated by site with the dumps")
    ap.add_argument("--texts", type=Path, default=Path("/tmp/cleaner-seedlike"), help="that cache (SET-ID.txt)")
    ap.add_argument("--keep-boost", type=float, default=1.0,
                    help="article lines of seed-shaped and extracted pages weigh this much more than their debris")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    dev = [pg for pg in tl.load_pages(tl.DEFAULT_DEV, tl.default_cache(tl.DEFAULT_DEV)) if pg["cols"]]
    proxy = []
    if args.proxy_weight:  # real extracted text, with the benchmarks' own gold: it keeps real lists and code
        cache = tl.default_cache(tl.DEFAULT_DEV, args.texts)
        proxy = [pg for pg in tl.load_pages(tl.DEFAULT_DEV, cache, args.texts) if pg["cols"]]
        for pg in proxy:
            pg["set"] = "proxy-" + pg["set"]
    with tempfile.TemporaryDirectory() as tmp:
        extra = seedlike_pages(args.sets, Path(tmp))
    for pg in extra:
        pg["set"] = "seedlike"

    def weights_of(pages: list[dict]) -> np.ndarray:
        out: list[float] = []
        for pg in pages:
            total = sum(pg["ntoks"]) or 1
            k = args.weight if pg["set"] == "seedlike" else args.proxy_weight if pg["set"].startswith("proxy") else 1.0
            boost = args.keep_boost if pg["set"] == "seedlike" or pg["set"].startswith("proxy") else 1.0
            out += [k * max(n, 1) / total * (boost if y else 1.0) for n, y in zip(pg["ntoks"], pg["labels"], strict=True)]
        return np.array(out)

    tl.weights_of = weights_of  # train() reads the module's weights_of
    rule = dict(linemodel.load_model().thresholds)
    merged: dict[float, dict[str, list]] = {cut: {} for cut in args.cuts}
    pool = dev + proxy
    for k in range(2):
        w1, w2 = tl.train([pg for pg in pool if tl._fold(pg, 2) != k] + extra, 1.0, True)
        for cut, sets in tl.evaluate([pg for pg in pool if tl._fold(pg, 2) == k], w1, w2, args.cuts, rule).items():
            for name, rows in sets.items():
                merged[cut].setdefault(name, []).extend(rows)
    print(f"{len(extra)} seed-shaped pages (weight {args.weight}) and {len(proxy)} extracted pages (weight "
          f"{args.proxy_weight}) beside {len(dev)} dumps; cross-validated by site:")
    tl.report(merged)
    if args.write:
        w1, w2 = tl.train(pool + extra, 1.0, True)
        data = json.loads(linemodel.MODEL_FILE.read_text(encoding="utf-8"))
        data["stage1"] = {k: round(v, 4) for k, v in w1.items() if abs(v) >= 1e-4}
        linemodel.MODEL_FILE.with_name(linemodel.TREES_FILE).write_text(w2.dumps(), encoding="utf-8")
        linemodel.MODEL_FILE.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {linemodel.MODEL_FILE} (git checkout cleaner/detectors to go back)")


if __name__ == "__main__":
    main()
