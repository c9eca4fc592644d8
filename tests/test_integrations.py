"""The Python API inside the pipelines users already run: datasets.map and a DataTrove step."""

import json
import pickle

import pytest

from cleaner import Cleaner, clean_text
from cleaner.cli import main

from .conftest import SEEDS

DEBRIS_DOC = (
    "A title of an article\n\nThe article's only paragraph is a sentence about rivers and towns.\n\nAdvertisement\n"
)


def test_clean_text_matches_the_cli_byte_for_byte(tmp_path):
    assert main(["clean", str(SEEDS), "-o", str(tmp_path), "-q"]) == 0
    for seed in sorted(SEEDS.glob("*.txt")):
        api = clean_text(seed.read_text(encoding="utf-8")).text.encode("utf-8")
        assert api == (tmp_path / seed.name).read_bytes(), seed.name


def test_cleaner_is_picklable_and_reusable():
    cleaner = Cleaner(mode="rules")
    clone = pickle.loads(pickle.dumps(cleaner))
    assert clone(DEBRIS_DOC).text == cleaner(DEBRIS_DOC).text
    assert "Advertisement" not in clone(DEBRIS_DOC).text


@pytest.mark.parametrize("bad", [None, b"bytes", 3])
def test_cleaner_says_what_it_expects_when_given_no_text(bad):
    with pytest.raises(TypeError, match=f"as a str, not {type(bad).__name__}"):
        Cleaner(mode="rules")(bad)


def test_result_metadata_is_the_meta_json_record(tmp_path):
    seed = sorted(SEEDS.glob("*.txt"))[0]
    assert main(["clean", str(seed), "-o", str(tmp_path), "-q"]) == 0
    meta = json.loads((tmp_path / f"{seed.stem}.meta.json").read_text())
    record = clean_text(seed.read_text(encoding="utf-8")).to_metadata()
    for key in ("cleaner", "language", "summary", "removals"):
        assert record[key] == meta[key]


def test_datasets_map_adds_clean_columns():
    datasets = pytest.importorskip("datasets", reason="the datasets extra is not installed")
    ds = datasets.Dataset.from_dict({"text": [DEBRIS_DOC, "Leave a Reply\nName *"], "url": [None, None]})
    out = ds.map(Cleaner(mode="rules").map_fn(text_column="text"), batched=True)
    assert out["clean_text"] == [clean_text(DEBRIS_DOC, mode="rules").text, ""]
    assert out["clean_metadata"][0]["removals"][0]["rule"] == "ads.marker"


def test_datatrove_step_in_a_local_pipeline(tmp_path):
    pytest.importorskip("datatrove", reason="the datatrove extra is not installed")
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from cleaner.integrations.datatrove import CleanerStep

    src = tmp_path / "in"
    src.mkdir()
    docs = [
        {"id": "a", "text": DEBRIS_DOC, "metadata": {"url": "https://example.com/a"}},
        {"id": "b", "text": "Leave a Reply\nYour email address will not be published.", "metadata": {}},
        {"id": "c", "text": (SEEDS / "000_cc1a51b8073eaf6d.txt").read_text(encoding="utf-8"), "metadata": {}},
    ]
    (src / "docs.jsonl").write_text("".join(json.dumps(d) + "\n" for d in docs))
    pipeline = [
        JsonlReader(str(src)),
        CleanerStep(mode="rules"),
        JsonlWriter(str(tmp_path / "out"), output_filename="clean.jsonl", compression=None),
    ]
    LocalPipelineExecutor(pipeline, tasks=1, workers=1, logging_dir=str(tmp_path / "logs")).run()
    rows = [json.loads(line) for line in (tmp_path / "out" / "clean.jsonl").read_text().splitlines()]
    assert [r["id"] for r in rows] == ["a", "c"], "the document left empty is dropped"
    assert rows[0]["text"] == clean_text(DEBRIS_DOC, mode="rules").text
    assert rows[0]["metadata"]["cleaner"]["removals"][0]["rule"] == "ads.marker"
    assert "Leave a Reply" not in rows[1]["text"]
