"""Pages trafilatura keeps little of: the whole page cleaned as text, trafilatura's lines anchored."""

from __future__ import annotations

import json

import lxml.html
import pytest

from cleaner.cli import main
from cleaner.document import Removal
from cleaner.pipeline import Engine, Mode, _sparing
from cleaner.rules.loader import load_rules
from cleaner.sources import SourceDoc, cleaned_whole
from cleaner.sources.html import read_html
from cleaner.sources.rescue import SPARSE_SHARE, anchor_lines, sparse_reason
from tests.conftest import engine_for
from tests.test_audit_report import parts

THREADS = [
    "Which tent for a winter trip in the hills",
    "Gas or meths stove for a week in Scotland",
    "Best boots for wet peat bogs",
    "How heavy a pack is too heavy for a day walk",
    "Maps or an app on the Cairngorm plateau",
    "Sleeping mats rated for frost",
]
MENU = ["Home", "Forums", "Members", "Search", "Help", "Login", "Register"]


def forum_page() -> str:
    """A thread list: a heading, one sentence, then short linked lines, as forums and listings are."""
    menu = "".join(f'<li><a href="/{m.lower()}">{m}</a></li>' for m in MENU)
    threads = "".join(
        f'<div class="thread"><a href="/t/{i}">{title}</a>'
        f'<div><a href="/u/{i}">walker{i}</a> {i * 3} replies</div></div>'
        for i, title in enumerate(THREADS)
    )
    return (
        f"<html><head><title>Camping gear</title></head><body><nav><ul>{menu}</ul></nav>"
        f"<main><h1>Camping gear</h1><p>Talk about tents, stoves and packs with other walkers.</p>{threads}"
        "<p>Advertisement</p></main>"
        f"<footer><p>Copyright 2024 Walkers Forum. All rights reserved.</p><ul>{menu}</ul></footer></body></html>"
    )


def test_a_word_kept_once_anchors_the_line_it_was_kept_from_not_a_menu_with_the_same_word():
    rendering = "Home\nForums\n\nHome\nCamping gear\nTalk about tents and stoves.\n\nHome\nHelp"
    extracted = "Home\nCamping gear\nTalk about tents and stoves."
    assert anchor_lines(rendering, extracted) == {4, 5, 6}


def test_a_table_row_is_anchored_when_at_least_half_its_words_were_kept():
    rendering = "Tent   2 kg   £120   in stock\nStove   300 g   £45   sold out\nFooter links"
    extracted = "Tent\n2 kg\n£120\nin stock\nStove\n300 g"  # cells, one a line; half of the second row
    assert anchor_lines(rendering, extracted) == {1, 2}


def test_lines_are_numbered_as_the_engine_numbers_them():
    rendering = "Menu\r\nCamping gear\u2028Talk about tents and stoves.\rFooter"
    assert anchor_lines(rendering, "Camping gear\nTalk about tents and stoves.") == {2, 3}


def _tree(body: str) -> object:
    return lxml.html.fromstring(
        f"<html><body>{body}<script>var words = 'not shown on the page';</script></body></html>"
    )


def test_a_page_is_sparse_when_trafilatura_kept_under_a_fifth_of_its_visible_words():
    tree = _tree("<p>" + " ".join(["word"] * 100) + "</p>")
    kept = " ".join(["word"] * 10)
    reason = sparse_reason(kept, tree, None)
    assert reason is not None and "10 of 100 visible words" in reason and f"< {SPARSE_SHARE:.0%}" in reason
    assert sparse_reason(" ".join(["word"] * 30), tree, None) is None
    assert "'product'" in (sparse_reason(kept, tree, "product") or "")


def test_a_page_that_says_it_is_an_article_is_left_to_trafilatura():
    tree = _tree("<p>" + " ".join(["word"] * 100) + "</p>")
    for pagetype in ("article", "NewsArticle", "BlogPosting"):
        assert sparse_reason("word", tree, pagetype) is None


def test_a_page_with_no_visible_text_is_not_sparse():
    assert sparse_reason("", _tree("<div></div>"), None) is None


def test_a_detector_range_is_cut_around_anchored_lines():
    removals = [Removal(2, 6, "detector:x", "why"), Removal(8, 8, "detector:x", "why")]
    assert [(r.first, r.last) for r in _sparing(removals, frozenset({2, 4, 8}))] == [(3, 3), (5, 6)]
    assert _sparing(removals, frozenset()) == removals


def _page_text() -> str:
    menu = "".join(f"* {item}\n" for item in MENU)
    body = "".join(f"{title}\n" for title in THREADS)
    return f"{menu}Camping gear\nTalk about tents, stoves and packs with other walkers.\n{body}Advertisement\n{menu}"


def test_detectors_leave_anchored_lines_and_cut_the_rest_as_aggressive_mode_does():
    engine = engine_for(Mode.BALANCED)
    text = _page_text()
    aggressive = engine_for(Mode.AGGRESSIVE).clean(text)
    gone = {s.line_start for s in aggressive.spans if s.rule == "detector:linemodel"}
    assert gone, "the page must tempt the line model"
    anchors = frozenset(list(gone)[:2]) | {text.splitlines().index("Advertisement") + 1}
    result = engine.clean(text, anchors=anchors)
    by_line = {n: s.rule for s in result.spans for n in range(s.line_start, s.line_end + 1)}
    assert not any(by_line.get(n, "").startswith("detector:") for n in anchors)
    assert by_line[text.splitlines().index("Advertisement") + 1] == "ads.marker"  # rules still name debris
    assert {n for n, rule in by_line.items() if rule == "detector:linemodel"} <= gone - anchors


def test_a_source_is_cleaned_whole_only_when_detectors_run():
    from cleaner.decode import decode
    from cleaner.sources.rescue import Rescue

    data = b"<p>x</p>"
    rescue = Rescue("Menu\nCamping gear", frozenset({2}), "trafilatura kept 2 of 40 visible words")
    doc = SourceDoc("Camping gear", data, decode(data), extraction={"by": "trafilatura"}, rescue=rescue)
    whole, options = doc.to_clean("page.html", detectors=True)
    assert whole.text == "Menu\nCamping gear" and options == {"extracted": False, "anchors": frozenset({2})}
    assert whole.extraction["by"] == "inscriptis" and whole.extraction["whole_page"] == rescue.reason
    assert cleaned_whole({"extraction": whole.extraction}) and not cleaned_whole({"extraction": doc.extraction})
    same, options = doc.to_clean("page.html", detectors=False)
    assert same is doc and options == {"extracted": True}


@pytest.fixture
def trafilatura_keeps_the_heading(monkeypatch):
    """trafilatura as it fails on listings: it keeps the heading and the sentence under it."""
    import trafilatura

    def bare_extraction(tree, **kwargs):
        return {"text": "Camping gear\nTalk about tents, stoves and packs with other walkers."}

    monkeypatch.setattr(trafilatura, "bare_extraction", bare_extraction)


def test_a_listing_trafilatura_kept_little_of_is_cleaned_whole_with_provenance(
    tmp_path, trafilatura_keeps_the_heading, capsys
):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "forum.html").write_text(forum_page(), encoding="utf-8")
    args = ["clean", str(tmp_path / "in"), "--glob", "*.html", "--jobs", "1", "-q"]
    assert main([*args, "-o", str(tmp_path / "out")]) == 0
    assert json.loads((tmp_path / "out" / "_run.json").read_text(encoding="utf-8"))["counts"]["whole_pages"] == 1
    text = (tmp_path / "out" / "forum.txt").read_text(encoding="utf-8")
    meta = json.loads((tmp_path / "out" / "forum.meta.json").read_text(encoding="utf-8"))
    extraction = meta["source"]["extraction"]
    assert extraction["by"] == "inscriptis" and extraction["anchors"] == "trafilatura"
    assert "visible words" in extraction["whole_page"]
    assert "Talk about tents, stoves and packs with other walkers." in text
    assert sum(title in text for title in THREADS) >= len(THREADS) - 1  # what trafilatura missed comes back
    assert "Advertisement" not in text and "Register" not in text
    rules = {span["rule"] for span in meta["removals"]}
    assert "ads.marker" in rules and "detector:linemodel" in rules

    # the audit rebuilds the whole page the offsets refer to
    assert main(["diff", str(tmp_path / "out" / "forum.txt"), "--color", "never"]) == 0
    shown = capsys.readouterr().out
    assert "ads.marker" in shown and "Register" in shown
    # and a source diffed now is cleaned as the run cleaned it
    assert main(["diff", str(tmp_path / "in" / "forum.html"), "--color", "never"]) == 0
    now = capsys.readouterr().out
    assert now[now.index("@@") :] == shown[shown.index("@@") :]  # the same hunks; only the headers name other files

    # the report embeds the rendering cut at the recorded offsets, and explain decides its lines
    assert main(["report", str(tmp_path / "out"), "-o", str(tmp_path / "report.html")]) == 0
    _, blocks = parts((tmp_path / "report.html").read_text(encoding="utf-8"))
    (block,) = blocks.values()
    assert block["n"] == "" and "".join(seg[0] for seg in block["s"]).count("Register") == 2
    assert main(["explain", str(tmp_path / "in" / "forum.html"), "--json"]) == 0
    decided = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {d["text"].strip(" *") for d in decided if d["decision"] == "kept"} >= {"Camping gear", THREADS[0]}
    assert any(d["text"].strip(" *") == "Register" and d["decision"] == "removed" for d in decided)

    # with rules alone the whole page would come out: trafilatura's text is cleaned instead
    assert main([*args, "-o", str(tmp_path / "rules"), "--mode", "rules"]) == 0
    kept = (tmp_path / "rules" / "forum.txt").read_text(encoding="utf-8")
    assert kept.strip() == "Camping gear\nTalk about tents, stoves and packs with other walkers."
    meta = json.loads((tmp_path / "rules" / "forum.meta.json").read_text(encoding="utf-8"))
    assert meta["source"]["extraction"]["by"] == "trafilatura"
    assert json.loads((tmp_path / "rules" / "_run.json").read_text(encoding="utf-8"))["counts"]["whole_pages"] == 0


def test_rules_mode_never_renders_a_page_whole(tmp_path, trafilatura_keeps_the_heading, monkeypatch):
    import cleaner.sources.html as html

    assert read_html(forum_page().encode(), name="forum.html").rescue is not None, "the page must tempt a rescue"

    def no_rendering(*args, **kwargs):
        raise AssertionError("rules mode never cleans a page whole, so it must not measure or render one")

    monkeypatch.setattr(html, "sparse_reason", no_rendering)
    assert read_html(forum_page().encode(), name="forum.html", whole_page=False).rescue is None
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "forum.html").write_text(forum_page(), encoding="utf-8")
    args = ["clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--glob", "*.html", "-j", "1", "-q"]
    assert main([*args, "--mode", "rules"]) == 0
    assert json.loads((tmp_path / "out" / "_run.json").read_text(encoding="utf-8"))["counts"]["failed"] == 0


def test_a_warc_record_trafilatura_kept_little_of_is_cleaned_whole_and_its_diff_rebuilt(
    tmp_path, trafilatura_keeps_the_heading, capsys
):
    from tests.test_sources import make_warc

    (tmp_path / "in").mkdir()
    make_warc(tmp_path / "in" / "crawl.warc.gz", [("https://walkers.example/gear", "text/html", forum_page().encode())])
    args = ["clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--glob", "*.warc.gz", "--jobs", "1", "-q"]
    assert main(args) == 0
    (text_path,) = (tmp_path / "out" / "crawl").glob("*.txt")
    meta = json.loads(text_path.with_name(text_path.name[: -len(".txt")] + ".meta.json").read_text(encoding="utf-8"))
    extraction = meta["source"]["extraction"]
    assert extraction["by"] == "inscriptis" and extraction["warc_target_uri"] == "https://walkers.example/gear"
    assert THREADS[0] in text_path.read_text(encoding="utf-8")
    assert main(["diff", str(text_path), "--color", "never"]) == 0
    shown = capsys.readouterr().out
    assert "ads.marker" in shown and "showing removed lines only" not in shown


def test_a_page_inscriptis_cannot_render_keeps_trafilaturas_text_and_says_why(trafilatura_keeps_the_heading):
    page = '<?xml\nversion="1.0" encoding="utf-8"?>\n' + forum_page()  # lxml refuses it; trafilatura does not
    doc = read_html(page.encode(), name="forum.html")
    assert doc.rescue is None and doc.text.startswith("Camping gear")
    assert "not rendered" in doc.extraction["whole_page_failed"]


def test_a_whole_page_whose_detectors_would_leave_too_little_comes_out_whole_and_suspect():
    menu = "".join(f"* {word}\n" for word in ("Home", "News", "Sport", "Weather", "Shop", "Help") * 20)
    text = f"{menu}Camping gear\n{menu}"
    heading = menu.count("\n") + 1
    whole = Engine(load_rules(builtin=False), Mode.BALANCED).clean(text, anchors=frozenset({heading}))
    assert whole.suspect and "undone" in whole.suspect[0] and whole.text == text  # as a dump's would


def test_a_gzipped_page_is_up_to_date_on_resume_and_its_diff_finds_its_source(tmp_path, capsys):
    import gzip

    (tmp_path / "in").mkdir()
    article = "".join(f"<p>{title}, as the walkers of the valley asked this week.</p>" for title in THREADS)
    html = f"<html><body><article><h1>Camping gear</h1>{article}<p>Advertisement</p></article></body></html>"
    (tmp_path / "in" / "page.html.gz").write_bytes(gzip.compress(html.encode()))
    args = ["clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--glob", "*.html.gz", "--jobs", "1"]
    assert main(args) == 0
    capsys.readouterr()
    assert main([*args, "--resume"]) == 0
    assert "1 up to date" in capsys.readouterr().err
    assert main(["diff", str(tmp_path / "out" / "page.txt"), "--color", "never"]) == 0
    shown = capsys.readouterr().out
    assert "ads.marker" in shown and "changed since the run" not in shown
