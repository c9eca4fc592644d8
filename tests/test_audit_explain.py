"""`cleaner explain`: one decision per source line, with the rule and its evidence."""

import json

from cleaner.cli import main

from .conftest import SEEDS

SEED = SEEDS / "002_77904d6146d20be1.txt"


def decisions(capsys, *args):
    assert main(["explain", str(SEED), "--json", *args]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_every_source_line_is_decided_once_in_order(capsys):
    found = decisions(capsys)
    count = len(SEED.read_text(encoding="utf-8").splitlines())
    assert [d["line"] for d in found] == list(range(1, count + 1))
    assert {d["decision"] for d in found} <= {"kept", "removed", "collapsed"}


def test_removed_lines_name_the_rule_and_evidence_kept_lines_name_none(capsys):
    found = {d["line"]: d for d in decisions(capsys)}
    assert found[1]["decision"] == "removed" and found[1]["rule"] == "forums.chrome-lines"
    assert "line matches" in found[1]["evidence"]
    prose = next(d for d in found.values() if d["text"].startswith("The Kremlin confirmed"))
    assert prose["decision"] == "kept" and prose["rule"] == "" and "prose" in prose["evidence"]


def test_rules_mode_has_no_detector_decisions(tmp_path, capsys):
    page = tmp_path / "page.txt"
    menu = "".join(f"    * Section {name}\n" for name in ("Alpha", "Beta", "Gamma", "Delta", "Epsilon"))
    prose = " ".join(["The river rose through the night and the town council met at dawn to decide what to do."] * 3)
    page.write_text(menu + "\n".join([prose] * 4) + "\n" + menu, encoding="utf-8")

    def decided(*args):
        assert main(["explain", str(page), "--json", *args]) == 0
        return [json.loads(line) for line in capsys.readouterr().out.splitlines()]

    balanced = decided()
    assert any(d["rule"].startswith("detector:") and d["evidence"] for d in balanced)
    assert all(d["decision"] == "kept" for d in balanced if d["text"].startswith("The river"))
    assert not any(d["rule"].startswith("detector:") for d in decided("--mode", "rules"))


def test_extra_rules_take_effect(tmp_path, capsys):
    (tmp_path / "x.yaml").write_text(
        "ruleset: x\nrules:\n  - id: x.verified\n    kind: line\n    description: d\n"
        "    literal: 'Mr. Peskov said Wednesday that, nevertheless, Russia “remains open to negotiations.”'\n"
        "    max_words: 30\n"
    )
    found = decisions(capsys, "--rules", str(tmp_path), "--mode", "rules")
    assert any(d["rule"] == "x.verified" for d in found)


def test_text_output_shows_evidence_once_per_run(capsys):
    assert main(["explain", str(SEED), "--color", "never"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(str(SEED)) and "removals" in out[0]
    assert sum("↳ navigation: line matches" in line for line in out) == 1  # lines 3 and 4 are one span


def test_invalid_rules_and_missing_file_exit_2(tmp_path, capsys):
    (tmp_path / "bad.yaml").write_text("ruleset: [\n")
    assert main(["explain", str(SEED), "--rules", str(tmp_path)]) == 2
    assert "bad.yaml:" in capsys.readouterr().err
    assert main(["explain", str(tmp_path / "none.txt")]) == 2
