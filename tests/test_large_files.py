"""Large plain-text files: cleaned in windows with bounded memory; outputs with the usual permissions."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest

from cleaner import textwindows, windowed
from cleaner.cli import main
from cleaner.normalise import normalise_line
from cleaner.segment import segment
from cleaner.sinks.atomic import _umask

GOOD = "A paragraph of ordinary article text that the cleaner keeps as it is.\n"


def test_outputs_get_the_usual_permissions_not_mkstemps(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text(GOOD)
    old = os.umask(0o027)
    _umask.cache_clear()  # the mask is read once per process; this test changes it
    try:
        assert main(["clean", str(src), "-o", str(tmp_path / "out"), "-q", "--mode", "rules", "-j", "1"]) == 0
    finally:
        os.umask(old)
        _umask.cache_clear()
    for name in ("a.txt", "a.meta.json"):
        mode = stat.S_IMODE((tmp_path / "out" / name).stat().st_mode)
        assert mode == 0o640, f"{name}: {oct(mode)}"


SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture
def small_windows(monkeypatch):
    """Windows of a few kilobytes, so a test file of a few hundred kilobytes is many windows."""
    monkeypatch.setattr(windowed, "THRESHOLD", 1000)
    monkeypatch.setattr(textwindows, "WINDOW", 6000)
    monkeypatch.setattr(textwindows, "LINE_CAP", 20000)
    monkeypatch.setattr(textwindows, "READ", 4096)


def _articles(copies: int = 6) -> str:
    """The seed pages one after another, each a separate article with its debris, blank lines between."""
    pages = [p.read_text(encoding="utf-8").strip("\n") for p in sorted(SEEDS.glob("*.txt"))]
    # Each copy opens with its own sentence: a whole-file run would otherwise take a copy's headline
    # as a repeat of an earlier copy's, or as a short line in the tail of the previous page's comment form.
    opening = "Article {} of this file starts here, after the previous one ended, and it is kept as prose."
    return "\n\n\n\n\n".join(f"{opening.format(i)}\n{page}" for i, page in enumerate(pages * copies)) + "\n"


def _clean(tmp_path: Path, name: str, data: bytes, mode: str, *extra: str) -> tuple[int, Path]:
    src = tmp_path / name
    src.mkdir()
    (src / "big.txt").write_bytes(data)
    out = tmp_path / f"{name}-out"
    code = main(["clean", str(src), "-o", str(out), "-q", "--mode", mode, "-j", "1", "--no-corpus", *extra])
    return code, out


@pytest.mark.parametrize("mode", ["rules", "balanced"])
def test_windowed_output_equals_whole_file_output(tmp_path, monkeypatch, mode):
    data = _articles(copies=1).encode("utf-8")
    code, whole = _clean(tmp_path, "whole", data, mode)
    assert code == 0
    monkeypatch.setattr(windowed, "THRESHOLD", 1000)
    monkeypatch.setattr(textwindows, "WINDOW", 6000)  # each seed page (3-4.5 kB) a window of its own
    monkeypatch.setattr(textwindows, "READ", 4096)
    code, parts = _clean(tmp_path, "parts", data, mode)
    assert code == 0
    meta = json.loads((parts / "big.meta.json").read_text())
    assert meta["windows"]["count"] >= 4
    whole_meta = json.loads((whole / "big.meta.json").read_text())
    # the same source block (sizes, digest, encoding, characters) as a whole-file read; the runs' folders differ
    assert {**meta["source"], "path": ""} == {**whole_meta["source"], "path": ""}
    assert list(meta)[:3] == list(whole_meta)[:3]
    expected = (whole / "big.txt").read_text()
    if mode == "rules":
        assert (parts / "big.txt").read_text() == expected
        assert meta["removals"] == json.loads((whole / "big.meta.json").read_text())["removals"]
        # reasons that cite a line past the first window cite the file's line, as the whole-file run does
        assert any(re.search(r"line \d{3,}", r["reason"]) for r in meta["removals"]), "no reason cites a late line"
    else:  # detectors judge a line by its neighbours and the page's prose: a window is a smaller page
        assert len((parts / "big.txt").read_text()) == pytest.approx(len(expected), rel=0.05)


def test_offsets_point_at_the_removed_text_in_the_original_file(tmp_path, small_windows):
    data = _articles()
    code, out = _clean(tmp_path, "src", data.encode(), "balanced")
    assert code == 0
    meta = json.loads((out / "big.meta.json").read_text())
    assert meta["windows"]["count"] > 10 and meta["removals"]
    lines = data.split("\n")
    clean = (out / "big.txt").read_text()
    rebuilt, at = [], 0
    for span in meta["removals"]:
        original = data[span["start"] : span["end"]]
        normalised = [normalise_line(x) for x in original.split("\n")]
        assert [x for x in normalised if x.strip()] == [x for x in span["text"].split("\n") if x]
        first = span["text"].split("\n", 1)[0]  # "" when the span starts with a blank line
        assert normalise_line(lines[span["line_start"] - 1]) == first, span
        assert original.startswith(lines[span["line_start"] - 1])
        assert at <= span["start"] < span["end"]
        at = span["end"]
        rebuilt.append(span["text"])
    assert meta["summary"]["removals"] == len(meta["removals"])
    assert meta["summary"]["removed_chars"] == sum(len(t) for t in rebuilt)
    assert meta["summary"]["kept_chars"] == len(clean)
    # every character of the normalised file is kept or removed exactly once, blank lines at the cuts included
    assert len(clean) + meta["summary"]["removed_chars"] == len(segment(data).text)
    assert meta["source"]["chars"] == len(data) and meta["source"]["bytes"] == len(data.encode())
    assert meta["output"]["bytes"] == len(clean.encode())


def test_one_huge_line_is_split_at_spaces_and_recorded(tmp_path, small_windows):
    line = " ".join(f"word{i}" for i in range(20000))  # ~150,000 characters, no line break
    data = f"Title\n\n{line}\nAdvertisement\n\nLast paragraph of the article, which is kept.\n"
    code, out = _clean(tmp_path, "src", data.encode(), "rules")
    assert code == 0
    meta = json.loads((out / "big.meta.json").read_text())
    assert meta["windows"]["split_lines"] and set(meta["windows"]["split_lines"]) == {3}
    clean = (out / "big.txt").read_text()
    assert clean.split() == data.replace("Advertisement", "").split()
    assert len(max(clean.split("\n"), key=len)) <= 20000


def test_decoding_errors_and_encodings_in_windows(tmp_path, small_windows):
    text = _articles()
    # invalid UTF-8 in a later window: decoded as mixed UTF-8/Windows-1252 and recorded
    closing = "\n\nA closing sentence about a na\xefve caf\xe9, written in Windows-1252 by some other tool.\n"
    late = "Caf\xe9 cr\xe8me.\n".encode() + text.encode("utf-8") + closing.encode("cp1252")
    code, out = _clean(tmp_path, "late", late, "rules")
    meta = json.loads((out / "big.meta.json").read_text())
    assert code == 0 and meta["source"]["encoding"] == "mixed utf-8/cp1252" and meta["source"]["encoding_detected"]
    assert (out / "big.txt").read_text().endswith(closing.lstrip("\n"))
    # UTF-16 with a mark: decoded across windows
    code, out = _clean(tmp_path, "wide", text.encode("utf-16"), "rules")
    meta = json.loads((out / "big.meta.json").read_text())
    assert code == 0 and meta["source"]["encoding"] == "utf-16-le" and meta["source"]["bom"]
    assert meta["source"]["chars"] == len(text)
    # a lone surrogate deep in a UTF-16 file: the file fails with the byte offset, nothing is left behind
    broken = text.encode("utf-16-le") + b"\x00\xdc" + "tail\n".encode("utf-16-le")
    code, out = _clean(tmp_path, "broken", codecs_bom() + broken, "rules")
    assert code == 1
    assert not (out / "big.txt").exists() and not list(out.rglob(".cleaner-tmp-*"))
    summary = json.loads((out / "_run.json").read_text())
    assert "invalid utf-16-le" in json.dumps(summary["failures"])
    # binary data is refused as a whole-file read would refuse it
    code, out = _clean(tmp_path, "binary", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 100, "rules")
    assert code == 1 and not (out / "big.txt").exists()


def codecs_bom() -> bytes:
    import codecs

    return codecs.BOM_UTF16_LE


def test_large_file_with_the_corpus_pass_and_resume(tmp_path, small_windows, capsys):
    src = tmp_path / "src"
    src.mkdir()
    (src / "big.txt").write_text(_articles(copies=2))
    for i, page in enumerate(sorted(SEEDS.glob("*.txt"))):
        (src / f"page{i}.txt").write_text(page.read_text())
    out = tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out), "-q", "-j", "1"]) == 0
    meta = json.loads((out / "big.meta.json").read_text())
    assert meta["windows"]["count"] > 1 and meta["corpus"]["group"] == "./"
    before = (out / "big.txt").read_bytes()
    assert main(["clean", str(src), "-o", str(out), "-q", "-j", "1", "--resume"]) == 0
    summary = json.loads((out / "_run.json").read_text())
    assert summary["counts"]["resumed"] == 6 and (out / "big.txt").read_bytes() == before


def test_large_file_changed_while_streamed_is_reported_and_not_written(tmp_path, small_windows, monkeypatch, capsys):
    src = tmp_path / "src"
    src.mkdir()
    big = src / "big.txt"
    big.write_text(_articles())
    (src / "small.txt").write_text(GOOD)
    size = big.stat().st_size
    original = windowed.windows

    def append_after_the_first_window(pieces):
        for number, window in enumerate(original(pieces)):
            yield window
            if number == 0:  # another process appends while the rest of the file is still being read
                with big.open("a") as handle:
                    handle.write(GOOD)

    monkeypatch.setattr(windowed, "windows", append_after_the_first_window)
    out = tmp_path / "out"
    code = main(["clean", str(src), "-o", str(out), "-q", "--mode", "rules", "-j", "1", "--no-corpus"])
    err = capsys.readouterr().err
    assert code == 1
    [failure] = json.loads((out / "_run.json").read_text())["failures"]
    reason = f"changed while being read (size {size} -> {size + len(GOOD)}); not written, run again"
    assert failure["path"].endswith("big.txt") and failure["reason"] == reason
    assert f"big.txt: {reason}" in err
    assert sorted(p.name for p in out.iterdir()) == ["_run.json", "small.meta.json", "small.txt"]
