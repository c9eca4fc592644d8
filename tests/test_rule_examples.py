"""Every shipped rule carries examples it must remove and keep; run them all."""

import pytest

from cleaner.rules.examples import check_examples
from cleaner.rules.loader import load_rules

RULES = load_rules().rules


@pytest.mark.parametrize("rule", RULES, ids=[r.id for r in RULES])
def test_rule_examples(rule):
    assert rule.examples, f"{rule.origin}: rule {rule.id} has no examples"
    failures = check_examples(rule)
    assert not failures, "\n".join(f.describe() for f in failures)


def test_every_rule_has_something_to_remove():
    for rule in RULES:
        assert any(ex.remove for ex in rule.examples), f"{rule.id} has no example it must remove"
