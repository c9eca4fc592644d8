"""Detectors on small hand-made pages: what goes, what stays, and the evidence given."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.cli import main
from cleaner.detectors import DETECTORS, Context, linecolumns, linemodel
from cleaner.detectors.linefeatures import junk_shape
from cleaner.detectors.paragraphs import BALANCED, Kind, classify
from cleaner.document import Language
from cleaner.pipeline import Engine, Mode
from cleaner.rules.loader import load_rules
from cleaner.segment import segment
from cleaner.sources.html import extract
from tests.conftest import engine_for

SEEDS = sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))
ENGLISH = Language("en", 1.0)
PROSE = [
    "The river rose through the night, and by dawn the council had met to decide what the town should do next.",
    "Volunteers filled sandbags along the quay while the ferry was moved upstream, where the banks are higher.",
    "By noon the water had stopped rising, and the mayor said the worst of the flood was probably behind them.",
    "Shops on the lower street will stay closed until the engineers have checked every cellar for damage.",
]
MENU = ["Home", "News", "Sport", "Weather", "Contact us"]


def page() -> str:
    head = "".join(f"        * {item}\n" for item in MENU)
    body = "".join(f"    {line}\n" for line in PROSE)
    foot = "".join(f"        * {item}\n" for item in ("About", "Careers", "Privacy", "Terms", "Sitemap"))
    return head + "    Flood waters recede in the old town\n" + body + foot


def removed_lines(text: str, mode: Mode = Mode.BALANCED, *, extracted: bool = False) -> dict[str, str]:
    result = Engine(load_rules(builtin=False), mode).clean(text, extracted=extracted)
    return {span.text.strip(): span.reason for span in result.spans if span.rule == "detector:linemodel"}


def test_menus_go_and_the_article_stays():
    removed = removed_lines(page())
    assert {"* Home", "* Sport", "* Privacy", "* Sitemap"} <= set(removed)
    assert not any(line.strip() in removed for line in PROSE)
    assert "Flood waters recede in the old town" not in removed


def test_every_removal_gives_its_score_and_the_features_against_it():
    removed = removed_lines(page())
    threshold = linemodel.load_model().thresholds["balanced"]
    assert removed
    for reason in removed.values():
        assert reason.startswith("article score ") and f" < {threshold:.2f} (" in reason
        assert any(ch.isalpha() for ch in reason.split("(", 1)[1])


def test_aggressive_removes_at_least_what_balanced_does():
    assert set(removed_lines(page())) <= set(removed_lines(page(), Mode.AGGRESSIVE))


def grid() -> str:
    """A shop's product grid: the content is short lines too, as in wcxb's listing and collection pages."""
    head = "".join(f"        * {item}\n" for item in MENU)
    cards = "".join(
        f"    {name} Travel Cup {size}oz\n    Amberlight\n    Bluestone\n    Flaxen\n"
        f"    {size} oz, glass\n    $ {price}\n"
        for name, size, price in (("Joco", 4, "29.95"), ("Joco", 8, "32.95"), ("Keep", 12, "24.71"), ("Keep", 16, "35"))
    )
    return head + "    Reusable cups\n" + cards + "    Sign up for our newsletter\n    Privacy | Terms | Sitemap\n"


def test_on_a_page_of_little_prose_only_sure_lines_go():
    text = grid()
    doc = segment(text)
    context = Context(ENGLISH, frozenset())
    model = linemodel.load_model()
    verdicts, scores, _ = linemodel.score_lines(doc, context, model)
    assert linemodel.prose_share(verdicts) < model.thresholds["little_prose_share"]
    low = model.thresholds["little_prose"]
    between = [v.index for v, p in zip(verdicts, scores, strict=True) if low <= p < model.thresholds["balanced"]]
    assert between, "some lines must score under the article threshold, or this page tests nothing"
    removed = {r.first for r in linemodel.detect(doc, context)}
    assert removed == {v.index for v, p in zip(verdicts, scores, strict=True) if p < low}
    assert not removed & set(between)


def test_a_removal_on_a_page_of_little_prose_says_so(monkeypatch):
    # the shipped model is seldom sure enough on a page this small: raise its bar for such pages to see reasons
    model = linemodel.load_model()
    bar = {**model.thresholds, "little_prose": 0.2}
    monkeypatch.setattr(linemodel, "load_model", lambda: linemodel.Model(model.stage1, model.stage2, bar))
    removed = removed_lines(grid())
    assert removed, "some line of the grid must score under 0.20"
    for reason in removed.values():
        assert " < 0.20 (page of little prose, 0% of its text; " in reason, reason


def news_among_menus() -> str:
    """A news article between the long menus a news site prints: a page of little prose with an article in it."""
    sections = "".join(f"        * Section {i} news\n" for i in range(160))
    more = "".join(f"        * Topic {i}\n" for i in range(160))
    body = "".join(f"    {line}\n" for line in PROSE + [line.replace("the", "this") for line in PROSE])
    return sections + "    Flood waters recede in the old town\n" + body + more


def test_a_page_of_little_prose_with_a_long_sure_run_is_cut_between_the_two_thresholds():
    doc = segment(news_among_menus())
    context = Context(ENGLISH, frozenset())
    model = linemodel.load_model()
    verdicts, scores, features = linemodel.score_lines(doc, context, model)
    t = model.thresholds
    assert linemodel.prose_share(verdicts) < t["little_prose_share"]
    run = linemodel.sure_run(features, features["s1"])
    assert run >= t["little_prose_run_words"], run
    assert t["little_prose"] < t["little_prose_with_run"] < t["balanced"]
    cut = t["little_prose_with_run"]
    removals = linemodel.detect(doc, context)
    assert {r.first for r in removals} == {v.index for v, p in zip(verdicts, scores, strict=True) if p < cut}
    assert removals, "the menus must go"
    for removal in removals:
        assert f"< {cut:.2f} (page of little prose, " in removal.reason
        assert f", with a sure run of {run:.0f} words; " in removal.reason
    kept = {doc.lines[v.index].text.strip() for v, p in zip(verdicts, scores, strict=True) if p >= cut}
    assert set(PROSE) <= kept


def test_the_sure_run_exception_starts_at_its_word_count_and_only_on_pages_of_little_prose():
    model = linemodel.load_model()
    t = model.thresholds
    enough = t["little_prose_run_words"]
    little = linemodel.stage1_features(segment(news_among_menus()), Context(ENGLISH, frozenset()))[0]
    assert linemodel._threshold(model, little, False, enough)[0] == t["little_prose_with_run"]
    assert linemodel._threshold(model, little, False, enough - 1)[0] == t["little_prose"]
    prose = linemodel.stage1_features(segment(page() + page()), Context(ENGLISH, frozenset()))[0]
    assert linemodel._threshold(model, prose, False, 10 * enough) == (t["balanced"], "")
    assert linemodel._threshold(model, little, True, 10 * enough) == (t["aggressive"], "")


def test_sure_run_counts_whole_words():
    # log1p then expm1 gives 65.99999999999999 for 66 words: the run must still reach 100
    cols = {"log_words": np.log1p(np.array([32.0, 66.0, 3.0]))}
    assert linemodel.sure_run(cols, np.array([0.9, 0.9, 0.1])) == 100.0


def test_prose_share_counts_characters_so_unspaced_scripts_are_prose():
    paragraph = (
        "河水昨夜持续上涨，议会在黎明时分召开会议，讨论城镇下一步应当采取的措施，志愿者沿着码头装填沙袋，渡轮被移往上游地势较高的地方。"
        "到了中午，水位停止上涨，市长表示洪水最严重的时候可能已经过去，下游街道的商店将继续关闭，直到工程师检查完每一个地窖。"
    )
    text = "".join(f"        * 菜单{i}\n" for i in range(28)) + "".join(f"    {paragraph}\n" for _ in range(6))
    verdicts = linemodel.stage1_features(segment(text), Context(Language("zh-cn", 1.0), frozenset()))[0]
    assert linemodel.prose_share(verdicts) > linemodel.load_model().thresholds["little_prose_share"]


def menus_only() -> str:
    """A page that is nothing but menus, long enough for the line model (``SHORT_TEXT_CHARS``)."""
    return "".join(
        f"* {m} {section}\n" for section in ("news", "guides", "shop", "help", "travel", "money") for m in MENU
    )


def test_a_page_that_is_all_menus_is_never_emptied():
    menus = menus_only()
    cut = linemodel.load_model().thresholds["little_prose"]
    for mode in (Mode.BALANCED, Mode.AGGRESSIVE):
        result = Engine(load_rules(builtin=False), mode).clean(menus)
        assert result.text.strip(), mode
    # balanced mode cuts only the lines it is sure of (aggressive would cut all, and the safety net keeps them)
    assert all(f" < {cut:.2f} (page of little prose" in reason for reason in removed_lines(menus).values())


def test_aggressive_mode_cuts_a_page_of_little_prose_at_its_own_threshold():
    doc = segment(grid())
    model = linemodel.load_model()
    verdicts, scores, _ = linemodel.score_lines(doc, Context(ENGLISH, frozenset()), model)
    removed = {r.first for r in linemodel.detect(doc, Context(ENGLISH, frozenset(), aggressive=True))}
    assert removed == {v.index for v, p in zip(verdicts, scores, strict=True) if p < model.thresholds["aggressive"]}


def test_rules_mode_runs_no_detector():
    assert removed_lines(page(), Mode.RULES) == {}


def test_the_line_model_leaves_an_extractors_output_to_the_extractor_in_balanced_mode():
    assert removed_lines(page(), extracted=True) == {}
    assert removed_lines(page(), Mode.AGGRESSIVE, extracted=True) == removed_lines(page(), Mode.AGGRESSIVE)


def test_html_input_gets_rules_but_no_line_model_in_balanced_mode(tmp_path):
    items = "".join(f"<li>{item}</li>" for item in ["Share", "Tweet", "Home", "Sport", "Weather"])
    article = "".join(f"<p>{line}</p>" for line in PROSE * 2)
    html = f"<html><body><article><h1>Floods</h1>{article}<ul>{items}</ul><p>Advertisement</p></article></body></html>"
    extracted, _, _ = extract(html, None)
    as_text = engine_for(Mode.BALANCED).clean(extracted)  # the same text, not known to be extracted
    assert any(span.rule == "detector:linemodel" for span in as_text.spans), "the page must tempt the line model"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.html").write_text(html, encoding="utf-8")
    assert main(["clean", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--glob", "*.html", "-q"]) == 0
    meta = json.loads((tmp_path / "out" / "page.meta.json").read_text(encoding="utf-8"))
    rules = [span["rule"] for span in meta["removals"]]
    assert "ads.marker" in rules and "detector:linemodel" not in rules, rules


def test_lines_a_rule_claimed_are_left_to_the_rule():
    doc = segment(page())
    claimed = frozenset({0, 1})
    found = linemodel.detect(doc, Context(ENGLISH, claimed))
    assert not {r.first for r in found} & claimed


JUNK = [
    "https://example.com/a",
    "news@example.com",
    "0 Comments",
    "$1,299.00",
    "March 3, 2024",
    "© 2019 Example Ltd.",
    "Home | News | Sport",
    "What do you think?",
    "Follow us:",
    "Tags: #rivers",
]


def test_weights_name_only_features_the_code_computes():
    model = linemodel.load_model()
    short = "A mid-length line that is neither a heading nor much of a sentence, really"
    extra = [short, "    " + PROSE[0][:60] + ".", PROSE[1].lower(), PROSE[0] + " " + PROSE[1]]
    doc = segment(page() + "\n".join(JUNK + extra) + "\n" + page())
    cols = linemodel.stage1_features(doc, Context(ENGLISH, frozenset({5})))[1]
    unknown_language = linemodel.stage1_features(doc, Context(Language(None, 0.0), frozenset()))[1]
    # a feature counts as computed when some line of the page has it (columns hold zeros for the others)
    stage1 = {name for c in (cols, unknown_language) for name, column in c.items() if column.any()}
    n = len(cols["bias"])
    scores = np.sin(np.pi * (np.arange(n) + 0.5) / n)  # one run of high scores mid-page, low ones at both ends
    both = (linemodel.stage2_features(c, scores) for c in (cols, unknown_language))
    stage2 = {name for c in both for name, column in c.items() if column.any()}
    assert set(model.stage1) <= stage1, "weights for features the code never computes"
    trees = model.stage2
    splits = zip(trees.feature.ravel(), trees.threshold.ravel(), strict=True)
    split_on = {trees.names[f] for f, t in splits if np.isfinite(t)}
    assert split_on <= stage2, "splits on features the code never computes"
    t = model.thresholds
    assert 0 < t["little_prose"] < t["little_prose_with_run"] < t["balanced"] < t["aggressive"] < 1
    assert 0 < t["little_prose_share"] < 1 and t["little_prose_run_words"] > 0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.integers(0, 40)), max_size=30))
def test_longest_run_is_the_heaviest_stretch_of_sure_lines(rows):
    sure = np.array([s for s, _ in rows], dtype=bool)
    weight = np.array([w for _, w in rows], dtype=np.float64)
    stretches = (rows[i:j] for i in range(len(rows)) for j in range(i + 1, len(rows) + 1))
    expected = max((sum(w for _, w in part) for part in stretches if all(s for s, _ in part)), default=0)
    assert linemodel._longest_run(sure, weight) == expected
    total, start = linemodel._longest_run_span(sure, weight)
    if sure.any() and total > 0:  # the run begins at a sure line after a line that is not, and weighs the total
        end = start
        while end < len(rows) and sure[end]:
            end += 1
        assert (start == 0 or not sure[start - 1]) and weight[start:end].sum() == total


def test_only_a_long_sure_run_gives_a_page_its_run_feature():
    cols = {"log_words": np.log1p(np.full(12, 20.0))}  # twelve lines of 20 words

    def page_run(first):
        column = linemodel._stage2_extras(cols, np.array(first))["page_log_run"]
        assert len(set(column)) == 1, "one value for every line of a page"
        return column[0]

    short = page_run([0.9, 0.9] + [0.1] * 10)  # 42 words: under the floor
    long = page_run([0.9] * 6 + [0.1] * 6)  # 126 words
    longer = page_run([0.9] * 12)
    broken = page_run([0.9, 0.1] * 6)  # as many sure lines, never two in a row
    assert short == broken == 0.0
    assert 0.0 < long < longer


def test_safety_net_keeps_a_document_the_detectors_would_empty():
    result = Engine(load_rules(builtin=False), Mode.BALANCED).clean("A good file with a sentence.\n")
    assert result.text == "A good file with a sentence.\n"
    # aggressive: balanced mode keeps a page of little prose (nothing here is prose) before any net is needed
    result = Engine(load_rules(builtin=False), Mode.AGGRESSIVE).clean(menus_only())
    assert result.text and result.suspect and "undone" in result.suspect[0]


def test_junk_shape_tries_each_pattern_only_where_it_could_match():
    """The telltale checks in front of the patterns change no answer: compare with every pattern tried."""
    from cleaner.detectors import linefeatures as lf

    def unfiltered(body: str) -> str:
        if "©" in body or body.lower().startswith("copyright"):
            return "copyright"
        for name, pattern in (
            ("email", lf._EMAIL),
            ("url", lf._URL),
            ("counter", lf._COUNTER),
            ("price", lf._PRICE),
            ("date", lf._DATE),
        ):
            if pattern.search(body):
                return name
        return "separators" if len(lf._SEPARATORS.findall(body)) >= 2 else ""

    lines = [line for path in SEEDS for line in path.read_text(encoding="utf-8").splitlines()]
    lines += ["http://localhost:8080/admin", "...", ", ,", "$.", "12:30 pm", "(15)", "a@b.c", "ftp://x"]
    assert [junk_shape(line.strip()) for line in lines] == [unfiltered(line.strip()) for line in lines]


def test_the_registry_lists_every_detector_in_order():
    assert list(DETECTORS) == [
        "repetition",
        "linemodel",
        "cards",
        "menus",
        "teasers",
        "after-comments",
        "stranded",
        "islands",
    ]


@pytest.mark.parametrize(
    ("line", "shape"),
    [
        ("https://example.com/a/b", "url"),
        ("www.example.org", "url"),
        ("http://localhost:8080/admin", "url"),
        ("https://intranet/wiki", "url"),
        ("news@example.com", "email"),
        ("0 Comments", "counter"),
        ("6486", "counter"),
        ("$1,299.00", "price"),
        ("March 3, 2024", "date"),
        ("12/06/2014", "date"),
        ("© 2019 Example Ltd. All rights reserved.", "copyright"),
        ("Home | News | Sport", "separators"),
        ("The council met at dawn.", ""),
        ("3. Put the kettle on", ""),
    ],
)
def test_junk_shapes(line, shape):
    assert junk_shape(line) == shape


def test_classifier_follows_justext_on_length_and_stopwords():
    doc = segment("\n".join([PROSE[0] * 2, "Home", "Sitemap Careers Press Investors Partners Affiliates Legal Status"]))
    kinds = {doc.lines[v.index].text[:7]: v for v in classify(doc, frozenset(), "en", BALANCED)}
    assert kinds["The riv"].context_free is Kind.GOOD
    assert kinds["Home"].context_free is Kind.SHORT and kinds["Home"].final is Kind.BAD
    assert kinds["Sitemap"].context_free is Kind.SHORT


def test_character_counts_of_ascii_lines_agree_with_str_methods():
    # ASCII lines are counted from their bytes; every ASCII character and a few mixed lines must agree
    texts = [chr(c) for c in range(128)] + ["Home | News 2024", "ÉLAN über 12 €", "", "  * Sign Up NOW 3x"]
    for text in texts:
        expected = (sum(map(str.isalpha, text)), sum(map(str.isdigit, text)), sum(map(str.isupper, text)))
        assert linecolumns._counts(text) == expected, repr(text)


def _junk_shape_ungated(body: str) -> str:
    """junk_shape's patterns tried in order on every line, without the telltale gates."""
    from cleaner.detectors import linefeatures as lf

    if "©" in body or body.lower().startswith("copyright"):
        return "copyright"
    for name, pattern in (("email", lf._EMAIL), ("url", lf._URL), ("counter", lf._COUNTER), ("price", lf._PRICE)):
        if pattern.search(body):
            return name
    if lf._DATE.search(body):
        return "date"
    return "separators" if len(lf._SEPARATORS.findall(body)) >= 2 else ""


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789٣४.,:/@()$€£¥₹ fFwco©|•-aeKİmpt", max_size=24))
def test_junk_shape_gates_never_change_the_answer(body):
    assert junk_shape(body) == _junk_shape_ungated(body)


def test_junk_shape_gates_never_change_the_answer_on_junk_lines():
    for body in JUNK + ["www.example.org", "Copyright 2020", "(12)", ".5 views", "from $20", "12.50 EUR", "٣ replies"]:
        assert junk_shape(body) == _junk_shape_ungated(body), body


def test_lines_a_rule_claimed_do_not_split_the_densest_run():
    from cleaner.detectors.mainrun import best_window, value

    # a Q&A page's post menu, or a run of ad markers: more lines than the first half has words
    text = f"    {PROSE[0]}\n    {PROSE[1]}\n" + "    Advertisement\n" * 12 + f"    {PROSE[2]}\n    {PROSE[3]}\n"
    doc = segment(text)
    verdicts = classify(doc, frozenset(), "en", BALANCED)
    ads = frozenset(v.index for v in verdicts if doc.lines[v.index].bare == "Advertisement")
    first, last, _ = best_window([value(v, ads) for v in verdicts])
    assert (first, last) == (0, len(verdicts) - 1), "the article's two halves are one run"


def headline_cols(heading: list[int], claimed: list[int], words: list[int]) -> dict[str, np.ndarray]:
    return {
        "heading": np.array(heading, dtype=float),
        "claimed": np.array(claimed, dtype=float),
        "log_words": np.log1p(np.array(words, dtype=float)),
    }


def test_the_headline_over_the_article_is_found_past_a_claimed_byline():
    # menu item, headline, byline (claimed by a rule), two sure paragraphs, footer
    cols = headline_cols([1, 1, 1, 0, 0, 1], [0, 0, 1, 0, 0, 0], [1, 8, 2, 60, 50, 2])
    first = np.array([0.1, 0.3, 0.2, 0.95, 0.9, 0.1])
    assert linemodel.headline(cols, first) == 1
    # a short text with no sure line: the headline sits over its likeliest line
    assert linemodel.headline(cols, np.array([0.1, 0.3, 0.2, 0.6, 0.5, 0.1])) == 1
    assert linemodel.headline(cols, np.array([0.6, 0.3, 0.2, 0.1, 0.1, 0.1])) is None, "nothing over the first line"


def test_of_two_heading_lines_over_the_article_the_likelier_is_its_headline():
    # menu, headline, a teaser heading ("Most Read Stories This Week"), prose
    cols = headline_cols([1, 1, 1, 0, 0], [0] * 5, [1, 8, 5, 60, 50])
    assert linemodel.headline(cols, np.array([0.1, 0.5, 0.3, 0.9, 0.9])) == 1
    assert linemodel.headline(cols, np.array([0.1, 0.4, 0.5, 0.9, 0.9])) == 2, "the teaser heading, likelier"
    # at the same score the longer line is the headline: labels over an article are short
    assert linemodel.headline(cols, np.array([0.1, 0.4, 0.4, 0.9, 0.9])) == 1


def test_an_images_alt_text_over_its_caption_is_no_headline():
    # headline, share button, alt text, its caption (which repeats it), sure paragraphs
    cols = headline_cols([1, 1, 1, 1, 0, 0], [0] * 6, [12, 3, 3, 5, 60, 50])
    first = np.array([0.28, 0.5, 0.59, 0.76, 0.95, 0.9])
    assert linemodel.headline(cols, first) == 2, "the alt text, likelier and near the article"
    echoed = np.array([False, False, True, False, False, False])
    assert linemodel.headline(cols, first, echoed=echoed) == 0
    text = (
        "Lagos commuters lament bridge closure\nShare on X\nThird Mainland Bridge\nFile photo: Third Mainland Bridge\n"
    )
    doc = segment(text)
    verdicts = linemodel.stage1_features(doc, Context(ENGLISH, frozenset()))[0]
    assert linemodel.echoed_lines(doc, verdicts).tolist() == [False, False, True, False]


def test_a_headline_is_three_words_or_more_and_close_to_the_article():
    first = np.array([0.1, 0.1, 0.1, 0.1, 0.95])
    assert linemodel.headline(headline_cols([1, 1, 1, 1, 0], [0] * 5, [2, 2, 2, 2, 80]), first) is None
    # eight unclaimed lines between: too far
    far = headline_cols([1] + [0] * 9, [0] * 10, [6] + [30] * 8 + [80])
    assert linemodel.headline(far, np.array([0.1] * 9 + [0.95])) is None
    # seven: a title over a byline, counters and buttons no rule claims
    near = headline_cols([1] + [0] * 8, [0] * 9, [6] + [2] * 7 + [80])
    assert linemodel.headline(near, np.array([0.1] * 8 + [0.95])) == 0


def test_balanced_mode_keeps_the_headline_the_model_would_cut(monkeypatch):
    title = "Flood waters recede in the old town"
    doc = segment(f"Home News {title}\n\n{title}\n\nby editor\n\n" + "\n\n".join(PROSE) + "\n")
    rules = engine_for(Mode.BALANCED).removals(doc, ENGLISH)  # the breadcrumb and the byline
    context = Context(ENGLISH, frozenset(i for r in rules for i in range(r.first, r.last + 1)))
    model = linemodel.load_model()
    verdicts, _, features = linemodel.score_lines(doc, context, model)
    head = linemodel.headline(features, features["s1"])
    assert head is not None and doc.lines[verdicts[head].index].text == title
    everything = {**model.thresholds, "balanced": 1.0, "little_prose": 1.0, "little_prose_with_run": 1.0}
    monkeypatch.setattr(linemodel, "load_model", lambda: linemodel.Model(model.stage1, model.stage2, everything))
    removed = {r.first for r in linemodel.detect(doc, context)}
    unclaimed = {v.index for v in verdicts} - context.claimed
    assert removed == unclaimed - {verdicts[head].index}


@pytest.mark.parametrize(
    ("line", "shaped"),
    [
        ("What Happens If Your Landlord Keeps Your Security Deposit in Ohio?", True),
        ("Why My Greenhouse Tomatoes Split (and What I Changed This Year)", True),
        ("Is it worth it?", False),  # a short question is a sub-heading, not a headline
        ("An MSC cargo ship leaves PortMiami, on Aug. 31, 2019. (AP)", False),
        ("Monday, November 18, 2019, 04:05 pm PT (07:05 pm ET)", False),
        ("Volunteers walked more than sixty kilometres of drains over six weeks.", False),
        ("Flood waters recede in the old town", True),
    ],
)
def test_a_headline_may_ask_or_close_an_aside_but_not_end_a_statement(line, shaped):
    doc = segment(line + "\n")
    verdicts = classify(doc, frozenset(), "en", BALANCED)
    assert linemodel.headline_shaped(doc, verdicts).tolist() == [shaped]


def test_a_question_is_the_headline_only_nearest_the_article():
    # menu, question, prose: the question, not the menu line over it
    cols = headline_cols([1, 0, 0, 0], [0] * 4, [4, 11, 60, 50])
    shaped = np.array([1, 1, 0, 0], dtype=bool)
    first = np.array([0.5, 0.45, 0.95, 0.9])
    assert linemodel.headline(cols, first) == 0, "without the headline shape, the menu line"
    assert linemodel.headline(cols, first, shaped=shaped) == 1
    # a teaser question over the headline does not displace it, however likely
    cols = headline_cols([0, 1, 0, 0], [0] * 4, [8, 11, 60, 50])
    assert linemodel.headline(cols, np.array([0.7, 0.4, 0.95, 0.9]), shaped=np.array([1, 1, 0, 0], dtype=bool)) == 1


@pytest.mark.parametrize(
    ("above", "kept"),
    [
        ("How We Cut Our Nightly Batch From Four Hours to Forty Minutes", True),
        ("The Muddy Trowel", False),  # a site's name: short
        ("2. The Dakota County Fair will be free to attend next summer", False),  # a teaser list
        ("Board index ‹ Hand Tools & Techniques ‹ Sharpening", False),  # a breadcrumb
        ("Overview   News   Articles   Interviews   Calendar", False),  # a menu
        ("Results 1 to 4 of 4 in this thread", False),  # a counter
        ("How I shrank our Python Docker image from 1.2 GB to 140 MB", True),
    ],
)
def test_a_title_over_the_standfirst_picked_as_headline_stays_too(above, kept):
    standfirst = "Most of the speedup came from deleting things, not adding them"
    doc = segment(f"{above}\n{standfirst}\n\n" + "\n\n".join(PROSE) + "\n")
    verdicts = classify(doc, frozenset(), "en", BALANCED)
    cols = linecolumns.stage1_features(doc, Context(ENGLISH, frozenset()))[1]
    titles = linemodel.title_over(doc, verdicts, cols, linemodel.headline_shaped(doc, verdicts), 1)
    assert titles == ({0, 1} if kept else {1})
    assert linemodel.title_over(doc, verdicts, cols, linemodel.headline_shaped(doc, verdicts), None) == set()


def assert_balanced_mode_leaves_what_the_model_would_cut(monkeypatch, block: list[str]) -> None:
    """With every cut at 1.0 the model would remove every line: balanced mode still leaves ``block`` (set between
    prose), aggressive mode makes its one cut through it."""
    doc = segment("\n\n".join(PROSE[:2]) + "\n\n" + "\n".join(block) + "\n\n" + "\n\n".join(PROSE[2:]) + "\n")
    model = linemodel.load_model()
    cuts = ("balanced", "little_prose", "little_prose_with_run", "aggressive")
    everything = {**model.thresholds, **dict.fromkeys(cuts, 1.0)}
    monkeypatch.setattr(linemodel, "load_model", lambda: linemodel.Model(model.stage1, model.stage2, everything))
    removed = {doc.lines[r.first].text for r in linemodel.detect(doc, Context(ENGLISH, frozenset()))}
    assert removed and not removed & set(block)
    aggressive = linemodel.detect(doc, Context(ENGLISH, frozenset(), aggressive=True))
    assert set(block) <= {doc.lines[r.first].text for r in aggressive}, "aggressive mode makes one cut"


def test_balanced_mode_leaves_a_code_block_the_model_would_cut(monkeypatch):
    block = ["/srv/logs/nginx/*.log {", "    daily", "    rotate 14", "    missingok", "}"]
    assert_balanced_mode_leaves_what_the_model_would_cut(monkeypatch, block)


@pytest.mark.parametrize("head", ["Plain file", "Re: question", "Chapter 1", "Hello world"])
@pytest.mark.parametrize("mode", [Mode.BALANCED, Mode.AGGRESSIVE])
def test_a_short_text_keeps_its_sentence(head, mode):
    # a record of a corpus of short texts: no page layout for the model to read (the trees cut these sentences)
    for sentence in PROSE:
        text = f"{head}\n\n{sentence}\n"
        assert linemodel.detect(segment(text), Context(ENGLISH, frozenset(), aggressive=mode is Mode.AGGRESSIVE)) == []
        assert sentence in engine_for(mode).clean(text).text


CHINESE = [
    "昨晚河水上涨，到了黎明，市议会开会决定小镇下一步该怎么做。",
    "志愿者沿着码头装满沙袋，渡轮被移到上游，那里的河岸更高。",
    "到了中午，水位停止上涨，市长说洪水最糟糕的时候可能已经过去了。",
    "下街的商店将继续关闭，直到工程师检查完每个地窖是否有损坏。",
    "学校明天照常上课，但校车将绕开被淹的道路行驶。",
]


@pytest.mark.parametrize("paragraphs", [3, 5, 8])
def test_a_chinese_article_keeps_its_title_and_paragraphs(paragraphs):
    # the model counts words by spaces; before these guards it cut the title and one or two paragraphs here
    body = [CHINESE[i % 5] + CHINESE[(i + 1) % 5] + CHINESE[(i + 2) % 5] for i in range(paragraphs)]
    text = "首页\n新闻\n洪水退去\n\n" + "\n\n".join(body) + "\n"
    result = engine_for(Mode.BALANCED).clean(text)
    assert result.language.code.startswith("zh")
    kept = result.text.splitlines()
    assert "洪水退去" in kept and all(paragraph in kept for paragraph in body)


def test_a_short_text_stays_short_however_much_debris_the_rules_removed():
    text = f"Plain file\n\n{PROSE[0]}\n\n" + "Advertisement\n\n" * 20  # 300 characters and more with the markers
    result = engine_for(Mode.BALANCED).clean(text)
    assert {span.rule for span in result.spans} == {"ads.marker"}
    assert result.text.splitlines() == ["Plain file", "", PROSE[0]]


def test_without_spaces_a_headline_is_measured_in_characters_not_in_spaced_words():
    # a "hot searches" bar (5 spaced words, 15 characters), the thread's title (2 spaced words, 30 characters)
    cols = headline_cols([1, 1, 0, 0], [0] * 4, [5, 2, 1, 1])
    cols["log_chars"] = np.log1p(np.array([15.0, 30.0, 120.0, 110.0]))
    first = np.array([0.09, 0.15, 0.95, 0.9])
    assert linemodel.headline(cols, first, unspaced=True) == 1
    assert linemodel.headline(cols, first, unspaced=False) == 0, "spaced words would favour the bar"


def test_a_kept_labels_short_value_under_it_is_kept_with_it():
    doc = segment("Prep Time:\n15 mins\nCook Time:\n\n35 mins\nprep time:\n5 mins\nServings:\n6 to 8 people, or more\n")
    verdicts = [type("V", (), {"index": line.index})() for line in doc.lines if not line.blank]
    keeps = np.array([True, False, False, False, True, False, True, False])
    # "15 mins" under its kept label; "35 mins" is a blank line away from a label the model cut; "5 mins"'s label
    # is no label (lower case, as code's "if profile:" is not); "6 to 8 people, or more" is too long for a value
    assert linemodel.field_values(doc, verdicts, keeps, frozenset()) == {1}
    assert linemodel.field_values(doc, verdicts, keeps, frozenset({0})) == set(), "a label a rule took is no label"


THAI_POSTS = [
    "ซื้อข้าวกล้องหอมมะลิมาถุงใหญ่ ตั้งใจจะกินเพื่อสุขภาพ แต่หุงออกมาทีไรเมล็ดแข็ง ด้านในไม่สุก",
    "แช่น้ำก่อนอย่างน้อยสามถึงสี่ชั่วโมง ถ้าแช่ข้ามคืนในตู้เย็นจะดีมาก แล้วเพิ่มน้ำอีกนิด ข้าวจะนุ่มขึ้นเยอะ",
    "พอหม้อตัดแล้วอย่าเพิ่งเปิด อบต่ออีกสักพัก ข้าวจะสุกทั่วถึง และก้นหม้อไม่ไหม้",
]


def test_thai_sentences_read_as_prose_without_a_stop():
    # Thai ends a sentence with a space: without this a Thai page had no prose and kept its chrome whole
    text = "หน้าแรก\nตั้งกระทู้\nเข้าสู่ระบบ\n\n" + "\n\n".join(THAI_POSTS) + "\n\nเกี่ยวกับเรา\nติดต่อทีมงาน\n"
    verdicts = classify(segment(text), frozenset(), "th", BALANCED)
    kinds = {segment(text).lines[v.index].text: v.context_free for v in verdicts}
    assert all(kinds[post] in (Kind.GOOD, Kind.NEARGOOD) for post in THAI_POSTS)
    assert kinds["ตั้งกระทู้"] is Kind.SHORT and kinds["เกี่ยวกับเรา"] is Kind.SHORT
    assert linemodel.prose_share(verdicts) > 0.5
