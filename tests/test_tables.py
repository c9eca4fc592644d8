"""A table printed as text: its rows stay together whatever the line model scores them."""

from __future__ import annotations

from cleaner.detectors import Context, stranded
from cleaner.detectors.tables import table_lines
from cleaner.segment import segment
from tests.test_detectors import ENGLISH, PROSE, assert_balanced_mode_leaves_what_the_model_would_cut

TABLE = [
    "Option | Default | Description",
    "cache.enabled | false | Turn caching on for all tasks",
    "cache.max_age | 30d | Age after which entries are removed",
    "checkpoint_every | 1 | Tasks between checkpoint writes",
]


def _rows(text: str) -> set[str]:
    doc = segment(text)
    return {doc.lines[i].text for i in table_lines(doc)}


def test_three_rows_of_the_same_cells_are_a_table():
    assert _rows("\n".join(TABLE) + "\n") == set(TABLE)
    assert _rows("| a | b | c |\n| --- | --- | --- |\n| 1 | 2 | 3 |\n") == {
        "| a | b | c |",
        "| --- | --- | --- |",
        "| 1 | 2 | 3 |",
    }


def test_a_footer_line_two_rows_or_rows_of_other_shapes_are_not():
    assert _rows("Privacy | Terms | Contact\n") == set()
    assert _rows("\n".join(TABLE[:2]) + "\n") == set()
    assert _rows("Home | News\nA | B | C\nOne | Two | Three | Four\n") == set()
    assert _rows(f"{TABLE[0]}\n\n{TABLE[1]}\n\n{TABLE[2]}\n") == set(), "a blank line ends a table"


def test_balanced_mode_leaves_a_table_the_model_would_cut(monkeypatch):
    assert_balanced_mode_leaves_what_the_model_would_cut(monkeypatch, TABLE)


def test_stranded_leaves_a_table_row_between_removed_lines():
    text = PROSE[0] + "\n\nRelated\n" + "\n".join(TABLE) + "\nFooter\n"
    doc = segment(text)
    around = frozenset(
        line.index for line in doc.lines if line.text in ("Related", "Footer") or line.text in TABLE[::2]
    )
    removed = {doc.lines[r.first].text for r in stranded.detect(doc, Context(ENGLISH, around))}
    assert not removed & set(TABLE)
