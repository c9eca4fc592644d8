"""The five sample files against their gold line labels: nothing lost, nothing leaked."""

import pytest

from cleaner.pipeline import Engine, Mode
from cleaner.rules.loader import load_rules

from .conftest import GOLD, SEEDS

RULES = load_rules()


@pytest.mark.parametrize("mode", [Mode.RULES, Mode.BALANCED])
@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem)
def test_seed_is_cleaned_perfectly(scorer, seed, mode):
    result = Engine(RULES, mode).clean(seed.read_text(encoding="utf-8"))
    score = scorer.score_one(GOLD / f"{seed.stem}.labels", result.text)
    assert (score["lost"], score["leaked"]) == (0, 0), result.text
    assert score["f1"] >= 0.99


def test_every_seed_has_gold():
    assert sorted(p.stem for p in SEEDS.glob("*.txt")) == sorted(p.stem for p in GOLD.glob("*.labels"))
