"""`cleaner rules check|test|list`: file:line errors, example failures as diffs, hit counts."""

import json

import pytest

from cleaner.cli import main

BROKEN = {
    "bad-yaml.yaml": (
        "ruleset: demo\nrules:\n  - id: demo.a\n    kind: line\n    description: x\n    pattern: [unclosed\n",
        7,
        "invalid YAML",
    ),
    "unknown-key.yaml": (
        "ruleset: demo2\nrules:\n  - id: demo2.a\n    kind: line\n    "
        "description: x\n    pattern: 'Share'\n    max_word: 5\n",
        7,
        "unknown key 'max_word'; did you mean 'max_words'?",
    ),
    "bad-regex.yaml": (
        "ruleset: demo3\nrules:\n  - id: demo3.a\n    kind: line\n    description: x\n    pattern: '(Share|Tweet'\n",
        6,
        "invalid regular expression",
    ),
    "missing-id.yaml": (
        "ruleset: demo4\nrules:\n  - kind: line\n    description: x\n    pattern: 'Print'\n",
        3,
        "'id' is a required property",
    ),
}


def test_check_names_every_broken_file_with_its_line_and_exits_2(tmp_path, capsys):
    for name, (text, _, _) in BROKEN.items():
        (tmp_path / name).write_text(text)
    assert main(["rules", "check", str(tmp_path)]) == 2
    out = capsys.readouterr().out
    for name, (_, line, message) in BROKEN.items():
        assert any(row.startswith(f"{tmp_path / name}:") and message in row for row in out.splitlines()), name
        if name != "bad-yaml.yaml":  # PyYAML places an unclosed flow sequence at the end of the stream
            assert f"{tmp_path / name}:{line}: " in out
    assert "4 errors in 4 rule files" in out


def test_check_of_the_shipped_rules_passes(capsys):
    assert main(["rules", "check"]) == 0
    assert "all valid" in capsys.readouterr().out


def test_check_of_a_missing_folder_is_an_error(tmp_path, capsys):
    assert main(["rules", "check", str(tmp_path / "nope")]) == 2
    assert "no such file or folder" in capsys.readouterr().out


def test_check_of_a_folder_holding_no_rule_files_is_an_error(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["rules", "check", str(tmp_path / "empty")]) == 2
    assert f"{tmp_path / 'empty'}: no rule files found in this folder" in capsys.readouterr().out


def test_check_finds_an_id_a_built_in_rule_has_as_clean_would(tmp_path, capsys):
    (tmp_path / "mine.yaml").write_text(
        "ruleset: mine\nrules:\n  - id: ads.marker\n    kind: line\n    description: x\n    pattern: 'Werbung'\n"
    )
    assert main(["clean", str(tmp_path / "mine.yaml"), "-o", str(tmp_path / "out"), "--rules", str(tmp_path)]) == 2
    refused = capsys.readouterr().err.splitlines()[-1]
    assert f"{tmp_path / 'mine.yaml'}:3: duplicate rule id 'ads.marker' (first at " in refused
    assert main(["rules", "check", str(tmp_path)]) == 2
    assert refused in capsys.readouterr().out.splitlines()
    assert main(["rules", "check", "--no-builtin-rules", str(tmp_path)]) == 0  # as clean --no-builtin-rules loads it
    assert "all valid" in capsys.readouterr().out


def test_check_of_the_shipped_folder_named_directly_does_not_clash_with_itself(capsys):
    from cleaner.rules.loader import builtin_rules_dir

    assert main(["rules", "check", str(builtin_rules_dir())]) == 0
    assert "all valid alongside the built-in rules" in capsys.readouterr().out


FAILING = """ruleset: demo5
rules:
  - id: demo5.share
    kind: line
    description: Share buttons.
    pattern: 'Share( this)?'
    examples:
      remove: ["Share this\\nTweet"]
      keep: ["Share this story with friends, they will love it."]
"""


def test_test_shows_a_failing_example_as_a_diff_and_exits_1(tmp_path, capsys):
    (tmp_path / "f.yaml").write_text(FAILING)
    assert main(["rules", "test", str(tmp_path), "--color", "never"]) == 1
    out = capsys.readouterr().out
    assert f"{tmp_path / 'f.yaml'}:3: rule 'demo5.share': example failed" in out
    assert "  +Tweet" in out  # the line the rule left but should have removed
    assert "1 rules, 2 examples: 1 passed, 1 failed" in out


def test_test_of_the_shipped_rules_passes(capsys):
    assert main(["rules", "test"]) == 0
    assert " 0 failed" in capsys.readouterr().out


def test_test_refuses_invalid_files(tmp_path, capsys):
    (tmp_path / "b.yaml").write_text(BROKEN["bad-regex.yaml"][0])
    assert main(["rules", "test", str(tmp_path)]) == 2


@pytest.fixture(scope="module")
def run(seeds_run):
    return seeds_run


def test_list_counts_hits_from_the_runs_metadata(run, capsys):
    assert main(["rules", "list", "--output", str(run)]) == 0
    rows = {line.split()[0]: line.split() for line in capsys.readouterr().out.splitlines()[1:-1]}
    hits: dict[str, int] = {}
    for meta in run.glob("*.meta.json"):
        for removal in json.loads(meta.read_text())["removals"]:
            hits[removal["rule"]] = hits.get(removal["rule"], 0) + 1
    assert hits
    for rule, count in hits.items():
        assert rule in rows, rule
        assert rows[rule][-3] == str(count)
    assert rows["comments.form-tail"][1] == "tail"
    assert rows["forums.chrome-lines"][2] == "lines"  # scoped by a content signature


def test_list_without_output_shows_kind_and_scope(capsys):
    assert main(["rules", "list"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["id", "kind", "scope", "origin"]
    assert "everywhere" in out
    [repeat] = [line for line in out.splitlines() if line.startswith("title.repeat-headline ")]
    assert "everywhere, not on extracted text" in repeat
