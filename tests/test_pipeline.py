"""The pipeline's own decisions between rules and detectors."""

from cleaner.document import Removal
from cleaner.pipeline import Mode, _sole_copies
from cleaner.segment import segment
from tests.conftest import engine_for

TITLE = "The last card catalogue in Ashworth County"
STANDFIRST = "On drawers, pencils, and the librarian who refused to throw anything away at all"
PAGE = f"The Margin Notes\nShare this post\n{TITLE}\nCopy link\n\n{TITLE}\n{STANDFIRST}\nRuth Abernathy\n"


def repeat_of(doc, first: int, copy: int) -> Removal:
    return Removal(copy, copy, "title.repeat-headline", "repeated-headline", copy_of=first)


def test_a_repeat_whose_original_goes_is_the_text_only_copy_and_stays():
    doc = segment(PAGE)
    chrome = Removal(0, 3, "share.buttons", "share bar")  # the bar, its copy of the title included
    removals = _sole_copies(doc, [chrome, repeat_of(doc, 2, 5)])
    assert removals == [chrome]


def test_a_repeat_of_a_line_that_stays_still_goes():
    doc = segment(PAGE)
    repeat = repeat_of(doc, 2, 5)
    assert _sole_copies(doc, [Removal(0, 1, "share.buttons", "share bar"), repeat])[-1] == repeat


def test_a_menu_printed_twice_loses_both_copies():
    """The second copy is followed by menu items, not prose: it is no headline, and goes as a repeat."""
    menu = "Book a Demo Log In\nPricing\nCustomers\n\n"
    doc = segment(menu + "An article sentence that is long enough to count as prose here.\n\n" + menu)
    first_menu = Removal(0, 2, "detector:linemodel", "menu")
    repeat = repeat_of(doc, 0, 6)
    assert repeat in _sole_copies(doc, [first_menu, repeat, Removal(7, 8, "detector:linemodel", "menu")])


def test_only_the_first_repeat_of_a_removed_line_stays():
    doc = segment(f"{TITLE}\nCopy link\n\n{TITLE}\n{STANDFIRST}\n\n{TITLE}\n{STANDFIRST}\n")
    second, third = repeat_of(doc, 0, 3), repeat_of(doc, 0, 6)
    last = _sole_copies(doc, [Removal(0, 1, "share.buttons", "bar"), second, third])[-1]
    assert (last.first, last.last, last.rule) == (6, 6, third.rule)
    # its provenance names the copy that stays now, not the removed original
    assert last.copy_of == 3 and last.reason.endswith("repeats line 4")


def test_the_safety_net_undoing_the_detectors_lets_the_title_s_repeat_go_again(monkeypatch):
    """A repeat is kept as the only copy when a detector removed its original; when the safety net then
    undoes the detectors, the original is back and the repeat must go again, or the title is printed twice."""
    from cleaner import pipeline

    title = "Floods Close The Valley Road Again"
    prose = "The river rose overnight and the council met at dawn to decide what the town should do next."
    menu = [f"Menu item number {n} of the site's very long navigation" for n in range(80)]
    text = "\n".join([title, *menu, title, prose]) + "\n"

    def everything_but_the_end(doc, context):
        last = len(doc.lines) - 2  # the repeat and the prose stay
        return [Removal(i, i, "detector:fake", "test") for i in range(last) if i not in context.claimed]

    monkeypatch.setattr(pipeline, "DETECTORS", {"fake": everything_but_the_end})
    result = engine_for(Mode.BALANCED).clean(text)
    assert result.suspect and "undone" in result.suspect[0]
    assert result.text.count(title) == 1
