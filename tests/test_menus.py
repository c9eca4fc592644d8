"""detector:menus on small hand-made pages: the items a menu's removal left behind go when most of the run was
removed outside the article; an article's list, a specification list and a run the model left alone stay."""

from __future__ import annotations

from cleaner.detectors import Context, menus
from cleaner.document import Language
from cleaner.segment import segment

ENGLISH = Language("en", 1.0)
ARTICLE = [
    "The river rose through the night, and by dawn the council had met to decide what the town should do next.",
    "Volunteers filled sandbags along the quay while the ferry was moved upstream, where the banks are higher,"
    " before the storm reached the old harbour.",
]
MENU = [
    "  * News",
    "      + Local",
    "      + Your Town Goes Further Upstream",
    "      + Weather",
    "  * Sport",
    "      + Football",
    "      + Cricket Club Results And Fixtures",
    "  * About",
]


def found(lines: list[str], removed: set[int], **context: bool) -> dict[int, str]:
    """The menu items detector:menus removes from a page of ``lines`` when the lines at ``removed`` are removed."""
    doc = segment("\n".join(lines) + "\n")
    return {r.first: r.reason for r in menus.detect(doc, Context(ENGLISH, frozenset(removed), **context))}


def test_the_items_left_of_a_mostly_removed_menu_above_the_article_go_with_their_evidence():
    # the two title-like items, lines 2 and 6, were scored just over the model's cut
    found_items = found([*MENU, *ARTICLE], {0, 1, 3, 4, 5, 7})
    assert found_items == dict.fromkeys(
        (2, 6), "kept line of a bullet run outside the article whose items are chrome: 6 of 8 removed"
    )


def test_a_menu_below_the_article_goes_too_and_blank_lines_do_not_break_the_run():
    lines = [*ARTICLE, "", *MENU[:4], "", *MENU[4:]]
    shift = len(ARTICLE) + 1
    removed = {shift + k for k in (0, 1, 3)} | {shift + 1 + k for k in (4, 5, 7)}
    assert set(found(lines, removed)) == {shift + 2, shift + 1 + 6}


def test_a_run_that_reaches_into_the_article_stays():
    lines = [ARTICLE[0], *MENU, ARTICLE[1]]
    assert found(lines, {1, 2, 4, 5, 6, 8}) == {}


def test_a_run_of_which_the_model_removed_few_items_stays():
    assert found([*MENU, *ARTICLE], {0, 1, 3, 4}) == {}  # 4 of 8: under the share that makes it a menu


def test_a_kept_sentence_long_item_or_specification_pair_keeps_the_whole_run():
    for item in (
        "      + Fill the sandbags before the tide turns.",
        "      + " + " ".join(["word"] * (menus.MAX_WORDS + 1)),
        "      + Memory: 16 GB RAM",
    ):
        lines = [*MENU[:2], item, *MENU[3:], *ARTICLE]
        assert found(lines, {0, 1, 3, 4, 5, 7}) == {}, item


def test_a_short_run_and_a_page_without_prose_stay():
    assert found([*MENU[:5], *ARTICLE], {0, 1, 3, 4}) == {}  # 5 items: may be an article's list
    assert found(MENU, {0, 1, 3, 4, 5, 7}) == {}


def test_not_on_an_extractors_output_unless_aggressive():
    removed = {0, 1, 3, 4, 5, 7}
    assert found([*MENU, *ARTICLE], removed, extracted=True) == {}
    assert set(found([*MENU, *ARTICLE], removed, extracted=True, aggressive=True)) == {2, 6}


def test_headlines_nested_between_a_mega_menus_items_go_with_its_leftovers():
    # a news site's mega-menu prints a section's latest headlines, indented under its items, between them
    mega = [
        "  * News",
        "      + Local",
        "      + Weather",
        "          Council delays the vote on the quay wall again",
        "          Ferry moved upstream as the storm nears",
        "  * Sport",
        "      + Football",
        "      + Cricket",
        "  * About",
    ]
    assert set(found([*mega, *ARTICLE], {0, 1, 2, 5, 6, 7, 8})) == {3, 4}


def test_a_title_between_the_sites_menu_and_the_articles_contents_stays():
    # a blog's title stands shallower than the menu's items above it and the contents' items below it
    page = [
        "  * Posts",
        "  * Tags",
        "  * Archive",
        "Shrinking a service image from 840 MB to 14 MB",
        "Table of Contents",
        "  * Where the megabytes came from",
        "  * Multi-stage builds",
        "  * Results",
        *ARTICLE,
    ]
    assert found(page, {0, 1, 2, 4, 5, 6, 7}) == {}


def test_a_run_joined_by_its_labels_that_fails_as_a_whole_is_still_read_item_by_item():
    # the labels join the two menus into one run holding a kept "Label: value" line, which keeps the run whole;
    # read as bullet items alone, the first menu's leftover still goes
    lines = [
        *MENU,
        "      Memory: 16 GB RAM",
        "  * Shop",
        "  * Help",
        *ARTICLE,
    ]
    assert set(found(lines, {0, 1, 3, 4, 5, 7, 9, 10})) == {2, 6}
