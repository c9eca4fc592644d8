"""Multi-document inputs (JSONL, WARC) and JSONL output shards."""

import gzip
import io
import itertools
import json

import pytest

from cleaner.cli import main

ARTICLE = "The river rose overnight and the town council met at dawn to decide what to do next."


def jsonl_lines(n, bad_line=None):
    lines = []
    for i in range(n):
        if i == bad_line:
            lines.append("{not json")
        else:
            record = {
                "id": f"doc/{i}",
                "text": f"Title {i}\n\n{ARTICLE}\n\nAdvertisement\n",
                "metadata": {"url": f"https://example.com/{i}", "lang": "en"},
            }
            lines.append(json.dumps(record))
    return "\n".join(lines) + "\n"


def test_jsonl_in_txt_out_with_a_malformed_line(tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    (src / "shard.jsonl.gz").write_bytes(gzip.compress(jsonl_lines(5, bad_line=2).encode()))
    code = main(["clean", str(src), "-o", str(tmp_path / "out"), "--glob", "*.jsonl*", "-q"])
    assert code == 1, "a malformed line is a reported failure"
    assert "line 3: malformed JSON" in capsys.readouterr().err
    folder = tmp_path / "out" / "shard"
    assert sorted(p.name for p in folder.glob("*.txt")) == ["doc_0.txt", "doc_1.txt", "doc_3.txt", "doc_4.txt"]
    assert "Advertisement" not in (folder / "doc_0.txt").read_text()
    meta = json.loads((folder / "doc_0.meta.json").read_text())
    assert meta["source"]["url"] == "https://example.com/0"
    summary = json.loads((tmp_path / "out" / "_run.json").read_text())
    assert summary["counts"]["documents"] == 4 and summary["failures"][0]["reason"].startswith("line 3")


def test_documents_that_claim_one_output_name_all_keep_their_own(tmp_path):
    # a repeated id, and ids equal once made safe for a file name, used to overwrite each other
    src = tmp_path / "src"
    src.mkdir()
    docs = [("a/b", "First."), ("a_b", "Second."), ("x", "Third."), ("x", "Fourth, same id."), ("x.2", "Fifth.")]
    (src / "shard.jsonl").write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in docs))
    assert main(["clean", str(src), "-o", str(tmp_path / "out"), "--glob", "*.jsonl", "-q"]) == 0
    folder = tmp_path / "out" / "shard"
    found = {}
    for meta_path in folder.glob("*.meta.json"):
        meta = json.loads(meta_path.read_text())
        found[meta["source"]["id"], (tmp_path / "out" / meta["output"]["path"]).read_text()] = meta_path.name
    assert sorted(found) == sorted((i, t + "\n") for i, t in docs)
    assert found["x", "Fourth, same id.\n"] == "x.2.meta.json" and found["x.2", "Fifth.\n"] == "x.2.2.meta.json"


def test_a_lone_surrogate_in_a_jsonl_text_is_replaced_and_the_run_goes_on(tmp_path):
    # "\\ud83d" is valid JSON (half an emoji, common in truncated scrapes); it crashed RE2 and the whole run
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.jsonl").write_text('{"id": "s1", "text": "Broken emoji \\ud83d here.\\nAdvertisement\\n"}\n')
    (src / "z.txt").write_text("A plain file with a sentence.\n")
    for sink in ("txt", "jsonl"):
        out = tmp_path / sink
        assert main(["clean", str(src), "-o", str(out), "--glob", "*", "--format", sink, "-q"]) == 0
    assert (tmp_path / "txt" / "a" / "s1.txt").read_text() == "Broken emoji \ufffd here.\n"
    assert (tmp_path / "txt" / "z.txt").read_text() == "A plain file with a sentence.\n"
    meta = json.loads((tmp_path / "txt" / "a" / "s1.meta.json").read_text())
    [removal] = meta["removals"]
    assert removal["text"] == "Advertisement\n" and removal["start"] == len("Broken emoji \ud83d here.\n")
    [record] = [json.loads(line) for line in (tmp_path / "jsonl" / "part-00000.jsonl").read_text().splitlines()][:1]
    assert record["text"] == "Broken emoji \ufffd here.\n"


def test_a_plain_file_in_the_folder_a_jsonl_file_writes_to_is_reported_not_mixed_in(tmp_path):
    # a.jsonl's document "b" and the file a/b.txt both wrote OUT/a/b.txt; the JSONL one was lost
    src = tmp_path / "src"
    (src / "a").mkdir(parents=True)
    (src / "a.jsonl").write_text('{"id": "b", "text": "From the JSONL file."}\n')
    (src / "a" / "b.txt").write_text("From the text file.\n")
    (src / "a" / "c.jsonl").write_text('{"id": "d", "text": "A shard inside that folder."}\n')
    out = tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out), "--glob", "*", "-q"]) == 1
    assert (out / "a" / "b.txt").read_text() == "From the JSONL file.\n"
    summary = json.loads((out / "_run.json").read_text())
    assert sorted(f["path"] for f in summary["failures"]) == [str(src / "a" / "b.txt"), str(src / "a" / "c.jsonl")]
    assert all(str(src / "a.jsonl") in f["reason"] for f in summary["failures"])
    assert not (out / "a" / "c").exists()


def test_zstd_jsonl(tmp_path):
    zstandard = pytest.importorskip("zstandard")
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(jsonl_lines(3).encode()))
    assert main(["clean", str(src), "-o", str(tmp_path / "out"), "--glob", "*.jsonl*", "-q"]) == 0
    assert len(list((tmp_path / "out" / "a").glob("*.txt"))) == 3


def test_custom_fields(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.jsonl").write_text(json.dumps({"key": "k1", "body": {"content": f"{ARTICLE}\nAdvertisement"}}) + "\n")
    args = [
        "clean",
        str(src),
        "-o",
        str(tmp_path / "out"),
        "--glob",
        "*.jsonl",
        "--text-field",
        "body.content",
        "--id-field",
        "key",
        "-q",
    ]
    assert main(args) == 0
    assert (tmp_path / "out" / "a" / "k1.txt").read_text() == ARTICLE + "\n"


def test_jsonl_output_shards_load_in_datasets(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.jsonl").write_text(jsonl_lines(7))
    (src / "b.txt").write_text(f"Plain file\n\n{ARTICLE}\n")
    out = tmp_path / "out"
    args = ["clean", str(src), "-o", str(out), "--glob", "*", "--format", "jsonl", "--shard-docs", "3", "-q", "-j", "2"]
    assert main(args) == 0
    shards = sorted(out.glob("part-*.jsonl"))
    assert [p.name for p in shards] == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    rows = [json.loads(line) for p in shards for line in p.read_text().splitlines()]
    assert [r["id"] for r in rows] == [f"doc/{i}" for i in range(7)] + ["b.txt"]
    assert rows[0]["metadata"]["lang"] == "en", "the input record's metadata is carried through"
    assert "ads.marker" in {r["rule"] for r in rows[0]["metadata"]["cleaner"]["removals"]}
    datasets = pytest.importorskip("datasets")
    ds = datasets.load_dataset("json", data_files=[str(p) for p in shards], split="train")
    assert ds.num_rows == 8 and ARTICLE in ds[7]["text"]


def make_warc(path, pages, compress=True):
    """A WARC of response records; returns the byte offset where each record starts, and the file's size."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    offsets = []
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=compress)
        for uri, content_type, body in pages:
            offsets.append(handle.tell())
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers)
            writer.write_record(record)
        offsets.append(handle.tell())
    return offsets


def test_warc_html_responses_are_cleaned_with_record_provenance(tmp_path):
    pytest.importorskip("warcio")
    src = tmp_path / "src"
    src.mkdir()
    html = (
        "<html><body><article><h1>Floods</h1>"
        + "".join(f"<p>{ARTICLE} ({i})</p>" for i in range(6))
        + "<p>Advertisement</p></article></body></html>"
    )
    make_warc(
        src / "crawl.warc.gz",
        [
            ("https://example.com/floods", "text/html; charset=utf-8", html.encode()),
            ("https://example.com/logo.png", "image/png", b"\x89PNG..."),
        ],
    )
    assert main(["clean", str(src), "-o", str(tmp_path / "out"), "--glob", "*.warc*", "-q"]) == 0
    texts = list((tmp_path / "out" / "crawl").glob("*.txt"))
    assert len(texts) == 1, "only the HTML response is a document"
    assert "(5)" in texts[0].read_text() and "Advertisement" not in texts[0].read_text()
    meta = json.loads((texts[0].parent / (texts[0].name[: -len(".txt")] + ".meta.json")).read_text())
    assert meta["source"]["extraction"]["warc_target_uri"] == "https://example.com/floods"
    assert meta["source"]["extraction"]["warc_record_id"].startswith("<urn:uuid:")


def _pages(count):
    """HTML responses, each a page whose paragraphs name it, so its cleaned text shows which page it is."""
    pages = []
    for n in range(count):
        paragraphs = "".join(f"<p>Page {n}, paragraph {i}: {ARTICLE}</p>" for i in range(8))
        html = f"<html><body><article><h1>Report {n}</h1>{paragraphs}</article></body></html>"
        pages.append((f"https://example.com/{n}", "text/html", html.encode()))
    return pages


def _clean_warc(tmp_path, capsys):
    code = main(["clean", str(tmp_path / "src"), "-o", str(tmp_path / "out"), "--glob", "*.warc*", "-q", "-j", "1"])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    texts = sorted(p.read_text() for p in (tmp_path / "out").rglob("*.txt"))
    return code, json.loads((tmp_path / "out" / "_run.json").read_text())["failures"], texts, err


def test_warc_with_a_corrupt_record_reports_it_and_cleans_the_records_around_it(tmp_path, capsys):
    pytest.importorskip("warcio")
    (tmp_path / "src").mkdir()
    path = tmp_path / "src" / "crawl.warc.gz"
    starts = make_warc(path, _pages(3))
    data = bytearray(path.read_bytes())
    middle = (starts[1] + starts[2]) // 2
    data[middle : middle + 40] = b"\xde\xad\xbe\xef" * 10  # garbage inside the second record's gzip member
    path.write_bytes(bytes(data))
    code, failures, texts, err = _clean_warc(tmp_path, capsys)
    assert code == 1
    [failure] = failures
    assert failure["path"].endswith("crawl.warc.gz")
    assert failure["reason"].startswith(f"bytes {starts[1]}-{starts[2]}: corrupt gzip data (")
    assert failure["reason"].endswith(f"; reading goes on at byte {starts[2]}")
    assert failure["reason"] in err
    assert [("Page 0," in t, "Page 2," in t) for t in texts] == [(True, False), (False, True)]


@pytest.mark.parametrize(
    "name,compress,reason",
    [
        ("crawl.warc.gz", True, "gzip member cut short at the end of the file (truncated?)"),
        ("crawl.warc", False, "bytes of its block missing (file truncated?)"),
    ],
)
def test_truncated_warc_is_a_clear_failure(tmp_path, capsys, name, compress, reason):
    pytest.importorskip("warcio")
    (tmp_path / "src").mkdir()
    path = tmp_path / "src" / name
    starts = make_warc(path, _pages(3), compress=compress)
    cut = starts[-1] // 2
    assert starts[1] < cut < starts[2], "the cut falls inside the second record"
    path.write_bytes(path.read_bytes()[:cut])
    code, failures, texts, err = _clean_warc(tmp_path, capsys)
    assert code == 1
    [failure] = failures
    assert failure["path"].endswith(name) and reason in failure["reason"] and failure["reason"] in err
    assert len(texts) == 1 and "Page 0," in texts[0], "the record before the cut is cleaned"


def test_resume_of_a_jsonl_file(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.jsonl").write_text(jsonl_lines(3))
    args = ["clean", str(src), "-o", str(tmp_path / "out"), "--glob", "*.jsonl", "-q", "--resume"]
    assert main(args) == 0
    assert main(args) == 0
    assert json.loads((tmp_path / "out" / "_run.json").read_text())["counts"]["resumed"] == 1


def test_a_jsonl_file_cleaned_again_leaves_only_the_documents_it_holds(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    src.mkdir()
    (src / "a.jsonl").write_text(jsonl_lines(3))
    args = ["clean", str(src), "-o", str(out), "--glob", "*.jsonl", "-q", "--resume"]
    assert main(args) == 0
    (out / "a" / "doc_1.txt").unlink()  # a deleted output: --resume must not vouch for the file
    assert main(args) == 0
    assert json.loads((out / "_run.json").read_text())["counts"]["cleaned"] == 1
    assert sorted(p.name for p in (out / "a").glob("*.txt")) == ["doc_0.txt", "doc_1.txt", "doc_2.txt"]
    (src / "a.jsonl").write_text(jsonl_lines(1))  # the file now holds one document: the other two go
    assert main(args) == 0
    assert sorted(p.name for p in (out / "a").iterdir()) == ["_source.json", "doc_0.meta.json", "doc_0.txt"]


def test_a_damaged_record_in_a_plain_warc_is_reported_at_its_own_offset(tmp_path, capsys):
    pytest.importorskip("warcio")
    (tmp_path / "src").mkdir()
    path = tmp_path / "src" / "crawl.warc"
    starts = make_warc(path, _pages(3), compress=False)
    data = bytearray(path.read_bytes())
    data[starts[2] : starts[2] + 8] = b"GARBAGE!"  # the third record's "WARC/1.0" line
    path.write_bytes(bytes(data))
    code, failures, texts, _ = _clean_warc(tmp_path, capsys)
    assert code == 1 and len(texts) == 2, "the two records before it are cleaned"
    [failure] = failures
    assert failure["reason"].startswith(f"record at byte {starts[2]}: not a readable WARC record"), failure


def _damaged_warc(path, damage):
    """Three pages, the second one damaged; ``.warc.gz`` gets one complete gzip member per record, so
    the damage is inside a member warcio reads. A cut record ends a plain WARC (followed by the next
    record, it would read that one's headers as its own). Returns where each record starts."""
    plain = path.with_name("plain.warc")
    starts = make_warc(plain, _pages(3), compress=False)
    data = plain.read_bytes()
    plain.unlink()
    records = [data[a:b] for a, b in itertools.pairwise(starts)]
    uri = records[1].index(b"WARC-Target-URI: ")
    records[1] = {
        "no target URI": records[1][:uri] + records[1][records[1].index(b"\r\n", uri) + 2 :],
        "cut before its target URI": records[1][:uri],
        "garbage first line": b"GARBAGE!" + records[1][len(b"WARC/1.0") :],
    }[damage]
    if path.name.endswith(".gz"):
        records = [gzip.compress(record) for record in records]
    elif damage.startswith("cut"):
        records = records[:2]
    path.write_bytes(b"".join(records))
    return [sum(len(record) for record in records[:n]) for n in range(3)]


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
@pytest.mark.parametrize("damage", ["no target URI", "cut before its target URI", "garbage first line"])
def test_a_record_warcio_cannot_parse_is_reported_and_skipped(tmp_path, capsys, name, damage):
    # warcio raises AttributeError for the first two (recordloader.py:184), ArchiveLoadFailed for the third
    pytest.importorskip("warcio")
    (tmp_path / "src").mkdir()
    starts = _damaged_warc(tmp_path / "src" / name, damage)
    code, failures, texts, _ = _clean_warc(tmp_path, capsys)
    assert code == 1
    [failure] = failures
    assert failure["reason"].startswith(f"record at byte {starts[1]}: not a readable WARC record"), failure
    if damage != "garbage first line":
        assert "without a WARC-Target-URI header" in failure["reason"], failure
    assert "Page 0," in texts[0] and not any("Page 1," in text for text in texts)
    # one gzip member per record lets reading go on after it; in a plain WARC warcio cannot find the next record
    assert len(texts) == (2 if name.endswith(".gz") else 1)


@pytest.mark.parametrize("error", [AttributeError, TypeError, ValueError])
def test_a_bug_of_ours_while_reading_a_warc_is_raised_not_reported_as_a_damaged_record(tmp_path, monkeypatch, error):
    pytest.importorskip("warcio")
    from cleaner.sources import warc

    path = tmp_path / "crawl.warc.gz"
    make_warc(path, _pages(2))

    def broken(record):  # called by _next_record on each record warcio has read
        raise error("a bug of ours")

    monkeypatch.setattr(warc, "_is_html", broken)
    with pytest.raises(error, match="a bug of ours"):
        list(warc.read_warc(path))


RICH_PAGE = """<html lang="en"><head><title>Floods close the valley road | The Valley Post</title>
<meta property="og:site_name" content="The Valley Post">
<meta name="author" content="Ann Miller">
<meta property="article:published_time" content="2024-03-05T08:00:00Z">
<link rel="canonical" href="https://valleypost.example.com/news/floods">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Floods close the valley road"}</script>
</head><body><nav><a href="/">Home</a> <a href="/tag/floods" rel="tag">floods</a></nav>
<article><h1>Floods close the valley road</h1>
<p>The river rose overnight and the town council met at dawn to decide what to do next.</p>
<p>Engineers said the road would stay closed until the water fell below the bridge deck.</p></article>
<footer><a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY</a></footer></body></html>"""


def _html_pages():
    """The hand-made page, and the development set's HTML pages when ../shared is beside the repository."""
    from tests.conftest import ROOT

    yield RICH_PAGE
    for path in sorted((ROOT.parent / "shared" / "bench" / "dev").glob("*/*.html.gz"))[::6]:
        yield gzip.decompress(path.read_bytes()).decode("utf-8", "replace")


def test_page_metadata_reads_the_fields_trafilatura_extract_metadata_reads():
    """page_metadata skips only the categories, tags and licence: every field we keep is trafilatura's."""
    from trafilatura.metadata import extract_metadata
    from trafilatura.utils import load_html

    from cleaner.sources.html import _META_FIELDS, page_metadata

    checked = 0
    for html in _html_pages():
        ours = page_metadata(load_html(html), None)
        theirs = extract_metadata(load_html(html))
        assert ours == {key: str(getattr(theirs, key)) for key in _META_FIELDS if getattr(theirs, key, None)}
        checked += 1
    rich = page_metadata(load_html(RICH_PAGE), None)
    assert rich["title"].startswith("Floods close the valley road") and rich["author"] == "Ann Miller"
    assert rich["date"] == "2024-03-05" and rich["sitename"] == "The Valley Post"
    assert rich["url"] == "https://valleypost.example.com/news/floods"
    print(f"compared {checked} pages")


def test_a_failing_metadata_reader_costs_the_metadata_not_the_text(monkeypatch):
    from trafilatura import metadata

    from cleaner.sources.html import extract

    def broken(tree):
        raise ValueError("a bug in a metadata reader")

    monkeypatch.setattr(metadata, "extract_author", broken)
    text, meta, _ = extract(RICH_PAGE.replace('<meta name="author" content="Ann Miller">', ""), None)
    assert "Engineers said the road would stay closed" in text and meta == {}


def test_a_page_without_main_text_keeps_its_metadata():
    from cleaner.sources.html import extract

    page = (
        '<html><head><title>Floods close the valley road</title><link rel="canonical" href="https://ex.com/a">'
        "</head><body><div><script>x = 1</script></div></body></html>"
    )
    text, meta, _ = extract(page, None)
    assert text == "" and meta["title"] == "Floods close the valley road" and meta["url"] == "https://ex.com/a"


def test_an_id_that_is_no_string_is_kept_as_json():
    from cleaner.sources.jsonl import Fields, _document

    doc = _document(b'{"id": {"shard": 3, "n": [1, 2]}, "text": "A line."}', 1, Fields())
    assert doc.doc_id == '{"n": [1, 2], "shard": 3}'
    assert _document(b'{"id": 17, "text": "A line."}', 2, Fields()).doc_id == "17"
