#!/usr/bin/env python3
"""50 pages of one synthetic forum, with gold: what corpus-level repetition does for a site no rule knows.

    python bench/synthetic_forum.py DIR
    cleaner clean DIR/in -o DIR/out -q                 # balanced, with the first pass over the batch
    cleaner clean DIR/in -o DIR/out-nc -q --no-corpus   # the same without it
    mkdir DIR/flat && cp DIR/out/forum/*.txt DIR/flat && python bench/score.py DIR/gold DIR/flat

Each page: thread title and posts (the gold), wrapped in the header, per-post buttons,
sidebar and footer a forum template prints on every page.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

HEADER = ["Old Bikes Forum", "Home", "Forums", "What's new", "Members", "Log in", "Register", "Search forums", "Menu"]
BETWEEN = ["Like", "Quote", "Reply", "Report"]
SIDE = ["Latest threads", "Share this page", "Facebook", "Twitter", "Reddit", "Forum statistics", "Threads",
        "Messages", "Members online"]
FOOTER = ["Contact us", "Terms and rules", "Privacy policy", "Help", "Home", "RSS", "Community platform by XF",
          "Style chooser"]
PARTS = ["rear hub", "front derailleur", "brake cable", "headset", "bottom bracket", "chain ring", "saddle rail",
         "wheel rim"]


def page(i: int) -> tuple[list[str], list[str]]:
    """Page ``i``'s lines and its gold lines (title and posts), the same for every run."""
    rng = random.Random(i)
    title = f"Trouble with the {rng.choice(PARTS)} on a {1960 + i} tourer"
    lines = HEADER + ["", title, f"Discussion in 'Touring' started by rider{i}, day {i}", ""]
    gold = [title]
    for p in range(rng.randint(2, 5)):
        a, b = rng.sample(PARTS, 2)
        who = f"rider{rng.randint(1, 900)} said:"
        text = (f"I had the same problem with the {a} last spring, and in the end the {b} had to come off "
                f"before it would turn freely again. Post {i}.{p}.")
        lines += [who, text, *BETWEEN, ""]
        gold += [who, text]
    latest = rng.sample([f"Thread {k} about frames" for k in range(200)], 5)
    lines += SIDE[:1] + latest + SIDE[1:] + [f"{rng.randint(1000, 9999)}", ""] + FOOTER
    return lines, gold


def main() -> None:
    root = Path(sys.argv[1])
    (root / "in" / "forum").mkdir(parents=True, exist_ok=True)
    (root / "gold").mkdir(exist_ok=True)
    for i in range(50):
        lines, gold = page(i)
        (root / "in" / "forum" / f"page{i:02d}.txt").write_text("\n".join(lines) + "\n")
        (root / "gold" / f"page{i:02d}.gold.txt").write_text("\n".join(gold) + "\n")


if __name__ == "__main__":
    main()
