"""Invariants of the pipeline, checked on generated text (hypothesis) and on the seeds."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.pipeline import Engine, Mode
from cleaner.rules.engine import LineIndex, run_rules
from cleaner.rules.kinds import find_line
from cleaner.rules.loader import load_rules
from cleaner.segment import segment

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


def test_invariants_on_seeds():
    for path in SEEDS:
        for engine in ENGINES.values():
            check_invariants(engine, path.read_text(encoding="utf-8"))
