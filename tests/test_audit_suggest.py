"""`cleaner rules suggest`: a draft that loads, passes `rules check`, removes the site's debris and never prose."""

import pytest
import yaml

from cleaner.audit.suggest import Page, mine, safe
from cleaner.cli import main

CHROME = [
    "Sign in to your Larkspur account",
    "Shop all deals",
    "Free returns at every Larkspur store",  # not "NAME © YEAR": navigation.copyright has that
    "Gift cards and store locator",
]
LONG_REPEAT = (
    "Prices and availability are subject to change without notice and "
    "may differ between our stores and the website today."
)
SHORT_SENTENCE_REPEAT = "Our team tested this gear in the field."

PROSE = [
    "The ridge trail climbs steadily for three miles before the forest "
    "opens onto a wide granite shelf with views of the lake.",
    "Most hikers take the loop clockwise so that the steepest section "
    "comes early, while legs are fresh and the air is cool.",
    "Water is scarce after the second junction, so carry at least two "
    "litres and a filter for the spring near the summit.",
    "In winter the upper switchbacks hold ice well into April, and "
    "microspikes make the descent far less nerve-racking.",
    "Parking at the trailhead fills by eight on summer weekends; the "
    "shuttle from town runs every half hour until dusk.",
    "Rangers ask visitors to stay on the marked path across the meadow, where rare orchids bloom in early July.",
]


TRAILS = [
    "north ridge",
    "lake loop",
    "canyon rim",
    "old mill",
    "pine saddle",
    "east fork",
    "quarry path",
    "fire lookout",
]


def page(n: int) -> str:
    body = [
        PROSE[n % len(PROSE)],
        PROSE[(n + 1) % len(PROSE)],
        f"Trail report number {n} was filed by a volunteer after a long day out.",
    ]
    return "\n".join(
        [
            *("  + " + line for line in CHROME[:2]),  # bulleted: the scope must see past the bullet as rules do
            "",
            f"Trail guide: the {TRAILS[n]}",
            "",
            *body,
            "",
            LONG_REPEAT,
            SHORT_SENTENCE_REPEAT,
            "",
            *("  + " + line for line in CHROME[2:]),
            f"{n + 3} reviews",
            "",
        ]
    )


@pytest.fixture()
def site(tmp_path):
    src = tmp_path / "site"
    src.mkdir()
    for n in range(8):
        (src / f"page{n}.txt").write_text(page(n), encoding="utf-8")
    return src


def test_draft_passes_check_and_test_and_removes_the_chrome_but_no_prose(site, tmp_path, capsys):
    draft = tmp_path / "rules" / "larkspur.yaml"
    assert main(["rules", "suggest", str(site), "--site", "Larkspur", "-o", str(draft)]) == 0
    text = draft.read_text(encoding="utf-8")
    rules = yaml.safe_load(text)["rules"]
    literals = [x for rule in rules for x in rule.get("literal", [])]
    patterns = [x for rule in rules for x in rule.get("pattern", [])]
    assert sorted(literals) == sorted(CHROME)
    assert patterns == [r"\d+\ reviews"]  # a line shape that varies only by its numbers
    assert LONG_REPEAT not in text and SHORT_SENTENCE_REPEAT not in text and "Trail guide" not in text
    assert all(rule["id"].startswith("larkspur.") and rule["examples"]["remove"] for rule in rules)
    capsys.readouterr()
    assert main(["rules", "check", str(draft.parent)]) == 0
    assert main(["rules", "test", str(draft.parent)]) == 0
    out = tmp_path / "out"
    assert (
        main(["clean", str(site), "-o", str(out), "--mode", "rules", "--rules", str(draft.parent), "-q", "-j", "1"])
        == 0
    )
    clean = (out / "page3.txt").read_text(encoding="utf-8")
    for line in CHROME:
        assert line not in clean
    assert "6 reviews" not in clean
    assert PROSE[3] in clean and LONG_REPEAT in clean and "Trail report number 3" in clean


def test_prints_to_stdout_without_output_file(site, capsys):
    assert main(["rules", "suggest", str(site)]) == 0
    assert capsys.readouterr().out.startswith("# Draft rules for site")


def test_a_folder_without_common_lines_gives_an_empty_valid_draft(tmp_path, capsys):
    src = tmp_path / "s"
    src.mkdir()
    for n, text in enumerate(PROSE):
        (src / f"{n}.txt").write_text(text + "\n")
    draft = tmp_path / "d" / "x.yaml"
    assert main(["rules", "suggest", str(src), "-o", str(draft)]) == 0
    assert "rules: []" in draft.read_text()
    assert main(["rules", "check", str(draft.parent)]) == 0


def test_missing_source_exits_2(tmp_path):
    assert main(["rules", "suggest", str(tmp_path / "none")]) == 2


@pytest.mark.parametrize(
    "line, ok",
    [
        ("Shop all deals", True),
        ("1–30 of 338 products", True),
        ("•", False),  # no letters: the shipped navigation rules own glyph lines
        ("Our team tested this gear in the field.", False),  # a sentence, even a short one
        ("one two three four five six seven eight nine ten eleven", False),  # too many words
        ("x" * 101, False),
    ],
)
def test_safety_filter(line, ok):
    assert safe(line, 10) is ok


def test_a_line_in_one_file_only_is_never_repeated_evidence():
    pages = [Page(f"p{i}", ("Menu A", "only in " + "abcde"[i]), ("", "")) for i in range(5)]
    shapes = {c.shape for c in mine(pages, min_share=0.3, max_words=10)}
    assert "menu a" in shapes and not any(s.startswith("only in") for s in shapes)
