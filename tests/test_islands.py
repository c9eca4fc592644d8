"""detector:islands on small hand-made pages: a run of kept lines with no prose, parted from the article by removed
chrome below it, goes with its evidence; an island with a sentence, one above the article, one longer than the
article, one of code, one parted by too few removed lines and the replies of a thread stay."""

from __future__ import annotations

from cleaner.detectors import Context, islands
from cleaner.document import Language
from cleaner.segment import segment

ENGLISH = Language("en", 1.0)
ARTICLE = [
    "The river rose through the night, and by dawn the council had met to decide what the town should do next.",
    "Volunteers filled sandbags along the quay while the ferry was moved upstream, where the banks are higher,"
    " before the storm reached the old harbour.",
    "By noon the water had begun to fall, and the first shops on the quay opened their doors again.",
]
CHROME = ["Share", "Tweet", "Email", "Newsletter", "Sign up", "Follow us"]  # removed by rules in every page here
TEASERS = ["Ten ways to keep a cellar dry this winter", "Council approves the new harbour wall"]


def found(lines: list[str], removed: set[int], **context: bool) -> dict[int, str]:
    """The island lines of a page made of ``lines``, when the lines at ``removed`` are already removed."""
    doc = segment("\n".join(lines) + "\n")
    return {r.first: r.reason for r in islands.detect(doc, Context(ENGLISH, frozenset(removed), **context))}


def chrome_at(start: int, count: int = len(CHROME)) -> set[int]:
    return set(range(start, start + count))


def test_teasers_below_the_article_across_removed_chrome_go_with_their_evidence():
    lines = [*ARTICLE, *CHROME, *TEASERS]
    reason = "2-line island with no prose line, 6 removed lines below the article's main run (lines 1-3)"
    assert found(lines, chrome_at(3)) == {9: reason, 10: reason}


def test_an_island_with_a_sentence_of_prose_stays():
    sentence = "The ferry will run to its usual timetable from Monday, the operator said on its website."
    assert found([*ARTICLE, *CHROME, TEASERS[0], sentence], chrome_at(3)) == {}


def test_too_few_removed_lines_do_not_part_an_island_from_the_article():
    gap = islands.GAP - 1
    assert found([*ARTICLE, *CHROME[:gap], *TEASERS], chrome_at(3, gap)) == {}


def test_islands_above_the_article_stay():
    """The headline and standfirst stand apart from the body across bylines and share bars."""
    lines = ["Floods close the quay", "The town prepares for a second night", *CHROME, *ARTICLE]
    assert found(lines, chrome_at(2)) == {}


def test_an_island_longer_than_the_article_stays():
    long_list = [f"Item {n} of the harbour works timetable, phase two" for n in range(8)]
    assert found([*ARTICLE, *CHROME, *long_list], chrome_at(3)) == {}


def test_an_island_of_code_stays():
    code = ["levels = {", "    'quay': 2.4,", "    'bridge': 3.1,", "}"]
    assert found([*ARTICLE, *CHROME, *code], chrome_at(3)) == {}


def test_a_threads_many_short_replies_stay():
    """More islands below the article than a page's chrome leaves: a thread's replies or a listing's items."""
    lines = list(ARTICLE)
    removed: set[int] = set()
    for reply in range(islands.MAX_ISLANDS_AFTER + 1):
        removed |= chrome_at(len(lines))
        lines += [*CHROME, f"Same here, reply {reply}"]
    assert found(lines, removed) == {}
    # one fewer reply, and the short ones below the article go
    cut = len(lines) - len(CHROME) - 1
    assert len(found(lines[:cut], {i for i in removed if i < cut})) == islands.MAX_ISLANDS_AFTER


def test_a_page_without_prose_an_extractors_output_or_a_whole_page_is_left_alone():
    assert found([*TEASERS, *CHROME, *TEASERS], chrome_at(2)) == {}
    assert found([*ARTICLE, *CHROME, *TEASERS], chrome_at(3), extracted=True) == {}
    assert len(found([*ARTICLE, *CHROME, *TEASERS], chrome_at(3), extracted=True, aggressive=True)) == 2
    # a page cleaned whole around what an extractor kept is a listing or a thread, whose items stand apart
    assert found([*ARTICLE, *CHROME, *TEASERS], chrome_at(3), aggressive=True, whole_page=True) == {}


def test_the_engine_removes_a_teaser_island_under_an_article():
    from cleaner.api import Cleaner

    paragraphs = [
        "The river rose through the night, and by dawn the council had met to decide what the town should do"
        " next about the quay and the ferry that serves it.",
        "Volunteers filled sandbags along the quay while the ferry was moved upstream, where the banks are higher,"
        " before the storm reached the old harbour and the market beside it.",
        "By noon the water had begun to fall, and the first shops on the quay opened their doors again to the"
        " customers who had waited out the storm at home.",
        "The council will meet again on Monday to decide how to pay for the repairs to the harbour wall, which"
        " has stood since the town was first built.",
    ]
    chrome = ["Share this article", "Facebook", "Twitter", "Email", "Subscribe to our newsletter", "Follow us"]
    teasers = [
        "Families along the river count the cost of a second flood in ten years",
        "Why the old harbour wall held when the new embankment gave way in the storm",
    ]
    page = "\n\n".join([*paragraphs, *chrome, *teasers]) + "\n"
    result = Cleaner()(page)
    assert [span.rule for span in result.spans if span.line_start > 20] == ["detector:islands"]
    assert not any(teaser in result.text for teaser in teasers)
    assert all(paragraph in result.text for paragraph in paragraphs)
