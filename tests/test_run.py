"""Batch runs: parallel workers, resume, crash safety, the run summary, HTML input."""

import gzip
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import cleaner
from cleaner import run
from cleaner.cli import main

from .conftest import SEEDS


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "_run.json"
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """120 files in nested folders, made from the seeds with small variations."""
    root = tmp_path_factory.mktemp("corpus")
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(120):
        folder = root / f"part{i % 4}"
        folder.mkdir(exist_ok=True)
        text = seeds[i % len(seeds)].read_text(encoding="utf-8")
        (folder / f"doc{i:03d}.txt").write_text(f"Variant {i}\n\n{text}", encoding="utf-8")
    return root


def test_jobs_do_not_change_outputs(corpus, tmp_path):
    assert main(["clean", str(corpus), "-o", str(tmp_path / "j1"), "-j", "1", "-q"]) == 0
    assert main(["clean", str(corpus), "-o", str(tmp_path / "j2"), "-j", "2", "-q"]) == 0
    one = tree_digest(tmp_path / "j1")
    assert len(one) == 240 and one == tree_digest(tmp_path / "j2")


def test_workers_replaced_mid_run_do_not_change_outputs(corpus, tmp_path, monkeypatch):
    # a worker is replaced after WORKER_CHUNKS chunks; here after 2 (8 files), so 120 files see many replacements
    monkeypatch.setattr(run, "WORKER_CHUNKS", 2)
    assert main(["clean", str(corpus), "-o", str(tmp_path / "j1"), "-j", "1", "-q"]) == 0
    pids = tmp_path / "pids"
    clean_file = run.clean_file

    def noting_pid(job, task):  # forked workers inherit this patch; each notes which process cleaned a file
        with pids.open("a") as handle:
            handle.write(f"{os.getpid()}\n")
        return clean_file(job, task)

    monkeypatch.setattr(run, "clean_file", noting_pid)
    assert main(["clean", str(corpus), "-o", str(tmp_path / "j2"), "-j", "2", "-q"]) == 0
    one = tree_digest(tmp_path / "j1")
    assert len(one) == 240 and one == tree_digest(tmp_path / "j2")
    assert len(set(pids.read_text().split())) >= 120 // (2 * run.CHUNK), "workers were not replaced"


def test_run_summary_counts(corpus, tmp_path):
    assert main(["clean", str(corpus), "-o", str(tmp_path / "out"), "-q"]) == 0
    summary = json.loads((tmp_path / "out" / "_run.json").read_text())
    assert summary["counts"]["files"] == 120 and summary["counts"]["cleaned"] == 120
    assert summary["rules"]["comments.form-tail"]["removals"] >= 1
    # the code's own version, whatever an (editable) install's metadata says
    assert summary["versions"]["cleaner"] == cleaner.__version__ and summary["timing"]["seconds"] >= 0


def test_resume_skips_up_to_date_outputs_and_redoes_changed_ones(corpus, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(corpus, src)
    out = tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out), "-q"]) == 0
    first = tree_digest(out)
    changed = src / "part1" / "doc001.txt"
    changed.write_text("A new text entirely, one line long and written again.\n")
    assert main(["clean", str(src), "-o", str(out), "-q", "--resume"]) == 0
    summary = json.loads((out / "_run.json").read_text())["counts"]
    assert (summary["resumed"], summary["cleaned"]) == (119, 1)
    assert (out / "part1" / "doc001.txt").read_text() != ""
    second = tree_digest(out)
    assert {k for k in first if first[k] != second[k]} == {"part1/doc001.txt", "part1/doc001.meta.json"}


def test_resume_cleans_again_a_file_whose_output_was_deleted_or_truncated(corpus, tmp_path):
    out = tmp_path / "out"
    assert main(["clean", str(corpus), "-o", str(out), "-q"]) == 0
    first = tree_digest(out)
    (out / "part1" / "doc001.txt").unlink()
    (out / "part2" / "doc002.txt").write_text("")
    assert main(["clean", str(corpus), "-o", str(out), "-q", "--resume"]) == 0
    summary = json.loads((out / "_run.json").read_text())["counts"]
    assert (summary["resumed"], summary["cleaned"]) == (118, 2)
    assert tree_digest(out) == first


def test_killed_run_resumes_to_identical_outputs(corpus, tmp_path):
    """SIGKILL a run at several points (starting up, then at three points of its progress); resume;
    compare with an uninterrupted run: byte-identical, nothing half-written, nothing missing."""
    reference = tmp_path / "reference"
    assert main(["clean", str(corpus), "-o", str(reference), "-q"]) == 0
    total = len(list(reference.rglob("*.meta.json")))
    out = tmp_path / "out"
    command = [sys.executable, "-m", "cleaner.cli", "clean", str(corpus), "-o", str(out), "-q", "-j", "2", "--resume"]
    written = []
    for target in (0, total // 6, total // 2, total * 3 // 4):
        process = subprocess.Popen(command, start_new_session=True)
        if target == 0:
            time.sleep(0.3)  # still importing or in the corpus pass
        while process.poll() is None and target and len(list(out.rglob("*.meta.json"))) < target:
            time.sleep(0.005)
        assert process.poll() is None, f"the run ended before {target} of {total} outputs were written"
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        written.append(len(list(out.rglob("*.meta.json"))))
    assert written[-1] < total, written  # every kill landed before the run was done
    assert subprocess.run(command).returncode == 0
    assert tree_digest(out) == tree_digest(reference)
    assert not list(out.rglob(".cleaner-tmp-*")), "no half-written files left behind"
    print(f"killed 4 runs; outputs on disk after each kill: {written} of {total}")


def test_html_input_goes_through_trafilatura(tmp_path):
    page = (
        "<html><head><title>Rivers</title></head><body><nav>Home | About</nav><article><h1>Rivers of Europe</h1>"
        + "".join(f"<p>The river number {i} flows slowly through the old town and past the mill.</p>" for i in range(8))
        + "<p>Advertisement</p></article><footer>Copyright</footer></body></html>"
    )
    src = tmp_path / "src"
    src.mkdir()
    (src / "page.html.gz").write_bytes(gzip.compress(page.encode()))
    assert main(["clean", str(src), "-o", str(tmp_path / "out"), "--glob", "*.html*", "-q"]) == 0
    text = (tmp_path / "out" / "page.txt").read_text()
    meta = json.loads((tmp_path / "out" / "page.meta.json").read_text())
    assert "The river number 7 flows" in text and "Advertisement" not in text
    assert meta["source"]["extraction"]["by"] == "trafilatura"
    assert meta["source"]["extraction"]["title"].startswith("Rivers")
