"""detector:after-comments: what a page prints below its comment section is not the article."""

from __future__ import annotations

from collections.abc import Collection

from cleaner.detectors import Context, aftercomments
from cleaner.document import Removal
from cleaner.segment import segment
from tests.test_detectors import ENGLISH, PROSE

FORM = [
    "Leave a Reply",
    "Your email address will not be published. Required fields are marked *",
    "Comment *",
    "Name *",
    "Email *",
    "Post Comment",
]
SIDEBAR = [
    "Recent Posts",
    "* How we mapped every cellar on the lower street before the spring floods",
    "* A walk along the new flood wall",
    "Recent Comments",
    "* Ruth on A walk along the new flood wall",
    "Archives",
]


def _detect(lines: list[str], named: list[tuple[str, str, str]], claimed_texts: Collection[str] = ()):
    """Run the detector on ``lines`` with rule removals ``named`` (first line's text, last line's text,
    reason) and ``claimed_texts`` removed by anything; return the removed texts and the reasons."""
    doc = segment("\n".join(lines) + "\n")
    at = {line.text: line.index for line in doc.lines if not line.blank}
    removals = tuple(Removal(at[first], at[last], "comments.test", reason) for first, last, reason in named)
    claimed = {i for r in removals for i in range(r.first, r.last + 1)} | {at[t] for t in claimed_texts}
    found = aftercomments.detect(doc, Context(ENGLISH, frozenset(claimed), named=removals))
    return {doc.lines[r.first].text: r.reason for r in found}


def test_a_sidebar_below_a_comment_form_goes_and_the_article_stays():
    removed = _detect(PROSE + FORM + SIDEBAR, [(FORM[0], FORM[-1], "comment-form: after marker")])
    assert set(removed) == set(SIDEBAR)
    assert all(why.startswith("below the comment section at lines 5-10;") for why in removed.values())


def test_a_comment_thread_counts_as_a_section_and_other_tags_do_not():
    thread = ["3 thoughts on “Flood”", "Ruth said:", "We were lucky this time."]
    assert set(_detect(PROSE + thread + SIDEBAR, [(thread[0], thread[-1], "comment-thread: between")])) == set(SIDEBAR)
    assert _detect(PROSE + thread + SIDEBAR, [(thread[0], thread[-1], "comment-counter: line matches")]) == {}


def test_a_lone_comment_button_is_no_section():
    """Stack Exchange prints "Add a comment" under every post, Substack a button inside its post: the
    page's last comment marker must span a section for the text below it to go."""
    lines = PROSE[:2] + ["Add a comment"] + PROSE[2:]
    assert _detect(lines, [("Add a comment", "Add a comment", "comment-form: after marker")]) == {}
    # a real form higher up does not count when a later marker is a lone button
    lines = PROSE[:1] + FORM + PROSE[1:3] + ["Add a comment"] + PROSE[3:]
    named = [(FORM[0], FORM[-1], "comment-form: x"), ("Add a comment", "Add a comment", "comment-form: x")]
    assert _detect(lines, named) == {}


def test_no_prose_above_the_section_means_it_did_not_follow_an_article():
    assert _detect(FORM + PROSE, [(FORM[0], FORM[-1], "comment-form: after marker")]) == {}


def test_an_article_below_the_section_stays():
    """A file holding several pages: the next article's paragraphs follow each other below the first's form."""
    paragraphs = [f"{line} The harbour master said so again on the radio this morning." for line in PROSE]
    assert all(len(p.split()) >= aftercomments.PROSE_WORDS for p in paragraphs)
    second = ["Ferry service resumes after the flood", *paragraphs, "Related posts", "* Flood wall opens"]
    assert _detect(PROSE + FORM + second, [(FORM[0], FORM[-1], "comment-form: x")]) == {}
    # teasers' summaries that alternate with removed headlines are no article
    teasers = ["Flood wall opens", paragraphs[0], "Ferry resumes", paragraphs[1], "Cellar checks", paragraphs[2]]
    named = [(FORM[0], FORM[-1], "comment-form: x")]
    removed = _detect(PROSE + FORM + teasers, named, {"Flood wall opens", "Ferry resumes", "Cellar checks"})
    assert set(removed) == set(paragraphs[:3])


def test_lines_other_detectors_removed_are_not_removed_twice():
    removed = _detect(PROSE + FORM + SIDEBAR, [(FORM[0], FORM[-1], "comment-form: x")], {"Archives"})
    assert "Archives" not in removed and "Recent Posts" in removed


def test_code_below_the_section_stays():
    code = ["levels = {", "    'quay': 2.4,", "    'bridge': 3.1,", "}"]
    removed = _detect(PROSE + FORM + code + SIDEBAR, [(FORM[0], FORM[-1], "comment-form: x")])
    assert not set(code) & set(removed)
    assert "Recent Posts" in removed


def test_the_engine_removes_a_wordpress_sidebar_below_the_form(engine):
    text = "\n\n".join(["Flood waters recede in the old town", *PROSE, "\n".join(FORM), "\n".join(SIDEBAR)]) + "\n"
    result = engine.clean(text)
    assert all(line in result.text for line in PROSE)
    rules = {span.rule for span in result.spans if "* A walk along the new flood wall" in span.text}
    assert rules == {"detector:after-comments"}
    assert "Recent Comments" not in result.text
