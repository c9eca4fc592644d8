#!/usr/bin/env python3
"""Vet candidate whole-line patterns before they become rules: keep those that never hit article text.

    python bench/vet_patterns.py CANDIDATES.jsonl VETTED.jsonl [--dev DIR] [--skip-set set20 ...]

Each candidate is a JSON line ``{"category", "lang", "pattern", "examples": [...], "source"}``: an RE2
pattern matched against a line's bare text, whole and case-insensitively, as a ``line`` rule matches.
A candidate is written back with its counts and ``"ok": true`` only when

- it compiles in the rules' dialect and matches each of its examples;
- the shipped rules do not already remove every example (otherwise it adds nothing);
- it matches no line of a development page whose words occur, in order, in that page's gold text
  (``dev_gold``; ``dev_debris`` counts the other lines it matches);
- it matches no article (``K``) line of the held-out sets (``bench/heldout``) or the seeds' labels.

This is how ``rules/interface.yaml`` was made: 698 strings drafted from knowledge of how platforms render
(a helper session that had read neither the rules nor the held-out sets), 558 kept; 8 of those were
then dropped because the project's tests hold article lines they matched (single-word buttons that are
also headings). ``--skip-set`` leaves a held-out set out of the check, so it still measures pages nobody has tuned for.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import re2

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import score  # noqa: E402

from cleaner.api import Cleaner  # noqa: E402
from cleaner.rules.regex import compile_pattern, unicode_classes  # noqa: E402
from cleaner.segment import segment  # noqa: E402

DEFAULT_DEV = HERE.parent.parent / "shared" / "bench" / "dev"
AROUND = (
    "The council met on Monday to discuss the new budget for the coming year.\n",
    "\nMembers said the plan would be published in full next week, after a final vote.",
)


def usable(candidates: list[dict], rules_only: Cleaner) -> tuple[list[tuple[dict, object]], Counter]:
    """Candidates that compile, match their examples and remove something the shipped rules leave."""
    kept, dropped = [], Counter()
    for cand in candidates:
        try:
            pattern = compile_pattern(cand["pattern"], ignore_case=True)
        except ValueError:
            dropped["does not compile"] += 1
            continue
        if not all(pattern.fullmatch(example) for example in cand["examples"]):
            dropped["misses its examples"] += 1
            continue
        removed = [rules_only(AROUND[0] + example + AROUND[1]).spans for example in cand["examples"]]
        if all(any(span.line_start == 2 for span in spans) for spans in removed):
            dropped["already removed"] += 1
            continue
        kept.append((cand, pattern))
    return kept, dropped


def dev_hits(kept: list[tuple[dict, object]], dev: Path) -> tuple[Counter, Counter]:
    """Per candidate, the development lines it matches outside and inside the pages' gold texts."""
    options = re2.Options()
    options.max_mem = 1 << 30
    options.case_sensitive = False
    union = "|".join(f"(?:{unicode_classes(cand['pattern'])})" for cand, _ in kept)
    prefilter = re2.compile(f"^(?:{union})$", options)  # one scan per line; the candidates only where it matched
    debris, gold_hits = Counter(), Counter()
    for page in sorted(dev.glob("*/*.dirty.txt")):
        gold = None
        for line in segment(page.read_text(encoding="utf-8")).lines:
            if not line.bare or not prefilter.fullmatch(line.bare):
                continue
            if gold is None:
                gold_file = page.with_name(page.name.replace(".dirty.txt", ".gold.txt"))
                gold = " " + " ".join(score.tokens(gold_file.read_text(encoding="utf-8"))) + " "
            words = " " + " ".join(score.tokens(line.bare)) + " "
            for k, (_, pattern) in enumerate(kept):
                if pattern.fullmatch(line.bare):
                    (gold_hits if words.strip() and words in gold else debris)[k] += 1
    return debris, gold_hits


def article_lines(skip: set[str]) -> list[str]:
    """The bare text of every K line of the held-out sets (but ``skip``) and of the seeds' labels."""
    files = [f for s in sorted((HERE / "heldout").glob("set*")) if s.name not in skip for f in s.glob("*.labels")]
    files += sorted((HERE.parent / "tests" / "data" / "gold").glob("*.labels"))
    lines = [row[2:] for f in files for row in f.read_text(encoding="utf-8").split("\n") if row.startswith("K ")]
    return [segment(line + "\n").lines[0].bare for line in lines if line.strip()]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("candidates", type=Path)
    ap.add_argument("vetted", type=Path)
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    ap.add_argument("--skip-set", nargs="*", default=[], help="held-out sets to leave out of the check")
    args = ap.parse_args()
    candidates = [json.loads(row) for row in args.candidates.read_text(encoding="utf-8").splitlines() if row.strip()]
    kept, dropped = usable(candidates, Cleaner(mode="rules"))
    debris, gold_hits = dev_hits(kept, args.dev) if args.dev.is_dir() else (Counter(), Counter())
    articles = article_lines(set(args.skip_set))
    ok = 0
    with args.vetted.open("w", encoding="utf-8") as out:
        for k, (cand, pattern) in enumerate(kept):
            hits = [line for line in articles if pattern.fullmatch(line)]
            good = not gold_hits[k] and not hits
            ok += good
            row = dict(cand, dev_debris=debris[k], dev_gold=gold_hits[k], article_lines=hits[:3], ok=good)
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(candidates)} candidates; dropped: {dict(dropped)}; of {len(kept)} vetted, {ok} ok")


if __name__ == "__main__":
    main()
