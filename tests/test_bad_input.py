"""Bad input: each case is reported or cleaned with its decision recorded; the run goes on; inputs untouched.

The README's "Bad input" table lists these cases and points here.
"""

import codecs
import contextlib
import gzip
import hashlib
import json
import os
import time
import zipfile
from pathlib import Path

import pytest

from cleaner.cli import main
from cleaner.discover import Task
from cleaner.pipeline import Mode
from cleaner.run import Job, clean_file
from tests.conftest import engine_for

GOOD = "A good file with a full sentence about rivers and towns in it.\n"


def run_folder(tmp_path: Path, files: dict[str, bytes], *args: str) -> tuple[int, dict, Path]:
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    (src / "good.txt").write_text(GOOD)
    for name, data in files.items():
        (src / name).write_bytes(data)
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in src.iterdir() if p.is_file()}
    out = tmp_path / "out"
    code = main(["clean", str(src), "-o", str(out), "-q", "--mode", "rules", *args])
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in src.iterdir() if p.is_file()}
    assert before == after, "inputs are never modified"
    assert (out / "good.txt").read_text() == GOOD, "a bad file never takes good files down"
    return code, json.loads((out / "_run.json").read_text()), out


def meta_of(out: Path, stem: str) -> dict:
    return json.loads((out / f"{stem}.meta.json").read_text())


@pytest.mark.parametrize(
    "name,data,reason",
    [
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        ("nul.txt", b"text\x00with\x00nul bytes", "binary"),
        ("archive.txt", gzip.compress(b"hello" * 100, mtime=0), "binary"),
        ("controls.txt", bytes(range(1, 32)) * 50, "binary"),
    ],
)
def test_binary_files_are_skipped_with_a_reason(tmp_path, name, data, reason):
    code, summary, out = run_folder(tmp_path, {name: data})
    assert code == 1
    assert [f["path"].endswith(name) and reason in f["reason"] for f in summary["failures"]] == [True]
    assert not (out / name).exists()


def test_a_long_input_name_whose_outputs_fit_is_cleaned(tmp_path):
    # 230 + len(".meta.json") bytes fit a 255-byte file name; the temporary written first must fit too
    name = "a" * 230 + ".txt"
    code, summary, out = run_folder(tmp_path, {name: GOOD.encode()})
    assert code == 0, summary["failures"]
    assert (out / name).read_text() == GOOD and (out / ("a" * 230 + ".meta.json")).exists()


def test_an_output_name_longer_than_the_file_system_allows_is_a_clear_error_and_leaves_no_text(tmp_path):
    name = "b" * 248 + ".txt"  # the input fits; its .meta.json (258 bytes) does not
    code, summary, out = run_folder(tmp_path, {name: GOOD.encode()})
    assert code == 1
    [failure] = summary["failures"]
    assert failure["path"].endswith(name)
    reason = failure["reason"]
    assert "b" * 248 + ".meta.json" in reason and "258 bytes is longer than the file system allows" in reason
    assert not (out / name).exists(), "a text without its metadata is not left behind"


def test_zip_archive_is_skipped(tmp_path):
    zipped = tmp_path / "a.zip"
    with zipfile.ZipFile(zipped, "w") as z:
        z.writestr("x.txt", "hello " * 1000)
    code, summary, _ = run_folder(tmp_path, {"archive2.txt": zipped.read_bytes()})
    assert code == 1 and "binary" in summary["failures"][0]["reason"]


@pytest.mark.parametrize(
    "data,encoding,bom",
    [
        ("Grüße aus Köln, schön.".encode("utf-16"), "utf-16-le", True),
        ("Grüße aus Köln, schön.".encode("utf-16-le"), "utf-16-le", False),
        ("Grüße aus Köln, schön.".encode("utf-16-be"), "utf-16-be", False),
        ("Grüße aus Köln, schön.".encode("utf-32"), "utf-32-le", True),
        ("Grüße aus Köln, schön.".encode("utf-32-be"), "utf-32-be", False),
        (codecs.BOM_UTF8 + "Grüße aus Köln, schön.".encode(), "utf-8", True),
    ],
)
def test_unicode_encodings_with_and_without_bom(tmp_path, data, encoding, bom):
    code, _, out = run_folder(tmp_path, {"wide.txt": data})
    assert code == 0
    assert (out / "wide.txt").read_text(encoding="utf-8") == "Grüße aus Köln, schön.\n"
    meta = meta_of(out, "wide")["source"]
    assert (meta["encoding"], meta["bom"]) == (encoding, bom)


def test_latin1_and_invalid_utf8_are_decoded_and_recorded(tmp_path):
    text = "Le café est très bon à Noël, même en été. Ça coûte peu, dit-il.\n" * 3
    code, _, out = run_folder(tmp_path, {"latin.txt": text.encode("cp1252")})
    assert code == 0 and "café" in (out / "latin.txt").read_text()
    meta = meta_of(out, "latin")["source"]
    assert meta["encoding_detected"] is True and meta["encoding"] != "utf-8"


def test_mixed_encodings_decode_line_by_line(tmp_path):
    data = "Straße und Grüße.\n".encode() + "Le café à Noël.\n".encode("cp1252") + "Über alles.\n".encode()
    code, _, out = run_folder(tmp_path, {"mixed.txt": data})
    assert code == 0
    assert (out / "mixed.txt").read_text() == "Straße und Grüße.\nLe café à Noël.\nÜber alles.\n"
    assert meta_of(out, "mixed")["source"]["encoding"] == "mixed utf-8/cp1252"


@pytest.mark.parametrize("data", [b"", b"   \n\n\t \r\n  "])
def test_empty_and_whitespace_only_files_give_empty_outputs(tmp_path, data):
    code, _, out = run_folder(tmp_path, {"empty.txt": data})
    assert code == 0 and (out / "empty.txt").read_text() == ""
    assert meta_of(out, "empty")["summary"]["kept_chars"] == 0


def test_unreadable_file_is_reported(tmp_path, monkeypatch):
    src = tmp_path / "locked.txt"
    src.write_text(GOOD)
    original = Path.read_bytes

    def refuse(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)  # root ignores chmod 000, so simulate it
    outcome = clean_file(Job(engine_for(Mode.RULES), tmp_path / "out"), Task(src, Path("locked.txt")))
    assert outcome.error == "cannot read: Permission denied"


def test_file_that_vanished_is_reported(tmp_path):
    outcome = clean_file(Job(engine_for(Mode.RULES), tmp_path / "out"), Task(tmp_path / "gone.txt", Path("gone.txt")))
    assert outcome.error.startswith("cannot read") and "No such file" in outcome.error


def test_symlink_loop_is_reported_and_directory_loops_not_followed(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text(GOOD)
    os.symlink(src / "b.txt", src / "a.txt")
    os.symlink(src / "a.txt", src / "b.txt")
    os.symlink(src, src / "loop")  # a folder that contains itself
    code = main(["clean", str(src), "-o", str(tmp_path / "out"), "-q", "--mode", "rules"])
    summary = json.loads((tmp_path / "out" / "_run.json").read_text())
    assert code == 1 and summary["counts"]["files"] == 3
    assert all("symbolic links" in f["reason"] for f in summary["failures"])


def test_odd_file_names(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    names = ["with space.txt", "new\nline.txt", os.fsdecode(b"latin\xe9.txt"), "ünï.txt"]
    for name in names:
        (src / name).write_text(GOOD)
    assert main(["clean", str(src), "-o", str(tmp_path / "out"), "-q", "--mode", "rules"]) == 0
    for name in names:
        assert (tmp_path / "out" / name).read_text() == GOOD
    meta = json.loads((tmp_path / "out" / os.fsdecode(b"latin\xe9.meta.json")).read_text())
    assert meta["source"]["path"].endswith("latin\\xe9.txt"), "undecodable bytes are escaped in provenance"
    assert main(["clean", str(src), "-o", str(tmp_path / "out"), "-q", "--mode", "rules", "--resume"]) == 0
    summary = json.loads((tmp_path / "out" / "_run.json").read_text())
    assert summary["counts"]["resumed"] == len(names), "an escaped name in provenance must not defeat --resume"


def test_output_escaping_the_output_folder_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(tmp_path, out / "sub")  # OUT/sub/... would land outside OUT
    src = tmp_path / "doc.txt"
    src.write_text(GOOD)
    outcome = clean_file(Job(engine_for(Mode.RULES), out), Task(src, Path("sub/../../escape.txt")))
    assert outcome.error and "escapes" in outcome.error
    outcome = clean_file(Job(engine_for(Mode.RULES), out), Task(src, Path("sub/doc.txt")))
    assert outcome.error and "escapes" in outcome.error


def test_full_disk_is_a_clear_error(tmp_path, monkeypatch, capsys):
    import cleaner.sinks.atomic as atomic

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", full)
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(GOOD)
    code = main(["clean", str(src), "-o", str(tmp_path / "out"), "-q", "--mode", "rules", "-j", "1"])
    err = capsys.readouterr().err
    assert code == 1 and "No space left on device" in err and "Traceback" not in err
    assert not list((tmp_path / "out").rglob(".cleaner-tmp-*")), "no half-written file is left"


def _failing_writes(monkeypatch, suffix: str) -> None:
    """Make every atomic write of a file whose name ends in ``suffix`` fail as on a full disk."""
    import cleaner.sinks.atomic as atomic

    replace = atomic.os.replace

    def full(source, target, *args, **kwargs):
        if str(target).endswith(suffix):
            raise OSError(28, "No space left on device")
        return replace(source, target, *args, **kwargs)

    monkeypatch.setattr(atomic.os, "replace", full)


@pytest.mark.parametrize("failing", [".txt", ".meta.json"])
def test_a_failed_write_leaves_no_text_without_the_metadata_that_describes_it(tmp_path, monkeypatch, failing):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text("Advertisement\n" + GOOD)
    assert main(["clean", str(src), "-o", str(out), "-q", "--mode", "rules", "-j", "1"]) == 0
    before = {p.name: p.read_bytes() for p in out.glob("a.*")}
    _failing_writes(monkeypatch, failing)
    assert main(["clean", str(src), "-o", str(out), "-q", "--mode", "balanced", "-j", "1"]) == 1
    after = {p.name: p.read_bytes() for p in out.glob("a.*")}
    if failing == ".txt":  # nothing new was written: the earlier text and its metadata stand
        assert after == before
    else:  # a new text was written but not its metadata: neither it nor the earlier metadata is left
        assert after == {}


def test_a_large_file_whose_metadata_name_is_too_long_leaves_no_text(tmp_path, monkeypatch):
    from cleaner import windowed

    monkeypatch.setattr(windowed, "THRESHOLD", 100)  # cleaned window by window, as a file over 16 MB is
    name = "c" * 248 + ".txt"
    code, summary, out = run_folder(tmp_path, {name: (GOOD * 10).encode()})
    assert code == 1
    [failure] = summary["failures"]
    assert "c" * 248 + ".meta.json" in failure["reason"] and "258 bytes" in failure["reason"]
    assert not (out / name).exists()


def test_an_output_path_longer_than_the_system_allows_says_so(tmp_path):
    # a source 3,800 bytes deep and an output folder 400 bytes deep: every name fits, the whole path does not
    src = tmp_path / "src"
    src.mkdir()
    folder = os.open(src, os.O_RDONLY)
    try:
        for _ in range(15):  # made one level at a time, relative to the last: the full path is too long for mkdir
            os.mkdir("d" * 250, dir_fd=folder)
            inner = os.open("d" * 250, os.O_RDONLY, dir_fd=folder)
            os.close(folder)
            folder = inner
        with open(os.open("a.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=folder), "w") as handle:
            handle.write(GOOD)
    finally:
        os.close(folder)
    out = tmp_path / ("o" * 200) / ("o" * 200)
    code = main(["clean", str(src), "-o", str(out), "-q", "--mode", "rules", "-j", "1"])
    summary = json.loads((out / "_run.json").read_text())
    assert code == 1
    [failure] = summary["failures"]
    assert "bytes is longer than the file system allows; use a shorter output folder" in failure["reason"], failure


def test_read_only_output_folder_is_a_clear_error(tmp_path, capsys):
    out = tmp_path / "file-not-folder"
    out.write_text("I am a file")
    code = main(["clean", str(tmp_path / "nothing"), "-o", str(out), "-q"])
    assert code == 2  # missing source
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(GOOD)
    code = main(["clean", str(src), "-o", str(out), "-q", "--mode", "rules", "-j", "1"])
    err = capsys.readouterr().err
    assert code == 1 and "cannot write" in err and "Traceback" not in err


APPENDED = "A line another process appended while the cleaner was reading.\n"


def _append(path: Path) -> None:
    with path.open("a") as handle:
        handle.write(APPENDED)


def _replace_same_size(path: Path) -> None:
    fresh = path.with_name("fresh.tmp")
    fresh.write_text((GOOD * 3).upper())  # a new inode, the same size
    os.replace(fresh, path)


def _touch(path: Path) -> None:
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))  # same bytes, same inode


def _run_with(tmp_path: Path, name: str, data: str, capsys, *args: str) -> tuple[int, dict, Path, str]:
    """Clean a folder holding a good file and ``name``; the good file must come out whatever ``name`` does."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text(GOOD)
    (src / name).write_text(data)
    out = tmp_path / "out"
    code = main(["clean", str(src), "-o", str(out), "-q", "--mode", "rules", "-j", "1", *args])
    err = capsys.readouterr().err
    assert (out / "good.txt").read_text() == GOOD, "the run goes on"
    assert not list(out.rglob(".cleaner-tmp-*")), "no temporary file is left"
    return code, json.loads((out / "_run.json").read_text()), out, err


@pytest.mark.parametrize(
    "change,detail",
    [
        (_append, f"size {len(GOOD * 3)} -> {len(GOOD * 3 + APPENDED)}"),
        (_replace_same_size, "replaced: inode"),
        (_touch, "modified: mtime_ns"),
    ],
)
def test_file_changed_while_read_is_reported_and_not_written(tmp_path, monkeypatch, capsys, change, detail):
    original = Path.read_bytes

    def read_then_change(self):
        data = original(self)
        if self.name == "moving.txt":
            change(self)
        return data

    monkeypatch.setattr(Path, "read_bytes", read_then_change)
    code, summary, out, err = _run_with(tmp_path, "moving.txt", GOOD * 3, capsys)
    assert code == 1
    [failure] = summary["failures"]
    assert failure["path"].endswith("moving.txt")
    assert failure["reason"].startswith("changed while being read (") and detail in failure["reason"]
    assert failure["reason"].endswith("; not written, run again")
    assert f"moving.txt: {failure['reason']}" in err
    assert not (out / "moving.txt").exists() and not (out / "moving.meta.json").exists()


def test_jsonl_file_changed_while_read_leaves_none_of_its_documents(tmp_path, monkeypatch, capsys):
    import cleaner.run

    original = cleaner.run.read_documents

    def read_then_append(task, data, fields, **options):
        yield from original(task, data, fields, **options)  # every document is cleaned and written by now
        with task.path.open("a") as handle:
            handle.write(json.dumps({"id": "late", "text": GOOD}) + "\n")

    monkeypatch.setattr(cleaner.run, "read_documents", read_then_append)
    lines = "".join(json.dumps({"id": f"d{i}", "text": GOOD}) + "\n" for i in range(3))
    code, summary, out, err = _run_with(tmp_path, "docs.jsonl", lines, capsys, "--glob", "*")
    [failure] = summary["failures"]
    assert code == 1 and failure["reason"].startswith("changed while being read (size ")
    assert f"docs.jsonl: {failure['reason']}" in err
    assert not (out / "docs").exists() or not list((out / "docs").iterdir()), "no document of it is left"


def test_a_jsonl_file_touched_mid_read_is_redone_by_resume_not_taken_as_up_to_date(tmp_path, monkeypatch, capsys):
    """A run that wrote a shard's documents, then one that threw them away because the file was touched
    while read: the stamp of the first run must not make --resume skip the file with no documents left."""
    import cleaner.run

    lines = "".join(json.dumps({"id": f"d{i}", "text": GOOD}) + "\n" for i in range(3))
    code, _, out, _ = _run_with(tmp_path, "docs.jsonl", lines, capsys, "--glob", "*")
    assert code == 0 and len(list((out / "docs").glob("d*.txt"))) == 3
    original = cleaner.run.read_documents

    def read_then_touch(task, data, fields, **options):
        yield from original(task, data, fields, **options)
        os.utime(task.path, ns=(time.time_ns(), time.time_ns() + 10**9))  # same bytes, newer mtime

    monkeypatch.setattr(cleaner.run, "read_documents", read_then_touch)
    args = ["clean", str(tmp_path / "src"), "-o", str(out), "-q", "--mode", "rules", "--glob", "*", "-j", "1"]
    assert main(args) == 1
    assert not list((out / "docs").glob("*"))
    monkeypatch.setattr(cleaner.run, "read_documents", original)
    assert main([*args, "--resume"]) == 0
    summary = json.loads((out / "_run.json").read_text())["counts"]
    assert summary["documents"] >= 3 and len(list((out / "docs").glob("d*.txt"))) == 3


def test_an_html_page_past_its_time_limit_is_reported_even_where_trafilatura_catches_everything(tmp_path, monkeypatch):
    """The alarm must reach us through trafilatura's own ``except Exception`` blocks: before, a page past
    its time came out as an empty text with no failure."""
    import trafilatura

    import cleaner.sources.html as html_source

    real = trafilatura.bare_extraction

    def slow_on_one_page(tree, **options):
        if tree.xpath("//p[@id='slow']"):
            with contextlib.suppress(Exception):  # as trafilatura's handlers do around its extractors
                time.sleep(5)
            return None
        return real(tree, **options)

    monkeypatch.setattr(html_source, "TIME_LIMIT_SECONDS", 1)
    monkeypatch.setattr(trafilatura, "bare_extraction", slow_on_one_page)
    body = "<p>" + "The river rose through the night and the council met at dawn to decide. " * 4 + "</p>"
    page = "<html><body><article><h1>{}</h1>{}{}</article></body></html>"
    files = {
        "slow.html": page.format("Slow", body, "<p id='slow'>x</p>").encode(),
        "fast.html": page.format("Fast", body, "").encode(),
    }
    code, summary, out = run_folder(tmp_path, files, "--glob", "*", "-j", "1")
    assert code == 1
    [failure] = summary["failures"]
    assert failure["path"].endswith("slow.html") and "took longer than 1 s" in failure["reason"], failure
    assert "The river rose" in (out / "fast.txt").read_text() and not (out / "slow.txt").exists()


def test_an_input_in_an_output_folder_inside_the_sources_is_refused_not_overwritten(tmp_path, capsys):
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    (src / "b.txt").write_text(GOOD)
    (src / "sub" / "b.txt").write_text("PRECIOUS\n")  # an input the run would skip, then overwrite
    assert main(["clean", str(src), "-o", str(src / "sub"), "-q"]) == 2
    assert (src / "sub" / "b.txt").read_text() == "PRECIOUS\n"
    assert "sub/b.txt would be overwritten and has no .meta.json of cleaner's beside it" in capsys.readouterr().err
    (src / "sub" / "b.txt").unlink()
    for _ in range(2):  # with only its own outputs there, a run into that folder goes on, as often as asked
        assert main(["clean", str(src), "-o", str(src / "sub"), "-q"]) == 0
    assert (src / "sub" / "b.txt").read_text() == GOOD


def test_a_jsonl_file_s_documents_folder_inside_the_sources_holding_a_foreign_text_is_refused(tmp_path, capsys):
    src = tmp_path / "src"
    (src / "sub" / "a").mkdir(parents=True)
    (src / "a.jsonl").write_text(json.dumps({"id": "1", "text": GOOD}) + "\n")
    (src / "sub" / "a" / "1.txt").write_text("PRECIOUS\n")  # where document 1's text would go
    assert main(["clean", str(src), "-o", str(src / "sub"), "--glob", "*.jsonl", "-q"]) == 2
    assert (src / "sub" / "a" / "1.txt").read_text() == "PRECIOUS\n"
    assert "a/1.txt would be overwritten" in capsys.readouterr().err


def test_a_documents_folder_loses_only_outputs_of_cleaner(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "docs.jsonl").write_text(
        json.dumps({"id": "1", "text": GOOD}) + "\n" + json.dumps({"id": "2", "text": GOOD})
    )
    assert main(["clean", str(src), "-o", str(out), "--glob", "*.jsonl", "-q"]) == 0
    (out / "docs" / "notes.txt").write_text("mine\n")
    (out / "docs" / "notes.meta.json").write_text('{"mine": true}\n')
    (src / "docs.jsonl").write_text(json.dumps({"id": "1", "text": GOOD}) + "\n")  # document 2 is gone
    assert main(["clean", str(src), "-o", str(out), "--glob", "*.jsonl", "-q"]) == 0
    left = sorted(p.name for p in (out / "docs").iterdir())
    assert left == ["1.meta.json", "1.txt", "_source.json", "notes.meta.json", "notes.txt"]
    assert main(["clean", str(src), "-o", str(out), "--glob", "*.jsonl", "-q", "--resume"]) == 0
    assert json.loads((out / "_run.json").read_text())["counts"]["resumed"] == 1, "a .meta.json of yours is not counted"


def test_a_jsonl_zst_that_is_not_zstd_is_reported_and_the_run_goes_on(tmp_path):
    pytest.importorskip("zstandard")
    code, summary, out = run_folder(
        tmp_path, {"a.jsonl": json.dumps({"id": "1", "text": GOOD}).encode(), "b.jsonl.zst": b"junk\n"}, "--glob", "*"
    )
    assert code == 1 and (out / "a" / "1.txt").read_text() == GOOD
    reasons = " ".join(f["reason"] for f in summary["failures"])
    assert "b.jsonl.zst" in json.dumps(summary["failures"]) and "cannot read further" in reasons


@pytest.mark.parametrize("empty", [b"", b"junk that is no gzip"])
def test_a_jsonl_file_of_no_documents_gives_its_own_reason(tmp_path, empty):
    code, summary, out = run_folder(tmp_path, {"d.jsonl.gz": empty}, "--glob", "*")
    reasons = [f["reason"] for f in summary["failures"]]
    assert not any("cannot write" in reason for reason in reasons), reasons
    assert (out / "d" / "_source.json").is_file()
    if empty:
        assert code == 1 and any("Not a gzipped file" in reason for reason in reasons), reasons


@pytest.mark.parametrize("mode", ["rules", "balanced"])  # balanced: the corpus pass reads every file first
def test_named_pipes_and_devices_are_skipped_not_read(tmp_path, mode):
    import subprocess
    import sys

    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "good.txt").write_text(GOOD)
    os.mkfifo(src / "pipe.txt")  # reading it would block for ever
    (src / "zero.txt").symlink_to("/dev/zero")  # reading it would never end
    args = ["clean", str(src), "-o", str(out), "-q", "--mode", mode]
    call = f"from cleaner.cli import main; raise SystemExit(main({args!r}))"
    done = subprocess.run([sys.executable, "-c", call], timeout=120, capture_output=True)  # a hang fails, not stalls
    assert done.returncode == 1, done.stderr
    failed = {Path(f["path"]).name: f["reason"] for f in json.loads((out / "_run.json").read_text())["failures"]}
    assert set(failed) == {"pipe.txt", "zero.txt"}
    assert all("not a regular file" in reason for reason in failed.values())
    assert (out / "good.txt").read_text() == GOOD


def test_a_gzipped_page_that_inflates_past_the_limit_is_refused():
    from cleaner.sources import InputError
    from cleaner.sources.html import _gunzip

    bomb = gzip.compress(b"<p>" + b"a" * 10_000)
    assert _gunzip(bomb, limit=20_000).startswith(b"<p>aaa")
    with pytest.raises(InputError, match="decompresses to more than"):
        _gunzip(bomb, limit=5_000)


def test_a_page_the_html_extractor_finds_nothing_in_is_suspect(tmp_path):
    nested = "<html><body>" + "<div>" * 300 + "<p>Real article text, long enough to keep.</p>" + "</div>" * 300
    code, summary, out = run_folder(tmp_path, {"deep.html": nested.encode()}, "--glob", "*")
    meta = json.loads((out / "deep.meta.json").read_text())
    assert (out / "deep.txt").read_text() == ""
    assert meta["summary"]["suspect"] == "the HTML extractor found no text in this page"
    assert summary["counts"]["suspect"] == 1
    from cleaner.audit.record import clean_source

    audited = clean_source(tmp_path / "src" / "deep.html", engine_for(Mode.RULES))  # as the run did
    assert audited.meta["summary"]["suspect"] == meta["summary"]["suspect"]


def test_a_jsonl_zst_cut_between_two_blocks_is_reported_not_taken_for_a_shorter_file(tmp_path):
    zstandard = pytest.importorskip("zstandard")
    import io

    buffer = io.BytesIO()
    writer = zstandard.ZstdCompressor().stream_writer(buffer, closefd=False)
    ends = []
    for n in range(10):
        writer.write((json.dumps({"id": str(n), "text": GOOD}) + "\n").encode())
        writer.flush(zstandard.FLUSH_BLOCK)  # a block ends here: the old reader stopped quietly at such a cut
        ends.append(buffer.tell())
    code, summary, out = run_folder(tmp_path, {"cut.jsonl.zst": buffer.getvalue()[: ends[4]]}, "--glob", "*")
    assert code == 1 and sorted(p.name for p in (out / "cut").glob("*.txt")) == [f"{n}.txt" for n in range(5)]
    assert "zstd frame cut short at the end of the file" in json.dumps(summary["failures"])


def test_damaged_compressed_data_keeps_the_documents_before_it_and_says_why(tmp_path):
    good = "".join(json.dumps({"id": str(n), "text": GOOD}) + "\n" for n in range(50)).encode()
    gz = gzip.compress(good)
    corrupt_deflate = gz[:20] + bytes(b ^ 0xFF for b in gz[20:40]) + gz[40:]  # raised zlib.error through the run
    files = {"bad.jsonl.gz": corrupt_deflate, "page.html.gz": corrupt_deflate}
    zstandard = None
    with contextlib.suppress(ImportError):
        import zstandard
    if zstandard is not None:  # a whole frame, then junk: the frame's documents must not be lost with the junk
        files["tail.jsonl.zst"] = zstandard.ZstdCompressor().compress(good) + b"\x28\xb5\x2f\xfd junk" * 50
    code, summary, out = run_folder(tmp_path, files, "--glob", "*")
    assert code == 1
    counts = summary["counts"]  # the page fails whole; the JSONL files lose only what follows the damage
    assert (counts["failed_files"], counts["failed_documents"]) == (1, 1 + (zstandard is not None))
    assert counts["failed"] == len(summary["failures"]) == 2 + (zstandard is not None)
    reasons = json.dumps(summary["failures"])
    assert "bad.jsonl.gz" in reasons and "page.html.gz" in reasons and "not a valid gzip file" in reasons
    if zstandard is not None:
        assert len(list((out / "tail").glob("*.txt"))) == 50
