"""The writers: atomic temporaries and the sweep of a dead run's, JSONL shards."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.cli import main
from cleaner.sinks import atomic
from cleaner.sinks.atomic import TEMP_PREFIX, _umask, sweep_temporaries, temp_prefix
from cleaner.sinks.jsonl import JsonlShards
from cleaner.sinks.txt import meta_json

GOOD = "A paragraph of ordinary article text that the cleaner keeps as it is.\n"


def dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_the_sweep_removes_only_temporaries_whose_run_is_gone(tmp_path):
    host = atomic._host()
    day_ago = time.time() - atomic.STALE_SECONDS - 60
    zombie = subprocess.Popen(["true"])  # ended, not yet reaped: a killed run's worker where init does not reap
    deadline = time.monotonic() + 10
    while not atomic._zombie(zombie.pid) and time.monotonic() < deadline:
        time.sleep(0.01)
    names = {
        "live": f"{temp_prefix('a.txt')}x1.tmp",  # this process: a run still writing
        "live-stale": f"{temp_prefix('a.txt')}x9.tmp",  # a day untouched: its pid was reused by a new process
        "dead": f"{TEMP_PREFIX}{dead_pid()}@{host}@a.txt.x2.tmp",
        "zombie": f"{TEMP_PREFIX}{zombie.pid}@{host}@a.txt.x8.tmp",
        "old-style": f"{TEMP_PREFIX}a.txt.x3.tmp",  # written before owners were recorded
        "other-host-fresh": f"{TEMP_PREFIX}1@{host}-elsewhere@a.txt.x4.tmp",
        "other-host-stale": f"{TEMP_PREFIX}1@{host}-elsewhere@a.txt.x5.tmp",
        "no-pid-fresh": f"{TEMP_PREFIX}0@{host}@a.txt.x6.tmp",
        "no-pid-stale": f"{TEMP_PREFIX}0@{host}@a.txt.x7.tmp",
    }
    (tmp_path / "sub").mkdir()
    for key, name in names.items():
        path = tmp_path / "sub" / name
        path.write_text(key)
        if key.endswith("-stale"):
            os.utime(path, (day_ago, day_ago))
    assert sweep_temporaries(tmp_path) == 6
    zombie.wait()
    left = {p.read_text() for p in (tmp_path / "sub").iterdir()}
    assert left == {"live", "other-host-fresh", "no-pid-fresh"}


def test_a_run_starting_in_the_folder_leaves_another_runs_open_shard_alone(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(GOOD)
    other = JsonlShards(out)  # another run, its first shard still open
    other.write({"id": "x", "text": GOOD, "metadata": {}})
    assert main(["clean", str(src), "-o", str(out), "-q", "--mode", "rules", "-j", "1"]) == 0
    assert other.close() == [out / "part-00000.jsonl"]
    assert (out / "part-00000.jsonl").read_text().count("\n") == 1


def test_jsonl_shards_get_the_permissions_of_txt_outputs(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(GOOD)
    old = os.umask(0o027)
    _umask.cache_clear()  # the mask is read once per process; this test changes it
    try:
        for form in ("txt", "jsonl"):
            args = ["clean", str(src), "-o", str(tmp_path / form), "--format", form, "-q", "--mode", "rules", "-j", "1"]
            assert main(args) == 0
    finally:
        os.umask(old)
        _umask.cache_clear()
    modes = {
        p.name: stat.S_IMODE(p.stat().st_mode)
        for p in (tmp_path / "txt" / "a.txt", tmp_path / "jsonl" / "part-00000.jsonl")
    }
    assert modes == {"a.txt": 0o640, "part-00000.jsonl": 0o640}


def test_a_jsonl_run_removes_the_shards_an_earlier_longer_run_left(tmp_path, capsys):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    for i in range(7):
        (src / f"{i}.txt").write_text(GOOD)
    args = ["clean", str(src), "-o", str(out), "--format", "jsonl", "--shard-docs", "3", "-q", "--mode", "rules"]
    assert main([*args, "-j", "1"]) == 0
    assert sorted(p.name for p in out.glob("part-*.jsonl")) == [f"part-0000{i}.jsonl" for i in range(3)]
    others = ["part-1.jsonl", "part-000001.jsonl", "part-00009.jsonl.bak", "notes.jsonl", "other-00001.jsonl"]
    for name in others:  # not names the shard writer gives: never touched
        (out / name).write_text("{}\n")
    for i in range(2, 7):
        (src / f"{i}.txt").unlink()
    capsys.readouterr()
    assert main([*args, "-j", "1"]) == 0
    assert "removed 2 shards of an earlier run" in capsys.readouterr().err
    assert sorted(p.name for p in out.glob("part-*.jsonl")) == ["part-00000.jsonl", "part-000001.jsonl", "part-1.jsonl"]
    assert all((out / name).exists() for name in others)
    assert (out / "part-00000.jsonl").read_text().count("\n") == 2


@pytest.mark.parametrize(("blocked", "jobs"), [(0, 1), (1, 2)])
def test_a_shard_that_cannot_be_written_is_a_clear_error_and_leaves_no_temporary(tmp_path, capsys, blocked, jobs):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    for i in range(5):
        (src / f"{i}.txt").write_text(GOOD)
    (out / f"part-0000{blocked}.jsonl").mkdir(parents=True)  # a folder where the shard should go
    args = ["clean", str(src), "-o", str(out), "--format", "jsonl", "--shard-docs", "1", "--mode", "rules"]
    assert main([*args, "-q", "-j", str(jobs)]) == 1
    err = capsys.readouterr().err
    message = f"cannot write shard {out}/part-0000{blocked}.jsonl: Is a directory"
    assert f"cleaner: {message}\n" in err and "Traceback" not in err
    assert not list(out.rglob(f"{TEMP_PREFIX}*")), "the shard's temporary is removed"
    assert sorted(p.name for p in out.glob("part-*.jsonl") if p.is_file()) == [
        f"part-0000{i}.jsonl" for i in range(blocked)
    ]
    failures = json.loads((out / "_run.json").read_text())["failures"]
    assert {"path": f"{out}/part-0000{blocked}.jsonl", "reason": message} in failures


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.none() | st.booleans() | st.integers() | st.text(max_size=6), _JSON, max_size=6))
def test_meta_json_holds_what_json_dumps_holds(meta):
    # one key per line, list items one per line, every value from the C encoder: the same JSON values
    assert json.loads(meta_json(meta)) == json.loads(json.dumps(meta))
