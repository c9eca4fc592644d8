"""Corpus-level repetition: line statistics of a batch and detector:repetition, on a fake forum."""

import json
import os
import pickle
import random
import signal
import time
from pathlib import Path

import pytest

from cleaner import firstpass
from cleaner.cli import main
from cleaner.corpus import DEFAULT_CAP, LineStats, group_of, is_long_prose, line_key, text_keys
from cleaner.detectors import DETECTORS, Context, repetition
from cleaner.discover import discover
from cleaner.document import Language
from cleaner.firstpass import CORPUS_FILE, line_stats
from cleaner.pipeline import Engine, Mode
from cleaner.rules.loader import load_rules
from cleaner.segment import segment
from cleaner.sources.jsonl import Fields

HEADER = ["Fakeforum Boards", "Home", "Forums", "Members", "Log in", "Register"]
FOOTER = ["Terms and rules", "Privacy policy", "Style chooser", "Contact us"]
BETWEEN = ["Quote", "Reply"]
# long prose every page repeats (a site-wide standfirst): kept however often it recurs
SHARED_PROSE = "This board is run by volunteers who read every post and answer questions about old bicycles."
WORDS = ["gears", "frames", "chains", "wheels", "saddles", "brakes", "rims", "spokes", "hubs", "pedals", "forks"]


def forum_page(i: int) -> str:
    rng = random.Random(i)
    posts = []
    for p in range(3):
        a, b = rng.choice(WORDS), rng.choice(WORDS)
        text = (
            f"Post {i}.{p} says that I think the {a} on my old bike is worn out, and that the {b} will need "
            f"a new part before the long ride we have planned for the day after the holiday."
        )
        posts.append(f"Member{i}_{p} wrote on day {i}:\n{text}\n" + "\n".join(BETWEEN))
    body = "\n\n".join(posts)
    head = "\n".join(HEADER) + f"\n\nThread number {i} about frames\n\n{SHARED_PROSE}\n\n"
    return head + body + "\n\n" + "\n".join(FOOTER) + "\n"


@pytest.fixture(scope="module")
def forum(tmp_path_factory):
    root = tmp_path_factory.mktemp("forum")
    (root / "site").mkdir()
    for i in range(20):
        (root / "site" / f"page{i:02d}.txt").write_text(forum_page(i), encoding="utf-8")
    return root


def stats_of(pages, cap=DEFAULT_CAP):
    stats = LineStats(cap=cap)
    for page in pages:
        stats.add("forum", text_keys(page))
    return stats


@pytest.fixture(scope="module")
def engine():
    return Engine(load_rules([], builtin=False), Mode.BALANCED)


def test_group_is_the_url_host_or_the_folder():
    assert group_of("https://www.Example.com/a/b", "x") == "example.com"
    assert group_of(None, "a/b") == "a/b/" and group_of(None, ".") == "./" and group_of("not a url", "") == "./"


def test_hash_is_stable_and_ignores_bullets_case_and_spacing():
    assert line_key("Log  in") == line_key("log in")
    doc = segment("  * Log in\n- log  in\n")
    assert len({line_key(line.bare) for line in doc.lines}) == 1
    assert line_key("Log in") == int.from_bytes(__import__("hashlib").blake2b(b"log in", digest_size=8).digest(), "big")


def test_each_line_counts_once_per_document_and_prose_is_not_counted():
    stats = stats_of([forum_page(i) for i in range(20)])
    table = stats.counts["forum"]
    assert stats.documents == {"forum": 20}
    assert table[line_key("Quote")] == 20  # three times per page, counted once
    assert table[line_key("Home")] == 20
    assert line_key(SHARED_PROSE) not in table


def test_detector_removes_chrome_with_evidence_and_keeps_the_rest():
    pages = [forum_page(i) for i in range(20)]
    group = stats_of(pages).frequent(0.5).group("forum")
    doc = segment(pages[7])
    found = repetition.detect(doc, Context(Language("en", 1.0), frozenset({0}), corpus=group))
    removed = {doc.lines[r.first].bare for r in found}
    assert removed == set(HEADER[1:] + FOOTER + BETWEEN)  # line 0 was claimed by a rule: left to it
    assert {r.reason for r in found if doc.lines[r.first].bare == "Quote"} == {
        "line in 20 of 20 documents of forum (100%)"
    }
    assert repetition.detect(doc, Context(Language("en", 1.0), frozenset())) == []  # no corpus, nothing


def test_engine_removes_chrome_and_keeps_article_prose(engine):
    pages = [forum_page(i) for i in range(20)]
    group = stats_of(pages).frequent(0.5).group("forum")
    result = engine.clean(pages[7], corpus=group)
    kept = result.text.splitlines()
    assert not set(HEADER + FOOTER + BETWEEN) & set(kept)
    assert "Post 7.2 says that" in result.text and SHARED_PROSE in kept
    assert any(s.rule == "detector:repetition" for s in result.spans)


def test_nothing_happens_without_stats_or_in_rules_mode(engine):
    page = forum_page(3)
    group = stats_of([forum_page(i) for i in range(20)]).frequent(0.5).group("forum")
    without = engine.clean(page)
    assert not [s for s in without.spans if s.rule == "detector:repetition"]
    rules_only = Engine(engine.rules, Mode.RULES).clean(page, corpus=group)
    assert rules_only.text == segment(page).text and not rules_only.spans


def test_small_groups_and_rare_lines_are_not_judged():
    pages = [forum_page(i) for i in range(4)]
    assert not stats_of(pages).frequent(0.5)  # under MIN_GROUP documents
    stats = stats_of([forum_page(i) for i in range(20)])
    stats.add("forum", [line_key("Only twice")])
    stats.add("forum", [line_key("Only twice")])
    assert line_key("Only twice") not in stats.frequent(0.05).group("forum").lines  # MIN_COUNT is 3


def test_repetition_runs_first_in_the_registry():
    assert next(iter(DETECTORS)) == "repetition"


def test_merge_equals_one_pass_and_is_deterministic():
    pages = [forum_page(i) for i in range(20)]
    whole = stats_of(pages)
    merged = stats_of(pages[:7])
    merged.merge(stats_of(pages[7:]))
    assert merged.documents == whole.documents and merged.counts == whole.counts
    assert merged.to_bytes("x") == whole.to_bytes("x") == stats_of(pages).to_bytes("x")


def test_serialised_stats_round_trip_and_pickle():
    stats = stats_of([forum_page(i) for i in range(20)])
    back, inputs = LineStats.from_bytes(stats.to_bytes("inputs-digest"))
    assert inputs == "inputs-digest" and back.counts == stats.counts and back.entries == stats.entries
    corpus = stats.frequent(0.5)
    again = pickle.loads(pickle.dumps(corpus))
    assert again.group("forum").record() == corpus.group("forum").record()
    with pytest.raises(ValueError):
        LineStats.from_bytes(b"not gzip")


def test_table_stays_under_its_cap_and_keeps_frequent_lines():
    stats = LineStats(cap=200)
    for i in range(300):
        stats.add("g", [line_key("Home"), line_key("Log in")] + [line_key(f"unique {i} {j}") for j in range(5)])
        assert stats.entries <= 200
    assert stats.entries == sum(len(t) for t in stats.counts.values())
    assert stats.pruned_below >= 1
    lines = stats.frequent(0.5).group("g").lines
    assert lines[line_key("Home")] == 300 and len(lines) == 2


def test_first_pass_does_not_depend_on_jobs(forum):
    tasks = list(discover([forum], "*.txt"))
    one, inputs_one = line_stats(tasks, Fields(), jobs=1, cap=50)
    two, inputs_two = line_stats(tasks, Fields(), jobs=3, cap=50)
    assert one.to_bytes(inputs_one) == two.to_bytes(inputs_two)


def test_cli_two_passes_end_to_end(forum, tmp_path):
    out, plain = tmp_path / "out", tmp_path / "plain"
    assert main(["clean", str(forum), "-o", str(out), "-q", "-j", "2"]) == 0
    assert main(["clean", str(forum), "-o", str(plain), "-q", "--no-corpus"]) == 0
    text = (out / "site" / "page05.txt").read_text()
    assert "Post 5.1 says that" in text and SHARED_PROSE in text
    assert not {"Quote", "Reply", "Register", "Contact us"} & set(text.splitlines())
    meta = json.loads((out / "site" / "page05.meta.json").read_text())
    assert meta["corpus"]["group"] == "site/" and meta["corpus"]["documents"] == 20
    assert any(r["rule"] == "detector:repetition" for r in meta["removals"])
    summary = json.loads((out / "_run.json").read_text())["corpus"]
    assert summary["largest"][0] == {"group": "site/", "documents": 20, "frequent_lines": summary["frequent_lines"]}
    plain_meta = json.loads((plain / "site" / "page05.meta.json").read_text())
    assert "corpus" not in plain_meta and "corpus" not in json.loads((plain / "_run.json").read_text())
    assert not any(r["rule"] == "detector:repetition" for r in plain_meta["removals"])


def test_rules_mode_has_no_first_pass(forum, tmp_path):
    assert main(["clean", str(forum), "-o", str(tmp_path / "out"), "-q", "--mode", "rules"]) == 0
    assert "corpus" not in json.loads((tmp_path / "out" / "_run.json").read_text())


def test_resume_redoes_a_group_whose_frequent_lines_changed(forum, tmp_path):
    src = tmp_path / "src"
    (src / "site").mkdir(parents=True)
    for page in (forum / "site").iterdir():
        (src / "site" / page.name).write_bytes(page.read_bytes())
    out = tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out), "-q"]) == 0
    assert main(["clean", str(src), "-o", str(out), "-q", "--resume"]) == 0
    assert json.loads((out / "_run.json").read_text())["counts"]["resumed"] == 20
    # one page loses its chrome: the counts of the group's frequent lines change, so every page is redone
    (src / "site" / "page00.txt").write_text("Thread zero\n\nA page with no chrome at all, written again.\n")
    assert main(["clean", str(src), "-o", str(out), "-q", "--resume"]) == 0
    fresh = tmp_path / "fresh"
    assert main(["clean", str(src), "-o", str(fresh), "-q"]) == 0
    assert json.loads((out / "_run.json").read_text())["counts"]["cleaned"] == 20
    for page in (fresh / "site").iterdir():
        assert (out / "site" / page.name).read_bytes() == page.read_bytes()


def test_stats_file_is_saved_for_large_batches_and_reused_on_resume(forum, tmp_path, monkeypatch):
    monkeypatch.setattr("cleaner.firstpass.CACHE_MIN_DOCUMENTS", 10)
    out = tmp_path / "out"
    assert main(["clean", str(forum), "-o", str(out), "-q"]) == 0
    assert (out / CORPUS_FILE).is_file()
    first = {p.name: p.read_bytes() for p in (out / "site").iterdir()}
    assert main(["clean", str(forum), "-o", str(out), "-q", "--resume"]) == 0
    summary = json.loads((out / "_run.json").read_text())
    assert summary["corpus"]["reused"] is True and summary["counts"]["resumed"] == 20
    assert {p.name: p.read_bytes() for p in (out / "site").iterdir()} == first


def test_html_pages_are_extracted_once_not_in_the_first_pass(tmp_path, monkeypatch):
    import cleaner.sources.html as html_source

    calls = []
    real = html_source.extract

    def counting(html, url, **options):
        calls.append(url)
        return real(html, url, **options)

    monkeypatch.setattr(html_source, "extract", counting)
    src = tmp_path / "src"
    src.mkdir()
    body = "<p>" + "The river rose through the night and the council met at dawn to decide. " * 4 + "</p>"
    for i in range(6):
        (src / f"page{i}.html").write_text(f"<html><body><article><h1>Page {i}</h1>{body}</article></body></html>")
    assert main(["clean", str(src), "-o", str(tmp_path / "out"), "--glob", "*.html", "-q", "-j", "1"]) == 0
    assert len(calls) == 6


def _die_in_the_second_slice(fields, cap, tasks):
    """A first-pass slice that kills the corpus pass's process (its parent), as the OOM killer would.

    Each pool worker notes its process id in the file $CLEANER_TEST_PIDS first.
    """
    with open(os.environ["CLEANER_TEST_PIDS"], "a") as handle:
        handle.write(f"{os.getpid()}\n")
    if tasks[0].path.name == f"page{firstpass.CORPUS_SLICE:03d}.txt":
        os.kill(os.getppid(), signal.SIGKILL)
    return _STATS_SLICE(fields, cap, tasks)


def _gone(pid: int) -> bool:
    """The process has exited (a zombie nobody has reaped yet counts as exited)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] == "Z"


_STATS_SLICE = firstpass._stats_slice


def test_a_corpus_pass_that_dies_is_a_clear_error_and_leaves_no_process(tmp_path, monkeypatch, capsys):
    """Killed in the middle, with its pool workers still holding the pipe: the run says so and
    stops; it neither hangs nor leaves the workers behind."""
    src = tmp_path / "src"
    src.mkdir()
    for i in range(4 * firstpass.CORPUS_SLICE):
        (src / f"page{i:03d}.txt").write_text(f"Home\nNews\nPage {i} says something new today.\n")
    pids = tmp_path / "pids"
    monkeypatch.setenv("CLEANER_TEST_PIDS", str(pids))
    monkeypatch.setattr(firstpass, "_stats_slice", _die_in_the_second_slice)
    assert main(["clean", str(src), "-o", str(tmp_path / "out"), "-q", "-j", "2"]) == 1
    err = capsys.readouterr().err
    assert "the corpus pass was killed by SIGKILL" in err and "--no-corpus" in err
    assert not list(tmp_path.glob("out/**/*.txt"))
    workers = {int(pid) for pid in pids.read_text().split()}
    assert workers, "the corpus pass's pool workers must have run"
    deadline = time.monotonic() + 5
    while not all(map(_gone, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(map(_gone, workers)), "the corpus pass's pool workers outlived it"


def _note_pid_and_hang(fields, cap, tasks):
    with open(os.environ["CLEANER_TEST_PIDS"], "a") as handle:
        handle.write(f"{os.getpid()}\n")
    time.sleep(60)


def test_an_interrupted_corpus_pass_takes_its_pool_workers_down(tmp_path, monkeypatch):
    """Ctrl-C while the first pass runs: its child and the child's pool workers stop with the run."""
    src = tmp_path / "src"
    src.mkdir()
    for i in range(4 * firstpass.CORPUS_SLICE):
        (src / f"page{i:03d}.txt").write_text(f"Home\nPage {i}.\n")
    pids = tmp_path / "pids"
    pids.touch()
    monkeypatch.setenv("CLEANER_TEST_PIDS", str(pids))
    monkeypatch.setattr(firstpass, "_stats_slice", _note_pid_and_hang)

    def interrupted_once_workers_run(*args):
        while len(pids.read_text().split()) < 2:
            time.sleep(0.05)
        raise KeyboardInterrupt

    monkeypatch.setattr(firstpass, "wait", interrupted_once_workers_run)
    with pytest.raises(KeyboardInterrupt):
        firstpass.corpus_for(list(discover([src], "*.txt")), tmp_path / "out", Fields(), 0.5, jobs=2)
    workers = {int(pid) for pid in pids.read_text().split()}
    deadline = time.monotonic() + 5
    while not all(map(_gone, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(map(_gone, workers)), "the corpus pass's pool workers outlived the interrupted run"


def test_a_corpus_pass_that_fails_reports_the_error_and_where_it_happened(tmp_path, monkeypatch):
    def broken(*args):
        raise ValueError("bad table")

    monkeypatch.setattr(firstpass, "_corpus_run", broken)
    with pytest.raises(firstpass.CorpusPassError, match="the corpus pass failed: ValueError: bad table") as caught:
        (tmp_path / "page.txt").write_text("Home\nA page.\n")
        firstpass.corpus_for(list(discover([tmp_path], "*.txt")), tmp_path / "out", Fields(), 0.5)
    assert "Traceback" in caught.value.details and "broken" in caught.value.details


def test_the_first_pass_hashes_the_lines_the_cleaning_pass_sees():
    # the first pass hashes lines without building documents; it must count exactly the lines segment() makes
    root = Path(__file__).parent.parent
    pages = (
        sorted((root / "seeds").glob("*.txt"))
        + sorted((root.parent / "shared/bench/dev/wcxb").glob("*.dirty.txt"))[:100]
    )
    texts = [path.read_text(encoding="utf-8") for path in pages]
    texts.append(
        "  * Home\r\nNews\u2028\u00a0Sport \n\n\n© 2024 Site\x85"
        + "A sentence of prose that is long enough to count as prose here. " * 2
    )
    for text in texts:
        lines = [line.bare for line in segment(text).lines if not line.blank]
        assert text_keys(text) == {line_key(b) for b in lines if not is_long_prose(b)}
