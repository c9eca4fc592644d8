"""Brace-delimited code blocks, which the line model leaves whole."""

from cleaner.codeblocks import MAX_BLOCK_LINES, brace_blocks
from cleaner.segment import segment


def test_a_block_runs_from_the_opening_line_to_the_brace_that_closes_it():
    doc = segment(
        "Create a file with these contents:\n/srv/logs/*.log {\n    daily\n    rotate 14\n    postrotate\n"
        "        kill -USR1 $(cat /run/nginx.pid)\n    endscript\n}\nHere is what the directives do."
    )
    assert sorted(brace_blocks(doc)) == list(range(1, 8))


def test_nested_braces_close_with_the_outer_one():
    doc = segment("function f() {\n  if (x) {\n    go();\n  }\n});\nShare\nTweet")
    assert sorted(brace_blocks(doc)) == [0, 1, 2, 3, 4]


def test_a_brace_that_never_closes_is_no_block():
    opened = segment("Menu {\n" + "\n".join(f"Item {n}" for n in range(MAX_BLOCK_LINES + 5)))
    assert brace_blocks(opened) == frozenset()
    assert brace_blocks(segment("Home\nNews\n}\nSport")) == frozenset()


def test_parentheses_and_square_brackets_open_blocks_too():
    doc = segment("Compute the mean:\nout = df.groupby(\n    'k'\n)\nconfig = [\n  1,\n]\nThat is all.")
    assert sorted(brace_blocks(doc)) == [1, 2, 3, 4, 5, 6]
