"""Rule files are validated at load: every error names file:line."""

import time
from pathlib import Path

import pytest

from cleaner.rules.loader import RulesError, check_files, load_rules

GOOD = """\
ruleset: demo
rules:
  - id: demo.ad
    kind: line
    description: ad marker
    pattern: 'Advertisement'
    examples:
      remove: ["Advertisement"]
"""


def write(tmp_path: Path, text: str, name: str = "r.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def errors_of(tmp_path, text):
    return [str(e) for e in check_files([write(tmp_path, text)])]


def test_good_file_loads(tmp_path):
    rules = load_rules([write(tmp_path, GOOD)], builtin=False)
    assert [r.id for r in rules.rules] == ["demo.ad"]
    assert rules.rules[0].origin.endswith("r.yaml:3")


def test_invalid_yaml_names_the_line(tmp_path):
    errors = errors_of(tmp_path, GOOD.replace("kind: line", "kind: [line"))
    assert len(errors) == 1 and "r.yaml:5:" in errors[0] and "invalid YAML" in errors[0]


def test_unknown_key_with_suggestion(tmp_path):
    errors = errors_of(tmp_path, GOOD.replace("    pattern:", "    patern: 'x'\n    pattern:"))
    assert any("r.yaml:6:" in e and "unknown key 'patern'" in e and "pattern" in e for e in errors)


def test_invalid_regex_names_the_line(tmp_path):
    errors = errors_of(tmp_path, GOOD.replace("'Advertisement'", "'Advert(isement'"))
    assert len(errors) == 1 and "r.yaml:6:" in errors[0] and "invalid regular expression" in errors[0]


def test_missing_id(tmp_path):
    errors = errors_of(tmp_path, GOOD.replace("  - id: demo.ad\n    kind", "  - kind"))
    assert errors and "r.yaml:3:" in errors[0] and "'id' is a required property" in errors[0]


def test_a_rule_without_id_does_not_hide_the_other_rules_errors(tmp_path):
    second = "  - id: demo.bad\n    kind: line\n    description: broken\n    pattern: '(unclosed'\n    colour: red\n"
    errors = errors_of(tmp_path, GOOD.replace("  - id: demo.ad\n    kind", "  - kind") + second)
    assert any(":3:" in e and "'id' is a required property" in e for e in errors)
    assert any(":12:" in e and "unknown key 'colour'" in e for e in errors), errors
    assert [int(e.split(":")[1]) for e in errors] == sorted(int(e.split(":")[1]) for e in errors)


def test_duplicate_key_is_an_error(tmp_path):
    errors = errors_of(tmp_path, GOOD.replace("    pattern:", "    description: again\n    pattern:"))
    assert errors == [f"{tmp_path / 'r.yaml'}:6: duplicate key 'description'"]


def test_unknown_kind_suggests(tmp_path):
    errors = errors_of(tmp_path, GOOD.replace("kind: line", "kind: tial"))
    assert any("unknown rule kind 'tial'" in e and "'tail'" in e for e in errors)


def test_wrong_type(tmp_path):
    errors = errors_of(tmp_path, GOOD.replace("    pattern:", "    max_words: many\n    pattern:"))
    assert any("r.yaml:6:" in e and "max_words" in e for e in errors)


def test_duplicate_ids_across_files(tmp_path):
    write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, GOOD, "b.yaml")
    with pytest.raises(RulesError, match="duplicate rule id 'demo.ad'"):
        load_rules([tmp_path], builtin=False)


def test_catastrophic_pattern_runs_in_linear_time(tmp_path, engine):
    text = GOOD.replace("'Advertisement'", "'(a+)+$'").replace('remove: ["Advertisement"]', 'remove: ["aaa"]')
    rules = load_rules([write(tmp_path, text)], builtin=False)
    from cleaner.pipeline import Engine, Mode

    start = time.perf_counter()
    Engine(rules, Mode.RULES).clean("a" * 100_000 + "b\n")
    assert time.perf_counter() - start < 2.0


def test_a_pattern_too_large_for_the_small_budget_still_loads_and_matches(tmp_path):
    """``[\\w\\s,.-]{1,500}`` is 670k RE2 instructions once \\w means any letter: it takes the large budget."""
    text = GOOD.replace("'Advertisement'", "'Sponsored: [\\w\\s,.-]{1,500}'").replace(
        'remove: ["Advertisement"]', 'remove: ["Sponsored: Café, bière et pain"]'
    )
    assert check_files([write(tmp_path, text)]) == []
    rules = load_rules([write(tmp_path, text)], builtin=False)
    from cleaner.pipeline import Engine, Mode

    result = Engine(rules, Mode.RULES).clean("Sponsored: Café, bière et pain\n\nThe council met today.\n")
    assert result.text == "The council met today.\n"


def test_builtin_rules_load_and_have_a_digest():
    rules = load_rules()
    assert len(rules.rules) > 20 and len(rules.digest) == 64


def test_libyaml_and_pure_python_parsers_read_the_shipped_rules_alike(monkeypatch):
    # rules are parsed with libyaml for start-up speed; the lines that errors cite must not change with it
    import yaml

    from cleaner.rules import yamlsource

    if not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML built without libyaml")
    files = sorted((Path(__file__).parent.parent / "rules").glob("*.yaml"))
    fast = [yamlsource.load_yaml(f.read_text(), f.name) for f in files]
    monkeypatch.setattr(yamlsource, "_Loader", yaml.SafeLoader)
    assert fast == [yamlsource.load_yaml(f.read_text(), f.name) for f in files]
    assert len(files) > 5 and all(located.lines for located in fast)


def test_a_folder_holding_no_rule_files_is_an_error_and_a_single_file_still_loads(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("not a rule file")
    with pytest.raises(RulesError, match=r"empty: no rule files found in this folder \(they end in .yaml or .yml\)"):
        load_rules([empty])
    assert [r.id for r in load_rules([write(tmp_path, GOOD)], builtin=False).rules] == ["demo.ad"]
    assert [r.id for r in load_rules([tmp_path], builtin=False).rules] == ["demo.ad"]


def test_a_rule_file_named_twice_is_loaded_once(tmp_path):
    from cleaner.rules.loader import builtin_rules_dir

    path = write(tmp_path, GOOD)
    assert [r.id for r in load_rules([path, tmp_path], builtin=False).rules] == ["demo.ad"]
    assert len(load_rules([builtin_rules_dir()]).rules) == len(load_rules().rules)  # --rules rules/ in a checkout


SKIPS_EXTRACTED = """\
ruleset: demo
rules:
  - id: demo.repeat
    kind: repeat
    description: a later copy of a headline
    of: any
    skip_on_extracted: true
"""


def test_a_rule_that_skips_extracted_text_runs_on_dumps_only(tmp_path):
    from cleaner.pipeline import Engine, Mode

    engine = Engine(load_rules([write(tmp_path, SKIPS_EXTRACTED)], builtin=False), Mode.RULES)
    text = "Step one: mix the flour\n\nStir it for a while and wait.\n\nStep one: mix the flour\n"
    assert engine.clean(text).text.count("Step one") == 1  # a full-page dump: the copy goes
    assert engine.clean(text, extracted=True).text.count("Step one") == 2  # an extractor's text: it stays


def test_skip_on_extracted_must_be_a_boolean(tmp_path):
    errors = errors_of(tmp_path, SKIPS_EXTRACTED.replace("skip_on_extracted: true", "skip_on_extracted: sometimes"))
    assert errors and "skip_on_extracted" in errors[0] and "r.yaml:7" in errors[0], errors
