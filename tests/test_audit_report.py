"""`cleaner report`: report.json aggregates, escaping of corpus text, flagged files first, lazy per-file blocks."""

import json
import re
import shutil

import pytest

from cleaner.audit.aggregate import order, threshold
from cleaner.audit.collect import FileRow
from cleaner.audit.report import unpacked
from cleaner.cli import main

from .conftest import SEEDS

EVIL = """Advertisement
<script>window.__pwned = 1</script>
</script><!-- <img src=x onerror="window.__pwned=2"> & &amp;
The council approved the new budget on Tuesday after a long debate about schools, roads and the harbour wall.
Residents who spoke at the meeting asked for more money for the library and the swimming pool, which closed last year.
Share on Facebook
"""


def make_run(tmp_path):
    """Seeds plus a page full of markup, cleaned into OUT; sources stay in place for the report."""
    src = tmp_path / "src"
    shutil.copytree(SEEDS, src)
    (src / "evil.txt").write_text(EVIL, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out), "-q", "-j", "1"]) == 0
    return src, out


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return make_run(tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="module")
def report(run):
    _, out = run
    assert main(["report", str(out)]) == 0
    return out / "report.html", json.loads((out / "report.json").read_text(encoding="utf-8"))


def metas(out):
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(out.glob("*.meta.json"))]


def test_report_is_reproducible(run, report, tmp_path):
    assert main(["report", str(run[1]), "-o", str(tmp_path / "again.html")]) == 0
    assert (tmp_path / "again.html").read_bytes() == report[0].read_bytes()
    assert json.loads((tmp_path / "again.json").read_text(encoding="utf-8")) == report[1]


def test_report_json_totals_are_the_sums_of_the_metadata(run, report):
    _, data = report
    all_meta = metas(run[1])
    t = data["totals"]
    assert t["files"] == len(all_meta) == 6
    assert t["bytes_in"] == sum(m["source"]["bytes"] for m in all_meta)
    assert t["bytes_out"] == sum(m["output"]["bytes"] for m in all_meta)
    assert t["chars_removed"] == sum(m["summary"]["removed_chars"] for m in all_meta)
    assert t["removals"] == sum(len(m["removals"]) for m in all_meta)
    hits = {}
    for m in all_meta:
        for r in m["removals"]:
            hits[r["rule"]] = hits.get(r["rule"], 0) + 1
    assert {r["rule"]: r["hits"] for r in data["rules"]} == hits
    assert [r["bytes"] for r in data["rules"]] == sorted((r["bytes"] for r in data["rules"]), reverse=True)
    assert all(1 <= len(r["samples"]) <= 3 for r in data["rules"])


def parts(html):
    """The report's index and its per-file blocks, decoded."""
    index = json.loads(re.search(r'<script type="application/json" id="index">(.*?)</script>', html).group(1))
    blocks = dict(re.findall(r'<script type="application/octet-stream" id="d(\d+)">(.*?)</script>', html))
    return index, {int(i): unpacked(text) for i, text in blocks.items()}


def test_corpus_text_cannot_become_markup(report):
    html_path, data = report
    html = html_path.read_text(encoding="utf-8")
    index, blocks = parts(html)
    evil = next(i for i, f in enumerate(index["files"]) if f[0] == "evil.txt")
    text = "".join(seg[0] for seg in blocks[evil]["s"])
    assert "<script>window.__pwned = 1</script>" in text and "<!-- <img src=x" in text  # the text is there…
    assert "<script>window" not in html and "<img src=x" not in html and "<!-- <img" not in html  # …but never as markup
    assert "Share on Facebook" in json.dumps(index)  # a sample removal from the evil page travels escaped in the index
    scripts = re.findall(r"<script\b", html)
    assert len(scripts) == data["totals"]["files"] + 2  # one block per file, the index, the page's own code
    assert html.count("</script>") == len(scripts)


def test_page_is_self_contained(report):
    html = report[0].read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "default-src 'none'" in html  # and the browser is told to fetch nothing


def test_each_file_block_is_its_source_cut_at_the_recorded_offsets(run, report):
    index, blocks = parts(report[0].read_text(encoding="utf-8"))
    for i, entry in enumerate(index["files"]):
        doc = blocks[i]
        assert doc["n"] == "", entry[0]
        meta = json.loads((run[1] / entry[0].replace(".txt", ".meta.json")).read_text())
        assert "".join(seg[0] for seg in doc["s"]) == (run[0] / entry[0]).read_text(encoding="utf-8")
        removed = [seg for seg in doc["s"] if len(seg) == 3]
        assert len(removed) == len(meta["removals"])
        for seg, removal in zip(removed, meta["removals"], strict=True):
            assert index["rules"][seg[1]]["rule"] == removal["rule"] and doc["r"][seg[2]] == removal["reason"]
            assert seg[0].split() == removal["text"].split()  # the source text of the span, normalised in provenance


def test_no_text_embeds_only_removals(run, tmp_path):
    _, out = run
    target = tmp_path / "r.html"
    assert main(["report", str(out), "-o", str(target), "--no-text"]) == 0
    _, blocks = parts(target.read_text(encoding="utf-8"))
    text = json.dumps(blocks)
    assert "The council approved" not in text and "Advertisement" in text
    assert (tmp_path / "r.json").is_file()


def test_missing_sources_are_noted_not_fatal(tmp_path):
    src, out = make_run(tmp_path)
    shutil.rmtree(src)
    assert main(["report", str(out)]) == 0
    _, blocks = parts((out / "report.html").read_text(encoding="utf-8"))
    assert all("cannot be read" in block["n"] for block in blocks.values())
    assert any(len(block["s"]) for block in blocks.values())  # the removed lines are still shown


def test_missing_output_folder_exits_2(tmp_path):
    assert main(["report", str(tmp_path / "none")]) == 2


def row(name, kept, removed, suspect=()):
    return FileRow(None, name, name, kept + removed, kept, kept, removed, tuple(suspect), ())  # type: ignore[arg-type]


def test_suspect_then_unusual_share_first_then_by_name():
    rows = [
        row("a", 90, 10),
        row("b", 5, 95),
        row("c", 80, 20),
        row("d", 1, 99, ["removed 99%"]),
        row("e", 70, 30),
        row("f", 40, 60),
    ]
    limit = threshold([r.share for r in rows])
    from cleaner.audit.aggregate import flag

    flags = [flag(r, limit) for r in rows]
    assert [rows[i].name for i in order(rows, flags)] == ["d", "b", "a", "c", "e", "f"]
    assert flags[0] == "" and flags[1].startswith("removed 95%") and flags[3].startswith("suspect")


def test_threshold_stays_between_floor_and_ceiling():
    assert threshold([0.1, 0.11, 0.12, 0.13]).fence == 0.5
    assert threshold([0.1, 0.2, 0.3, 0.95, 0.99]).fence == 0.8
    assert 0.5 < threshold([0.3 + i / 100 for i in range(30)]).fence < 0.8
