"""`cleaner diff`: the annotated diff and --stat, rebuilt from provenance offsets."""

import gzip
import json
import re

import pytest

from cleaner.audit.colour import Painter
from cleaner.audit.diff import hunks, render_diff, rule_stats
from cleaner.audit.record import LineView, load_output, rebuild
from cleaner.cli import main
from cleaner.document import Span

from .conftest import SEEDS

SEED = SEEDS / "002_77904d6146d20be1.txt"


@pytest.fixture(scope="module")
def run(seeds_run):
    return seeds_run


def test_diff_names_rule_and_reason_of_every_removed_run(run, capsys):
    meta_path = run / "002_77904d6146d20be1.meta.json"
    assert main(["diff", str(meta_path), "--color", "never"]) == 0
    out = capsys.readouterr().out
    assert "\x1b[" not in out
    meta = json.loads(meta_path.read_text())
    annotations = [line for line in out.splitlines() if line.startswith("# ")]
    assert len(annotations) == len(meta["removals"])  # one per span, each in its place
    for removal, note in zip(meta["removals"], annotations, strict=True):
        assert note.startswith(f"# {removal['rule']}: {removal['reason']}")
    removed = [line[1:] for line in out.splitlines() if line.startswith("-") and not line.startswith("---")]
    expected = [t for r in meta["removals"] for t in r["text"].split("\n")[:-1]]
    assert removed == expected
    assert "-Jump to content" in out and " The Kremlin confirmed" in out


def test_diff_of_the_txt_and_the_meta_agree_and_colour_is_forced(run, capsys):
    main(["diff", str(run / "002_77904d6146d20be1.txt"), "--color", "always"])
    coloured = capsys.readouterr().out
    main(["diff", str(run / "002_77904d6146d20be1.meta.json"), "--color", "never"])
    plain = capsys.readouterr().out
    assert "\x1b[31m-" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain


def test_colour_auto_is_off_when_not_a_terminal(run, capsys):
    main(["diff", str(run / "002_77904d6146d20be1.meta.json")])
    assert "\x1b[" not in capsys.readouterr().out


def test_stat_counts_match_provenance(run, capsys):
    meta = json.loads((run / "002_77904d6146d20be1.meta.json").read_text())
    assert main(["diff", str(run / "002_77904d6146d20be1.meta.json"), "--stat", "--color", "never"]) == 0
    out = capsys.readouterr().out
    for rule in {r["rule"] for r in meta["removals"]}:
        spans = sum(1 for r in meta["removals"] if r["rule"] == rule)
        assert re.search(rf"^ {re.escape(rule)}\s+{spans} spans", out, re.M), rule
    assert f"{len(meta['removals'])} removals, {meta['summary']['removed_chars']} of" in out


def test_source_file_with_output_folder_finds_its_output(run, capsys):
    assert main(["diff", str(SEED), "-o", str(run), "--color", "never"]) == 0
    assert "# forums.chrome-lines" in capsys.readouterr().out


def test_source_without_run_is_cleaned_now(capsys):
    assert main(["diff", str(SEED), "--color", "never", "--mode", "rules"]) == 0
    out = capsys.readouterr().out
    assert "detector:" not in out and "# forums.chrome-lines" in out


def test_record_replays_the_clean_text(run):
    record = load_output(run / "002_77904d6146d20be1.meta.json")
    assert record.exact
    assert "".join(v.text + "\n" for v in record.lines if v.kept) == (run / "002_77904d6146d20be1.txt").read_text()


def test_changed_source_gives_a_partial_view_not_a_wrong_one(tmp_path, capsys):
    src = tmp_path / "page.txt"
    src.write_text(SEED.read_text())
    out = tmp_path / "out"
    main(["clean", str(src), "-o", str(out), "-q", "-j", "1"])
    src.write_text("Something else entirely.\n")
    assert main(["diff", str(out / "page.meta.json"), "--color", "never"]) == 0
    text = capsys.readouterr().out
    assert "changed since the run" in text and "-Jump to content" in text


def test_jsonl_id_is_refused_clearly(run, capsys):
    assert main(["diff", str(run / "002_77904d6146d20be1.meta.json"), "--id", "7"]) == 2
    assert "JSONL" in capsys.readouterr().err


def jsonl_input(tmp_path):
    """A JSONL input of two documents: the seed and a short one with an ad marker."""
    src = tmp_path / "src"
    src.mkdir()
    docs = [
        {"id": "seed", "text": SEED.read_text()},
        {"id": "short", "text": "Advertisement\nRivers rise in spring.\n"},
    ]
    (src / "docs.jsonl").write_text("".join(json.dumps(d) + "\n" for d in docs))
    return src


def test_output_of_a_jsonl_input_finds_its_document_in_the_file(tmp_path, capsys):
    src = jsonl_input(tmp_path)
    out = tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out), "--glob", "*.jsonl", "-q", "-j", "1"]) == 0
    assert main(["diff", str(out / "docs" / "short.meta.json"), "--color", "never"]) == 0
    text = capsys.readouterr().out
    assert "changed since the run" not in text and "-Advertisement\n Rivers rise in spring." in text


def test_jsonl_output_record_by_id(tmp_path, capsys):
    src = jsonl_input(tmp_path)
    out = tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out), "--glob", "*.jsonl", "--format", "jsonl", "-q", "-j", "1"]) == 0
    shard = out / "part-00000.jsonl"
    assert main(["diff", str(shard), "--id", "seed", "--color", "never"]) == 0
    text = capsys.readouterr().out
    assert "-Jump to content" in text and " The Kremlin confirmed" in text and "changed since" not in text
    assert main(["diff", str(shard), "--id", "seed", "--stat", "--color", "never"]) == 0
    assert "forums.chrome-lines" in capsys.readouterr().out
    assert main(["diff", str(shard), "--id", "nope"]) == 2
    assert "no record with id 'nope'" in capsys.readouterr().err
    assert main(["diff", str(shard)]) == 2  # a shard needs --id
    assert "--id" in capsys.readouterr().err


def test_report_of_a_jsonl_run_says_it_cannot_read_it_yet(tmp_path, capsys):
    src = jsonl_input(tmp_path)
    out = tmp_path / "out"
    main(["clean", str(src), "-o", str(out), "--glob", "*.jsonl", "--format", "jsonl", "-q", "-j", "1"])
    assert main(["report", str(out)]) == 2
    assert "--format jsonl" in capsys.readouterr().err


def test_missing_file_is_a_usage_error(tmp_path, capsys):
    assert main(["diff", str(tmp_path / "nope.meta.json")]) == 2


def _record(decisions):
    """A record from (text, removed?) pairs: each removed line its own span."""
    source = "".join(text + "\n" for text, _ in decisions)
    spans, offset = [], 0
    for n, (text, removed) in enumerate(decisions, 1):
        if removed:
            spans.append(Span(offset, offset + len(text) + 1, n, n, "r.x", "why", text + "\n"))
        offset += len(text) + 1
    clean = "".join(text + "\n" for text, removed in decisions if not removed)
    return rebuild("doc", source, spans, clean, {})


def test_hunks_merge_when_context_touches_and_split_when_it_does_not():
    lines = [(f"line {i}", i in (2, 5, 20)) for i in range(1, 26)]
    record = _record(lines)
    assert [(h.first, h.last) for h in hunks(record, 2)] == [(0, 6), (17, 21)]
    assert [(h.first, h.last) for h in hunks(record, 0)] == [(1, 1), (4, 4), (19, 19)]


def test_hunk_headers_count_old_and_new_lines():
    record = _record([("a", False), ("b", True), ("c", False)])
    out = list(render_diff(record, Painter(False), 1))
    assert out[2] == "@@ -1,3 +1,2 @@ r.x"
    assert out[3:] == [" a", "# r.x: why (source line 2)", "-b", " c"]
    assert rule_stats(record)[0].spans == 1
    assert isinstance(record.lines[0], LineView)


def test_nothing_removed_prints_nothing():
    assert list(render_diff(_record([("a", False)]), Painter(False))) == []


@pytest.mark.parametrize("name", ["p.html.gz", "p.txt"])
def test_a_source_with_output_folder_finds_its_output_whatever_its_suffixes(tmp_path, capsys, name):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    paragraphs = "".join(f"<p>The river number {i} flows slowly through the old town.</p>" for i in range(8))
    page = f"<html><body><article><h1>Rivers</h1>{paragraphs}<p>Advertisement</p></article></body></html>"
    data = gzip.compress(page.encode()) if name.endswith(".gz") else SEED.read_bytes()
    (src / name).write_bytes(data)
    assert main(["clean", str(src), "-o", str(out), "--glob", name, "--mode", "rules", "-q", "-j", "1"]) == 0
    assert (out / "p.meta.json").is_file()
    capsys.readouterr()
    assert main(["diff", str(src / name), "-o", str(out), "--stat", "--color", "never"]) == 0
    assert f"{src / name}: " in capsys.readouterr().out, "the stat names the recorded source"


def test_a_source_whose_name_has_undecodable_bytes_is_found_from_its_output(tmp_path, capsys):
    """Provenance writes such a name with backslash escapes (valid UTF-8 JSON); the diff turns them back into
    the bytes to read the source, instead of showing removed lines only."""
    import os

    src = tmp_path / "in"
    src.mkdir()
    (src / os.fsdecode(b"caf\xe9.txt")).write_text("A sentence of the article that is here.\nAdvertisement\n")
    assert main(["clean", str(src), "-o", str(tmp_path / "out"), "-q"]) == 0
    (meta_path,) = (tmp_path / "out").glob("*.meta.json")
    assert "caf\\\\xe9.txt" in meta_path.read_text()
    assert main(["diff", str(meta_path), "--color", "never"]) == 0
    out = capsys.readouterr().out
    assert "showing removed lines only" not in out
    assert " A sentence of the article that is here." in out and "-Advertisement" in out


@pytest.mark.parametrize("raw", [b"caf\xe9.txt", b"\xff\xfe.txt", "ünï.txt".encode(), b"plain.txt", b"a\\x41.txt"])
def test_undisplay_turns_displayed_names_back_into_their_bytes(raw):
    import os

    from cleaner.discover import display, undisplay

    name = os.fsdecode(raw)
    assert undisplay(display(name)) == name  # "\x41" is no escape display writes: it is left as written
