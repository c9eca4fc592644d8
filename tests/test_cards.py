"""detector:cards on small hand-made pages: a news module of headline, summary and time stamp, three times or
more, goes; a forum thread's posts, a listing of one-line items, a module with no article beside it and cards
of different shapes stay."""

from __future__ import annotations

from cleaner.detectors import Context, cards
from cleaner.document import Language
from cleaner.segment import segment

ENGLISH = Language("en", 1.0)
ARTICLE = [
    "The river rose through the night, and by dawn the council had met to decide what the town should do next"
    " about the flooded quay and the houses along it.",
    "Volunteers filled sandbags along the quay while the ferry was moved upstream, where the banks are higher,"
    " before the storm reached the old harbour and the road to the station was closed for the day.",
    "By noon the water had begun to fall, and the engineers said the bridge would open again once they had"
    " checked its piers, perhaps by the end of the week if no more rain came in from the west.",
    "Shopkeepers on the quay counted the cost of a second flood in three years and asked the council again for"
    " the wall it promised them after the last one, which has still not been built.",
    "The council said the money for the wall is in next year's budget, and that work would start in the spring"
    " if the government approves the plans it sent to the ministry in the summer.",
]
MODULE = [
    "More World",
    "      Why farmers may want to paint their cows with zebra stripes",
    "      Some people thought the stripy cattle were a joke, but the science behind the camouflage is sound.",
    "        32M ago",
    "      Two troops killed in helicopter crash in the mountains",
    "      Officials dismiss a claim that the craft was shot down but say the cause is being investigated.",
    "        1H ago",
    "      Woman risks her life to save a koala from the fire",
    "      At least six people have died and hundreds of homes have been destroyed by bushfires.",
    "        14H ago",
    "More in World",
]


def removed(lines: list[str], claimed: frozenset[int] = frozenset()) -> list[str]:
    doc = segment("\n".join(lines) + "\n")
    found = cards.detect(doc, Context(ENGLISH, claimed))
    return [doc.lines[r.first].text.strip() for r in found]


def test_a_module_of_stamped_cards_beside_an_article_goes_with_its_evidence():
    lines = [*ARTICLE, *MODULE]
    assert removed(lines) == [line.strip() for line in MODULE[1:-1]]
    doc = segment("\n".join(lines) + "\n")
    reasons = {r.reason for r in cards.detect(doc, Context(ENGLISH, frozenset()))}
    assert reasons == {"3 cards of 2 lines, each closed by a time stamp ('32M ago' … '14H ago')"}


def test_the_first_card_goes_only_where_its_indentation_says_which_side_it_is_on():
    # no indentation: "More in World" and the line after it may be one more card as well as the first one
    flat = [line.strip() for line in MODULE] + ["Latest news from the capital"]
    assert removed([*ARTICLE, *flat]) == flat[3:-2], "the first card's headline and summary stay"


def test_two_cards_are_no_module():
    assert removed([*ARTICLE, *MODULE[:7]]) == []


def test_a_forum_threads_posts_between_their_stamps_stay():
    thread = []
    for name, post in (
        ("rusty", "The pump on my boat hums since the update."),
        ("anna_k", "Mine too, reflash it."),
        ("tom", "Reflashing fixed it for me as well."),
        ("rusty", "Thanks, that did it."),
    ):
        thread += [name, "2 hours ago", post]
    assert removed([*ARTICLE, *thread]) == []


def test_a_listing_of_one_line_items_with_their_stamps_stays():
    items = []
    for n in range(1, 7):
        items += [f"{n}. Startup number {n} is hiring engineers for its new platform team", f"    {n} days ago"]
    assert removed([*ARTICLE, *items]) == []


def test_a_module_with_no_article_beside_it_stays():
    assert removed(MODULE) == []
    assert removed([ARTICLE[0], *MODULE]) == [], "one paragraph: fewer words than the module"


def test_cards_of_different_shapes_are_no_module():
    mixed = [*MODULE[:4], "      A one-line teaser with a stamp under it", "        1H ago", *MODULE[7:]]
    assert removed([*ARTICLE, *mixed]) == []


DATED = [
    "      Why farmers may want to paint their cows with zebra stripes",
    "      Some people thought the stripy cattle were a joke, but the science behind the camouflage is sound.",
    "        Nov 18",
    "      Two troops killed in helicopter crash in the mountains",
    "      Officials dismiss a claim that the craft was shot down but say the cause is being investigated.",
    "        17 November 2019",
    "      Woman risks her life to save a koala from the fire",
    "      At least six people have died and hundreds of homes have been destroyed by bushfires.",
    "        Nov 16 52 photos",
]


def test_dated_cards_below_an_article_go_like_aged_ones():
    assert removed([*ARTICLE, *DATED]) == [line.strip() for line in DATED]


def test_an_index_of_dated_entries_stays_when_the_article_is_not_above_it():
    # a blog's front page: its dated entries come first and are the page, whatever prose follows them
    assert removed([ARTICLE[0], *DATED, *ARTICLE[1:]]) == []
    # and dated cards that outweigh the prose around them are the page, above or below it
    assert removed([ARTICLE[0], ARTICLE[1], *DATED, *DATED, *DATED]) == []


def test_a_stamp_may_carry_a_gallerys_count_but_not_any_words():
    assert cards.AGE.fullmatch("17H ago 50 photos") and cards.DAY.fullmatch("Nov 16 52 photos")
    assert not cards.DAY.fullmatch("Market 12") and not cards.DAY.fullmatch("Nov 18 was a Monday")
