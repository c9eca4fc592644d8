"""Invariants of the pipeline, checked on generated text (hypothesis) and on the seeds."""

from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from cleaner.decode import BOMS, DecodeError, decode
from cleaner.detectors import is_detector
from cleaner.discover import Task
from cleaner.pipeline import Engine, Mode
from cleaner.provenance import provenance
from cleaner.rules.engine import SCANNER_BUDGET, LineIndex, run_rules
from cleaner.rules.kinds import compile_line, find_line
from cleaner.rules.kinds.line import line_matches
from cleaner.rules.loader import load_rules
from cleaner.rules.model import Rule
from cleaner.rules.regex import LARGE, LARGE_FROM, MEDIUM, MEDIUM_FROM, relaxed
from cleaner.run import read_documents
from cleaner.segment import segment
from cleaner.sinks.txt import meta_json
from cleaner.sources import InputError
from cleaner.sources.jsonl import Fields

RULES = load_rules()
ENGINES = {mode: Engine(RULES, mode) for mode in Mode}
EMPTY = Engine(load_rules([], builtin=False), Mode.RULES)
SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))

# Lines drawn from real debris and prose, plus arbitrary text, so rules fire often.
PHRASES = [
    "Leave a Reply",
    "Advertisement",
    "Related Posts",
    "Sign Up",
    "Jump to content",
    "Create New...",
    "Your email address will not be published. Required fields are marked *",
    "#a #b #c",
    "0:00",
    "Updated:",
    "Home",
    "Author",
    "by editor",
    "The Kremlin said on Tuesday that talks would continue next week.",
    "",
    "  • Recently Browsing   0 members",
    "We use cookies to improve your experience.",
    "×",
    "Title Of The Page",
]
line = st.one_of(st.sampled_from(PHRASES), st.text(st.characters(blacklist_categories=["Cs"]), max_size=40))
documents = st.builds(
    lambda lines, sep: sep.join(lines), st.lists(line, max_size=30), st.sampled_from(["\n", "\r\n", "\n\n", "\r"])
)


def check_invariants(engine, source):
    result = engine.clean(source)
    doc = segment(source)
    # replay: walking the lines, each is either the next piece of a span or the next kept line
    rebuilt, kept_lines = [], iter(line + "\n" for line in result.text.split("\n")[:-1])
    for doc_line in doc.lines:
        owner = next((s for s in result.spans if s.start <= doc_line.start < s.end), None)
        rebuilt.append(doc_line.text + "\n" if owner is not None else next(kept_lines))
    assert "".join(rebuilt) == doc.text
    assert next(kept_lines, None) is None
    assert "".join(s.text for s in result.spans) == "".join(
        line.text + "\n" for line in doc.lines if any(s.start <= line.start < s.end for s in result.spans)
    )
    previous_end = 0
    for span in result.spans:  # in range and in order
        assert 0 <= previous_end <= span.start < span.end <= len(source)
        assert span.line_start <= span.line_end
        previous_end = span.end
    return result


@settings(max_examples=300, deadline=None)
@given(documents)
def test_reassembly_offsets_and_determinism(source):
    for engine in ENGINES.values():
        first = check_invariants(engine, source)
        assert engine.clean(source) == first


@settings(max_examples=200, deadline=None)
@given(documents)
def test_no_rules_changes_nothing_but_normalisation(source):
    result = EMPTY.clean(source)
    assert result.spans == () and result.text == segment(source).text


@settings(max_examples=200, deadline=None)
@given(documents)
def test_output_lines_are_a_subsequence_of_input_lines(source):
    result = ENGINES[Mode.BALANCED].clean(source)
    remaining = iter(segment(source).text.split("\n"))
    assert all(any(out == inp for inp in remaining) for out in result.text.split("\n"))


@settings(max_examples=200, deadline=None)
@given(documents)
def test_rules_mode_is_idempotent(source):
    engine = ENGINES[Mode.RULES]
    once = engine.clean(source).text
    assert engine.clean(once).text == once


# Lines of the seed pages among the generated ones: real debris next to real prose, so the
# detectors remove lines in the first pass as they do on real pages.
SEED_LINES = sorted({text for path in SEEDS for text in path.read_text(encoding="utf-8").split("\n")})
pages = st.builds(
    lambda lines, sep: sep.join(lines), st.lists(st.one_of(st.sampled_from(SEED_LINES), line), max_size=60),
    st.sampled_from(["\n", "\n\n"]),
)  # fmt: skip


def check_second_rules_pass(mode, source):
    """Cleaning an output again with the rules alone removes nothing, with one known exception.

    ``title.repeat`` takes for the title the first line no earlier rule removed, which is the
    output's first line after a ``rules`` pass: so a second pass agrees and removes nothing. In
    ``balanced`` mode the detectors run after the rules; when they remove that title line, the
    first line kept becomes the output's title and the second pass removes a later copy of it: the
    only rule the second pass may fire (README, "Idempotence").
    """
    once = ENGINES[mode].clean(source)
    again = ENGINES[Mode.RULES].clean(once.text)
    if mode is Mode.RULES:
        assert not again.spans, again.spans
    title = _rules_title(source)
    for span in again.spans:
        assert (span.rule, span.reason) == ("title.repeat", "repeated-title: repeats line 1"), span
        assert title is not None and any(is_detector(s.rule) and s.start <= title.start < s.end for s in once.spans), (
            "the rules' title was not removed by a detector"
        )
    return again.spans


def _rules_title(source):
    """The line the rules took for the title: the first non-blank line a rules-only pass kept."""
    removed = ENGINES[Mode.RULES].clean(source).spans
    lines = segment(source).lines
    return next((ln for ln in lines if not ln.blank and not any(s.start <= ln.start < s.end for s in removed)), None)


@pytest.mark.parametrize("mode", [Mode.RULES, Mode.BALANCED])
@settings(max_examples=200, deadline=None)
@given(source=pages)
def test_a_second_rules_pass_removes_nothing_but_a_copy_of_a_title_a_detector_removed(mode, source):
    check_second_rules_pass(mode, source)


def test_the_title_is_the_first_line_no_rule_removed_so_a_second_pass_agrees():
    source = "Useful Links\n\nFloods Hit Town\n\nThe river rose overnight and the council met.\n\nFloods Hit Town\n"
    once = ENGINES[Mode.RULES].clean(source)
    assert [span.rule for span in once.spans] == ["navigation.site-links", "title.repeat"]
    assert once.text == "Floods Hit Town\n\nThe river rose overnight and the council met.\n"
    assert not check_second_rules_pass(Mode.RULES, source)


@pytest.mark.parametrize("mode", [Mode.RULES, Mode.BALANCED])
def test_second_rules_pass_removes_nothing_on_the_seeds(mode):
    assert [check_second_rules_pass(mode, path.read_text(encoding="utf-8")) for path in SEEDS] == [()] * len(SEEDS)


@settings(max_examples=200, deadline=None)
@given(documents)
def test_line_index_equals_rules_run_one_by_one(source):
    doc = segment(source)
    line_rules = [r for r in RULES.rules if r.kind == "line"]
    indexed = run_rules(line_rules, doc, LineIndex(RULES.rules))
    taken, one_by_one = set(), []
    for rule in line_rules:
        for removal in find_line(rule, doc, frozenset(taken)):
            one_by_one.append(removal)
            taken.add(removal.first)
    assert sorted((r.first, r.rule) for r in indexed) == sorted((r.first, r.rule) for r in one_by_one)


def test_a_contains_scanner_over_the_budget_gets_the_large_budget_and_finds_the_same_lines():
    # \w is every Unicode letter, so each big pattern is a program of 16k-40k instructions: alone in its pack
    patterns = {"big.sale": r"^(\w{2,10} ){3}sale", "big.sponsored": r"Sponsored( \w{2,12})?", "small": "Advertisement"}
    rules = [
        Rule(rule_id, "line", "d", "r", compile_line({"pattern": pattern, "match": "contains"}, False))
        for rule_id, pattern in patterns.items()
    ]
    index = LineIndex(rules)
    scanners = {tuple(r.id for r in pack): scanner.compiled for _, scanner, pack in index.groups}
    assert list(scanners) == [("big.sale",), ("big.sponsored",), ("small",)]
    for (rule_id,), compiled in scanners.items():
        over = compiled.programsize > SCANNER_BUDGET
        assert over == rule_id.startswith("big.")
        assert (compiled.options.max_mem == LARGE.max_mem) == over, f"{rule_id}: large budget only over SCANNER_BUDGET"
    # line 3 has words then "sale" but not from its start; line 6 has "Sponsored" inside it
    doc = segment(
        "Kyiv market notes\nцены на рынке sale today\nSponsored Ölgemälde\nPrices: the old town sale\n"
        "Advertisement below\nno sale here\nRead more, Sponsored by Acme\n"
    )
    indexed = run_rules(rules, doc, index)
    one_by_one = [removal for rule in rules for removal in find_line(rule, doc, frozenset())]
    assert sorted((r.first, r.rule) for r in indexed) == sorted((r.first, r.rule) for r in one_by_one)
    assert {r.rule for r in indexed} == set(patterns), "each rule finds a line"


def test_invariants_on_seeds():
    for path in SEEDS:
        for engine in ENGINES.values():
            check_invariants(engine, path.read_text(encoding="utf-8"))


# Bytes as files hold them: lines of real-looking text in one of the encodings met on the web, with
# the debris of broken files mixed in (NULs, marks in the middle, invalid UTF-8, half a UTF-16 code
# unit, lines in another encoding, arbitrary bytes); half the files are pure debris.
ENCODINGS = ["utf-8", "cp1252", "latin-1", "utf-16-le", "utf-16-be", "utf-32-le"]
SPOILERS = [b"\x00", b"\x00\x00", b"\xc3", b"\xed\xa0\x80", b"\x80\x81", b"\xff", b"\xd8\x00", b"\x1b[0m"]
SPOILERS += [b"\r", b"\n\n", *(bom for bom, _ in BOMS)]
MARKS = {encoding: bom for bom, encoding in BOMS}
WORDS = [p for p in PHRASES if p] + ["Grüße aus Köln, schön.", "Le café à Noël, même en été.", "日本語のテキストです。"]
prose = st.text(st.characters(blacklist_categories=["Cc", "Cs"]), max_size=30)  # control characters are debris
text_line = st.one_of(st.sampled_from(WORDS), prose).map(lambda text: text + "\n")
debris = st.one_of(
    st.sampled_from(SPOILERS),
    st.binary(max_size=40),
    st.builds(lambda line, encoding: line.encode(encoding, errors="replace"), text_line, st.sampled_from(ENCODINGS)),
)


@st.composite
def files(draw):
    """Lines in one encoding, with its mark or without, and up to three pieces of debris; or debris only."""
    if draw(st.booleans()):
        return b"".join(draw(st.lists(debris, max_size=30)))
    encoding = draw(st.sampled_from(ENCODINGS))
    mark = draw(st.sampled_from([b"", MARKS.get(encoding, b"")]))
    lines = [line.encode(encoding, errors="replace") for line in draw(st.lists(text_line, max_size=30))]
    for _ in range(draw(st.integers(0, 3))):
        lines.insert(draw(st.integers(0, len(lines))), draw(debris))
    return mark + b"".join(lines)


@settings(max_examples=150, deadline=None)
@given(files())
def test_any_bytes_are_cleaned_with_the_invariants_or_refused_as_decode_refuses_them(data):
    """The CLI's path for a text file, from its bytes to what it writes: no input may make it raise."""
    try:
        [source] = read_documents(Task(Path("fuzz.txt"), Path("fuzz.txt")), data, Fields())
    except InputError as error:  # the only refusal: the decoding policy's, word for word
        event("refused")
        with pytest.raises(DecodeError) as refused:
            decode(data)
        assert str(refused.value) == str(error)
        return
    event(f"cleaned ({source.decoded.encoding})")
    result = check_invariants(ENGINES[Mode.BALANCED], source.text)
    meta_json(provenance("fuzz.txt", source, result, output_path="fuzz.txt"))  # what the CLI writes: valid UTF-8
    result.text.encode("utf-8")


def test_the_title_is_chosen_after_every_other_rule_whatever_file_a_rule_comes_from(tmp_path):
    # a user's pack loads after the built-in ones: its head rule must still run before the title is chosen
    (tmp_path / "staff.yaml").write_text(
        "ruleset: staff\nrules:\n  - id: staff.box\n    kind: head\n    reason: staff-box\n"
        "    description: a masthead above the title\n    start: 'Masthead'\n    end: 'Masthead ends'\n"
    )
    engine = Engine(load_rules([tmp_path]), Mode.RULES)
    body = "The river rose overnight and the council met."
    source = f"Masthead\nThe Valley Gazette\nMasthead ends\n\nFloods Hit Town\n\n{body}\n\nFloods Hit Town\n"
    once = engine.clean(source)
    assert [span.rule for span in once.spans] == ["staff.box", "title.repeat"], once.spans
    assert not engine.clean(once.text).spans


def test_relaxed_scanner_patterns_loosen_only_repeats_of_a_dot():
    assert relaxed(r".{0,120}\bAll rights reserved.{0,80}") == r".*\bAll rights reserved.*"
    assert relaxed(r"x{1,5}.{1,5}(?i:.{0,3}?)") == r"x{1,5}.+(?i:.*?)"  # other atoms keep their bounds
    # a class's dot, an escaped dot, quoted text, POSIX classes and the s flag are left as written
    for pattern in (r"[.]{0,3}\.{0,3}", r"\QRating{1,5}\E .{0,3}", r"Score [[:digit:]{0,3}]+ .{0,3}", r"(?s).{0,10}x"):
        assert relaxed(pattern) == pattern


def test_rules_whose_scanners_cannot_be_loosened_still_find_their_lines():
    # each pattern's line is found by its own pattern; a loosened scanner once missed all three
    patterns = {
        "quoted": r"\QRating{1,5}\E",
        "posix": r"Score [[:digit:]{0,3}]+",
        "ascii-run": r"[\x00-\x7f]{0,40}Copyright",  # a class that matches a newline: loosened, it ran across lines
    }
    rules = [
        Rule(rule_id, "line", "d", "r", compile_line({"pattern": pattern}, False))
        for rule_id, pattern in patterns.items()
    ]
    doc = segment("x" * 50 + "\nCopyright\nRating{1,5}\nScore {0,3}\nplain prose line here.\n")
    expected = sorted(
        (line.index, rule.id) for line in doc.lines for rule in rules if line_matches(rule.options, line, doc)
    )
    assert len(expected) == 3
    found = run_rules(rules, doc, LineIndex(rules))
    assert sorted((r.first, r.rule) for r in found) == expected


def test_a_whole_line_scanner_gets_a_budget_for_its_program_size():
    patterns = {
        "big.byline": r"(\w{1,20} ){1,6}\w{1,20}, staff writer",
        "mid.byline": r"\w{1,20} \w{1,20}, staff reporter",
        "small": "Advertisement",
    }
    rules = [Rule(i, "line", "d", "r", compile_line({"pattern": p}, False)) for i, p in patterns.items()]
    budgets = {pack[0].id: s.compiled for _, s, pack in LineIndex(rules).groups}
    assert budgets["big.byline"].programsize >= LARGE_FROM and budgets["big.byline"].options.max_mem == LARGE.max_mem
    assert MEDIUM_FROM <= budgets["mid.byline"].programsize < LARGE_FROM
    assert budgets["mid.byline"].options.max_mem == MEDIUM.max_mem
    assert budgets["small"].programsize < MEDIUM_FROM and budgets["small"].options.max_mem < MEDIUM.max_mem
    doc = segment("Ana María Pérez, staff writer\nAdvertisement\nThe river rose overnight.\n")
    assert sorted((r.first, r.rule) for r in run_rules(rules, doc, LineIndex(rules))) == [
        (0, "big.byline"),
        (1, "small"),
    ]


def test_a_scanner_of_rules_inactive_on_a_page_is_skipped():
    # a's program is over the scanner budget, so it has a scanner of its own
    patterns = (("a", r"(\w{1,20} ){0,3}Share"), ("b", "Reply"))
    rules = [Rule(i, "line", "d", "r", compile_line({"pattern": p}, False)) for i, p in patterns]
    index = LineIndex(rules)
    assert [[r.id for r in pack] for _, _, pack in index.groups] == [["a"], ["b"]]
    doc = segment("Share\nReply\nThe river rose overnight.\n")
    assert set(index.candidates(doc)) == {0, 1}
    assert set(index.candidates(doc, {"b"})) == {1}, "rule a's scanner is not run"
    assert index.candidates(doc, set()) == {}
    assert [r.first for r in run_rules(rules[1:], doc, index)] == [1], "only the active rules remove"


def test_scanners_find_every_line_a_rule_matches_on_its_own():
    # scanners are relaxed (a superset); each line a rule's own pattern matches must be a candidate for it
    root = Path(__file__).parent.parent
    dev = sorted((root.parent / "shared/bench/dev/wcxb").glob("*.dirty.txt"))  # absent: the seeds alone
    line_rules = [r for r in RULES.rules if r.kind == "line"]
    index = LineIndex(RULES.rules)
    matched = 0
    for path in sorted((root / "seeds").glob("*.txt")) + dev[::10]:
        doc = segment(path.read_text(encoding="utf-8"))
        candidates = index.candidates(doc)
        for line in doc.lines:
            for rule in line_rules:
                if not line.blank and line_matches(rule.options, line, doc):
                    matched += 1
                    assert rule in candidates.get(line.index, []), (rule.id, line.bare)
    assert matched > 10, "the pages must exercise the rules"
