import unicodedata

from cleaner.normalise import normalise_line
from cleaner.segment import segment


def test_offsets_point_into_the_source():
    source = "Title\r\n\r\n\r\nBody  line\u00a0two  \n\nEnd"
    doc = segment(source)
    for line in doc.lines:
        if not line.blank:
            assert normalise_line(source[line.start : line.end]) == line.text
    assert [line.text for line in doc.lines] == ["Title", "", "Body  line two", "", "End"]
    assert [line.number for line in doc.lines] == [1, 2, 4, 5, 6]


def test_unicode_line_separators_break_lines():
    assert segment("a\u2028b\u2029c\x85d").text == "a\nb\nc\nd\n"


def test_blank_runs_collapse_and_edges_are_trimmed():
    doc = segment("\n\n  \nA\n\n\n\nB\n \n\n")
    assert doc.text == "A\n\nB\n"


def test_unicode_spaces_and_invisible_characters():
    assert normalise_line("a\u2009b\u200bc\u00add\ufeff\x07  ") == "a bcd"


def test_every_unicode_space_separator_becomes_a_space():
    # the list in normalise is spelled out for start-up speed; it must stay Unicode's category Zs
    spaces = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Zs"]
    assert len(spaces) > 10
    assert [normalise_line(f"a{ch}b") for ch in spaces] == ["a b"] * len(spaces)


def test_blocks_are_runs_of_non_blank_lines():
    doc = segment("a\nb\n\nc\n\nd\ne\nf")
    assert [(b.first, b.last) for b in doc.blocks] == [(0, 1), (3, 3), (5, 7)]
    assert doc.block_of(6).first == 5
    assert doc.block_of(2) is None


def test_bare_text_drops_bullets_and_indentation():
    doc = segment("  • Sign Up\n* item\n×   Close")
    assert [line.bare for line in doc.lines] == ["Sign Up", "item", "Close"]
    assert doc.bare_utf8 == b"Sign Up\nitem\nClose"


def test_a_lone_surrogate_becomes_one_replacement_character():
    line = "half \ud83d emoji \udc00"
    assert normalise_line(line) == "half \ufffd emoji \ufffd"
    assert len(normalise_line(line)) == len(line)
    assert normalise_line("a real emoji \U0001f600") == "a real emoji \U0001f600"


def test_separating_controls_part_words_and_other_controls_go():
    # \v, \f and the information separators stand between words: deleted, they glued them together
    assert normalise_line("Page one.\fAdvertisement\fPage two.\vthree\x1cfour\x1fend") == (
        "Page one. Advertisement Page two. three four end"
    )
    assert normalise_line("be\x07ll\x00 and\x1b esc\x7f") == "bell and esc"
