"""Code blocks (brace-delimited, and SQL statements), which the line model leaves whole."""

from cleaner.detectors.codeblocks import MAX_BLOCK_LINES, brace_blocks, instruction_blocks, statement_blocks
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


def test_a_block_must_close_within_its_limit():
    def block(inner: int) -> frozenset[int]:
        return brace_blocks(segment("body {\n" + "\n".join(f"  item{n};" for n in range(inner)) + "\n}\nAfter."))

    assert len(block(MAX_BLOCK_LINES - 2)) == MAX_BLOCK_LINES  # the opener, the lines, the closer: 60 lines
    assert block(MAX_BLOCK_LINES - 1) == frozenset(), "61 lines: the closer is past the limit"


def test_a_stray_closing_brace_opens_nothing():
    assert brace_blocks(segment("Home\nNews\n}\nSport")) == frozenset()


def test_a_sad_face_or_a_wrapped_sentence_opens_no_block():
    thread = "I lost all my saves after the patch :(\nReply\nQuote\nmod_anna\nPosted 3 hours ago\nFixed now? :)"
    assert brace_blocks(segment(thread)) == frozenset()
    wrapped = "The council, which met on Tuesday (\nafter a long delay), voted to close the bridge."
    assert brace_blocks(segment(wrapped)) == frozenset()


def test_parentheses_and_square_brackets_open_blocks_too():
    doc = segment("Compute the mean:\nout = df.groupby(\n    'k'\n)\nconfig = [\n  1,\n]\nThat is all.")
    assert sorted(brace_blocks(doc)) == [1, 2, 3, 4, 5, 6]


def test_a_quoted_json_body_in_a_shell_command_is_a_block():
    doc = segment(
        "Register it with the API:\ncurl -X POST https://api.example.com/v2/hooks \\\n  -d '{\n"
        '    "url": "https://shop.example/hook",\n    "events": ["a", "b"]\n  }\'\nThe reply carries its id.'
    )
    assert sorted(brace_blocks(doc)) == [2, 3, 4, 5]
    assert sorted(brace_blocks(segment("jq -n '[\n  1,\n  2\n]'\nDone."))) == [0, 1, 2, 3]
    assert brace_blocks(segment('He wrote "(\nthen stopped.')) == frozenset(), "a quote opens only { and ["


def test_an_sql_statement_runs_from_its_keyword_to_its_semicolon():
    sql = "SELECT relname,\n       n_live_tup,\n       n_dead_tup\nFROM pg_stat_user_tables\nLIMIT 5;"
    doc = segment(f"The query we ran:\n{sql}\nThe ratio was above 0.4.")
    assert statement_blocks(doc) == frozenset(range(1, 6))
    # prose writes the verb in lower case, and a statement with no semicolon in its paragraph is no block
    assert statement_blocks(segment("Select the rows you need,\nthen press Run;")) == frozenset()
    assert statement_blocks(segment("SELECT relname,\nn_live_tup\n\nFROM t;")) == frozenset()


def test_a_dockerfile_s_instructions_are_a_block():
    doc = segment(
        "The fix is a multi-stage build:\n\nFROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\n"
        "RUN go build -o /out/app\n\nFROM scratch\nCOPY --from=build /out/app /app\n\nCopy only the binary."
    )
    assert sorted(instruction_blocks(doc)) == [2, 3, 4, 5, 7, 8]


def test_headlines_in_capitals_are_no_dockerfile():
    assert instruction_blocks(segment("FROM THE ARCHIVE\nRUN FOR YOUR LIFE\nCOPY EDITORS WANTED")) == frozenset()
    assert instruction_blocks(segment("Menu\nFROM golang:1.22\nShare")) == frozenset(), "one line is no block"
