"""detector:teasers on small hand-made pages: a module of cards with cut-off summaries below the article goes; the
article's own lines, a listing of such cards and a run of two stay."""

from __future__ import annotations

from cleaner.detectors import Context, teasers
from cleaner.document import Language
from cleaner.segment import segment

ENGLISH = Language("en", 1.0)
PARAGRAPH = (
    "The council met on Tuesday to settle the budget for the coming year, and members argued for hours about "
    "the money for the new library, the repairs to the old bridge and the cost of keeping the pool open."
)
ARTICLE = [PARAGRAPH] * 4  # 4 x 40 words of prose: an article above the module
CONTACT = "Further information may be had by calling 555 0147"
CARDS = [
    "Ferry timetable changes from Monday",
    "The harbour company will run two fewer crossings on weekdays from Monday, after a review of how many…",
    "Library opens its new reading room",
    "Readers queued from eight in the morning to see the room that took the town three years and two...",
    "Market square to close for repairs",
    "Stallholders will move to the car park for six weeks while the cobbles are relaid, the council said…",
]


def found(lines: list[str], removed: frozenset[int] = frozenset(), **context: bool) -> dict[str, str]:
    doc = segment("\n".join(lines) + "\n")
    return {doc.lines[r.first].text: r.reason for r in teasers.detect(doc, Context(ENGLISH, removed, **context))}


def test_a_module_of_cut_off_summaries_below_the_article_goes_with_its_evidence():
    gone = found([*ARTICLE, CONTACT, *CARDS])
    assert set(gone) == set(CARDS), "the contact line above the first card is the article's"
    assert gone[CARDS[1]] == "3 cut-off summaries in a run of 6 lines below the article's last prose line"


def test_two_cut_off_summaries_stay():
    assert found([*ARTICLE, *CARDS[:4]]) == {}


def test_a_page_of_cards_without_article_prose_above_them_is_a_listing_and_stays():
    assert found([ARTICLE[0], *CARDS]) == {}  # 40 words of prose: under the article's 150


def test_cards_above_the_articles_last_prose_line_stay():
    assert found([*ARTICLE[:2], *CARDS, *ARTICLE[2:]]) == {}


def test_a_summary_that_ends_like_a_sentence_breaks_no_rule_but_is_no_cut_off():
    whole = [line.replace("…", ".").replace("...", ".") for line in CARDS]
    assert found([*ARTICLE, *whole]) == {}


def test_not_on_an_extractors_output_unless_aggressive():
    assert found([*ARTICLE, *CARDS], extracted=True) == {}
    assert set(found([*ARTICLE, *CARDS], extracted=True, aggressive=True)) == set(CARDS)
