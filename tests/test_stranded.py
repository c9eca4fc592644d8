"""detector:stranded on small hand-made pages: a short line left alone among removed chrome below the article
goes, and so do two in a row; a line of the article, a sentence, a page's last line, a post's body and a line of
code stay."""

from __future__ import annotations

from cleaner.detectors import Context, stranded
from cleaner.document import Language
from cleaner.segment import segment

ENGLISH = Language("en", 1.0)
ARTICLE = [
    "The river rose through the night, and by dawn the council had met to decide what the town should do next.",
    "Volunteers filled sandbags along the quay while the ferry was moved upstream, where the banks are higher,"
    " before the storm reached the old harbour.",
]
BELOW = ["Related posts", "Ten ways to keep a cellar dry", "Share on Facebook", "Newsletter", "© 2024 The Herald"]


def found(lines: list[str], removed: set[int], **context: bool) -> dict[int, str]:
    """The stranded lines of a page made of ``lines``, when the lines at ``removed`` are already removed."""
    doc = segment("\n".join(lines) + "\n")
    return {r.first: r.reason for r in stranded.detect(doc, Context(ENGLISH, frozenset(removed), **context))}


def test_a_teaser_alone_between_removed_lines_below_the_article_goes_with_its_evidence():
    lines = ARTICLE + BELOW  # the teaser, line 3, between "Related posts" and "Share on Facebook"
    assert found(lines, {2, 4, 5, 6}) == {
        3: "7-word line alone between removed lines, after the article's last prose line (line 2)"
    }


def test_a_line_above_the_articles_last_prose_line_stays():
    lines = ["Menu", "Flood waters recede", "Search", *ARTICLE]
    assert found(lines, {0, 2}) == {}


def test_a_line_ending_like_a_sentence_or_a_quotation_stays():
    endings = ("Thanks, we will be there.", "She said it was “the worst in years”", "Who pays?", "Noted (thanks)")
    for line in endings:
        assert found([*ARTICLE, "Share", line, "Newsletter"], {2, 4}) == {}, line


def test_a_run_of_two_goes_and_a_run_of_three_or_a_pages_last_line_stays():
    assert found([*ARTICLE, "Share", "see you all there"], {2}) == {}
    two = found([*ARTICLE, "Share", "Filed under", "Weather", "Newsletter"], {2, 5})
    assert two == {
        3: "2-word line, one of 2 in a row, between removed lines, after the article's last prose line (line 2)",
        4: "1-word line, one of 2 in a row, between removed lines, after the article's last prose line (line 2)",
    }
    assert found([*ARTICLE, "Share", "Filed under", "Weather", "Floods", "Newsletter"], {2, 6}) == {}
    # one line of the two that ends like a sentence keeps both
    assert found([*ARTICLE, "Share", "Filed under", "Thanks, we will be there.", "Newsletter"], {2, 5}) == {}


def test_a_line_of_more_than_fifteen_words_stays():
    long_line = " ".join(["word"] * (stranded.MAX_WORDS + 1))
    assert found([*ARTICLE, "Share", long_line, "Newsletter"], {2, 4}) == {}
    assert 3 in found([*ARTICLE, "Share", " ".join(["word"] * stranded.MAX_WORDS), "Newsletter"], {2, 4})


def test_a_line_indented_under_both_neighbours_stays_as_a_forum_posts_short_body_does():
    reply = ["    #14 · Aug 7, 2023", "        thanks everyone will check them out", "      Reply Quote Like"]
    assert found([*ARTICLE, *reply], {2, 4}) == {}
    assert 3 in found([*ARTICLE, *(line.strip() for line in reply)], {2, 4})


def test_a_line_inside_a_block_of_code_stays():
    code = ["config = {", "retries: 3", "}"]  # not indented, so only the code guard keeps it
    assert found([*ARTICLE, *code], {2, 4}) == {}
    assert 3 in found([*ARTICLE, "config =", "retries: 3", "}"], {2, 4})


def test_a_page_without_a_prose_line_is_left_alone():
    assert found(["Home", "News", "Sport", "Weather"], {0, 2}) == {}


def test_an_extractors_output_is_left_to_the_extractor_in_balanced_mode():
    lines = ARTICLE + BELOW
    assert found(lines, {2, 4, 5, 6}, extracted=True) == {}
    assert 3 in found(lines, {2, 4, 5, 6}, extracted=True, aggressive=True)


def test_the_reason_cites_the_files_line_in_a_window_of_a_large_file():
    doc = segment("\n".join(ARTICLE + BELOW) + "\n", first_line=101)  # a window starting at the file's line 101
    found = stranded.detect(doc, Context(ENGLISH, frozenset({2, 4, 5, 6})))
    assert [r.reason for r in found] == [
        "7-word line alone between removed lines, after the article's last prose line (line 102)"
    ]
