"""Fields printed label over value below a description: they stay whatever the line model scores them."""

from __future__ import annotations

from cleaner.detectors.fields import field_lines
from cleaner.segment import segment
from tests.test_detectors import PROSE, assert_balanced_mode_leaves_what_the_model_would_cut

SPECS = [
    "Specifications",
    "Capacity",
    "1.7 L",
    "Power",
    "2200 W",
    "Body",
    "Borosilicate glass, steel",
    "Cable length",
    "75 cm",
    "Colour",
    "Black",
]


def _fields(text: str) -> list[str]:
    doc = segment(text)
    return [doc.lines[i].text for i in sorted(field_lines(doc))]


def _below_prose(block: list[str]) -> str:
    return PROSE[0] + "\n\n" + "\n".join(block) + "\n\nReviews\n"


def test_a_specification_table_below_a_description_is_fields():
    assert _fields(_below_prose(SPECS)) == SPECS
    assert _fields(_below_prose(SPECS[1:])) == SPECS[1:], "a table needs no heading"


def test_the_same_pairs_below_chrome_are_not():
    assert _fields("Home\nShop\nKitchen\n\n" + "\n".join(SPECS) + "\n") == []


def test_pairs_that_are_not_a_table_of_measurements_are_not():
    cards = ["Regular price", "£18.00 GBP", "Sale price", "£16.00 GBP"] * 2  # a shop's teasers repeat labels
    assert _fields(_below_prose(["You may also like", *cards])) == []
    ratings = ["Excellent", "812", "Very good", "276", "Average", "71", "Poor", "27"]  # counters, no unit
    assert _fields(_below_prose(ratings)) == []
    comments = ["Comments", "48 comments", "Sort by", "Best", "Newest", "Oldest", "Sign in", "Gaz_1981"]
    assert _fields(_below_prose([*comments, PROSE[1]])) == [], "pairs run to the end of their paragraph"
    ragged = [("  " if n % 4 == 1 else "") + line for n, line in enumerate(SPECS)]
    assert _fields(_below_prose(ragged)) == [], "a table's labels line up, and so do its values"


def test_balanced_mode_leaves_fields_the_model_would_cut(monkeypatch):
    assert_balanced_mode_leaves_what_the_model_would_cut(monkeypatch, SPECS)
