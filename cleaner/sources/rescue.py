"""Pages trafilatura keeps little of: clean the whole page as text, with trafilatura's lines as anchors.

trafilatura is built to find articles. On a forum thread, a product page, a listing
or a service page it often keeps a heading and a paragraph of a page whose content
is list items and short posts: on wcxb's pages its recall is 0.62–0.77 on those
page types, against 0.97 on articles. When a page does not declare itself an
article and trafilatura kept under a fifth of its visible words, the page is
rendered as text with inscriptis (the renderer of the full-page dumps the line
model learned from) and the engine cleans that rendering as it cleans any dump,
except that the lines trafilatura kept are anchors: no detector removes them,
and the detectors take other lines back only when sure (their aggressive cut).
Rules still remove named debris, anchored or not.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from cleaner.segment import source_lines

# trafilatura kept less than this share of the page's visible words
SPARSE_SHARE = 0.2
# og:type or schema.org types that say a page is an article: trafilatura's own ground, trusted as it is
_ARTICLE_TYPE = re.compile(r"article|blogposting", re.IGNORECASE)
# elements whose own text is not shown on the page
_HIDDEN = frozenset({"script", "style", "noscript", "template"})
_WORD = re.compile(r"\w+")
# words of rendering × words of extracted text above which lines are matched whole instead of word by word
_ALIGN_LIMIT = 40_000_000


@dataclass(frozen=True, slots=True)
class Rescue:
    """The whole page as text, for when trafilatura kept too little of it."""

    text: str  # inscriptis's rendering of the page
    anchors: frozenset[int]  # 1-based numbers of its lines that trafilatura kept
    reason: str  # why the page was rendered: the shares measured


def sparse_reason(extracted: str, tree: Any, pagetype: str | None) -> str | None:
    """Why trafilatura's text looks like too little of this page, or None when it can be trusted."""
    if pagetype and _ARTICLE_TYPE.search(pagetype):
        return None
    visible = len(_WORD.findall(" ".join(_visible_texts(tree))))
    kept = len(_WORD.findall(extracted))
    if not visible or kept >= SPARSE_SHARE * visible:
        return None
    kind = f"a page of type {pagetype!r}" if pagetype else "a page that does not say it is an article"
    return f"trafilatura kept {kept} of {visible} visible words ({kept / visible:.0%} < {SPARSE_SHARE:.0%}) of {kind}"


def _visible_texts(tree: Any) -> list[str]:
    """The body's text nodes but a script's, a style's and the like (half the time of an ancestor:: XPath)."""
    return [text for text in tree.xpath("//body//text()") if not (text.is_text and text.getparent().tag in _HIDDEN)]


def rescue(html: str, extracted: str, reason: str) -> Rescue:
    """The page rendered as text, and which of its lines hold what trafilatura extracted."""
    from inscriptis import get_text

    rendering = get_text(html)
    return Rescue(rendering, anchor_lines(rendering, extracted), reason)


def anchor_lines(rendering: str, extracted: str) -> frozenset[int]:
    """Numbers (1-based) of the rendering's lines at least half of whose words trafilatura kept.

    The words are aligned in order (difflib), so a word trafilatura kept in one place does
    not anchor the same word in a menu. The two texts break lines differently (a table row
    is one line in the rendering, a cell per line in trafilatura's), hence words, not lines.
    """
    words: list[str] = []
    owner: list[int] = []
    for number, start, end in source_lines(rendering):
        found = _WORD.findall(rendering[start:end].casefold())
        words += found
        owner += [number] * len(found)
    kept = _WORD.findall(extracted.casefold())
    if len(words) * len(kept) > _ALIGN_LIMIT:
        return _whole_lines(rendering, extracted)
    matched: Counter[int] = Counter()
    for block in SequenceMatcher(None, words, kept, autojunk=False).get_matching_blocks():
        matched.update(owner[block.a : block.a + block.size])
    total = Counter(owner)
    return frozenset(number for number, count in total.items() if 2 * matched[number] >= count)


def _whole_lines(rendering: str, extracted: str) -> frozenset[int]:
    """Lines of the rendering that are, whitespace aside, a line of the extracted text (for huge pages)."""
    kept = {" ".join(line.split()) for line in extracted.splitlines()} - {""}
    lines = source_lines(rendering)
    return frozenset(n for n, start, end in lines if " ".join(rendering[start:end].split()) in kept)
