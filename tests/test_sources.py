"""Multi-document inputs (JSONL, WARC) and JSONL output shards."""

import gzip
import io
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


def make_warc(path, pages):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for uri, content_type, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers)
            writer.write_record(record)


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


def test_resume_of_a_jsonl_file(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.jsonl").write_text(jsonl_lines(3))
    args = ["clean", str(src), "-o", str(tmp_path / "out"), "--glob", "*.jsonl", "-q", "--resume"]
    assert main(args) == 0
    assert main(args) == 0
    assert json.loads((tmp_path / "out" / "_run.json").read_text())["counts"]["resumed"] == 1
