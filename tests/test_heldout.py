"""The held-out seed-like sets (bench/heldout): figures that must not fall back.

Each set was scored once before any rule drew on it (bench/heldout/README.md); these floors sit a
little under what the code reaches now, per set, so a change that loses article lines or leaks
more debris on pages shaped like seeds/ fails here.
"""

from pathlib import Path

import pytest

from cleaner.pipeline import Engine, Mode
from cleaner.rules.loader import load_rules

SETS = Path(__file__).resolve().parents[1] / "bench" / "heldout"
ENGINE = Engine(load_rules(), Mode.BALANCED)
# set: (macro F1 at least, article lines lost at most, debris lines leaked at most)
FLOORS = {
    "set1": (0.96, 0, 100),
    "set2": (0.96, 0, 100),
    "set3": (0.965, 0, 75),
    "set4": (0.95, 5, 120),
    "set5": (0.91, 3, 285),
    "set6": (0.915, 0, 380),
    "set7": (0.845, 8, 450),  # 8: detector:islands took a readers' comment, which set7 alone labels content
    "set8": (0.95, 2, 185),
    "set9": (0.92, 1, 275),
    "set10": (0.945, 0, 295),
    "set11": (0.95, 1, 230),
    "set12": (0.875, 0, 280),
    "set13": (0.885, 0, 385),
    "set14": (0.905, 1, 590),
    "set15": (0.94, 1, 290),
    "set16": (0.96, 0, 150),
    "set17": (0.93, 0, 330),
    "set18": (0.94, 6, 260),
    "set19": (0.965, 0, 170),
    "set20": (0.94, 7, 220),
    "set21": (0.96, 1, 160),
    "set22": (0.935, 2, 280),
    "set23": (0.845, 20, 550),
    # 10: a VitePress page read as Chinese lost a heading and a table header; once the rules from its leaks took
    # eBay's and idealista's chrome, the line model cut three more fields printed label over value ("2,1 l")
    "set24": (0.94, 10, 300),
    "set25": (0.86, 2, 520),  # 2: a recipe's times printed label over value (detectors.fields wants 4 pairs)
    "set26": (0.90, 11, 470),  # 11: an issue tracker's fields (label: / value), a timeline's month-year dates
}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_a_held_out_set_keeps_its_figures(scorer, name):
    rows = []
    for labels in sorted((SETS / name).glob("*.labels")):
        text = labels.with_suffix(".txt").read_text(encoding="utf-8")
        rows.append(scorer.score_one(labels, ENGINE.clean(text).text))
    f1 = sum(r["f1"] for r in rows) / len(rows)
    lost, leaked = sum(r["lost"] for r in rows), sum(r["leaked"] for r in rows)
    floor, most_lost, most_leaked = FLOORS[name]
    print(f"{name}: F1 {f1:.3f}, lost {lost}, leaked {leaked}")
    assert (f1 >= floor, lost <= most_lost, leaked <= most_leaked) == (True, True, True), (f1, lost, leaked)


def test_every_held_out_page_has_labels():
    for name in FLOORS:
        texts = sorted(p.stem for p in (SETS / name).glob("*.txt"))
        assert texts and texts == sorted(p.stem for p in (SETS / name).glob("*.labels"))
