"""The items a menu's removal left behind: a bullet list that is mostly chrome is chrome.

A site's navigation comes out of a text dump as a long run of bullet items ("* News",
"+ Local"). The rules and the line model remove most of them, but items that read like
short titles ("Your Dollar Goes Further Overseas") score just over the model's cut and
stay, scattered through the menu. When most of a run's items were removed and the run
lies outside the article (wholly above its first prose line or below its last), the
items left are the same menu's.

A mega-menu prints a section's labels and latest headlines between its items, and those break a run of bullet
items into pieces too short to count. So runs are read three ways (``READINGS``): bullet items alone; items
with the menu-shaped lines nested between them (indented as deep as the item above, or deeper); and items
with such lines also where the line model removed them. A page's title that the line model kept, shallower
than the site menu above it and the contents list below, stays out of all three.

A run that reaches into the article is left alone, as is one whose kept items include a
sentence, a long item or a "Label: value" pair: those are a list of the article's own
(features, requirements, a contents list) that the model cut into, and what it kept of
them is the article's.
"""

from __future__ import annotations

from cleaner.detectors import PREFIX, Context
from cleaner.document import Document, Line, Removal
from cleaner.lineshape import SENTENCE_ENDS, indent

MIN_ITEMS = 6  # a run of fewer bullet items may be an article's list
REMOVED_SHARE = 0.6  # share of the run's items already removed for it to count as a menu
MAX_WORDS = 12  # a kept item longer than this may be a list item of the article's
PROSE_WORDS = 20  # a kept line of this many words or more is the article's prose
_MARKERS = frozenset("*+•-·▪◦‣")  # the list bullets text dumps print for <li> items


def _is_item(line: Line) -> bool:
    stripped = line.text.lstrip()
    return stripped[:1] in _MARKERS and stripped[1:2] == " "


def _menu_shaped(line: Line) -> bool:
    """A title-like item: short, not a sentence, not a "Label: value" pair of a specification list."""
    return len(line.bare.split()) <= MAX_WORDS and line.bare[-1:] not in SENTENCE_ENDS and ": " not in line.bare


# How a run of bullet items reads the menu-shaped lines between two of its items (a mega-menu's section labels
# and headlines): as a break; as part of the menu when nested in it (indented as deep as the item above, or
# deeper); or also when the line model already removed them. A wider reading finds menus whose kept leftovers
# stand between items; a narrower one still finds the menus inside a run that as a whole reaches into the
# article or holds a line of the article's.
READINGS = ("items", "nested", "nested-or-removed")


def item_runs(doc: Document, reading: str = "items", removed: frozenset[int] = frozenset()) -> list[list[Line]]:
    """Maximal runs of bullet items; blank lines do not break a run, the lines between two items break it or
    not as ``reading`` says, any other line does."""
    runs: list[list[Line]] = []
    current: list[Line] = []
    pending: list[Line] = []
    for line in doc.lines:
        if line.blank:
            continue
        if _is_item(line):
            current += pending + [line]
            pending = []
            continue
        if current and _joins(line, current[-1], reading, removed):
            pending.append(line)
            continue
        if current:
            runs.append(current)
        current, pending = [], []
    if current:
        runs.append(current)
    return runs


def _joins(line: Line, item: Line, reading: str, removed: frozenset[int]) -> bool:
    if reading == "items" or not _menu_shaped(line):
        return False
    return indent(line.text) >= indent(item.text) or (reading == "nested-or-removed" and line.index in removed)


def detect(doc: Document, context: Context) -> list[Removal]:
    """Remove the kept items of a bullet run outside the article when most of its items were removed, the run
    read in each of ``READINGS``.

    Not on an HTML extractor's output in balanced mode, like the line model: what the extractor kept
    of a list is its choice.
    """
    if context.extracted and not context.aggressive:
        return []
    removed = context.claimed
    prose = [line.index for line in doc.lines if line.index not in removed and line.words >= PROSE_WORDS]
    if not prose:
        return []
    found: dict[int, Removal] = {}
    for reading in READINGS:
        for run in item_runs(doc, reading, removed):
            for removal in _menu_leftovers(doc, run, prose, context):
                found.setdefault(removal.first, removal)
    return [found[index] for index in sorted(found)]


def _outside(run: list[Line], prose: list[int]) -> bool:
    """Whether ``run`` lies wholly above the article's first prose line or below its last."""
    return not (run[0].index <= prose[-1] and run[-1].index >= prose[0])


def _menu_leftovers(doc: Document, run: list[Line], prose: list[int], context: Context) -> list[Removal]:
    """The kept lines of ``run`` when it is a menu: enough bullet items, mostly removed, outside the article,
    and nothing kept in it that reads like the article's own list (a sentence, a long item, a "Label: value")."""
    items = [line for line in run if _is_item(line)]
    if len(items) < MIN_ITEMS or not _outside(run, prose):
        return []
    removed = context.claimed
    gone = sum(1 for line in items if line.index in removed)
    kept = [line for line in run if line.index not in removed]
    if not kept or gone < REMOVED_SHARE * len(items) or not all(_menu_shaped(line) for line in kept):
        return []
    reason = f"kept line of a bullet run outside the article whose items are chrome: {gone} of {len(items)} removed"
    rule = PREFIX + "menus"
    return [Removal(line.index, line.index, rule, reason) for line in kept if line.index not in context.verbatim(doc)]
